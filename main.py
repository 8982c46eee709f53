"""The composition root: wires settings, storage, the core and the channels; the `consultbot` CLI.

Nothing happens at import: `cli()` reads the environment once and each command opens what it
needs through `runtime()`.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import os
import signal
import socket
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from adapters.registryfile import load_registry
from adapters.roundfile import load_round_file
from bot import coordination
from bot.coordination import Coordination
from bot.digest.model import RoundDigest
from bot.engine import Engine
from bot.errors import TemporaryFailure
from bot.model import Actor, Address, Reply, Round
from bot.ports import Clock, Deps, Sender
from cli.runtime import Runtime
from config.settings import Settings, SettingsError, load_settings
from storage import (
    Faults,
    SqlUnitOfWork,
    create_engine_for,
    create_session_factory,
    current_revision,
    database_identity,
    head_revision,
    ping,
    upgrade_database,
)

HERE = Path(__file__).resolve().parent
REGISTRY_FILE = HERE / "config" / "registry" / "stakeholders.yaml"
SAMPLE_ROUND = HERE / "config" / "rounds" / "a61-583.yaml"

log = logging.getLogger("consultbot")


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


def settings_from_environment(config: Path | None) -> Settings:
    """Settings from os.environ and the --config file; exits with every problem named."""
    try:
        return load_settings(os.environ, config)
    except SettingsError as error:
        print(f"consultbot: {error}", file=sys.stderr)
        raise SystemExit(2) from None


@asynccontextmanager
async def runtime(settings: Settings, *, clock: Clock = utc_now) -> AsyncIterator[Runtime]:
    """The core wired to the configured database, prepared on first start."""
    try:
        notes = await prepare_database(settings.database_url, clock=clock)
    except (SQLAlchemyError, OSError) as error:  # a folder or file it cannot write, a server it cannot reach
        reason = getattr(error, "orig", None) or error
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        print(f"consultbot: cannot open the database {where}: {reason}", file=sys.stderr)
        raise SystemExit(2) from None
    engine = create_engine_for(settings.database_url)
    sessions = create_session_factory(engine)
    faults = Faults()  # writes that fail for good (read-only, full disk, file deleted): /healthz says so
    deps = Deps(
        new_uow=lambda: SqlUnitOfWork(sessions, faults=faults), clock=clock, chart=draw_chart,
        new_read_uow=lambda: SqlUnitOfWork(sessions, read_only=True, faults=faults),
    )  # fmt: skip
    try:
        yield Runtime(
            settings=settings,
            deps=deps,
            engine=Engine(deps),
            coordination=Coordination(deps),
            clock=clock,
            operator=Actor.operator(f"cli:{_user()}"),
            health=lambda: ping(engine, faults),
            telegram_link=telegram_link(settings),
            notes=notes,
        )
    finally:
        await engine.dispose()


def draw_chart(digest: RoundDigest, language: str = "en") -> bytes:
    """The digest chart (matplotlib is imported on first use: most commands never draw)."""
    from adapters.chart import render_png

    return render_png(digest, language)


def telegram_link(settings: Settings) -> Callable[[str], Awaitable[str]] | None:
    """The deep-link maker for invitations when Telegram is configured (asks getMe once)."""
    tg = settings.telegram
    if tg is None:
        return None
    from adapters.telegram import TelegramSender

    async def link(code: str) -> str:
        async with TelegramSender(token=tg.token.get_secret_value(), api_url=tg.api_url) as sender:
            try:
                return f"https://t.me/{await sender.username()}?start={code}"
            except TemporaryFailure as error:
                log.warning("Telegram did not answer getMe (%s): no deep link", error)
                return ""

    return link


async def prepare_database(url: str, *, clock: Clock = utc_now) -> list[str]:
    """Migrate an empty database and load the registry and the sample round into it.

    A database that already holds data is only checked: if it is behind, the operator runs
    `consultbot db upgrade` (a deliberate step for a database in use).
    """
    revision = await current_revision(url)
    if revision is not None:
        if revision != head_revision():
            print("consultbot: the database schema is out of date; run `consultbot db upgrade`.", file=sys.stderr)
            raise SystemExit(2)
        return []
    await upgrade_database(url)
    return await seed(url, clock=clock)


async def seed(url: str, *, clock: Clock = utc_now) -> list[str]:
    """Load the stakeholder registry and open the sample round (first start only)."""
    engine = create_engine_for(url)
    try:
        deps = Deps(new_uow=lambda: SqlUnitOfWork(create_session_factory(engine)), clock=clock)
        stakeholders = load_registry(REGISTRY_FILE)
        sample = sample_round(clock())
        operator = Actor.operator("first-start")

        async def load(uow: SqlUnitOfWork, now: datetime) -> None:
            await uow.registry.add_stakeholders(stakeholders)
            await coordination.create(uow, operator, sample, now)
            await coordination.open_round(uow, operator, sample.slug, now)

        await Coordination(deps).run(load)  # type: ignore[arg-type]
    finally:
        await engine.dispose()
    return [
        f"First start: loaded {len(stakeholders)} stakeholders and opened the sample round "
        f"{sample.slug} ({len(sample.recommendations)} recommendations, deadline {sample.deadline:%d %b %Y})."
    ]


def sample_round(now: datetime) -> Round:
    """The A/61/583 sample round; a deadline already past moves four weeks ahead."""
    parsed = load_round_file(SAMPLE_ROUND).round
    if parsed.deadline <= now:
        return replace(parsed, deadline=(now + timedelta(days=28)).replace(microsecond=0))
    return parsed


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


class RoutingSender:
    """The Sender the dispatcher uses: each delivery goes through its channel's own sender."""

    def __init__(self, senders: Mapping[str, Sender]) -> None:
        self.senders = dict(senders)

    async def send(self, address: Address, reply: Reply) -> str:
        sender = self.senders.get(address.channel)
        if sender is None:  # the channel is switched off: keep the row until it comes back (or dies)
            raise TemporaryFailure(f"channel {address.channel!r} is not configured")
        return await sender.send(address, reply)


