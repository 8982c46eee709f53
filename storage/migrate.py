"""Alembic, configured in code (no alembic.ini): upgrade a database, read its revision, make new ones.

Every command checks the database's revision against HEAD before it starts; Alembic itself (a
quarter of a second to import) is loaded only to migrate, so that checking costs one SELECT.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, inspect, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from storage.database import create_engine_for

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest revision in storage/migrations; a new migration changes it (a test compares it with
#: what Alembic finds, so it cannot be forgotten).
HEAD = "0011_replies_kept"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at storage/migrations, whatever the working directory."""
    from alembic.config import Config

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
    """The newest revision in storage/migrations (HEAD)."""
    return HEAD


def alembic_head() -> str | None:
    """The newest revision as Alembic finds it in storage/migrations (reads every migration)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def make_revision(url: str, message: str) -> None:
    """Autogenerate a new revision from the difference between storage/tables.py and the database.

    For developers; the database must be at head. Read and tidy the generated file, and set HEAD.
    """
    from alembic import command

    command.revision(alembic_config(url), message=message, autogenerate=True)


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _foreign_keys_off(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _current(connection: Connection) -> str | None:
    """What Alembic's version table says (None when the database was never migrated)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(found) > 1:
        raise RuntimeError(f"the database has several Alembic heads: {sorted(found)}")
    return found[0] if found else None
