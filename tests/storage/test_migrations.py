"""Migrations on SQLite and PostgreSQL: they build exactly storage/tables.py, and re-running is harmless."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from storage import create_engine_for, current_revision, head_revision, upgrade_database
from storage.migrate import alembic_config
from storage.tables import Base
from tests.dbs import fresh_database


async def schema_differences(url: str) -> list[Any]:
    """What autogenerate would change to make the database match storage/tables.py."""

    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    engine = create_engine_for(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


class TestMigrations:
    async def test_test_databases_match_the_tables(self, db_url: str) -> None:
        """The databases tests get (template copy, or the --sql script on PostgreSQL) match tables.py."""
        assert await schema_differences(db_url) == []
        assert await current_revision(db_url) == head_revision()

    async def test_upgrade_from_empty_matches_the_tables(self, db_url: str) -> None:
        """`upgrade head` online on an empty database builds exactly tables.py; again, it does nothing."""
        kind = create_engine_for(db_url).dialect.name
        async with fresh_database(kind, migrated=False) as url:
            assert await current_revision(url) is None
            await upgrade_database(url)
            assert await current_revision(url) == head_revision()
            assert await schema_differences(url) == []
            await upgrade_database(url)
            assert await current_revision(url) == head_revision()
            assert await table_names(url) == {*Base.metadata.tables, "alembic_version"}

    async def test_downgrade_to_base_and_back(self, db_url: str) -> None:
        """Every revision can be undone: down to nothing, then up again."""
        await downgrade(db_url, "base")
        assert await table_names(db_url) == {"alembic_version"}
        await upgrade_database(db_url)
        assert await schema_differences(db_url) == []


async def downgrade(url: str, revision: str) -> None:
    """`alembic downgrade REVISION`, through the same configuration as upgrade_database."""

    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    engine = create_engine_for(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        await engine.dispose()


async def table_names(url: str) -> set[str]:
    """The tables in the database (PostgreSQL: in the test's schema only)."""
    engine = create_engine_for(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
