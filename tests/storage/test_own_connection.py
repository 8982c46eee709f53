"""A writer's own SQLite connection (storage/own_connection.py): the transaction it begins and ends
on sqlite3 behaves as the session's did, alone or with ORM statements in it; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.errors import Conflict
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from storage.own_connection import OWN
from storage.statements import run
from storage.tables import InboundEventRow
from tests.storage.conftest import NOW, NewUow
from tests.storage.rows import mark, seen

#: A plain INSERT of an event mark, prebuilt (so it runs as the hot path's statements do).
_MARK = insert(InboundEventRow.__table__)


@pytest.fixture
async def other_uow(db_url: str) -> AsyncIterator[NewUow]:
    """Units of work on another engine (other connections) on the same database."""
    engine = create_engine_for(db_url)
    sessions = create_session_factory(engine)
    yield lambda: SqlUnitOfWork(sessions)
    await engine.dispose()


async def claim(uow: SqlUnitOfWork, event_id: str) -> bool:
    """A prebuilt statement (the press path's first): True if it marked the event."""
    return await uow.inbound.claim("telegram", event_id, NOW)


async def marked(new_uow: NewUow, event_id: str) -> bool:
    async with new_uow() as uow:
        return await seen(uow, "telegram", event_id)


def free_for_writers(engine: AsyncEngine) -> None:
    """On SQLite: no connection is left inside a transaction (another writer begins at once)."""
    if engine.dialect.name != "sqlite":
        return
    path = str(engine.url.database)
    with sqlite3.connect(path, timeout=0, isolation_level=None) as connection:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


class TestPreparedStatementsAlone:
    async def test_the_sqlite_writer_has_its_own_connection(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """On SQLite a writer's prebuilt statements run without the session beginning a transaction."""
        async with new_uow() as uow:
            await claim(uow, "e1")
            session = uow._open_session()
            assert (OWN in session.info) is (engine.dialect.name == "sqlite")
            assert session.in_transaction() is (engine.dialect.name != "sqlite")
            await uow.commit()

    async def test_a_commit_is_seen_by_another_connection(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        async with new_uow() as uow:
            assert await claim(uow, "e1")
            await uow.commit()
        free_for_writers(engine)
        assert await marked(other_uow, "e1")

    async def test_a_rollback_leaves_nothing_and_the_unit_of_work_goes_on(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        async with new_uow() as uow:
            await claim(uow, "dropped")
            await uow.rollback()
            assert not await seen(uow, "telegram", "dropped")
            await claim(uow, "kept")  # a new transaction, begun again
            await uow.commit()
        free_for_writers(engine)
        assert not await marked(other_uow, "dropped")
        assert await marked(other_uow, "kept")

    async def test_leaving_without_commit_leaves_nothing(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        async with new_uow() as uow:
            await claim(uow, "e1")
        free_for_writers(engine)
        assert not await marked(other_uow, "e1")

    async def test_an_error_leaves_nothing(self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine) -> None:
        async def fail_inside() -> None:
            async with new_uow() as uow:
                await claim(uow, "e1")
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError, match="boom"):
            await fail_inside()
        free_for_writers(engine)
        assert not await marked(other_uow, "e1")

    async def test_a_unique_key_taken_is_a_conflict_and_a_rollback_recovers(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        async with new_uow() as uow:
            await claim(uow, "e1")
            await uow.commit()
        async with new_uow() as uow:
            with pytest.raises(Conflict):
                await run(uow._open_session(), _MARK, {"channel": "telegram", "event_id": "e1", "at": NOW})
            await uow.rollback()
            await claim(uow, "e2")
            await uow.commit()
        free_for_writers(engine)
        assert await marked(other_uow, "e2")


class TestWithOrmStatements:
    async def test_orm_after_prepared_commit_together(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        async with new_uow() as uow:
            await claim(uow, "prepared")
            await mark(uow, "telegram", "orm", NOW)  # an ORM statement, in the same transaction
            assert await seen(uow, "telegram", "prepared")
            await uow.commit()
            await claim(uow, "after")  # after the commit: a new transaction
            await uow.commit()
        free_for_writers(engine)
        for event_id in ("prepared", "orm", "after"):
            assert await marked(other_uow, event_id), event_id

    async def test_prepared_after_orm_commit_together(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        async with new_uow() as uow:
            await mark(uow, "telegram", "orm", NOW)
            await claim(uow, "prepared")
            await uow.commit()
        free_for_writers(engine)
        assert await marked(other_uow, "orm")
        assert await marked(other_uow, "prepared")

    async def test_a_rollback_drops_both(self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine) -> None:
        async with new_uow() as uow:
            await claim(uow, "prepared")
            await mark(uow, "telegram", "orm", NOW)
            await uow.rollback()
            await claim(uow, "kept")
            await uow.commit()
        async with new_uow() as uow:
            await mark(uow, "telegram", "orm-left", NOW)
            await claim(uow, "prepared-left")  # left without commit
        free_for_writers(engine)
        for event_id in ("prepared", "orm", "orm-left", "prepared-left"):
            assert not await marked(other_uow, event_id), event_id
        assert await marked(other_uow, "kept")

    async def test_a_session_that_began_without_the_connection_still_commits_the_statements(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        """The session's transaction may begin without touching the connection (an object added,
        then removed): committing it commits nothing of its own, and the statements must still go."""
        async with new_uow() as uow:
            await claim(uow, "prepared")
            session = uow._open_session()
            row = InboundEventRow(channel="telegram", event_id="never", at=NOW)
            session.add(row)
            session.expunge(row)
            assert session.in_transaction()
            await uow.commit()
        free_for_writers(engine)
        assert await marked(other_uow, "prepared")
        assert not await marked(other_uow, "never")

    async def test_a_conflict_at_the_flush_rolls_back_the_prepared_statements_too(
        self, new_uow: NewUow, other_uow: NewUow, engine: AsyncEngine
    ) -> None:
        async with new_uow() as uow:
            await claim(uow, "taken")
            await uow.commit()
        async with new_uow() as uow:
            await claim(uow, "with-the-conflict")
            uow._open_session().add(InboundEventRow(channel="telegram", event_id="taken", at=NOW))
            with pytest.raises(Conflict):
                await uow.commit()
            await claim(
                uow,
                "after",
            )
            await uow.commit()
        free_for_writers(engine)
        assert not await marked(other_uow, "with-the-conflict")
        assert await marked(other_uow, "after")


async def test_a_later_unit_of_work_reads_what_an_earlier_one_committed(new_uow: NewUow) -> None:
    """Connections go back to the pool and come out again: each unit of work sees the last commit."""
    for n in range(5):
        async with new_uow() as uow:
            assert await claim(uow, f"e{n}")
            if n:
                assert await seen(uow, "telegram", f"e{n - 1}")
            await uow.commit()
    async with new_uow() as uow:
        assert not await uow.inbound.claim("telegram", "e4", NOW + timedelta(seconds=1))
