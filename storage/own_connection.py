"""A unit of work's own SQLite connection, its transaction begun and ended on sqlite3 itself.

On the SQLite fast path (storage/inline_sqlite.py) a message's statements are prebuilt ones that
run straight on the sqlite3 connection (storage/prepared.py). What SQLAlchemy still did for each
message was the ORM session's transaction: checking the connection out through the session,
committing through it and closing it, about 0.1 ms of a button press's 0.6 ms. Here the unit of
work checks a connection out of the engine's pool itself (`AsyncEngine.connect`), binds its session
to that connection, and while only prepared statements use the transaction, begins it (BEGIN
IMMEDIATE, after the engine's file check) and commits or rolls it back on sqlite3.

The session stays usable for every other statement, in the same transaction: SQLAlchemy then
begins its own transaction on the connection, whose "begin" finds the sqlite3 transaction open and
joins it (`InlineConnection.defer_begin`), and from then on the transaction ends through the
session (`session.in_transaction()`), as on every other path; a COMMIT or ROLLBACK there ends the
one sqlite3 transaction with everything in it. Closing the connection gives it back to the pool,
which rolls back whatever is left (its reset on return).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from storage.database import FileWatch, inline_file_watch
from storage.inline_sqlite import InlineConnection, inline_driver

#: Key in AsyncSession.info of the session's OwnConnection (read by storage/statements.py).
OWN = "storage.own_connection"


class OwnConnection:
    """One pooled SQLite connection for one unit of work; see the module docstring."""

    def __init__(self, connection: AsyncConnection, inline: InlineConnection, watch: FileWatch) -> None:
        self.connection = connection
        self._inline = inline
        self._watch = watch

    @classmethod
    async def open(cls, engine: AsyncEngine) -> OwnConnection | None:
        """A connection checked out of the engine's pool; None if the engine does not run inline."""
        watch = inline_file_watch(engine)
        if watch is None:
            return None
        connection = await engine.connect()
        inline = inline_driver(connection.sync_connection) if connection.sync_connection is not None else None
        if inline is None:  # not one of storage/inline_sqlite.py's connections after all
            await connection.close()
            return None
        return cls(connection, inline, watch)

    def session(self, session: AsyncSession) -> AsyncSession:
        """The session, bound to this connection, told where its prepared statements run."""
        session.info[OWN] = self
        return session

    async def begin(self) -> tuple[AsyncConnection, sqlite3.Connection]:
        """The transaction begun (if it is not yet): the connection and its sqlite3 connection."""
        if not self._inline.raw.in_transaction:
            self._watch.check()  # the file deleted or replaced: DatabaseFileGone, nothing written
        await self._inline.begin_now("BEGIN IMMEDIATE")
        return self.connection, self._inline.raw

    async def commit(self, session: AsyncSession) -> None:
        """Commit, through the session if it took part in the transaction."""
        if session.in_transaction():
            await session.commit()
        # What is still open: the session's transaction never used the connection (or never began).
        try:
            await self._inline.commit()
        except sqlite3.Error as error:
            raise DBAPIError.instance("COMMIT", [], error, sqlite3.Error) from error

    async def rollback(self, session: AsyncSession) -> None:
        """Roll back, through the session too if it took part in the transaction."""
        if session.in_transaction():
            await session.rollback()
        try:
            await self._inline.rollback()
        except sqlite3.Error as error:
            raise DBAPIError.instance("ROLLBACK", [], error, sqlite3.Error) from error

    async def close(self, session: AsyncSession) -> None:
        """Roll back what is left, and give the connection back to the pool."""
        try:
            await self.rollback(session)
        finally:
            try:
                if session.identity_map:  # ORM rows loaded: detach them (nothing else to close)
                    await session.close()
            finally:
                await self.connection.close()
