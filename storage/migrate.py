"""Alembic, configured in code (no alembic.ini): upgrade a database, read its revision, make new ones."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, pool
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from storage.database import create_engine_for

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at storage/migrations, whatever the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.attributes["url"] = url  # not a main option: ConfigParser would read % in passwords
    return config


async def upgrade_database(url: str, revision: str = "head") -> None:
    """Apply every migration up to `revision`; a no-op on an up-to-date database.

    Runs in one transaction on a short-lived engine. Alembic's synchronous calls go through
    run_sync, so the event loop is not blocked while the database works. On PostgreSQL concurrent
    upgrades (several replicas starting) wait for each other on an advisory lock; on SQLite the
    transaction is BEGIN IMMEDIATE, and foreign keys are checked after the migration instead of
    enforced during it.
    """
    engine = create_engine_for(url, poolclass=pool.NullPool)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations copy and drop tables; with foreign keys enforced, dropping a parent table
        # would cascade into its children. SQLite's own recipe: keys off, migrate, then check them.
        event.listen(engine.sync_engine, "connect", _foreign_keys_off)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, revision)
            if sqlite:
                broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:
                    raise RuntimeError(f"migration to {revision} broke foreign keys: {broken[:5]}")
    finally:
        await engine.dispose()


async def current_revision(url: str) -> str | None:
    """The revision the database is at (None if never migrated)."""
    engine = create_engine_for(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current)
    finally:
        await engine.dispose()


def head_revision() -> str:
    """The newest revision in storage/migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS}")
    return head


def make_revision(url: str, message: str) -> None:
    """Autogenerate a new revision from the difference between storage/tables.py and the database.

    For developers; the database must be at head. Read and tidy the generated file.
    """
    command.revision(alembic_config(url), message=message, autogenerate=True)


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _foreign_keys_off(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
