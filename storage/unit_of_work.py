"""SqlUnitOfWork: one AsyncSession, one transaction, for one message or one job run; and ping()."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import time
import weakref
from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain.errors import Conflict, Unavailable
from bot.ports import (
    AuditLog,
    BrowserSessions,
    Conversations,
    Followup,
    Inbound,
    Outbox,
    Registry,
    Reports,
    Responses,
    Rounds,
    Snapshots,
)  # fmt: skip
from storage.database import SQLITE_BEGIN, DatabaseFileGone
from storage.followup import SqlFollowup
from storage.inline_sqlite import BEGIN_PATIENCE
from storage.outbox import SqlOutbox
from storage.own_connection import OwnConnection
from storage.registry import SqlRegistry
from storage.reports import SqlReports, SqlSnapshots
from storage.repositories import SqlAuditLog, SqlConversations, SqlInbound
from storage.responses import SqlResponses
from storage.rounds import SqlRounds
from storage.sessions import SqlBrowserSessions
from storage.statements import forget_connection

log = logging.getLogger(__name__)

_PING_SECONDS = 5.0
_NETWORK_ERRNOS = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT, errno.EHOSTDOWN, errno.ENETDOWN})


class Faults:
    """What storage could not do for a reason retrying will not fix (a read-only or full disk, the
    file deleted), as last seen: /healthz reports it (ping) until a minute passes without another."""

    def __init__(self, *, clear_after: float = 60.0) -> None:
        self.clear_after = clear_after
        self.reason = ""
        self._at = 0.0

    def note(self, reason: str) -> None:
        if reason != self.reason or self._stale():
            log.error("the database cannot be written: %s", reason)
        self.reason, self._at = reason, time.monotonic()

    def current(self) -> str:
        """The reason, while recent; else ""."""
        return "" if not self.reason or self._stale() else self.reason

    def _stale(self) -> bool:
        return time.monotonic() - self._at > self.clear_after


def storage_fault(error: BaseException) -> str:
    """Why the database cannot be written, for faults that a retry will not fix; "" for any other error."""
    if isinstance(error, DatabaseFileGone):
        return "its file was deleted or replaced"
    original = getattr(error, "orig", None) or error
    words = str(original).lower()
    code = str(getattr(original, "sqlstate", "") or getattr(original, "pgcode", "") or "")
    if "readonly database" in words or "read-only" in words or code == "25006":
        return "it is read-only"
    if "disk is full" in words or "no space left" in words or code == "53100":
        return "the disk is full"
    if "unable to open database file" in words:
        return "its file or folder cannot be opened for writing"
    if "disk i/o error" in words:
        return "a disk error"
    return ""


#: SQLite: one writer at a time per database, queued here (first come, first served) rather than each
#: retrying BEGIN IMMEDIATE on a timer (storage/inline_sqlite.py), which many concurrent updates of
#: one process would do by the thousand. Per event loop, per engine.
_WRITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, weakref.WeakKeyDictionary[object, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


_QUEUED: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()


def queued_writers(engine: AsyncEngine) -> int:
    """How many write transactions of this process wait in the engine's SQLite queue now (for tests)."""
    return _QUEUED.get(engine.sync_engine, 0)


def _writer_lock(session_factory: async_sessionmaker[AsyncSession]) -> asyncio.Lock | None:
    """This process's queue of SQLite writers for the factory's engine; None on PostgreSQL."""
    engine = session_factory.kw.get("bind")
    if not isinstance(engine, AsyncEngine) or engine.dialect.name != "sqlite":
        return None
    locks = _WRITERS.setdefault(asyncio.get_running_loop(), weakref.WeakKeyDictionary())
    return locks.setdefault(engine.sync_engine, asyncio.Lock())