async def serve(settings: Settings, *, stop: asyncio.Event | None = None, clock: Clock = utc_now) -> None:
    """`consultbot run`: every configured channel, the HTTP server and the scheduler, until stopped."""
    # The channels, the web server and the scheduler load only for the service, so that the
    # other commands start quickly.
    from adapters.console import ConsoleSender
    from adapters.http import build_app, serving
    from adapters.scheduler import Scheduler, Timing, crontab_trigger, latest_slot
    from adapters.sentlog import FileSentLog
    from adapters.slack import SlackChannel
    from adapters.telegram import TelegramChannel
    from bot.digest.compose import composer

    stop = stop or asyncio.Event()
    async with runtime(settings, clock=clock) as rt, AsyncExitStack() as stack:
        for note in rt.notes:
            log.info("%s", note)
        senders: dict[str, Sender] = {"console": ConsoleSender()}
        routes: list[Any] = []
        parts: list[str] = []
        if settings.telegram:
            telegram = TelegramChannel(
                token=settings.telegram.token.get_secret_value(), engine=rt.engine, api_url=settings.telegram.api_url,
                webhook_url=settings.telegram.webhook_url,
                webhook_secret=_secret(settings.telegram.webhook_secret),
            )  # fmt: skip
            senders["telegram"], routes = telegram.sender, [*routes, *telegram.routes()]
            await stack.enter_async_context(telegram.running())
            parts.append("telegram (webhook)" if settings.telegram.webhook_url else "telegram (polling)")
        if settings.slack:
            slack = SlackChannel(
                bot_token=settings.slack.bot_token.get_secret_value(),
                signing_secret=settings.slack.signing_secret.get_secret_value(),
                engine=rt.engine, app_token=_secret(settings.slack.app_token), api_url=settings.slack.api_url,
            )  # fmt: skip
            senders["slack"], routes = slack.sender, [*routes, *slack.routes()]
            await stack.enter_async_context(slack.running())
            parts.append("slack (socket mode)" if settings.slack.app_token else "slack (http events)")
        app = build_app(routes, health=rt.health, figures=rt.engine.figures)
        await stack.enter_async_context(serving(app, host=settings.http_host, port=settings.http_port))
        # Only one live process can hold this host's HTTP address: a restart takes back its claims.
        owner = f"{socket.gethostname()}:{settings.http_host}:{settings.http_port}"
        timing = Timing(digest_cron=settings.digest_cron, digest_timezone=settings.digest_timezone)
        trigger = crontab_trigger(timing.digest_cron, timing.digest_timezone)
        scheduler = Scheduler(
            rt.deps,
            RoutingSender(senders),
            owner=owner,
            sent_log=FileSentLog.for_database(
                Path(tempfile.gettempdir()), database=database_identity(settings.database_url), owner=owner
            ),
            recipients=[Address(r.channel, r.chat) for r in settings.digest_recipients],
            timing=timing,
            compose=composer(
                chart=rt.deps.chart, slot_of=lambda now: latest_slot(trigger, now), zone=settings.digest_timezone
            ),
        )
        await stack.enter_async_context(scheduler.running())
        log.info(
            "consultbot running: http://%s:%d (%s), scheduler on",
            settings.http_host, settings.http_port, ", ".join(parts) or "no chat channel configured",
        )  # fmt: skip
        await stop.wait()
        log.info("stopping: finishing sends in flight")
    log.info("stopped")


def run_service(settings: Settings) -> None:
    """Run `serve` until SIGTERM or Ctrl-C, then stop every part in reverse order."""
    from adapters.redact import Redact

    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    Redact(secrets_of(settings)).install()  # every library's records, at every level

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await serve(settings, stop=stop)

    asyncio.run(main())


def secrets_of(settings: Settings) -> list[str]:
    """Every secret the settings hold: tokens, signing and webhook secrets, the database password."""
    values = [
        settings.telegram_token, settings.telegram_webhook_secret, settings.slack_bot_token,
        settings.slack_signing_secret, settings.slack_app_token,
    ]  # fmt: skip
    found = [value.get_secret_value() for value in values if value is not None]
    if settings.telegram_token is not None:  # "123456:ABC...": the part after the colon is the secret one
        found.append(settings.telegram_token.get_secret_value().partition(":")[2])
    password = urlsplit(settings.database_url).password
    return [*found, password, unquote(password)] if password else found


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def cli() -> None:
    """The `consultbot` command."""
    from cli import build_app

    # python-telegram-bot 22: retry_after as a timedelta (the int form is deprecated and warns).
    os.environ.setdefault("PTB_TIMEDELTA", "1")

    async def upgrade(config: Path | None) -> None:
        await upgrade_database(settings_from_environment(config).database_url)

    build_app(
        open_runtime=lambda config: runtime(settings_from_environment(config)),
        upgrade=upgrade,
        serve=lambda config: run_service(settings_from_environment(config)),
    )()


if __name__ == "__main__":
    cli()
