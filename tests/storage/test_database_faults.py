"""Faults a retry will not fix (issue 21): the SQLite file deleted while the service runs, a read-only
database file. Answers stop being acknowledged, the person is told what is wrong, /healthz says so."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain.errors import Unavailable
from bot.domain.model import AuditEntry
from storage import (
    Faults,
    SqlUnitOfWork,
    create_engine_for,
    create_session_factory,
    database_problem,
    ping,
    upgrade_database,
)
from storage.unit_of_work import storage_fault
from tests.storage.conftest import NOW, sample_round


@pytest.fixture
async def sqlite_file(tmp_path: Path) -> AsyncIterator[tuple[Path, AsyncEngine]]:
    path = tmp_path / "live.db"
    await upgrade_database(f"sqlite+aiosqlite:///{path}")
    engine = create_engine_for(f"sqlite+aiosqlite:///{path}")
    yield path, engine
    await engine.dispose()


def entry() -> AuditEntry:
    return AuditEntry(actor="t", action="create", target="x", channel="cli", at=NOW)


async def write_once(sessions: async_sessionmaker[AsyncSession], faults: Faults) -> None:
    """What a delegate's answer does: a write, committed."""
    async with SqlUnitOfWork(sessions, faults=faults) as uow:
        await uow.audit.record(entry())
        await uow.commit()


def delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def fill(connection: sqlite3.Connection) -> None:
    for _ in range(100):
        connection.execute("INSERT INTO t VALUES (?)", ("x" * 4000,))


class TestTheDatabaseFileDeletedWhileRunning:
    async def test_writes_are_refused_and_health_says_so(self, sqlite_file: tuple[Path, AsyncEngine]) -> None:
        """Before: the open connections wrote on into the deleted file and every answer was acknowledged."""
        path, engine = sqlite_file
        sessions, faults = create_session_factory(engine), Faults()
        async with SqlUnitOfWork(sessions, faults=faults) as uow:  # the connection is open and in use
            await uow.rounds.add(sample_round())
            await uow.commit()
        assert await ping(engine, faults)
        delete(path)
        with pytest.raises(Unavailable) as refused:
            await write_once(sessions, faults)
        assert refused.value.params["key"] == "error.cannot_save"
        assert "deleted" in str(refused.value.params["reason"])
        assert not await ping(engine, faults)
        assert not await ping(engine)  # even without the fault noted: the check is on every transaction
        # /healthz says why, not only "unavailable".
        assert "its file was deleted or replaced" in await database_problem(engine, faults)

    async def test_a_file_replaced_at_the_same_path_is_another_database(
        self, sqlite_file: tuple[Path, AsyncEngine], tmp_path: Path
    ) -> None:
        path, engine = sqlite_file
        assert await ping(engine)
        path.rename(tmp_path / "old.db")
        await upgrade_database(f"sqlite+aiosqlite:///{path}")  # a "first start" by another process
        assert not await ping(engine)


class TestAReadOnlyDatabaseFile:
    async def test_says_it_cannot_save_not_busy_and_health_says_so(self, sqlite_file: tuple[Path, AsyncEngine]) -> None:
        """Before: "The service is busy… nothing was lost", for ever, while /healthz said ok."""
        path, _ = sqlite_file
        engine = create_engine_for(f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true")
        faults = Faults()
        try:
            with pytest.raises(Unavailable) as refused:
                await write_once(create_session_factory(engine), faults)
            assert refused.value.params == {"key": "error.cannot_save", "reason": "it is read-only"}
            assert not await ping(engine, faults)
            assert await database_problem(engine, faults) == "the database cannot be written: it is read-only"
        finally:
            await engine.dispose()


class TestAFullDisk:
    def test_sqlite_full_is_named_as_such(self, tmp_path: Path) -> None:
        """A real SQLITE_FULL (the file capped by max_page_count) is a fault, not "busy"."""
        connection = sqlite3.connect(tmp_path / "small.db")
        connection.execute("CREATE TABLE t (x TEXT)")
        connection.execute("PRAGMA max_page_count = 3")
        with pytest.raises(sqlite3.OperationalError) as full:
            fill(connection)
        connection.close()
        assert storage_fault(full.value) == "the disk is full"
