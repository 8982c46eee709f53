"""Benchmark worlds: fresh databases seeded fast with bulk INSERTs (SQLite executemany, PostgreSQL COPY).

Small tables (stakeholders, the round) go through the repositories; the large ones (participants,
identities, responses) are written straight into the tables of storage.tables, in the formats
SQLAlchemy itself stores, so the product reads them back as if it had written them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.model import Recommendation, Round, RoundStatus, Stakeholder
from bot.engine import Engine
from bot.ports import Deps
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from storage.tables import Base, IdentityRow, ParticipantRow, ResponseRow, RevisionRow, SubmissionRow

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
GROUP = "Benchmark Group"
POSITIONS = ("support", "support_with_amendments", "oppose", "reserve", "no_position")
Rows = Iterable[Sequence[Any]]


def utc_now() -> datetime:
    """The real clock (the product's own, as main.utc_now)."""
    return datetime.now(UTC)


def ensure_postgres_url() -> str:
    """TEST_POSTGRES_URL (set by the Makefile), defaulting to the local test server."""
    return os.environ.setdefault("TEST_POSTGRES_URL", DEFAULT_POSTGRES)


@asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """A fresh, migrated database of this kind ("sqlite" or "postgresql"), removed afterwards."""
    if kind == "postgresql":
        ensure_postgres_url()
    from tests.dbs import fresh_database  # the tests' own helper: a template copy or a new schema

    async with fresh_database(kind) as url:
        yield url


def stakeholder_code(index: int) -> str:
    """A synthetic stakeholder code (S00001...): benchmark delegations are Member States."""
    return f"S{index:05d}"


def stakeholders(count: int) -> list[Stakeholder]:
    """`count` synthetic Member States in one group."""
    return [Stakeholder(code=stakeholder_code(i), name=f"State {i}", groups=(GROUP,)) for i in range(1, count + 1)]


def bench_round(items: int, *, slug: str = "bench", now: datetime | None = None) -> Round:
    """An open round of `items` recommendations for every Member State, deadline a month ahead."""
    now = now or utc_now()
    return Round(
        slug=slug,
        title="Benchmark round",
        deadline=now + timedelta(days=30),
        recommendations=tuple(
            Recommendation(
                ref=f"R{i}", section=f"Section {1 + i // 10}", title=f"Recommendation {i}", text=f"Text {i}."
            )
            for i in range(1, items + 1)
        ),
        timezone="UTC",
        status=RoundStatus.OPEN,
    )


@dataclass
class World:
    """A seeded database: its URL, engine, and the core wired to it as the composition root does."""

    url: str
    engine: AsyncEngine
    round: Round
    delegates: int
    cores: list[Engine] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return make_url(self.url).get_backend_name()

    def core(self, clock: Callable[[], datetime] = utc_now) -> Engine:
        """bot.engine.Engine on this database (as main.runtime() builds it)."""
        sessions = create_session_factory(self.engine)
        core = Engine(Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=clock))
        self.cores.append(core)
        return core

    async def close(self) -> None:
        """Close the cores (their waiting notes written, as at a service's shutdown), then the engine."""
        for core in self.cores:
            await core.close()
        await self.engine.dispose()


async def seed_world(
    url: str,
    *,
    delegations: int,
    items: int,
    channel: str = "telegram",
    account: Callable[[int], str] = str,
    language: str = "en",
) -> World:
    """One delegate per delegation reading `language`, each with an identity on `channel`, and one open round."""
    engine = create_engine_for(url)
    round_ = bench_round(items)
    sessions = create_session_factory(engine)
    async with SqlUnitOfWork(sessions) as uow:
        await uow.registry.add_stakeholders(stakeholders(delegations))
        await uow.rounds.add(round_)
        await uow.commit()
    await bulk_insert(
        url,
        ParticipantRow,
        ("id", "stakeholder", "role", "name", "language", "timezone"),
        ((i, stakeholder_code(i), "focal_point", f"Delegate {i}", language, "UTC") for i in range(1, delegations + 1)),
    )
    await bulk_insert(
        url,
        IdentityRow,
        ("id", "channel", "account", "participant_id", "chat", "reachable"),
        ((i, channel, account(i), i, account(i), True) for i in range(1, delegations + 1)),
    )
    return World(url=url, engine=engine, round=round_, delegates=delegations)


