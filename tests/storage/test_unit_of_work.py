"""SqlUnitOfWork on SQLite and PostgreSQL: commit, rollback, Conflict from concurrent writers; ping()."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.errors import Conflict
from bot.domain.model import Stakeholder
from storage import SqlUnitOfWork, create_engine_for, create_session_factory, ping
from storage.tables import InboundEventRow
from tests.storage.conftest import NOW, NewUow, sample_round
from tests.storage.locks import LockWatch
from tests.storage.rows import mark, seen


class TestTransaction:
    async def test_nothing_persists_without_commit(self, new_uow: NewUow) -> None:
        """Leaving the block without commit rolls everything back."""
        async with new_uow() as uow:
            await uow.rounds.add(sample_round())
            await mark(uow, "slack", "Ev1", NOW)
        async with new_uow() as uow:
            assert await uow.rounds.get("doa-2026") is None
            assert await seen(uow, "slack", "Ev1") is False

    async def test_an_exception_rolls_back(self, new_uow: NewUow) -> None:
        """An error inside the block discards the work and propagates."""

        async def fail_inside() -> None:
            async with new_uow() as uow:
                await uow.rounds.add(sample_round())
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError, match="boom"):
            await fail_inside()
        async with new_uow() as uow:
            assert await uow.rounds.list() == []

    async def test_commit_then_rollback_keeps_only_the_committed_part(self, new_uow: NewUow) -> None:
        """commit() keeps what came before it; rollback() drops what came after."""
        async with new_uow() as uow:
            await uow.rounds.add(sample_round("kept"))
            await uow.commit()
            await uow.rounds.add(sample_round("dropped"))
            await uow.rollback()
            assert await uow.rounds.get("dropped") is None
            await uow.rounds.add(sample_round("also-kept"))
            await uow.commit()
        async with new_uow() as uow:
            assert sorted(r.slug for r in await uow.rounds.list()) == ["also-kept", "kept"]

    async def test_one_object_serves_several_transactions_in_turn(self, engine: AsyncEngine) -> None:
        """The same SqlUnitOfWork can be entered again after leaving, never twice at once."""
        uow = SqlUnitOfWork(create_session_factory(engine))
        async with uow:
            await uow.registry.add_stakeholders([Stakeholder(code="NOR", name="Norway")])
            with pytest.raises(RuntimeError):
                await uow.__aenter__()
            await uow.commit()
        async with uow:
            assert await uow.registry.stakeholder("NOR") is not None
        with pytest.raises(RuntimeError):
            await uow.commit()


class TestConflict:
    async def test_concurrent_duplicate_inbound_mark(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """Two transactions marking the same event: the one that commits second gets Conflict."""
        with LockWatch(engine) as locks:
            async with new_uow() as first:
                await mark(first, "telegram", "update-7", NOW)

                async def second() -> None:
                    async with new_uow() as uow:
                        await mark(uow, "telegram", "update-7", NOW)
                        await uow.commit()

                task = asyncio.create_task(second())
                await locks.someone_waits()  # the second writer waits on the first's lock (row or database)
                await first.commit()
        with pytest.raises(Conflict):
            await task
        async with new_uow() as uow:
            assert await seen(uow, "telegram", "update-7") is True

    async def test_commit_translates_integrity_errors(self, engine: AsyncEngine) -> None:
        """A constraint violation found at commit (a flush) becomes Conflict, and the work is rolled back."""
        uow = SqlUnitOfWork(create_session_factory(engine))
        async with uow:
            await mark(uow, "slack", "Ev1", NOW)
            await uow.commit()
            # Repositories write at once; only ORM objects added to the session reach the database
            # at commit. Storage internals, to reach that path:
            uow._open_session().add(InboundEventRow(channel="slack", event_id="Ev1", at=NOW))
            with pytest.raises(Conflict):
                await uow.commit()
            await mark(uow, "slack", "Ev2", NOW)  # still usable after the Conflict
            await uow.commit()
        async with uow:
            assert await seen(uow, "slack", "Ev2") is True


class TestPing:
    async def test_database_answers(self, engine: AsyncEngine) -> None:
        """ping() is True on a working database."""
        assert await ping(engine) is True

    async def test_database_does_not_answer(self) -> None:
        """ping() is False, without raising, when the database cannot be reached."""
        sqlite = create_engine_for("sqlite+aiosqlite:////nonexistent/dir/x.db")
        postgres = create_engine_for("postgresql+asyncpg://nobody@127.0.0.1:1/none")
        try:
            assert await ping(sqlite) is False
            assert await ping(postgres) is False
        finally:
            await sqlite.dispose()
            await postgres.dispose()
