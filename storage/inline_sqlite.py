"""SQLite for SQLAlchemy's asyncio extension: short statements on the loop, the rest on a thread.

aiosqlite runs every statement on a worker thread and wakes the event loop to hand back each result:
about half of the cost of a small statement on this product's hot path (one answer is a handful of
point lookups and single-row writes of tens of microseconds each in SQLite itself). This module
gives SQLAlchemy's aiosqlite dialect a connection with the same asynchronous interface, over one
`sqlite3` connection, and two ways of using it:
- the hot path's prebuilt statements (storage/prepared.py) run at once on the event loop's thread,
  on `InlineConnection.raw`, inside the transaction SQLAlchemy began;
- every statement SQLAlchemy runs itself (reports, exports, migrations, anything that may scan a
  table) goes to a worker thread, as with aiosqlite, so that it never holds the loop. COMMIT stays
  on the loop: with synchronous=NORMAL in WAL mode it appends to the log without syncing, and the
  checkpoint that writes and syncs the database file runs on a worker (`checkpoint`).

The only wait for a lock is at BEGIN IMMEDIATE (in WAL mode readers never wait for writers, and a
writer holds the write lock from BEGIN IMMEDIATE to COMMIT): `begin` tries it without waiting inside
SQLite (busy timeout 0 on these connections) and sleeps between tries, so another writer, of this
process or another, is waited for without holding the loop (up to 30 s). One transaction uses the
connection at a time (SQLAlchemy's pool checks it out to one session), so the loop's thread and the
worker never use it at once.

Every private contact of the SQLite fast path (this module, storage/prepared.py,
storage/statements.py, storage/own_connection.py); everything else is public API of sqlite3,
asyncio and SQLAlchemy:
1. SQLAlchemy's aiosqlite dialect wraps an aiosqlite.Connection, and `InlineConnection` stands in
   for one: aiosqlite's public interface (cursor, execute, commit, rollback, close, stop,
   create_function, isolation_level) plus the one private attribute the dialect reads,
   `_connection` (truthy while open: the dialect skips commit and rollback otherwise).
2. The dialect's cursor adapter awaits `InlineCursor`'s methods as aiosqlite.Cursor's (execute,
   executemany, fetchone, fetchmany, fetchall, close, description, rowcount, lastrowid, arraysize).
3. storage/prepared.py and storage/own_connection.py (its COMMIT and ROLLBACK on sqlite3) raise
   sqlite3 errors with `DBAPIError.instance`, the (undocumented but unprefixed) constructor
   SQLAlchemy itself uses, so that callers see the same exception classes.
A unit of work's own connection (storage/own_connection.py) uses public API only: a session bound
to a checked-out `AsyncConnection` (SQLAlchemy's "joining a session into an external transaction"),
`Session.in_transaction()`, and the pool's documented reset on return (a rollback).
No longer touched: aiosqlite's `_conn` and `_tx` (the isolation level is set when the sqlite3
connection is made, never through the dialect's setter that reached into them); SQLAlchemy's
`await_only` (its "begin" event is synchronous: `defer_begin` notes the BEGIN, and the transaction's
first statement issues and waits for it, in `InlineCursor.execute` and storage/statements.py via
`begun`); the compiler's `_bind_processors`, `_result_columns` and `_cached_result_processor`
(see storage/prepared.py).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

#: How long BEGIN IMMEDIATE keeps trying before "database is locked" (the other connections' busy timeout).
BEGIN_PATIENCE = 30.0
#: Commits of one connection between two checkpoints (SQLite's own default: every 1,000 pages).
CHECKPOINT_EVERY = 500
#: The checkpoints running now (kept referenced until they finish).
_CHECKPOINTS: set[asyncio.Task[None]] = set()


def checkpoint(path: str | Path) -> None:
    """Copy the write-ahead log into the database file (PASSIVE: never waits for, nor blocks, anyone)."""
    connection = sqlite3.connect(path, timeout=0.1)
    try:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.OperationalError:  # busy or locked: the next one will do it
        pass
    finally:
        connection.close()


class InlineCursor:
    """aiosqlite.Cursor's interface over a sqlite3 cursor; statements run on a worker thread."""

    __slots__ = ("_cursor", "_owner", "_rows")

    def __init__(self, cursor: sqlite3.Cursor, owner: InlineConnection) -> None:
        self._cursor = cursor
        self._owner = owner
        self._rows: list[Any] | None = None

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        await self._owner.begun()
        self._rows = await asyncio.to_thread(self._execute, sql, parameters)
        return self

    def _execute(self, sql: str, parameters: Sequence[Any] | None) -> list[Any] | None:
        """On the worker: run, and fetch the rows in the same trip (SQLAlchemy fetches them all next)."""
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self._cursor.fetchall() if self._cursor.description else None

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        self._rows = None
        await self._owner.begun()
        await asyncio.to_thread(self._cursor.executemany, sql, list(parameters))
        return self

    async def fetchone(self) -> Any:
        rows = self._rows or []
        return rows.pop(0) if rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        rows = self._rows or []
        count = size if size is not None else self._cursor.arraysize
        taken, self._rows = rows[:count], rows[count:]
        return taken

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows or [], []
        return rows

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """aiosqlite.Connection's interface (the part SQLAlchemy uses) over a sqlite3 connection.

    `raw` is the sqlite3 connection itself, for storage/prepared.py (after `begun`).
    """

    def __init__(self, connection: sqlite3.Connection, path: str | Path | None = None) -> None:
        self.raw = connection
        #: Read by SQLAlchemy's aiosqlite dialect (aiosqlite's own private name): None once closed.
        self._connection: sqlite3.Connection | None = connection
        self._path = path
        self._commits = 0
        self._begin: str | None = None  # the BEGIN the transaction's first statement issues

    def defer_begin(self, statement: str) -> None:
        """Called by SQLAlchemy's (synchronous) "begin" event: `begun` issues the statement.

        Nothing is due when the sqlite3 transaction is open already: a unit of work began it for its
        prepared statements (storage/own_connection.py), and SQLAlchemy's transaction joins it.
        """
        self._begin = None if self.raw.in_transaction else statement

    async def begun(self) -> None:
        """Issue the transaction's BEGIN if it is still due (see `begin`); at once if it is not."""
        if self._begin is not None:
            statement, self._begin = self._begin, None
            await begin(self.raw, statement)

    async def begin_now(self, statement: str) -> None:
        """Begin a transaction unless one is open or due (for storage/own_connection.py)."""
        if self._begin is None and not self.raw.in_transaction:
            self._begin = statement
        await self.begun()

    def cursor(self) -> InlineCursor:
        return InlineCursor(self.raw.cursor(), self)

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        # With synchronous=NORMAL in WAL mode a COMMIT appends to the log without syncing; the
        # checkpoint that writes and syncs the database file is switched off on this connection
        # (PRAGMA wal_autocheckpoint=0) and run on a worker thread every CHECKPOINT_EVERY commits.
        self._begin = None
        if not self.raw.in_transaction:  # no statement ran: the transaction never began
            return
        self.raw.commit()
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY == 0 and self._path is not None:
            task = asyncio.get_running_loop().create_task(asyncio.to_thread(checkpoint, self._path))
            _CHECKPOINTS.add(task)
            task.add_done_callback(_CHECKPOINTS.discard)

    async def rollback(self) -> None:
        self._begin = None
        self.raw.rollback()  # in WAL mode: the pages written are dropped, nothing is synced

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            await asyncio.to_thread(self.raw.close)

    def stop(self) -> None:
        """Terminate (SQLAlchemy's hard close): the same as closing, nothing runs elsewhere."""
        if self._connection is not None:
            self._connection = None
            self.raw.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self.raw.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self.raw.isolation_level


