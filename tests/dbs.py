"""Fresh, migrated databases for tests: a SQLite file always, PostgreSQL when TEST_POSTGRES_URL is set.

Use the `db_url` fixture (parametrised over both; import it into a conftest) or, for other set-ups,
`async with fresh_database(kind) as url:`. The URL works with storage.create_engine_for() and as
CONSULTBOT_DATABASE_URL. Each use gets its own database, so tests and test processes (other
people's too) never see each other's rows:

- SQLite: a new file in a temporary directory, copied from a template that Alembic migrated once
  per process (`upgrade head`, online).
- PostgreSQL: a new schema, `cbtest_<epoch>_<pid>_<random>`, in the database of TEST_POSTGRES_URL;
  the URL carries `options=-c search_path=<schema>`. The schema is built by the SQL that
  `alembic upgrade head --sql` writes for PostgreSQL (generated once per process; three times
  faster than running Alembic online per test), and dropped afterwards. Schemas of this pattern
  older than a few hours (left by killed runs) are dropped on first use.

Without TEST_POSTGRES_URL the PostgreSQL cases are skipped, unless CI=true or
TEST_POSTGRES_REQUIRED=1: then they fail, as they do when the server does not answer.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from _pytest.mark import ParameterSet
from alembic import command
from sqlalchemy import pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine_for
from storage.migrate import alembic_config, upgrade_database

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
KINDS = (SQLITE, POSTGRESQL)

_SCHEMA_PREFIX = "cbtest_"
_STALE_SECONDS = 3 * 3600


def postgres_url() -> str:
    """TEST_POSTGRES_URL, or "" when unset."""
    return os.environ.get("TEST_POSTGRES_URL", "").strip()


def postgres_required() -> bool:
    """True where PostgreSQL must be tested (CI=true or TEST_POSTGRES_REQUIRED=1)."""
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("TEST_POSTGRES_REQUIRED") == "1"


def database_params(*, slow_on_postgres: bool = False) -> list[ParameterSet]:
    """pytest parameters for every kind of database; the PostgreSQL one is marked `postgres` (and
    `slow` with `slow_on_postgres`: a long matrix over the web whose storage the storage tests already
    cover on PostgreSQL; `make test` runs it on SQLite, CI on both)."""
    marks = [pytest.mark.postgres, *([pytest.mark.slow] if slow_on_postgres else [])]
    return [pytest.param(SQLITE, id=SQLITE), pytest.param(POSTGRESQL, id=POSTGRESQL, marks=marks)]


@pytest.fixture(params=database_params())
async def db_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """The URL of a fresh, migrated database, once per kind (SQLite, PostgreSQL)."""
    async with fresh_database(request.param) as url:
        yield url


@asynccontextmanager
async def fresh_database(kind: str, *, migrated: bool = True) -> AsyncIterator[str]:
    """A new, empty database of this kind (migrated to head unless `migrated=False`), then gone."""
    if kind == SQLITE:
        async with _sqlite_database(migrated) as url:
            yield url
    elif kind == POSTGRESQL:
        async with _postgres_database(migrated) as url:
            yield url
    else:
        raise ValueError(f"unknown database kind {kind!r}; expected one of {KINDS}")


class _Cache:
    """What one test process prepares once: the SQLite template, the PostgreSQL DDL, the check."""

    sqlite_template: Path | None = None
    postgres_ddl: str | None = None
    postgres_problem: str | None = None
    postgres_checked = False


@asynccontextmanager
async def _sqlite_database(migrated: bool) -> AsyncIterator[str]:
    directory = Path(tempfile.mkdtemp(prefix="consultbot-test-"))
    path = directory / "test.db"
    try:
        if migrated:
            shutil.copyfile(await _sqlite_template(), path)
        yield f"sqlite+aiosqlite:///{path}"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


async def _sqlite_template() -> Path:
    if _Cache.sqlite_template is None:
        directory = Path(tempfile.mkdtemp(prefix="consultbot-template-"))
        atexit.register(shutil.rmtree, directory, True)
        path = directory / "template.db"
        # The engine is disposed inside upgrade_database: WAL checkpointed, the file complete.
        await upgrade_database(f"sqlite+aiosqlite:///{path}")
        _Cache.sqlite_template = path
    return _Cache.sqlite_template


@asynccontextmanager
async def _postgres_database(migrated: bool) -> AsyncIterator[str]:
    base = await _postgres_base_url()
    schema = f"{_SCHEMA_PREFIX}{int(time.time())}_{os.getpid()}_{secrets.token_hex(4)}"
    url = make_url(base).update_query_dict({"options": f"-c search_path={schema}"})
    test_url = url.render_as_string(hide_password=False)
    admin = create_engine_for(base, poolclass=pool.NullPool)
    try:
        create = f'CREATE SCHEMA "{schema}";'
        await _run_script(test_url, f"{create}\n{_postgres_ddl()}" if migrated else create)
        yield test_url
    finally:
        await _drop_schema(admin, schema)
        await admin.dispose()


async def _postgres_base_url() -> str:
    """TEST_POSTGRES_URL once checked; skips (or fails where required) if unset or unreachable."""
    base = postgres_url()
    if not _Cache.postgres_checked:
        _Cache.postgres_checked = True
        _Cache.postgres_problem = await _check_postgres(base)
    if _Cache.postgres_problem:
        if postgres_required():
            pytest.fail(f"PostgreSQL is required here (CI or TEST_POSTGRES_REQUIRED): {_Cache.postgres_problem}")
        pytest.skip(_Cache.postgres_problem)
    return base


async def _check_postgres(base: str) -> str | None:
    if not base:
        return "TEST_POSTGRES_URL is not set"
    engine = create_engine_for(base, poolclass=pool.NullPool, connect_args={"timeout": 5})
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        await _drop_stale_schemas(engine)
    except Exception as error:  # any reason at all is a reason to skip or fail, with its text
        return f"PostgreSQL at {make_url(base)!r} does not answer: {error}"
    finally:
        await engine.dispose()
    return None


async def _drop_stale_schemas(engine: AsyncEngine) -> None:
    """Drop the test schemas that killed runs left behind (best effort: another process may race us)."""
    async with engine.connect() as connection:
        names = await connection.scalars(
            text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :prefix"), {"prefix": f"{_SCHEMA_PREFIX}%"}
        )
        cutoff = time.time() - _STALE_SECONDS
        stale = [
            name
            for name in names
            if (match := re.fullmatch(rf"{_SCHEMA_PREFIX}(\d+)_\d+_[0-9a-f]+", name)) and int(match[1]) < cutoff
        ]
    for name in stale:
        with contextlib.suppress(DBAPIError):
            async with engine.begin() as connection:
                await connection.execute(text("SET LOCAL lock_timeout = '2s'"))
                await connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


def _postgres_ddl() -> str:
    """The SQL `alembic upgrade head --sql` writes for PostgreSQL (with its own BEGIN/COMMIT)."""
    if _Cache.postgres_ddl is None:
        config = alembic_config("postgresql+asyncpg://offline/only")
        config.output_buffer = io.StringIO()
        command.upgrade(config, "head", sql=True)
        _Cache.postgres_ddl = config.output_buffer.getvalue()
    return _Cache.postgres_ddl


async def _run_script(url: str, script: str) -> None:
    """Run several SQL statements in one round trip (asyncpg's simple query protocol)."""
    engine = create_engine_for(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            await raw.driver_connection.execute(script)  # type: ignore[union-attr]
    finally:
        await engine.dispose()


async def _drop_schema(admin: AsyncEngine, schema: str) -> None:
    # A test that left a transaction open would make DROP wait forever: fail the teardown after a
    # while instead (a later run's stale-schema sweep removes what is left).
    async with admin.begin() as connection:
        await connection.execute(text("SET LOCAL lock_timeout = '10s'"))
        await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