async def seed_responses(
    url: str, *, round_slug: str, delegations: int, items: int, revisions: bool = False, submitted: bool = True
) -> int:
    """`delegations` × `items` current responses (and one revision each if asked); returns the count.

    With `submitted`, every delegation has submitted (one receipt each, the record on its responses),
    and one delegation in ten has since changed its first answer without submitting again.
    """
    kind = make_url(url).get_backend_name()
    round_id = await _round_id(url, round_slug)
    at = utc_now() - timedelta(days=1)

    def rows(record: bool) -> Iterable[tuple[Any, ...]]:
        stamp = db_time(at, kind)
        for d in range(1, delegations + 1):
            code = stakeholder_code(d)
            for i in range(1, items + 1):
                position = POSITIONS[(d + i) % len(POSITIONS)]
                amendment = "Add 'where national authorities agree'." if position == "support_with_amendments" else ""
                comment = "We welcome this, with a caveat." if (d * i) % 7 == 0 else ""
                row = (round_id, code, f"R{i}", position, amendment, comment, d, "telegram", stamp)
                if not record:
                    yield row
                elif not submitted:
                    yield (*row, None, None, None)
                elif d % 10 == 0 and i == 1:  # changed since submitting: the record is another position
                    yield (*row, POSITIONS[(d + i + 1) % len(POSITIONS)], "", comment)
                else:
                    yield (*row, position, amendment, comment)

    columns = ("round_id", "stakeholder", "ref", "position", "amendment", "comment", "participant_id", "channel")
    record = ("submitted_position", "submitted_amendment", "submitted_comment")
    await bulk_insert(url, ResponseRow, (*columns, "updated_at", *record), rows(True))
    if revisions:
        await bulk_insert(url, RevisionRow, (*columns, "at"), rows(False))
    if submitted:
        stamp = db_time(at + timedelta(hours=1), kind)
        await bulk_insert(
            url,
            SubmissionRow,
            ("round_id", "stakeholder", "receipt", "participant_id", "channel", "answered", "at", "name", "role"),
            (
                (round_id, stakeholder_code(d), f"{round_slug.upper()}-{stakeholder_code(d)}-01", d, "telegram",
                 items, stamp, f"Delegate {d}", "focal_point")
                for d in range(1, delegations + 1)
            ),
        )  # fmt: skip
    await settle(url)
    return delegations * items


async def settle(url: str) -> None:
    """PostgreSQL: VACUUM ANALYZE, as autovacuum would soon after a bulk load (statistics for the planner,
    the visibility map for index-only scans), so that it does not start in the middle of a measurement."""
    if make_url(url).get_backend_name() != "postgresql":
        return
    connection, _ = await _asyncpg(url)
    try:
        for table in ("responses", "submissions", "stakeholders", "participants", "identities"):
            await connection.execute(f"VACUUM ANALYZE {table}")  # this schema's (search_path), no one else's
    finally:
        await connection.close()


def db_time(moment: datetime, kind: str) -> Any:
    """A datetime as storage.tables.UTCDateTime stores it: naive UTC text on SQLite, aware on PostgreSQL."""
    moment = moment.astimezone(UTC)
    if kind == "sqlite":
        return moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return moment


async def bulk_insert(url: str, table: type[Base], columns: Sequence[str], rows: Rows) -> None:
    """Insert many rows at once: sqlite3 executemany in one transaction, or asyncpg COPY."""
    parsed = make_url(url)
    name = table.__tablename__
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database
        connection = sqlite3.connect(parsed.database)
        try:
            marks = ", ".join("?" for _ in columns)
            with connection:
                connection.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows)
        finally:
            connection.close()
        return
    connection, schema = await _asyncpg(url)
    try:
        await connection.copy_records_to_table(name, records=rows, columns=list(columns), schema_name=schema)
        if "id" in columns:  # keep the sequence ahead of the ids we chose
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{schema}.{name}', 'id'), (SELECT max(id) FROM {schema}.{name}))"
            )
    finally:
        await connection.close()


async def _round_id(url: str, slug: str) -> int:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database
        connection = sqlite3.connect(parsed.database)
        try:
            return int(connection.execute("SELECT id FROM rounds WHERE slug = ?", (slug,)).fetchone()[0])
        finally:
            connection.close()
    pg, _ = await _asyncpg(url)
    try:
        return int(await pg.fetchval("SELECT id FROM rounds WHERE slug = $1", slug))
    finally:
        await pg.close()


async def _asyncpg(url: str) -> tuple[asyncpg.Connection, str]:
    """A raw asyncpg connection for a test URL, and the schema its search_path names."""
    parsed = make_url(url)
    options = str(parsed.query.get("options", ""))
    schema = options.split("search_path=", 1)[1].split()[0] if "search_path=" in options else "public"
    connection = await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
        server_settings={"search_path": schema},
    )
    return connection, schema
