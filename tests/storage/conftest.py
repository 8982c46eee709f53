"""Storage test fixtures: an engine and units of work on a fresh database of each kind, and sample data."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.model import NewParticipant, Participant, Recommendation, Role, Round, RoundStatus, Stakeholder
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.dbs import db_url  # noqa: F401  (the fixture: a fresh database per test, SQLite and PostgreSQL)

NOW = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)

NewUow = Callable[[], SqlUnitOfWork]


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:  # noqa: F811  (db_url is the fixture)
    """An engine on the test's fresh database, disposed afterwards."""
    engine = create_engine_for(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def new_uow(engine: AsyncEngine) -> NewUow:
    """A factory of units of work on the test database, as the composition root builds it."""
    sessions = create_session_factory(engine)
    return lambda: SqlUnitOfWork(sessions)


def sample_round(slug: str = "doa-2026", *, deadline: datetime = NOW + timedelta(days=14)) -> Round:
    """A small round with three recommendations."""
    return Round(
        slug=slug,
        title="Delivering as One: follow-up",
        description="Positions on the Panel's recommendations.",
        deadline=deadline,
        recommendations=tuple(
            Recommendation(ref=f"R{n}", section="I. Country level", title=f"Title {n}", text=f"Text of R{n}.")
            for n in (1, 2, 3)
        ),
        audience=("WEOG", "KEN"),
        status=RoundStatus.OPEN,
    )


STAKEHOLDERS = (
    Stakeholder(code="KEN", name="Kenya", groups=("African States",)),
    Stakeholder(code="NOR", name="Norway", groups=("WEOG",)),
    Stakeholder(code="UNDP", name="UN Development Programme", kind="un_entity"),
)


async def seed(new_uow: NewUow) -> dict[str, Participant]:
    """Store the sample stakeholders, one delegate for each, and the sample round; commit."""
    async with new_uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        people = {
            s.code: await uow.registry.add_participant(NewParticipant(stakeholder=s.code, role=Role.DELEGATE))
            for s in STAKEHOLDERS
        }
        await uow.rounds.add(sample_round())
        await uow.commit()
    return people