class SqlUnitOfWork:
    """bot.ports.UnitOfWork on SQLAlchemy: enter it, commit explicitly; leaving rolls back the rest.

    `read_only=True` is for reads alone: on SQLite its transaction is BEGIN DEFERRED (a WAL snapshot),
    so however long it stays open, writers are never blocked.

    The repositories exist only inside `async with`; a new session is opened at each entry, so one
    object may serve several transactions one after the other, but never two at once.

    A writer on SQLite's fast path has a connection of its own (storage/own_connection.py): the
    session is bound to it, and while only prebuilt statements ran, the transaction ends on sqlite3.
    """

    # Typed as the ports: the Protocol's attributes are writable, hence invariant.
    registry: Registry
    rounds: Rounds
    responses: Responses
    conversations: Conversations
    outbox: Outbox
    inbound: Inbound
    audit: AuditLog
    reports: Reports
    snapshots: Snapshots
    sessions: BrowserSessions
    followup: Followup

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        read_only: bool = False,
        faults: Faults | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None
        self._read_only = read_only
        self._faults = faults
        self._queued: asyncio.Lock | None = None
        self._own: OwnConnection | None = None

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        if not self._read_only and (queue := _writer_lock(self._session_factory)) is not None:
            engine = self._session_factory.kw["bind"].sync_engine
            _QUEUED[engine] = _QUEUED.get(engine, 0) + 1
            try:
                async with asyncio.timeout(BEGIN_PATIENCE):  # in line behind this process's other writers
                    await queue.acquire()  # (free: taken at once, without a turn of the loop)
            except TimeoutError:
                raise Unavailable("database busy: another writer of this process held it too long") from None
            finally:
                _QUEUED[engine] -= 1
            self._queued = queue
            self._own = await self._own_connection()
        if self._own is not None:
            session = self._session = self._own.session(self._session_factory(bind=self._own.connection))
        else:
            session = self._session = self._session_factory()
        self.registry = SqlRegistry(session)
        self.rounds = SqlRounds(session)
        self.responses = SqlResponses(session)
        self.conversations = SqlConversations(session)
        self.outbox = SqlOutbox(session)
        self.inbound = SqlInbound(session)
        self.audit = SqlAuditLog(session)
        self.reports = SqlReports(session)
        self.snapshots = SqlSnapshots(session)
        self.followup = SqlFollowup(session)
        self.sessions = SqlBrowserSessions(session)
        if self._read_only:  # SQLite: BEGIN DEFERRED, a snapshot that never takes the write lock
            await session.connection(execution_options={SQLITE_BEGIN: "DEFERRED"})
        return self

    async def _own_connection(self) -> OwnConnection | None:
        """A writer's own connection on SQLite's fast path (None elsewhere); on failure, leave the queue."""
        try:
            return await OwnConnection.open(self._session_factory.kw["bind"])
        except BaseException as error:
            queued, self._queued = self._queued, None
            if queued is not None:
                queued.release()
            self._refuse(error)
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        queued, self._queued = self._queued, None
        own, self._own = self._own, None
        try:
            await self._close(session, own, exc)
        finally:
            if queued is not None:
                queued.release()

    async def _close(self, session: AsyncSession | None, own: OwnConnection | None, exc: BaseException | None) -> None:
        if session is None:
            return
        forget_connection(session)
        try:
            if own is not None:
                await own.close(session)
            elif session.in_transaction():  # committed already (the usual end): nothing to roll back
                await session.rollback()
        except Exception as error:  # rolling back on a dead connection: the server drops the transaction anyway
            if not out_of_reach(error):
                raise
            log.info("rollback on a lost database connection: %s", error)
        finally:
            if own is None:
                await session.close()
        if exc is not None:
            self._refuse(exc)

    def _refuse(self, exc: BaseException) -> None:
        """Raise Unavailable for an error that means storage cannot serve (noting a lasting fault)."""
        reason = storage_fault(exc)
        if reason:
            if self._faults is not None:
                self._faults.note(reason)
            raise Unavailable(f"database cannot be written: {reason}", key="error.cannot_save", reason=reason) from exc
        if out_of_reach(exc):
            raise Unavailable(f"database unreachable: {exc}") from exc

    async def commit(self) -> None:
        """Commit; raise bot.domain.errors.Conflict if a unique key was taken by a concurrent writer,
        bot.domain.errors.Unavailable if the database cannot be reached."""
        session = self._open_session()
        forget_connection(session)
        try:
            if self._own is not None:
                await self._own.commit(session)
            else:
                await session.commit()
        except IntegrityError as error:
            await self.rollback()
            raise Conflict(str(error.orig)) from error

    async def rollback(self) -> None:
        """Discard everything since the last commit; the unit of work stays usable."""
        session = self._open_session()
        forget_connection(session)
        if self._own is not None:
            await self._own.rollback(session)
        else:
            await session.rollback()

    def _open_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use `async with`")
        return self._session


def out_of_reach(error: BaseException) -> bool:
    """True for errors that mean the database is out of reach, not that the statement was wrong.

    Connection refused or cut (the driver's or the pool's), server shutting down, SQLite locked
    past its busy timeout, no connection free in the pool in time.
    """
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, DatabaseFileGone):
        return True
    if isinstance(error, OSError) and not isinstance(error, ConnectionError | socket.gaierror):
        return error.errno in _NETWORK_ERRNOS  # not a file the work itself failed to write
    return isinstance(error, OperationalError | InterfaceError | PoolTimeout | OSError | TimeoutError)


async def ping(engine: AsyncEngine, faults: Faults | None = None) -> bool:
    """True if the database answers a trivial query within five seconds and no write has failed for
    a reason retrying will not fix in the last minute (for /healthz)."""
    return not await database_problem(engine, faults)


async def database_problem(engine: AsyncEngine, faults: Faults | None = None) -> str:
    """Why the database cannot serve now, in words an operator can act on ("" when it can).

    Never the driver's message itself: it may carry the URL, and so a password. A fault seen by a
    write in the last minute (read-only, full disk, file deleted) counts as a problem too.
    """
    if faults is not None and (reason := faults.current()):
        return f"the database cannot be written: {reason}"
    try:
        async with asyncio.timeout(_PING_SECONDS):
            async with engine.connect() as connection:
                # A read-only transaction on SQLite, so that a long writer does not fail the check.
                await connection.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
                await connection.execute(text("SELECT 1"))
    except DatabaseFileGone as error:
        if faults is not None:
            faults.note(storage_fault(error))
        log.error("%s: answers are refused until the service is restarted on a database", error)
        return f"the database cannot be written: {storage_fault(error)}; restart the service on a database"
    except TimeoutError:
        log.warning("database ping failed", exc_info=True)
        return f"the database did not answer within {_PING_SECONDS:.0f} s"
    except (SQLAlchemyError, OSError) as error:
        log.warning("database ping failed", exc_info=True)
        cause = getattr(error, "orig", None) or error
        return f"the database cannot be reached ({type(cause).__name__})"
    return ""
