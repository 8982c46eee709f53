"""Who leads: the one `consultbot run` that polls Telegram, runs the scheduler and dispatches.

- PostgreSQL: a session-level advisory lock held on a dedicated connection. Its key is derived from
  the database and the schema, so deployments (and test schemas) sharing a server do not meet. When
  the holder dies its connection closes and the server releases the lock: another replica's next
  try takes it.
- SQLite: one process only. An exclusive `flock` on `<database>-lock` beside the file refuses a
  second `consultbot run` on the same file instead of letting the two fight over it. (Not on the
  database file itself: closing any descriptor of it would drop SQLite's own POSIX locks.)

All three match `adapters.leadership.Lease`; an in-memory SQLite database gets `SoleLease`, always held.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.database import create_engine_for, normalise_url

log = logging.getLogger(__name__)

_KEY = "hashtext(current_database() || '.' || current_schema() || '.consultbot-leader')"


class PostgresLease:
    """pg_try_advisory_lock on a connection of its own, kept for as long as this process leads."""

    #: Followers wait and take over when the leader goes.
    waits = True

    def __init__(self, url: str) -> None:
        self._engine: AsyncEngine = create_engine_for(url, pool_size=1, max_overflow=0)
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        """Try once; True when this process holds the lock (and so leads) from now on."""
        try:
            if self._connection is None:
                self._connection = await self._engine.connect()
                await self._connection.execution_options(isolation_level="AUTOCOMMIT")
            got = (await self._connection.execute(text(f"SELECT pg_try_advisory_lock({_KEY})"))).scalar_one()
        except (SQLAlchemyError, OSError) as error:
            log.warning("leadership: the database cannot be reached (%s)", type(error).__name__)
            await self._drop()
            return False
        return bool(got)

    async def alive(self) -> bool:
        """True while the lock's connection still answers (a lost connection means a lost lock)."""
        if self._connection is None:
            return False
        try:  # a session-level lock lasts as long as its session: a live connection still holds it
            await self._connection.execute(text("SELECT 1"))
            return True
        except (SQLAlchemyError, OSError) as error:
            log.error("leadership lost: the lock's connection failed (%s)", type(error).__name__)
            await self._drop()
            return False

    async def release(self) -> None:
        """Give the lock up (closing the connection releases it in any case)."""
        await self._drop()
        await self._engine.dispose()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except (SQLAlchemyError, OSError):
                await connection.invalidate()


class SqliteLease:
    """An exclusive flock on a lock file: the first `consultbot run` on a database leads, a second is refused."""

    #: No waiting: a second process on one SQLite file is refused at start.
    waits = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    async def acquire(self) -> bool:
        """True when no other process holds the file; never waits."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    async def alive(self) -> bool:
        """A lock on an open file lasts as long as the process."""
        return self._fd is not None

    async def release(self) -> None:
        """Unlock (the lock file stays, empty, for the next start)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class SoleLease:
    """The lease of a database only this process can see (SQLite in memory): always held."""

    #: Nobody else can reach the database, so there is nothing to wait for.
    waits = False

    async def acquire(self) -> bool:
        """Always: no other process can see this database."""
        return True

    async def alive(self) -> bool:
        """Always, for as long as the process lives."""
        return True

    async def release(self) -> None:
        """Nothing to give up."""
        return None


def lease_for(url: str) -> PostgresLease | SqliteLease | SoleLease:
    """The lease for the database: PostgreSQL's advisory lock, an SQLite file's flock, or (in memory,
    where no other process can see the database) a lease that is always held."""
    parsed = normalise_url(make_url(url))
    if parsed.get_backend_name() != "sqlite":
        return PostgresLease(url)
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return SoleLease()
    return SqliteLease(Path(f"{database}-lock"))
