"""Alembic environment: runs on a connection handed over by storage.migrate, or opens its own."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.schema import SchemaItem

from storage.database import create_engine_for
from storage.tables import Base, UTCDateTime

# Any constant will do: concurrent upgrades on PostgreSQL (several replicas starting) queue on it.
_ADVISORY_LOCK = 0x636F6E73756C74

config = context.config


def include_object(
    item: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: SchemaItem | None
) -> bool:
    """Leave alone tables that are not ours (APScheduler's job store, for one)."""
    return not (type_ == "table" and reflected and compare_to is None)


def render_item(type_: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write UTCDateTime columns as plain timestamps, so revisions never import storage.tables."""
    if type_ == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=Base.metadata,
        include_object=include_object,
        render_item=render_item,
        compare_type=True,
        **kwargs,
    )


def run_offline() -> None:
    """Write the SQL to the output instead of running it."""
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    _configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    """Run the migrations on a synchronous connection (in or out of a transaction)."""
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
        context.run_migrations()


async def run_online(url: str) -> None:
    """Open an engine for the URL and run the migrations on it, in one transaction."""
    engine = create_engine_for(url, poolclass=pool.NullPool)
    try:
        # begin(), not connect(): on SQLite (no transactional DDL for Alembic) connect() would end
        # with a rollback of the BEGIN that storage.database issues.
        async with engine.begin() as connection:
            await connection.run_sync(run_on)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_offline()
elif (connection := config.attributes.get("connection")) is not None:
    run_on(connection)
else:
    asyncio.run(run_online(config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or ""))
