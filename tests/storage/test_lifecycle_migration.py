"""Migration 0004_round_lifecycle carries closed rounds over: when, why and by whom they closed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from storage import SqlUnitOfWork, create_engine_for, create_session_factory, upgrade_database
from tests.dbs import database_params, fresh_database

CLOSED_BY_HAND = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)
CLOSED_AT_DEADLINE = datetime(2027, 3, 30, 22, 0, tzinfo=UTC)


@pytest.fixture(params=database_params())
async def url_at_0002(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A database migrated only to 0002, as deployed before this change."""
    async with fresh_database(request.param, migrated=False) as url:
        await upgrade_database(url, "0002")
        yield url


async def test_closed_rounds_keep_when_why_and_by_whom(url_at_0002: str) -> None:
    """A round closed by hand (audited "close") and one closed at its deadline, before 0004: after it,
    `closed_at` holds the old stored deadline, the reason says which, and the closer is named."""
    engine = create_engine_for(url_at_0002)
    try:
        async with engine.begin() as connection:
            for slug, deadline in (("by-hand", CLOSED_BY_HAND), ("at-deadline", CLOSED_AT_DEADLINE)):
                await connection.execute(
                    text(
                        "INSERT INTO rounds (slug, title, description, status, mode, deadline, timezone, audience,"
                        " reminders, document, summaries) VALUES (:slug, 'T', '', 'closed', 'standard', :deadline,"
                        " 'America/New_York', '[]', '[]', '', false)"
                    ),
                    {"slug": slug, "deadline": deadline},
                )
            await connection.execute(
                text(
                    "INSERT INTO audit (actor, action, target, channel, at, detail)"
                    " VALUES ('cli:ana', 'close', 'by-hand', 'cli', :at, '')"
                ),
                {"at": CLOSED_BY_HAND},
            )
        await upgrade_database(url_at_0002)
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            by_hand = await uow.rounds.get("by-hand")
            at_deadline = await uow.rounds.get("at-deadline")
        assert by_hand is not None
        assert at_deadline is not None
        assert (by_hand.closed_at, by_hand.closed_reason, by_hand.closed_by) == (CLOSED_BY_HAND, "hand", "cli:ana")
        assert (at_deadline.closed_at, at_deadline.closed_reason, at_deadline.closed_by) == (
            CLOSED_AT_DEADLINE,
            "deadline",
            "",
        )
        assert at_deadline.deadline == CLOSED_AT_DEADLINE
    finally:
        await engine.dispose()