def creator(path: str | Path, *, timeout: float = 30.0) -> Callable[[], Any]:
    """An `async_creator` for create_async_engine: a new inline connection to the file."""

    async def connect() -> InlineConnection:
        connection = await asyncio.to_thread(
            sqlite3.connect, path, timeout=timeout, check_same_thread=False, isolation_level=None
        )
        return InlineConnection(connection, path)

    return connect


def inline_driver(connection: Connection) -> InlineConnection | None:
    """The inline connection under a SQLAlchemy connection that runs inline, else None."""
    driver = connection.connection.driver_connection
    return driver if isinstance(driver, InlineConnection) else None


async def begin(raw: sqlite3.Connection, statement: str) -> None:
    """BEGIN (IMMEDIATE) without holding the loop: tried at once, and again after a short sleep while
    another writer, of this process or another, holds the database (for up to BEGIN_PATIENCE).

    Awaited before the transaction's first statement (`InlineConnection.begun`). The busy timeout is 0, so
    an attempt never waits inside SQLite; after BEGIN IMMEDIATE this connection holds the write
    lock, so the statements that follow never wait for a lock either.
    """
    deadline = time.monotonic() + BEGIN_PATIENCE
    pause = 0.001
    while True:
        try:
            raw.execute(statement)
            return
        except sqlite3.OperationalError as error:
            if ("locked" not in str(error) and "busy" not in str(error)) or time.monotonic() > deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.01)
