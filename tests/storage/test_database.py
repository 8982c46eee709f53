"""storage.database: URLs, SQLite settings and transactions, PostgreSQL server settings from the URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import create_engine_for, create_session_factory, normalise_url
from storage.database import SQLITE_BEGIN
from tests.dbs import POSTGRESQL, fresh_database


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
        """WAL, synchronous NORMAL, 30 s busy timeout and foreign keys on every connection."""
        engine = create_engine_for(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
        try:
            async with engine.connect() as connection:
                values = [
                    (await connection.execute(text(f"PRAGMA {name}"))).scalar()
                    for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
                ]
        finally:
            await engine.dispose()
        assert values == ["wal", 1, 30000, 1]

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
