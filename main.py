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
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urlsplit

from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.coordinator.rounds import Coordination
from bot.delivery.telemetry import TELEMETRY
from bot.domain.errors import ChannelUnavailable, TemporaryFailure, Unavailable
from bot.domain.model import Actor, Address, Reply
from bot.engine import Engine
from bot.ports import Chart, Clock, Deps, JoinWay, Sender, UnitOfWork
from bot.records.digest_values import RoundDigest
from bot.records.exports import Sheet
from bot.views.compilation import Compilation
from cli.runtime import Runtime
from cli.seeding import ensure_registry
from config.settings import Settings, SettingsError, load_settings
from storage import (
    Faults,
    SqlUnitOfWork,
    create_engine_for,
    create_session_factory,
    current_revision,
    database_identity,
    database_problem,
    head_revision,
    ping,
    upgrade_database,
)

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

log = logging.getLogger("consultbot")
#: Seconds a new leader among replicas waits before it polls and sends: Telegram's and Slack's pacing
#: window (30 a second in all, one a second a chat), which the leader that has just gone may have spent.
HANDOVER = 1.0


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


def bootstrap(
    settings: Settings,
    *,
    new_uow: Callable[[], UnitOfWork],
    new_read_uow: Callable[[], UnitOfWork] | None = None,
    clock: Clock = utc_now,
    chart: Chart | None = None,
    health: Callable[[], Awaitable[bool]] | None = None,
) -> Runtime:
    """The core wired to its dependencies; tests call it with in-memory fakes.

    It only wires: the database is migrated and seeded by `prepare_database`, a step of its own.
    """
    # The digest carries the rounds' XLSX only where a reader can open it: an e-mail recipient's.
    attach = any(r.channel == "email" for r in settings.digest_recipients)
    deps = Deps(
        new_uow=new_uow, new_read_uow=new_read_uow, clock=clock, chart=chart, join_ways=join_ways(settings),
        workbook=workbook if attach else None, mail=settings.email is not None,
        channels=frozenset(entry.name for entry in CHANNELS if entry.enabled(settings)),
    )  # fmt: skip
    # Invitation e-mails offer the web pages too: a sign-in link made from the same code.
    sign_in_link = web_link(settings, deps)
    deps = replace(deps, join_ways=(*deps.join_ways, JoinWay(kind="web", make=sign_in_link)))
    return Runtime(
        settings=settings,
        deps=deps,
        engine=Engine(deps),
        coordination=Coordination(deps),
        clock=clock,
        operator=Actor.operator(f"cli:{_user()}"),
        health=health or _always_healthy,
        telegram_link=telegram_link(settings),
        web_link=sign_in_link,
    )


async def _always_healthy() -> bool:
    return True


@asynccontextmanager
async def runtime(settings: Settings, *, clock: Clock = utc_now) -> AsyncIterator[Runtime]:
    """The core wired to the configured database, prepared first (migrated and seeded when empty)."""
    try:
        notes = await prepare_database(settings.database_url, clock=clock)
    except (SQLAlchemyError, OSError) as error:  # a folder or file it cannot write, a server it cannot reach
        reason = getattr(error, "orig", None) or error
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        print(f"consultbot: cannot open the database {where}: {reason}", file=sys.stderr)
        raise SystemExit(2) from None
    database = create_engine_for(settings.database_url, fast_path=settings.sqlite_fast_path)
    sessions = create_session_factory(database)
    faults = Faults()  # writes that fail for good (read-only, full disk, file deleted): /healthz says so
    try:
        wired = bootstrap(
            settings,
            new_uow=lambda: SqlUnitOfWork(sessions, faults=faults),
            new_read_uow=lambda: SqlUnitOfWork(sessions, read_only=True, faults=faults),
            clock=clock,
            chart=draw_chart,
            health=lambda: ping(database, faults),
        )
        wired.diagnose = lambda: database_problem(database, faults)
        wired.notes.extend([*notes, *await ensure_registry(wired.deps)])
        if wired.deps.mail and wired.web_link is not None:
            # Invitation e-mails carry a web link, made inside the opening's transaction: read the key
            # that signs it now, in a transaction of its own (SQLite has one writer at a time).
            await wired.web_link("", "")
        try:
            yield wired
        finally:
            await wired.engine.close()  # the notes still waiting, before the database goes
    finally:
        await database.dispose()


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
        sender = TelegramSender(token=tg.token.get_secret_value(), api_url=tg.api_url)
        try:
            return f"https://t.me/{await sender.username()}?start={code}"
        except TemporaryFailure as error:  # ChannelUnavailable says why, without the token
            reason = error.reason if isinstance(error, ChannelUnavailable) else str(error)
            print(f"consultbot: telegram: {reason}; the invitation has no Telegram link", file=sys.stderr)
            return ""
        finally:
            await sender.close()

    return link


