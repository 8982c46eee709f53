"""Helpers every repository uses: dialect-specific INSERT, writes that raise Conflict, fresh reads."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Executable, Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.domain.errors import Conflict
from storage import inline_sqlite, prepared
from storage.own_connection import OWN
from storage.tables import Base

T = TypeVar("T")

_NO_SYNC = {"synchronize_session": False}
#: Key in AsyncSession.info of the connection of the current transaction (see `forget_connection`).
CONNECTION = "storage.connection"


def dialect_name(session: AsyncSession) -> str:
    """The name of the database behind the session: "sqlite" or "postgresql"."""
    return session.get_bind().dialect.name


def insert(session: AsyncSession, table: type[Base]) -> Any:
    """An INSERT with ON CONFLICT support for the session's dialect (PostgreSQL or SQLite)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def write(session: AsyncSession, statement: Executable) -> CursorResult[Any]:
    """Execute an INSERT, UPDATE or DELETE; a constraint violation becomes bot.domain.errors.Conflict.

    The transaction cannot go on after such an error (PostgreSQL aborts it): the caller of the unit
    of work rolls back, as it does for every BotError. Objects the session holds are not
    synchronised (reads use fetch(), which refreshes them).
    """
    try:
        result = await session.execute(statement, execution_options=_NO_SYNC)
        return cast("CursorResult[Any]", result)
    except IntegrityError as error:
        raise Conflict(str(error.orig)) from error


async def fetch(session: AsyncSession, statement: Select[T]) -> Sequence[T]:
    """The ORM rows a SELECT finds, refreshed from the database even if the session holds them."""
    result = await session.scalars(statement.execution_options(populate_existing=True))
    return result.all()


async def fetch_one(session: AsyncSession, statement: Select[T]) -> T | None:
    """The one ORM row a SELECT finds (refreshed), or None."""
    result = await session.scalars(statement.execution_options(populate_existing=True))
    return result.one_or_none()


async def rows(session: AsyncSession, statement: Executable, params: dict[str, Any]) -> Sequence[Any]:
    """The rows of a prebuilt Core SELECT (bound parameters by name), on the session's connection.

    The hot path's statements are built once at import: SQLAlchemy then reuses their compiled form
    and cache key, and plain rows skip the ORM's identity map. Use for reads of a few rows.
    """
    connection, raw = await _connection(session)
    if raw is not None:
        return prepared.run(raw, statement, connection.dialect, params)
    return (await connection.execute(statement, params)).all()


async def run(session: AsyncSession, statement: Executable, params: dict[str, Any]) -> Sequence[Any]:
    """Execute a prebuilt Core INSERT, UPDATE or DELETE; the rows it returns (RETURNING), if any.

    A constraint violation becomes bot.domain.errors.Conflict.
    """
    connection, raw = await _connection(session)
    try:
        if raw is not None:
            return prepared.run(raw, statement, connection.dialect, params)
        result = await connection.execute(statement, params)
        return result.all() if result.returns_rows else ()
    except IntegrityError as error:
        raise Conflict(str(error.orig)) from error


async def _inline(connection: AsyncConnection) -> sqlite3.Connection | None:
    """The sqlite3 connection when the statements may run on it directly (see storage/prepared.py),
    its transaction begun."""
    if connection.dialect.name != "sqlite" or connection.sync_connection is None:
        return None
    inline = inline_sqlite.inline_driver(connection.sync_connection)
    if inline is None:
        return None
    await inline.begun()
    return inline.raw


async def _connection(session: AsyncSession) -> tuple[AsyncConnection, sqlite3.Connection | None]:
    """The connection of the session's transaction (and its inline sqlite3 connection, if it has one),
    remembered until the transaction ends."""
    found = session.info.get(CONNECTION)
    if found is None:
        own = session.info.get(OWN)
        if own is not None:  # the unit of work's own SQLite connection: the transaction begun on sqlite3
            found = session.info[CONNECTION] = await own.begin()
        else:
            connection = await session.connection()
            found = session.info[CONNECTION] = (connection, await _inline(connection))
    return cast("tuple[AsyncConnection, sqlite3.Connection | None]", found)


def forget_connection(session: AsyncSession) -> None:
    """Call when the session's transaction ends (commit, rollback, close)."""
    session.info.pop(CONNECTION, None)


class ByDialect:
    """One prebuilt statement per dialect ("sqlite", "postgresql"), made on first use."""

    def __init__(self, build: Callable[[Any], Executable]) -> None:
        self._build = build
        self._made: dict[str, Executable] = {}

    def __call__(self, session: AsyncSession) -> Executable:
        name = dialect_name(session)
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = self._build(postgresql.insert if name == "postgresql" else sqlite.insert)
        return made
