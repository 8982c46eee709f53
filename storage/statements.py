"""Helpers every repository uses: dialect-specific INSERT, writes that raise Conflict, fresh reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Executable, Result, Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict
from storage.tables import Base

T = TypeVar("T")


def dialect_name(session: AsyncSession) -> str:
    """"sqlite" or "postgresql": the database behind the session."""
    return session.get_bind().dialect.name


def insert(session: AsyncSession, table: type[Base]) -> Any:
    """An INSERT with ON CONFLICT support for the session's dialect (PostgreSQL or SQLite)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def write(session: AsyncSession, statement: Executable) -> Result[Any]:
    """Execute a write; a unique or foreign key violation becomes bot.errors.Conflict.

    The transaction cannot go on after such an error (PostgreSQL aborts it): the caller of the unit
    of work rolls back, as it does for every BotError.
    """
    try:
        return await session.execute(statement)
    except IntegrityError as error:
        raise Conflict(str(error.orig)) from error


async def fetch(session: AsyncSession, statement: Select[tuple[T]]) -> Sequence[T]:
    """The ORM rows a SELECT finds, refreshed from the database even if the session holds them."""
    result = await session.scalars(statement.execution_options(populate_existing=True))
    return result.all()


async def fetch_one(session: AsyncSession, statement: Select[tuple[T]]) -> T | None:
    """The one ORM row a SELECT finds (refreshed), or None."""
    result = await session.scalars(statement.execution_options(populate_existing=True))
    return result.one_or_none()