def web_link(settings: Settings, deps: Deps) -> Callable[[str, str], Awaitable[str]]:
    """The web sign-in link maker (code, stakeholder) -> URL; the e-mail channel's invitations use it too."""

    makers: list[Callable[[str, str], Awaitable[str]]] = []

    async def link(code: str, stakeholder: str) -> str:
        from adapters.web import link_maker

        if not makers:
            makers.append(link_maker(deps, base_url=settings.public_url, link_hours=settings.web_link_hours))
        return await makers[0](code, stakeholder)

    return link


def join_ways(settings: Settings) -> tuple[JoinWay, ...]:
    """How invitation e-mails tell contacts to join: one way per configured chat channel.

    The web's sign-in link is added by `bootstrap`, which has the dependencies it signs with.
    """
    ways = []
    link = telegram_link(settings)
    if link is not None:
        ways.append(JoinWay(kind="telegram", make=_once_per_name(link)))
    if settings.slack is not None:
        ways.append(JoinWay(kind="slack", make=_slack_join, link=False))
    return tuple(ways)


async def _slack_join(code: str, stakeholder: str) -> str:
    return f"/consult join {code}"


def _once_per_name(link: Callable[[str], Awaitable[str]]) -> Callable[[str, str], Awaitable[str]]:
    """The Telegram link maker asking getMe once (250 invitations: one call), not once per code."""
    marker = "\x00CODE\x00"
    known: list[str] = []

    async def make(code: str, stakeholder: str) -> str:
        if not known:
            known.append(await link(marker))
        return known[0].replace(marker, code) if known[0] else ""

    return make


async def workbook(sheets: tuple[Sheet, ...]) -> bytes:
    """A round's export as XLSX bytes, for the digest e-mail to attach (written through a temporary file)."""
    from adapters.export import write

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        await write(path, "xlsx", sheets)
        return await asyncio.to_thread(path.read_bytes)


async def prepare_database(url: str, *, clock: Clock = utc_now) -> list[str]:
    """Migrate an empty database (the registry is loaded by cli.seeding once the core is wired).

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
    return []


async def upgrade_and_seed(url: str, *, clock: Clock = utc_now) -> list[str]:
    """`consultbot db upgrade`: the schema to head, then the shipped registry if the database has none."""
    await upgrade_database(url)
    database = create_engine_for(url)
    try:
        deps = Deps(new_uow=lambda: SqlUnitOfWork(create_session_factory(database)), clock=clock)
        return await ensure_registry(deps)
    finally:
        await database.dispose()


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


class Channel(Protocol):
    """What the service needs of a channel; TelegramChannel, SlackChannel and ConsoleOutput match it."""

    @property
    def sender(self) -> Sender: ...

    def routes(self) -> Sequence[BaseRoute]: ...

    def running(self) -> AbstractAsyncContextManager[None]: ...

    async def check(self) -> str: ...


@dataclass(frozen=True, kw_only=True)
class ChannelEntry:
    """One way to reach people: when the settings turn it on, how it is built, how it is described."""

    name: str
    enabled: Callable[[Settings], bool]
    build: Callable[[Settings, Engine], Channel]
    describe: Callable[[Settings], str]
    #: Runs on the leading replica only (a Telegram long poller: the Bot API allows one).
    leader_only: Callable[[Settings], bool] = lambda settings: False


def _console(settings: Settings, engine: Engine) -> Channel:
    from adapters.console import ConsoleOutput

    return ConsoleOutput()


def _telegram(settings: Settings, engine: Engine) -> Channel:
    from adapters.telegram import TelegramChannel

    tg = settings.telegram
    assert tg is not None
    return TelegramChannel(
        token=tg.token.get_secret_value(), engine=engine, api_url=tg.api_url, webhook_url=tg.webhook_url,
        webhook_secret=_secret(tg.webhook_secret), ordered_by_database=_shared(settings.database_url),
    )  # fmt: skip


def _shared(url: str) -> bool:
    """True when replicas may share the database (PostgreSQL): each chat's order is then kept there."""
    from sqlalchemy.engine import make_url

    return make_url(url).get_backend_name() == "postgresql"


