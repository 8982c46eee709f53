"""The corpus's world: one `consultbot run` (Telegram webhook, Slack HTTP events, SQLite) for the whole module."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.dbs import SQLITE, fresh_database
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.conftest import database, services, slack, sqlite_database, telegram
from tests.reliability.service import Service, free_port, service_env
from tests.security.harness import Hostile, prepare

__all__ = ["database", "services", "slack", "sqlite_database", "telegram"]  # the reliability suite's fixtures, shared


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def hostile(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Hostile]:
    """The service under attack, with its fakes and database."""
    log = Path(tmp_path_factory.mktemp("hostile")) / "run.log"
    async with fresh_database(SQLITE) as url, FakeTelegramAPI() as telegram, FakeSlackApi() as slack:
        codes = await prepare(url)
        env = service_env(database_url=url, port=free_port(), telegram=telegram, slack=slack, webhook=True)
        service = Service(env=env, log=log)
        await service.start()
        try:
            yield Hostile(url=url, service=service, telegram=telegram, slack=slack, codes=codes)
        finally:
            await service.close()
