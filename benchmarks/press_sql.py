"""What SQLite alone costs of a press: the time spent inside sqlite3 while the engine handles presses.

The raw floor (benchmarks/inbound.py) writes one row, into a table without an index, per
transaction. A press writes four rows (the event's mark, the answer, its revision, the
conversation's step) into four tables with up to seven indexes between them, and reads five, in one
transaction: before any Python of ours runs, SQLite's own work is several times the floor. This
measures it on the engine's real presses: the inline sqlite3 connections of the engine
(storage/inline_sqlite.py) are wrapped so that each statement, the fetch of its rows, BEGIN and
COMMIT are timed (two clock reads each, well under a microsecond). Statements SQLAlchemy runs
itself go to a worker thread and are not counted; a press has none.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import event

from benchmarks.world import World
from storage.inline_sqlite import InlineConnection

T = TypeVar("T")


class TimedCursor:
    """A sqlite3 cursor whose fetches are timed."""

    def __init__(self, cursor: sqlite3.Cursor, clock: TimedSqlite) -> None:
        self._cursor, self._clock = cursor, clock

    @property
    def description(self) -> Any:
        return self._cursor.description

    def fetchall(self) -> list[Any]:
        return self._clock.timed(self._cursor.fetchall)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class TimedSqlite:
    """Stands in for an inline connection's sqlite3 connection: execute, commit and rollback timed."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        self.spent = 0.0

    def timed(self, call: Callable[[], T]) -> T:
        """The call's result, its time added to `spent`."""
        started = time.perf_counter()
        try:
            return call()
        finally:
            self.spent += time.perf_counter() - started

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> TimedCursor:
        return TimedCursor(self.timed(lambda: self.raw.execute(sql, tuple(parameters))), self)

    def commit(self) -> None:
        self.timed(self.raw.commit)

    def rollback(self) -> None:
        self.timed(self.raw.rollback)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


@asynccontextmanager
async def inside_sqlite(world: World) -> AsyncIterator[list[TimedSqlite]]:
    """While open, the world's new SQLite connections are timed; their clocks, for `seconds`."""
    clocks: list[TimedSqlite] = []

    def wrap(_dbapi: Any, record: Any) -> None:
        driver = record.driver_connection
        if isinstance(driver, InlineConnection):
            clocks.append(TimedSqlite(driver.raw))
            driver.raw = clocks[-1]  # type: ignore[assignment]  # the same calls, timed

    await world.engine.dispose()  # the connections made from now on are timed
    event.listen(world.engine.sync_engine, "connect", wrap)
    try:
        yield clocks
    finally:
        event.remove(world.engine.sync_engine, "connect", wrap)
    if not clocks:
        raise RuntimeError("no inline SQLite connection was made: is the fast path off?")


def seconds(clocks: Sequence[TimedSqlite]) -> float:
    """The time spent inside sqlite3 on these connections."""
    return sum(clock.spent for clock in clocks)
