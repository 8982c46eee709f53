"""Helpers every repository uses: dialect-specific INSERT, writes that raise Conflict, fresh reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Executable, Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict
from storage.tables import Base

T = TypeVar("T")

_NO_SYNC = {"synchronize_session": False}


def dialect_name(session: AsyncSession) -> str:
    """The name of the database behind the session: "sqlite" or "postgresql"."""
    return session.get_bind().dialect.name


def insert(session: AsyncSession, table: type[Base]) -> Any:
    """An INSERT with ON CONFLICT support for the session's dialect (PostgreSQL or SQLite)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def write(session: AsyncSession, statement: Executable) -> CursorResult[Any]:
    """Execute an INSERT, UPDATE or DELETE; a constraint violation becomes bot.errors.Conflict.

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
