"""SqlUnitOfWork: one AsyncSession, one transaction, for one message or one job run; and ping()."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.errors import Conflict, Unavailable
from bot.ports import AuditLog, Conversations, Followup, Inbound, Outbox, Registry, Reports, Responses, Rounds
from storage.database import SQLITE_BEGIN
from storage.followup import SqlFollowup
from storage.outbox import SqlOutbox
from storage.registry import SqlRegistry
from storage.reports import SqlReports
from storage.repositories import SqlAuditLog, SqlConversations, SqlInbound
from storage.responses import SqlResponses
from storage.rounds import SqlRounds
from storage.statements import forget_connection

log = logging.getLogger(__name__)

_PING_SECONDS = 5.0
_NETWORK_ERRNOS = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT, errno.EHOSTDOWN, errno.ENETDOWN})


class SqlUnitOfWork:
    """bot.ports.UnitOfWork on SQLAlchemy: enter it, commit explicitly; leaving rolls back the rest.

    The repositories exist only inside `async with`; a new session is opened at each entry, so one
    object may serve several transactions one after the other, but never two at once.
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
    followup: Followup

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        session = self._session = self._session_factory()
        self.registry = SqlRegistry(session)
        self.rounds = SqlRounds(session)
        self.responses = SqlResponses(session)
        self.conversations = SqlConversations(session)
        self.outbox = SqlOutbox(session)
        self.inbound = SqlInbound(session)
        self.audit = SqlAuditLog(session)
        self.reports = SqlReports(session)
        self.followup = SqlFollowup(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        forget_connection(session)
        try:
            await session.rollback()
        except Exception as error:  # rolling back on a dead connection: the server drops the transaction anyway
            if not unreachable(error):
                raise
            log.info("rollback on a lost database connection: %s", error)
        finally:
            await session.close()
        if exc is not None and unreachable(exc):
            raise Unavailable(f"database unreachable: {exc}") from exc

    async def commit(self) -> None:
        """Commit; raise bot.errors.Conflict if a unique key was taken by a concurrent writer,
        bot.errors.Unavailable if the database cannot be reached."""
        session = self._open_session()
        forget_connection(session)
        try:
            await session.commit()
        except IntegrityError as error:
            await session.rollback()
            raise Conflict(str(error.orig)) from error

    async def rollback(self) -> None:
        """Discard everything since the last commit; the unit of work stays usable."""
        session = self._open_session()
        forget_connection(session)
        await session.rollback()

    def _open_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use `async with`")
        return self._session


def unreachable(error: BaseException) -> bool:
    """True for errors that mean the database is out of reach, not that the statement was wrong.

    Connection refused or cut (the driver's or the pool's), server shutting down, SQLite locked
    past its busy timeout, no connection free in the pool in time.
    """
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OSError) and not isinstance(error, ConnectionError | socket.gaierror):
        return error.errno in _NETWORK_ERRNOS  # not a file the work itself failed to write
    return isinstance(error, OperationalError | InterfaceError | PoolTimeout | OSError | TimeoutError)


async def ping(engine: AsyncEngine) -> bool:
    """True if the database answers a trivial query within five seconds (for /healthz)."""
    try:
        async with asyncio.timeout(_PING_SECONDS):
            async with engine.connect() as connection:
                # A read-only transaction on SQLite, so that a long writer does not fail the check.
                await connection.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
                await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError):
        log.warning("database ping failed", exc_info=True)
        return False
    return True
