"""tests/dbs.py, the test databases: isolated from each other, removed afterwards, PostgreSQL required in CI."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from bot.domain.model import Stakeholder
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.dbs import KINDS, POSTGRESQL, SQLITE, database_params, fresh_database

REPO = Path(__file__).resolve().parents[2]
TARGET = "tests/storage/test_tables.py::TestUTCDateTime::test_naive_datetimes_are_refused[postgresql]"


@pytest.mark.parametrize("kind", database_params())
async def test_fresh_databases_are_isolated_and_removed(kind: str) -> None:
    """Two fresh databases at once see none of each other's rows, and are gone afterwards."""
    async with fresh_database(kind) as first, fresh_database(kind) as second:
        assert first != second
        engines = [create_engine_for(first), create_engine_for(second)]
        try:
            async with SqlUnitOfWork(create_session_factory(engines[0])) as uow:
                await uow.registry.add_stakeholders([Stakeholder(code="NOR", name="Norway")])
                await uow.commit()
            async with SqlUnitOfWork(create_session_factory(engines[1])) as uow:
                assert await uow.registry.stakeholders() == []
        finally:
            for engine in engines:
                await engine.dispose()
    if kind == SQLITE:
        assert not await asyncio.to_thread(Path(make_url(first).database or "").exists)
    else:
        schema = str(make_url(first).query["options"]).rpartition("=")[2]
        admin = create_engine_for(os.environ["TEST_POSTGRES_URL"])
        try:
            async with admin.connect() as connection:
                found = await connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema})
                assert found.first() is None
        finally:
            await admin.dispose()


async def test_unknown_kind_is_refused() -> None:
    """Only the kinds in KINDS exist."""
    assert KINDS == (SQLITE, POSTGRESQL)
    with pytest.raises(ValueError, match="mysql"):
        async with fresh_database("mysql"):
            pass


@pytest.mark.slow
@pytest.mark.parametrize(
    ("environment", "outcome"),
    [
        ({"TEST_POSTGRES_URL": "", "CI": "true"}, "1 error"),
        ({"TEST_POSTGRES_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/x", "TEST_POSTGRES_REQUIRED": "1"}, "1 error"),
    ],
)
def test_postgres_cases_fail_where_required(environment: dict[str, str], outcome: str) -> None:
    """Without PostgreSQL (unset, or not answering) its cases fail in CI or when required, not skip.

    (That they are skipped otherwise shows in every run without TEST_POSTGRES_URL.)
    """
    env = {key: value for key, value in os.environ.items() if key not in {"CI", "TEST_POSTGRES_REQUIRED"}}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TARGET],
        cwd=REPO,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert outcome in result.stdout, result.stdout
    assert "PostgreSQL is required here" in result.stdout
    assert result.returncode == 1