def _slack(settings: Settings, engine: Engine) -> Channel:
    from adapters.slack import SlackChannel

    sl = settings.slack
    assert sl is not None
    return SlackChannel(
        bot_token=sl.bot_token.get_secret_value(), signing_secret=sl.signing_secret.get_secret_value(),
        engine=engine, app_token=_secret(sl.app_token), api_url=sl.api_url,
    )  # fmt: skip


def _web(settings: Settings, engine: Engine) -> Channel:
    from adapters.export import write
    from adapters.web import WebChannel

    async def compile_to(path: Path, compiled: Compilation) -> int:
        from adapters import compilation  # python-docx loads at the first download only

        return await compilation.write(path, compiled)

    return WebChannel(
        engine, base_url=settings.public_url, link_hours=settings.web_link_hours,
        session_hours=settings.web_session_hours, exporter=write, compiler=compile_to,
    )  # fmt: skip


def _email(settings: Settings, engine: Engine) -> Channel:
    from adapters.email import EmailChannel

    mail = settings.email
    assert mail is not None
    return EmailChannel(
        smtp_url=mail.smtp_url.get_secret_value(), mail_from=mail.mail_from, archive_dir=mail.archive_dir
    )


def _describe_email(settings: Settings) -> str:
    from adapters.email import SmtpConfig

    assert settings.email is not None
    return f"email ({SmtpConfig.from_url(settings.email.smtp_url.get_secret_value()).describe()})"


#: Every channel consultbot speaks. A new channel is one entry here plus its own adapter package.
CHANNELS: tuple[ChannelEntry, ...] = (
    ChannelEntry(name="console", enabled=lambda s: True, build=_console, describe=lambda s: "console (output)"),
    ChannelEntry(
        name="telegram",
        enabled=lambda s: s.telegram is not None,
        build=_telegram,
        describe=lambda s: "telegram (webhook)" if s.telegram and s.telegram.webhook_url else "telegram (polling)",
        leader_only=lambda s: s.telegram is not None and not s.telegram.webhook_url,
    ),
    ChannelEntry(
        name="slack",
        enabled=lambda s: s.slack is not None,
        build=_slack,
        describe=lambda s: "slack (socket mode)" if s.slack and s.slack.app_token else "slack (http events)",
    ),
    ChannelEntry(name="email", enabled=lambda s: s.email is not None, build=_email, describe=_describe_email),
    ChannelEntry(name="web", enabled=lambda s: True, build=_web, describe=lambda s: f"web ({s.public_url}/web/)"),
)


def build_channels(settings: Settings, engine: Engine) -> dict[str, Channel]:
    """The channels the settings turn on, by name, in the table's order."""
    return {entry.name: entry.build(settings, engine) for entry in CHANNELS if entry.enabled(settings)}


