"""The composition root: wires settings, storage, the core and the channels; the `consultbot` CLI.

Nothing happens at import: `cli()` reads the environment once and each command opens what it
needs through `runtime()`.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.registryfile import load_registry
from adapters.roundfile import load_round_file
from bot import coordination
from bot.coordination import Coordination
from bot.engine import Engine
from bot.model import Actor, Round
from bot.ports import Clock, Deps
from cli.runtime import Runtime
from config.settings import Settings, SettingsError, load_settings
from storage import (
    SqlUnitOfWork,
    create_engine_for,
    create_session_factory,
    current_revision,
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
    notes = await prepare_database(settings.database_url, clock=clock)
    engine = create_engine_for(settings.database_url)
    sessions = create_session_factory(engine)
    deps = Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=clock)
    try:
        yield Runtime(
            settings=settings,
            deps=deps,
            engine=Engine(deps),
            coordination=Coordination(deps),
            clock=clock,
            operator=Actor.operator(f"cli:{_user()}"),
            health=lambda: ping(engine),
            notes=notes,
        )
    finally:
        await engine.dispose()


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


def cli() -> None:
    """The `consultbot` command."""
    from cli import build_app

    async def upgrade(config: Path | None) -> None:
        await upgrade_database(settings_from_environment(config).database_url)

    build_app(open_runtime=lambda config: runtime(settings_from_environment(config)), upgrade=upgrade)()


if __name__ == "__main__":
    cli()
