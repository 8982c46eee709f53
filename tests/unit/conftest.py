"""A small world for the core's tests: five delegations, one open round, the engine on fakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from bot.domain.model import (
    Identity,
    IncomingMessage,
    NewParticipant,
    Participant,
    Recommendation,
    Reply,
    Role,
    Round,
    RoundStatus,
    Stakeholder,
)
from bot.engine import Engine
from bot.ports import Deps
from tests.fakes import FakeUnitOfWork, FixedClock, MemoryStore

START = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)

STAKEHOLDERS = [
    Stakeholder(code="FRA", name="France", groups=("Western European and Others Group",)),
    Stakeholder(code="NOR", name="Norway", groups=("Western European and Others Group",)),
    Stakeholder(code="BRA", name="Brazil", groups=("Latin American and Caribbean Group",)),
    Stakeholder(code="NGA", name="Nigeria", groups=("African Group",)),
    Stakeholder(code="JPN", name="Japan", groups=("Asia-Pacific Group",)),
    Stakeholder(code="UNS", name="UN Secretariat", kind="un_entity"),
]


def sample_round(*, slug: str = "dao", items: int = 4, deadline: datetime | None = None) -> Round:
    """An open round of `items` recommendations, for every Member State."""
    return Round(
        slug=slug,
        title="Delivering as One",
        deadline=deadline or START + timedelta(days=14),
        recommendations=tuple(
            Recommendation(ref=f"R{i}", section="Country level", title=f"Recommendation {i}", text=f"Text of R{i}.")
            for i in range(1, items + 1)
        ),
        status=RoundStatus.OPEN,
        document="A/61/583",
        summaries=True,
    )


@dataclass
class World:
    """The store, the engine and helpers to speak as someone."""

    store: MemoryStore
    clock: FixedClock
    engine: Engine
    events: count[int] = field(default_factory=lambda: count(1))

    def uow(self) -> FakeUnitOfWork:
        return self.store.uow()

    async def person(
        self, stakeholder: str, role: Role = Role.DELEGATE, *, account: str = "", name: str = ""
    ) -> Participant:
        """A participant with a console identity (account defaults to stakeholder+id)."""
        async with self.uow() as uow:
            p = await uow.registry.add_participant(
                NewParticipant(stakeholder=stakeholder, role=role, name=name or f"{stakeholder} {role.value}")
            )
            acct = account or f"{stakeholder.lower()}-{p.id}"
            await uow.registry.bind_identity(Identity(channel="console", account=acct, participant_id=p.id, chat=acct))
            await uow.commit()
        return p

    def account(self, participant: Participant) -> str:
        return next(k[1] for k, i in self.store.state.identities.items() if i.participant_id == participant.id)

    async def say(self, who: Participant | str, text: str = "", *, action: str = "", event_id: str = "") -> list[Reply]:
        account = who if isinstance(who, str) else self.account(who)
        message = IncomingMessage(
            channel="console",
            account=account,
            chat=account,
            text=text,
            action=action,
            event_id=event_id or f"e{next(self.events)}",
        )
        return await self.engine.handle(message)

    async def press(self, who: Participant, label_start: str, replies: list[Reply]) -> list[Reply]:
        """Press the button whose label starts with `label_start` in the last reply that has buttons."""
        for reply in reversed(replies):
            for choice in reply.choices:
                if choice.label.lstrip("✓◀ ").startswith(label_start):
                    return await self.say(who, action=choice.action)
        raise AssertionError(f"no button {label_start!r} in {[c.label for r in replies for c in r.choices]}")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
async def world(clock: FixedClock) -> World:
    store = MemoryStore()
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(sample_round())
        await uow.commit()
    return World(store=store, clock=clock, engine=Engine(Deps(new_uow=store.uow, clock=clock)))


def texts(replies: list[Reply]) -> str:
    """Every title and text of the replies, joined for `in` checks."""
    return "\n".join(f"{r.title}\n{r.text}" for r in replies)


def keys(replies: list[Reply]) -> list[str]:
    return [r.key for r in replies]