async def serve(settings: Settings, *, stop: asyncio.Event | None = None, clock: Clock = utc_now) -> None:
    """`consultbot run`: every configured channel, the HTTP server and the scheduler, until stopped.

    A channel that cannot start (a refused token, its API unreachable) is one log line and is tried
    again in the background; the others, the HTTP server and the scheduler go on meanwhile. Of several
    replicas on one PostgreSQL database, one leads (`storage/leases.py`): it alone polls Telegram and
    runs the scheduler and the dispatchers; every replica serves the HTTP routes. On SQLite a second
    `consultbot run` on the same file is refused.
    """
    # The channels, the web server and the scheduler load only for the service, so that the
    # other commands start quickly.
    from adapters.http import build_app, serving
    from adapters.leadership import Leadership
    from adapters.scheduler import Scheduler, Timing, crontab_trigger, latest_slot
    from adapters.sentlog import FileSentLog
    from adapters.supervise import Supervisor
    from bot.digest.compose import composer
    from storage.leases import lease_for

    stop = stop or asyncio.Event()
    lease = lease_for(settings.database_url)
    if not lease.waits and not await lease.acquire():
        print(
            "consultbot: another `consultbot run` is already using this SQLite database; one process serves "
            "an SQLite file (use PostgreSQL for several replicas).",
            file=sys.stderr,
        )
        raise SystemExit(2)
    async with runtime(settings, clock=clock) as rt, AsyncExitStack() as stack:
        for note in rt.notes:
            log.info("%s", note)
        channels = build_channels(settings, rt.engine)
        leader_only = {entry.name for entry in CHANNELS if entry.name in channels and entry.leader_only(settings)}
        everyone = Supervisor({name: c for name, c in channels.items() if name not in leader_only})
        # Only one live process can hold this host's HTTP address: a restart takes back its claims.
        owner = f"{socket.gethostname()}:{settings.http_host}:{settings.http_port}"
        timing = Timing(digest_cron=settings.digest_cron, digest_timezone=settings.digest_timezone)
        trigger = crontab_trigger(timing.digest_cron, timing.digest_timezone)
        leading: list[Supervisor] = []

        @asynccontextmanager
        async def lead() -> AsyncIterator[None]:
            """The leader's parts: the poller(s) and the scheduler with its dispatchers."""
            where, database = Path(tempfile.gettempdir()), database_identity(settings.database_url)
            scheduler = Scheduler(
                rt.deps,
                RoutingSender({name: channel.sender for name, channel in channels.items()}),
                owner=owner,
                sent_log=FileSentLog.for_database(where, database=database, owner=owner),
                # Replicas on PostgreSQL: the leader alone dispatches, so what others hold was left by a
                # leader that is gone. (One SQLite process: nobody else to take over from.)
                take_over=(lambda: FileSentLog.others_on_host(where, database=database, owner=owner))
                if lease.waits
                else None,
                recipients=[Address(r.channel, r.chat) for r in settings.digest_recipients],
                languages={Address(r.channel, r.chat): r.language for r in settings.digest_recipients},
                timing=timing,
                compose=composer(
                    chart=rt.deps.chart,
                    slot_of=lambda now: latest_slot(trigger, now),
                    zone=settings.digest_timezone,
                    workbook=rt.deps.workbook,
                    channels=rt.deps.channels,
                ),
            )
            pollers = Supervisor({name: channels[name] for name in leader_only})
            async with pollers.running(), scheduler.running():
                leading.append(pollers)
                try:
                    yield
                finally:
                    leading.remove(pollers)

        # Replicas: a new leader lets the last one's second of sends pass (the platforms' pacing window).
        leadership = Leadership(lease, lead, handover=HANDOVER if lease.waits else 0.0)

        def details() -> dict[str, object]:
            states = {name: state.as_json() for name, state in everyone.states().items()}
            for pollers in leading:
                states.update({name: state.as_json() for name, state in pollers.states().items()})
            for name in leader_only - states.keys():
                states[name] = {"state": "standby", "detail": "another replica leads and runs it"}
            return {"channels": dict(sorted(states.items())), **leadership.state()}

        async def figures() -> dict[str, float]:
            """At each scrape: the engine's counters; and the outbox's lag, read here on every replica."""
            now = rt.deps.clock()
            try:
                async with (rt.deps.new_read_uow or rt.deps.new_uow)() as uow:
                    oldest = await uow.outbox.oldest_due(now)
            except Unavailable:
                oldest = {}
            TELEMETRY.replace(
                "outbox_lag_seconds",
                {(("channel", c),): max(0.0, (now - due).total_seconds()) for c, due in oldest.items()},
            )
            return await rt.engine.figures()

        app = build_app(
            [route for channel in channels.values() for route in channel.routes()],
            health=rt.health,
            figures=figures,
            diagnose=rt.diagnose,
            details=details,
        )
        await stack.enter_async_context(serving(app, host=settings.http_host, port=settings.http_port))
        await stack.enter_async_context(everyone.running())
        await stack.enter_async_context(leadership.running())
        described = [entry.describe(settings) for entry in CHANNELS if entry.name in channels]
        log.info(
            "consultbot running: http://%s:%d (%s)",
            settings.http_host, settings.http_port, ", ".join(described),
        )  # fmt: skip
        await stop.wait()
        log.info("stopping: finishing sends in flight")
    log.info("stopped")


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One line of `consultbot run --check`."""

    part: str
    ok: bool
    detail: str


async def check_service(settings: Settings, *, patience: float = 15.0) -> list[Finding]:
    """`consultbot run --check`: the database and every configured channel's credentials, nothing started."""
    findings = [await _check_database(settings.database_url)]
    channels = build_channels(settings, Engine(Deps(new_uow=_no_uow, clock=utc_now)))
    for name, channel in channels.items():
        try:
            findings.append(Finding(part=name, ok=True, detail=await asyncio.wait_for(channel.check(), patience)))
        except ChannelUnavailable as error:
            findings.append(Finding(part=name, ok=False, detail=error.reason))
        except TimeoutError:
            findings.append(Finding(part=name, ok=False, detail=f"no answer within {patience:.0f} s"))
    return findings


