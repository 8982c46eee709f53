"""storage.database: URLs, SQLite settings and transactions, PostgreSQL server settings from the URL."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import create_engine_for, create_session_factory, inline_sqlite, normalise_url
from storage.database import SQLITE_BEGIN
from tests.dbs import POSTGRESQL, fresh_database
from tests.storage.locks import LockWatch


class TestUrls:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("postgresql://u:p@db:5432/consult", "postgresql+asyncpg://u:***@db:5432/consult"),
            ("postgres://u@db/consult", "postgresql+asyncpg://u@db/consult"),
            ("postgresql+asyncpg://u@db/consult", "postgresql+asyncpg://u@db/consult"),
            ("sqlite:///consultbot.db", "sqlite+aiosqlite:///consultbot.db"),
            ("sqlite+aiosqlite:///consultbot.db", "sqlite+aiosqlite:///consultbot.db"),
        ],
    )
    def test_async_driver_chosen(self, given: str, expected: str) -> None:
        """URLs without a driver get the async one; others stay as they are."""
        assert str(normalise_url(given)) == expected

    @pytest.mark.postgres
    async def test_postgres_options_reach_the_server(self) -> None:
        """libpq `options` (-c name=value, several) reach PostgreSQL as settings of each connection."""
        async with fresh_database(POSTGRESQL, migrated=False) as url:
            parsed = make_url(url)
            schema = str(parsed.query["options"]).rpartition("=")[2]
            options = f"{parsed.query['options']} --statement-timeout=1234"
            engine = create_engine_for(parsed.update_query_dict({"options": options}))
            try:
                async with engine.connect() as connection:
                    assert (await connection.execute(text("SHOW search_path"))).scalar() == schema
                    assert (await connection.execute(text("SHOW statement_timeout"))).scalar() == "1234ms"
            finally:
                await engine.dispose()

    @pytest.mark.parametrize("options", ["search_path=x", "-c search_path", "-x foo"])
    def test_bad_options_are_refused(self, options: str) -> None:
        """Options that are not -c name=value are refused with a clear error."""
        with pytest.raises(ValueError, match="option"):
            create_engine_for(f"postgresql://u@db/consult?options={options}")


class TestSqlite:
    async def test_pragmas(self, tmp_path: Path) -> None:
        """WAL, synchronous NORMAL, foreign keys; no busy wait inside SQLite (BEGIN retries off the loop)."""
        engine = create_engine_for(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
        try:
            async with engine.connect() as connection:
                values = [
                    (await connection.execute(text(f"PRAGMA {name}"))).scalar()
                    for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
                ]
        finally:
            await engine.dispose()
        assert values == ["wal", 1, 0, 1]

    async def test_the_write_ahead_log_is_checkpointed_on_a_worker_every_so_many_commits(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Commits only append to the log; every CHECKPOINT_EVERY commits a worker copies it into the file."""
        monkeypatch.setattr(inline_sqlite, "CHECKPOINT_EVERY", 3)
        path = tmp_path / "x.db"
        engine = create_engine_for(f"sqlite+aiosqlite:///{path}")
        try:
            async with engine.begin() as connection:  # commit 1
                await connection.execute(text("CREATE TABLE t (x TEXT)"))
            async with engine.begin() as connection:  # commit 2: a megabyte, in the log only
                await connection.execute(
                    text(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                        "INSERT INTO t SELECT hex(randomblob(512)) FROM n"
                    )
                )
            before = path.stat().st_size
            async with engine.begin() as connection:  # commit 3: the checkpoint starts
                await connection.execute(text("INSERT INTO t VALUES ('x')"))
            await asyncio.wait_for(asyncio.gather(*inline_sqlite._CHECKPOINTS), 10)
            assert before < 100_000  # autocheckpoint is off: the rows were in the log, not the file
            assert path.stat().st_size > 1_000_000  # the worker copied them into the file
        finally:
            await engine.dispose()

    async def test_a_long_statement_runs_off_the_event_loop(self, tmp_path: Path) -> None:
        """A statement SQLAlchemy runs (a report, an export) goes to a worker: the loop goes on meanwhile."""
        engine = create_engine_for(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
        beats: list[float] = []

        async def ticker() -> None:
            while True:
                beats.append(asyncio.get_running_loop().time())
                await asyncio.sleep(0.005)

        heavy = text(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT sum(i) FROM n"
        )
        try:
            beat = asyncio.create_task(ticker())
            await asyncio.sleep(0.02)
            async with engine.connect() as connection:
                started = asyncio.get_running_loop().time()
                total = (await connection.execute(heavy)).scalar_one()
                took = asyncio.get_running_loop().time() - started
            beat.cancel()
        finally:
            await engine.dispose()
        assert total == 3000000 * 3000001 // 2
        during = [b for b in beats if started <= b <= started + took]
        gaps = [later - earlier for earlier, later in itertools.pairwise(during)]
        assert len(during) >= 5  # the loop kept beating while the query ran...
        assert max(gaps) < took / 2  # ...never stopped for the length of it

    async def test_a_writer_elsewhere_is_waited_for_without_holding_the_event_loop(self, tmp_path: Path) -> None:
        """Statements run on the loop's thread, but BEGIN IMMEDIATE waits for another writer asynchronously."""
        path = tmp_path / "x.db"
        engine = create_engine_for(f"sqlite+aiosqlite:///{path}")
        other = sqlite3.connect(path, isolation_level=None)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        try:
            async with engine.begin() as connection:
                await connection.execute(text("CREATE TABLE t (x INTEGER)"))
            other.execute("BEGIN IMMEDIATE")  # another process's writer, holding the database
            other.execute("INSERT INTO t VALUES (1)")
            beat = asyncio.create_task(ticker())

            async def write() -> int:
                async with engine.begin() as connection:
                    await connection.execute(text("INSERT INTO t VALUES (2)"))
                    return int((await connection.execute(text("SELECT count(*) FROM t"))).scalar_one())

            with LockWatch(engine) as locks:
                writing = asyncio.create_task(write())
                await locks.someone_waits()  # BEGIN IMMEDIATE tried again and again...
                seen = ticks
                async with asyncio.timeout(10):
                    while ticks < seen + 5:  # noqa: ASYNC110  (...while the loop runs other work)
                        await asyncio.sleep(0.01)
                assert not writing.done()  # still waiting for the other writer
            other.execute("COMMIT")
            assert await asyncio.wait_for(writing, 5) == 2  # then it got in, after the other's row
            beat.cancel()
        finally:
            other.close()
            await engine.dispose()

    async def test_writers_queue_instead_of_failing(self, tmp_path: Path) -> None:
        """Read-then-write transactions on two engines both succeed (BEGIN IMMEDIATE, busy timeout)."""
        url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
        setup = create_engine_for(url)
        async with setup.begin() as connection:
            await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
            await connection.execute(text("INSERT INTO counter VALUES (0)"))
        await setup.dispose()
        engines = [create_engine_for(url) for _ in range(4)]

        async def increment(engine: AsyncEngine) -> None:
            for _ in range(10):
                async with create_session_factory(engine)() as session, session.begin():
                    n = (await session.execute(text("SELECT n FROM counter"))).scalar_one()
                    await asyncio.sleep(0)  # let the others try to get in between
                    await session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

        try:
            await asyncio.gather(*(increment(engine) for engine in engines))
            async with engines[0].connect() as connection:
                assert (await connection.execute(text("SELECT n FROM counter"))).scalar_one() == 40
        finally:
            for engine in engines:
                await engine.dispose()

    async def test_deferred_begin_does_not_wait_for_a_writer(self, tmp_path: Path) -> None:
        """With the SQLITE_BEGIN option a reader gets in while a writer holds the database."""
        url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
        writer, reader = create_engine_for(url), create_engine_for(url)
        try:
            async with writer.begin() as held:
                await held.execute(text("CREATE TABLE t (x INTEGER)"))
            async with writer.begin() as held:
                await held.execute(text("INSERT INTO t VALUES (1)"))
                async with reader.connect() as connection:
                    await connection.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
                    result = await asyncio.wait_for(connection.execute(text("SELECT count(*) FROM t")), 5)
                    assert result.scalar_one() == 0  # the writer has not committed
        finally:
            await writer.dispose()
            await reader.dispose()
