"""A small world for the Telegram adapter: the engine on in-memory fakes, the fake Bot API, the channel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.telegram import Pacer, TelegramChannel, TelegramSender
from bot.domain.model import Recommendation, Role, Round, RoundStatus, Stakeholder
from bot.engine import Engine
from bot.outreach import joining
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.fakes.telegram_api import FakeTelegramAPI

START = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)
STAKEHOLDERS = [
    Stakeholder(code="FRA", name="France", groups=("Western European and Others Group",)),
    Stakeholder(code="NOR", name="Norway", groups=("Western European and Others Group",)),
    Stakeholder(code="BRA", name="Brazil", groups=("Latin American and Caribbean Group",)),
]


def a_round(*, slug: str = "dao", items: int = 4, title: str = "Delivering as One", text: str = "") -> Round:
    """An open round of `items` recommendations for every Member State."""
    return Round(
        slug=slug,
        title=title,
        deadline=START + timedelta(days=14),
        recommendations=tuple(
            Recommendation(ref=f"R{i}", section="Country level", title=f"Recommendation {i}", text=text or f"Text {i}.")
            for i in range(1, items + 1)
        ),
        status=RoundStatus.OPEN,
    )


@dataclass
class World:
    """The store, the clock and the engine."""

    store: MemoryStore
    clock: FixedClock
    engine: Engine

    @property
    def deps(self) -> Deps:
        return self.engine.deps

    async def invite(self, stakeholder: str = "FRA", role: Role = Role.FOCAL_POINT) -> str:
        """A fresh invitation code for a new participant."""
        async with self.store.uow() as uow:
            issued = await joining.issue(uow, self.deps, stakeholder=stakeholder, role=role)
            await uow.commit()
        return issued.code


def make_world(round_: Round | None = None, stakeholders: list[Stakeholder] | None = None) -> World:
    """A world whose store holds the stakeholders and one round (built synchronously, no await)."""
    store, clock = MemoryStore(), FixedClock(START)
    store.state.stakeholders = {s.code: s for s in stakeholders or STAKEHOLDERS}
    round_ = round_ or a_round()
    store.state.rounds = {round_.slug: round_}
    return World(store=store, clock=clock, engine=Engine(Deps(new_uow=store.uow, clock=clock)))


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta durations (v22.2+); otherwise PTB warns inside RetryAfter() on every 429.

    In production the warning is a DeprecationWarning and silent; the composition root may set
    PTB_TIMEDELTA=1 too. The sender reads retry_after either way.
    """
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as fake:
        yield fake


@pytest.fixture
async def polling(api: FakeTelegramAPI, world: World) -> AsyncIterator[TelegramChannel]:
    """The channel long-polling the fake Bot API (one reply a second per chat is tested apart: quicker here)."""
    sender = TelegramSender(token=api.token, api_url=api.base_url, pacer=Pacer(chat_period=0.05))
    channel = TelegramChannel(token=api.token, api_url=api.base_url, engine=world.engine, poll_timeout=1, sender=sender)
    async with channel.running():
        yield channel


async def processed(api: FakeTelegramAPI, channel: TelegramChannel, update_id: int) -> None:
    """Wait until the channel has fetched the update and finished everything it does with it."""
    await api.wait_until(lambda: api.confirmed(update_id))
    assert channel.application is not None
    await channel.application.update_queue.join()


async def say(api: FakeTelegramAPI, channel: TelegramChannel, user: int, text: str) -> list[dict[str, Any]]:
    """A user types; returns the messages the bot sent in reply."""
    before = len(api.messages(str(user)))
    await processed(api, channel, api.say(user, text))
    return api.messages(str(user))[before:]


async def press(api: FakeTelegramAPI, channel: TelegramChannel, user: int, label: str) -> list[dict[str, Any]]:
    """A user presses the newest button labelled `label...`; returns the messages sent in reply."""
    before = len(api.messages(str(user)))
    await processed(api, channel, api.press(user, label))
    return api.messages(str(user))[before:]