async def _check_database(url: str) -> Finding:
    try:
        revision = await current_revision(url)
    except (OSError, SQLAlchemyError) as error:
        return Finding(part="database", ok=False, detail=f"cannot be reached ({type(error).__name__})")
    if revision is None:
        return Finding(part="database", ok=True, detail="empty: the first start will create the schema")
    if revision != head_revision():
        return Finding(part="database", ok=False, detail="schema out of date: run `consultbot db upgrade`")
    return Finding(part="database", ok=True, detail=f"schema {revision}")


def _no_uow() -> UnitOfWork:
    raise RuntimeError("run --check opens no unit of work")


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
    """Every secret the settings hold: tokens, signing and webhook secrets, the database and SMTP passwords."""
    values = [
        settings.telegram_token, settings.telegram_webhook_secret, settings.slack_bot_token,
        settings.slack_signing_secret, settings.slack_app_token,
    ]  # fmt: skip
    found = [value.get_secret_value() for value in values if value is not None]
    if settings.telegram_token is not None:  # "123456:ABC...": the part after the colon is the secret one
        found.append(settings.telegram_token.get_secret_value().partition(":")[2])
    for url in (settings.database_url, settings.smtp_url.get_secret_value() if settings.smtp_url else ""):
        password = urlsplit(url).password
        if password:
            found += [password, unquote(password)]
    return found


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def cli() -> None:
    """The `consultbot` command."""
    from cli import build_app

    # python-telegram-bot 22: retry_after as a timedelta (the int form is deprecated and warns).
    os.environ.setdefault("PTB_TIMEDELTA", "1")

    async def upgrade(config: Path | None) -> list[str]:
        return await upgrade_and_seed(settings_from_environment(config).database_url)

    build_app(
        open_runtime=lambda config: runtime(settings_from_environment(config)),
        upgrade=upgrade,
        serve=lambda config: run_service(settings_from_environment(config)),
        check=lambda config: [
            (f.part, f.ok, f.detail) for f in asyncio.run(check_service(settings_from_environment(config)))
        ],
    )()


if __name__ == "__main__":
    cli()
