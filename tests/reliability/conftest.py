"""Fixtures of the reliability suite: the fake chat servers, a fresh database of each kind, the service.

The helpers live in sibling modules and are re-exported here for the tests (and tests/security):
`service` (the `consultbot run` process), `world` (seeding and dumping the database), `people`
(Slack's signed side and scripted delegates), `proxy` (a TCP proxy to cut the database off).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.dbs import POSTGRESQL, SQLITE, database_params, db_url, fresh_database
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.service import Service, free_port, service_env

__all__ = ["POSTGRESQL", "SQLITE", "ServiceFactory", "db_url"]

ServiceFactory = Callable[..., Awaitable[Service]]


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramAPI]:
    """The fake Telegram Bot API."""
    async with FakeTelegramAPI() as api:
        yield api


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    """The fake Slack Web API."""
    async with FakeSlackApi() as api:
        yield api


@pytest.fixture(params=database_params())
async def database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A fresh, migrated database: a SQLite file, then a PostgreSQL schema."""
    async with fresh_database(request.param) as url:
        yield url


@pytest.fixture
async def sqlite_database() -> AsyncIterator[str]:
    """A fresh, migrated SQLite file."""
    async with fresh_database(SQLITE) as url:
        yield url


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[ServiceFactory]:
    """Builds `consultbot run` services (not started); every process is killed at the end."""
    made: list[Service] = []

    async def build(*, database_url: str, name: str = "run", **options: Any) -> Service:
        env = service_env(database_url=database_url, port=free_port(), **options)
        service = Service(env=env, log=tmp_path / f"{name}-{len(made)}.log")
        made.append(service)
        return service

    yield build
    for service in made:
        await service.close()
