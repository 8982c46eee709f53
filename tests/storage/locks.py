"""Knowing that a transaction waits for another's lock, instead of sleeping a while and hoping it does.

A test of "the second writer waits for the first" used to sleep 0.1 s and check that the second had
not finished: on a slow machine the second may not even have started by then, and the test passed
without showing anything. `LockWatch` waits until the database itself shows a waiting transaction.
"""

from __future__ import annotations

import asyncio
import sqlite3
from types import TracebackType
from typing import Any, Self

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.inline_sqlite import InlineConnection
from storage.unit_of_work import queued_writers


class LockWatch:
    """Watches the connections `engine` hands out from now on (enter it before the transactions start).

    SQLite: a writer of this process waits in the engine's queue (storage.unit_of_work.queued_writers);
    one of another process, or a connection outside units of work, tries BEGIN IMMEDIATE again and
    again (storage/inline_sqlite.begin), and sqlite3's trace callback shows each try, so one
    connection starting BEGIN twice in a row is waiting. PostgreSQL: one of the engine's backends shows
    `wait_event_type = 'Lock'` in pg_stat_activity.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._began_twice = False  # set from whichever thread runs the statement: read by polling
        self._last: dict[int, str] = {}
        self._traced: list[sqlite3.Connection] = []
        self._pids: set[int] = set()

    def __enter__(self) -> Self:
        event.listen(self.engine.sync_engine, "checkout", self._checkout)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        event.remove(self.engine.sync_engine, "checkout", self._checkout)
        for raw in self._traced:
            raw.set_trace_callback(None)

    async def someone_waits(self, *, within: float = 10.0) -> None:
        """Return once a transaction of the engine waits for a lock (AssertionError after `within` s)."""
        try:
            async with asyncio.timeout(within):
                while not await self._waiting():  # noqa: ASYNC110  (the database is the only witness)
                    await asyncio.sleep(0.005)
        except TimeoutError:
            raise AssertionError(f"no transaction waited for a lock within {within} s") from None

    def _checkout(self, _dbapi: Any, record: Any, _proxy: Any) -> None:
        driver = record.driver_connection
        if isinstance(driver, InlineConnection):
            key = id(driver)

            def trace(sql: str) -> None:
                if sql.startswith("BEGIN") and self._last.get(key, "").startswith("BEGIN"):
                    self._began_twice = True
                self._last[key] = sql

            driver.raw.set_trace_callback(trace)
            self._traced.append(driver.raw)
        elif hasattr(driver, "get_server_pid"):  # asyncpg
            self._pids.add(driver.get_server_pid())

    async def _waiting(self) -> bool:
        if self.engine.dialect.name == "sqlite":
            return self._began_twice or queued_writers(self.engine) > 0
        if not self._pids:
            return False
        query = text("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(:pids) AND wait_event_type = 'Lock'")
        async with self.engine.connect() as connection:
            return bool((await connection.execute(query, {"pids": sorted(self._pids)})).scalar_one())
