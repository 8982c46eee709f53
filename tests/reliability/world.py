"""A database prepared the way an operator would: the registry, a round, invited people; and dumps of it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, select
from sqlalchemy.pool import NullPool

from adapters.registryfile import load_registry
from bot.coordinator import rounds as coordination
from bot.coordinator.rounds import Coordination
from bot.domain.model import Actor, Identity, Recommendation, Role, Round
from bot.outreach.joining import hash_code
from bot.ports import Deps, UnitOfWork
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from storage.database import SQLITE_BEGIN
from storage.tables import Base, UTCDateTime

REGISTRY = load_registry(Path(__file__).resolve().parents[2] / "config" / "registry" / "stakeholders.yaml")
MEMBER_STATES = [s.code for s in REGISTRY if s.kind == "member_state"]
SEEDER = Actor.operator("cli:seed")
#: Columns that differ from one run to the next without saying anything about the outcome.
# submission_id: which of two submissions made at once is stored first (and so its surrogate id) varies.
VOLATILE = frozenset({"claimed_by", "lease_until", "provider_id", "last_error", "code_hash", "submission_id"})


def utc_now() -> datetime:
    """The real clock (the process under test uses it too)."""
    return datetime.now(UTC)


def a_round(slug: str = "crash", *, items: int = 4, days: int = 10, audience: Sequence[str] = ()) -> Round:
    """A draft round of `items` short recommendations, deadline `days` ahead, no automatic reminders."""
    return Round(
        slug=slug,
        title=f"Reliability round {slug}",
        deadline=(utc_now() + timedelta(days=days)).replace(microsecond=0),
        recommendations=tuple(
            Recommendation(ref=f"R{i}", section="Country level", title=f"Recommendation {i}", text=f"Text of R{i}.")
            for i in range(1, items + 1)
        ),
        audience=tuple(audience),
        reminders=(),
    )


@dataclass(frozen=True, slots=True)
class Invited:
    """A participant invited by the seeder, with the code to join."""

    stakeholder: str
    role: Role
    participant_id: int
    code: str


def deps_for(url: str) -> tuple[Deps, Any]:
    """Core dependencies on the database (and the engine, to dispose of)."""
    engine = create_engine_for(url, poolclass=NullPool)
    sessions = create_session_factory(engine)
    return Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=utc_now), engine


async def seed(
    url: str,
    *,
    rounds: Sequence[Round] = (),
    people: Sequence[tuple[str, Role]] = (),
    bound: Sequence[tuple[str, Role, str, str, str]] = (),
) -> list[Invited]:
    """Load the registry, create the rounds (drafts) and invite people; returns their codes.

    Args:
        bound: people already joined: (stakeholder, role, channel, account, chat).
    """
    deps, engine = deps_for(url)
    try:
        work = Coordination(deps)

        async def load(uow: UnitOfWork, now: datetime) -> list[Invited]:
            await uow.registry.add_stakeholders(REGISTRY)
            for round_ in rounds:
                await coordination.create(uow, SEEDER, round_, now)
            invited = []
            for stakeholder, role in people:
                issued = await coordination.invite(uow, deps, SEEDER, stakeholder, role)
                invited.append(Invited(stakeholder, role, issued.participant.id, issued.code))
            for stakeholder, role, channel, account, chat in bound:
                issued = await coordination.invite(uow, deps, SEEDER, stakeholder, role, name=f"{stakeholder} {role}")
                await uow.registry.use_invitation(_hash(issued.code), now)
                await uow.registry.bind_identity(
                    Identity(channel=channel, account=account, participant_id=issued.participant.id, chat=chat)
                )
                invited.append(Invited(stakeholder, role, issued.participant.id, issued.code))
            return invited

        return await work.run(load)
    finally:
        await engine.dispose()


def _hash(code: str) -> str:
    return hash_code(code)


async def run(url: str, work: Any) -> Any:
    """Run `work(uow, now)` in a unit of work on the database and commit."""
    deps, engine = deps_for(url)
    try:
        return await Coordination(deps).run(work)
    finally:
        await engine.dispose()


Dump = dict[str, list[tuple[Any, ...]]]


async def dump(url: str, *, tables: Iterable[str] | None = None, exact: bool = True) -> Dump:
    """Every row of every table (or of `tables`), sorted, read without taking the write lock.

    `exact=False` leaves out what differs between two runs of the same story: timestamps,
    surrogate ids, and the outbox's bookkeeping (claims, provider ids).
    """
    wanted = set(tables) if tables is not None else None
    engine = create_engine_for(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
            found: Dump = {}
            for table in Base.metadata.sorted_tables:
                if wanted is not None and table.name not in wanted:
                    continue
                columns = [c for c in table.columns if exact or _stable(c)]
                rows = (await connection.execute(select(*columns))).all()
                found[table.name] = sorted((tuple(row) for row in rows), key=repr)
            return found
    finally:
        await engine.dispose()


async def query(url: str, statement: Any) -> list[Any]:
    """The rows of one SELECT, read without taking the write lock."""
    engine = create_engine_for(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
            return list((await connection.execute(statement)).all())
    finally:
        await engine.dispose()


def _stable(column: Column[Any]) -> bool:
    if isinstance(column.type, UTCDateTime) or column.name in VOLATILE:
        return False
    return not (column.primary_key and column.name == "id" and isinstance(column.type, Integer))


def changes(before: Dump, after: Dump) -> dict[str, tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Per table, the rows gone and the rows new (empty when nothing changed)."""
    found = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        gone = [row for row in old if row not in new]
        added = [row for row in new if row not in old]
        if gone or added or len(old) != len(new):
            found[name] = (gone, added)
    return found


async def eventually(check: Any, *, within: float = 30.0, every: float = 0.1, what: str = "") -> Any:
    """Poll `check()` (sync or async) until it returns something truthy; that value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    last: Any = None
    while loop.time() < deadline:
        last = check()
        if asyncio.iscoroutine(last):
            last = await last
        if last:
            return last
        await asyncio.sleep(every)
    raise AssertionError(f"timed out after {within} s waiting for {what or check}: last {last!r}")
