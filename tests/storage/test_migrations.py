"""Migrations on SQLite and PostgreSQL: they build exactly storage/tables.py, and re-running is harmless."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.domain.model import Position, Role
from bot.records.digest_values import PositionCount
from storage import (
    SqlUnitOfWork,
    create_engine_for,
    create_session_factory,
    current_revision,
    head_revision,
    upgrade_database,
)
from storage.migrate import HEAD, alembic_config, alembic_head
from storage.tables import Base, UTCDateTime
from tests.dbs import fresh_database
from tests.storage.conftest import NOW, STAKEHOLDERS, sample_round


async def schema_differences(url: str) -> list[Any]:
    """What autogenerate would change to make the database match storage/tables.py."""

    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    engine = create_engine_for(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


class TestMigrations:
    def test_head_is_the_newest_migration(self) -> None:
        """Commands compare the database with HEAD without loading Alembic: it must be Alembic's head."""
        assert alembic_head() == HEAD == head_revision()

    async def test_the_revision_is_read_without_alembic_and_a_second_head_is_refused(self, db_url: str) -> None:
        engine = create_engine_for(db_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('other')"))
        finally:
            await engine.dispose()
        with pytest.raises(RuntimeError, match="several Alembic heads"):
            await current_revision(db_url)

    async def test_test_databases_match_the_tables(self, db_url: str) -> None:
        """The databases tests get (template copy, or the --sql script on PostgreSQL) match tables.py."""
        assert await schema_differences(db_url) == []
        assert await current_revision(db_url) == head_revision()

    async def test_upgrade_from_empty_matches_the_tables(self, db_url: str) -> None:
        """`upgrade head` online on an empty database builds exactly tables.py; again, it does nothing."""
        kind = create_engine_for(db_url).dialect.name
        async with fresh_database(kind, migrated=False) as url:
            assert await current_revision(url) is None
            await upgrade_database(url)
            assert await current_revision(url) == head_revision()
            assert await schema_differences(url) == []
            await upgrade_database(url)
            assert await current_revision(url) == head_revision()
            assert await table_names(url) == {*Base.metadata.tables, "alembic_version"}

    async def test_downgrade_to_base_and_back(self, db_url: str) -> None:
        """Every revision can be undone: down to nothing, then up again."""
        await downgrade(db_url, "base")
        assert await table_names(db_url) == {"alembic_version"}
        await upgrade_database(db_url)
        assert await schema_differences(db_url) == []


async def downgrade(url: str, revision: str) -> None:
    """`alembic downgrade REVISION`, through the same configuration as upgrade_database."""

    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    engine = create_engine_for(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def table_names(url: str) -> set[str]:
    """The tables in the database (PostgreSQL: in the test's schema only)."""
    engine = create_engine_for(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


class TestSubmissionsBecomeSnapshots:
    async def test_receipts_issued_before_0003_become_snapshots_of_their_time(self, db_url: str) -> None:
        """A database at 0002 with receipts: after the upgrade each receipt holds the answers as they were
        when it was issued (from the revisions), named after who submitted; the record is the latest."""
        kind = create_engine_for(db_url).dialect.name
        async with fresh_database(kind, migrated=False) as url:
            await upgrade_database(url, "0002")
            await _receipts_at_0002(url)
            await upgrade_database(url)
            assert await schema_differences(url) == []
            engine = create_engine_for(url)
            try:
                async with SqlUnitOfWork(create_session_factory(engine)) as uow:
                    ken = await uow.responses.submission("doa-2026", "KEN")
                    nor = await uow.responses.submission("doa-2026", "NOR")
                    progress = {p.stakeholder: p for p in await uow.responses.progress("doa-2026")}
                    counts = await uow.reports.positions("doa-2026")
                    every = await uow.responses.submissions("doa-2026")
            finally:
                await engine.dispose()
        assert ken is not None
        assert nor is not None
        assert ken.receipt == "K-1"
        assert [(a.ref, a.position, a.comment) for a in ken.answers] == [
            ("R1", Position.SUPPORT, "Yes."),
            ("R2", Position.RESERVE, ""),
        ]
        assert (ken.name, ken.role, ken.submitted_by) == ("Wanjiru", "focal_point", "Wanjiru (focal point)")
        assert nor.receipt == "N-2"
        assert [(a.ref, a.position) for a in nor.answers] == [("R1", Position.NO_POSITION), ("R2", Position.SUPPORT)]
        assert [s.receipt for s in every] == ["K-1", "N-1", "N-2"]
        assert (progress["KEN"].receipt, progress["KEN"].changed) == ("K-1", True)  # opposed after submitting
        assert (progress["NOR"].receipt, progress["NOR"].changed) == ("N-2", False)
        assert counts == [
            PositionCount("R1", Position.NO_POSITION, 1),
            PositionCount("R1", Position.SUPPORT, 1),
            PositionCount("R2", Position.RESERVE, 1),
            PositionCount("R2", Position.SUPPORT, 1),
        ]


def _table(name: str, *columns: str, moments: tuple[str, ...] = (), json: tuple[str, ...] = ()) -> sa.TableClause:
    """A table as the 0002 schema has it (written with plain SQL: today's repositories know later columns)."""
    return sa.table(
        name,
        *(sa.column(c) for c in columns),
        *(sa.column(c, UTCDateTime()) for c in moments),
        *(sa.column(c, sa.JSON()) for c in json),
    )


async def _receipts_at_0002(url: str) -> None:
    """KEN answers, submits (K-1), then opposes R1 without submitting; NOR submits twice (N-1, N-2)."""
    t = [NOW + timedelta(minutes=m) for m in range(6)]
    round_ = sample_round()
    rounds = _table(
        "rounds", "id", "slug", "title", "description", "status", "mode", "timezone", "document", "summaries",
        moments=("deadline", "opens"), json=("audience", "reminders"),
    )  # fmt: skip
    recommendations = _table("recommendations", "round_id", "position", "ref", "section", "title", "text")
    answer = ("round_id", "stakeholder", "ref", "position", "amendment", "comment", "participant_id", "channel")
    engine = create_engine_for(url)
    try:
        async with engine.begin() as session:
            for holder in STAKEHOLDERS:
                await session.execute(
                    _table("stakeholders", "code", "name", "kind")
                    .insert()
                    .values(code=holder.code, name=holder.name, kind=holder.kind)
                )
                for index, group in enumerate(holder.groups):
                    await session.execute(
                        _table("stakeholder_groups", "stakeholder", "name", "position")
                        .insert()
                        .values(stakeholder=holder.code, name=group, position=index)
                    )
            await session.execute(
                _table("participants", "id", "stakeholder", "role", "name", "language", "timezone").insert().values(
                    id=1, stakeholder="KEN", role=Role.FOCAL_POINT.value, name="Wanjiru", language="en",
                    timezone="America/New_York",
                )
            )  # fmt: skip
            wanjiru = 1
            await session.execute(
                rounds.insert().values(
                    id=1, slug=round_.slug, title=round_.title, description=round_.description,
                    status=round_.status.value, mode=round_.mode.value, timezone=round_.timezone, document="",
                    summaries=False, deadline=round_.deadline, opens=None, audience=list(round_.audience),
                    reminders=[],
                )
            )  # fmt: skip
            round_id = 1
            for index, rec in enumerate(round_.recommendations):
                await session.execute(
                    recommendations.insert().values(
                        round_id=round_id, position=index, ref=rec.ref, section=rec.section, title=rec.title,
                        text=rec.text,
                    )
                )  # fmt: skip
            current: dict[tuple[str, str], dict[str, Any]] = {}
            for who, ref, position, comment, at in (
                ("KEN", "R1", Position.SUPPORT, "Yes.", t[0]),
                ("KEN", "R2", Position.RESERVE, "", t[0]),
                ("NOR", "R1", Position.SUPPORT, "", t[0]),
                ("NOR", "R2", Position.SUPPORT, "", t[0]),
                ("KEN", "R1", Position.OPPOSE, "No.", t[2]),
                ("NOR", "R1", Position.NO_POSITION, "", t[2]),
            ):
                values = dict(zip(answer, (round_id, who, ref, position.value, "", comment,
                                           wanjiru if who == "KEN" else None, "slack"), strict=True))  # fmt: skip
                await session.execute(_table("revisions", *answer, moments=("at",)).insert().values(**values, at=at))
                current[(who, ref)] = {**values, "updated_at": at}
            for values in current.values():
                await session.execute(_table("responses", *answer, moments=("updated_at",)).insert().values(**values))
            submissions = _table(
                "submissions", "round_id", "stakeholder", "receipt", "participant_id", "channel", "answered",
                moments=("at",),
            )  # fmt: skip
            for who, receipt, at, participant in (
                ("KEN", "K-1", t[1], wanjiru),
                ("NOR", "N-1", t[1], None),
                ("NOR", "N-2", t[3], None),
            ):
                await session.execute(
                    submissions.insert().values(
                        round_id=round_id, stakeholder=who, receipt=receipt, participant_id=participant,
                        channel="slack", answered=2, at=at,
                    )
                )  # fmt: skip
    finally:
        await engine.dispose()
