"""Invitations to a newly opened round go out through the dispatcher and TelegramSender, paced."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Self

import pytest

from adapters.telegram import TelegramSender
from bot.coordinator import rounds as coordination
from bot.delivery.dispatch import dispatch_due
from bot.domain.model import DeliveryStatus, Identity, NewParticipant, Role, RoundStatus, Stakeholder
from bot.ports import Deps
from tests.adapters.telegram.conftest import World, a_round, make_world
from tests.fakes import MemoryStore
from tests.fakes.memory import FakeOutbox, FakeRegistry
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

FIRST_CHAT = 7_000_000


async def delegates(count: int) -> World:
    """A draft round and `count` delegates of 60 Member States, each bound to a Telegram chat."""
    holders = [Stakeholder(code=f"S{n:02d}", name=f"State {n}") for n in range(60)]
    world = make_world(replace(a_round(), status=RoundStatus.DRAFT), holders)
    async with world.store.uow() as uow:
        for n in range(count):
            person = NewParticipant(stakeholder=holders[n % 60].code, role=Role.DELEGATE, name=f"Delegate {n}")
            participant = await uow.registry.add_participant(person)
            chat = str(FIRST_CHAT + n)
            await uow.registry.bind_identity(
                Identity(channel="telegram", account=chat, participant_id=participant.id, chat=chat)
            )
        await uow.commit()
    return world


class DirectUnitOfWork:
    """The dispatcher's unit of work on a MemoryStore, writing in place.

    FakeUnitOfWork copies the whole store twice per transaction; with 300 delegates that is about
    70 ms per delivery, and the fake store, not the sender, would set the pace. The dispatcher's
    transactions each write one row, so writing in place changes nothing it relies on.
    """

    def __init__(self, store: MemoryStore) -> None:
        self.state = store.state
        self.outbox = FakeOutbox(self)  # type: ignore[arg-type]
        self.registry = FakeRegistry(self)  # type: ignore[arg-type]

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def commit(self) -> None:
        return None

    async def rollback(self) -> None:
        return None


async def open_and_dispatch(world: World, sender: TelegramSender, *, in_place: bool = False) -> None:
    """Open the round (invitations written to the outbox), then dispatch until nothing is due."""
    async with world.store.uow() as uow:
        await coordination.open_round(uow, None, "dao", world.clock())
        await uow.commit()
    deps = world.deps
    if in_place:
        deps = Deps(new_uow=lambda: DirectUnitOfWork(world.store), clock=world.clock)  # type: ignore[arg-type,return-value]
    while (await dispatch_due(deps, sender, owner="test")).claimed:
        pass


def most_in_one_second(times: list[float]) -> int:
    """The largest number of the times that fall in any one-second window."""
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times)), default=0)


class TestInvitations:
    @pytest.mark.slow
    async def test_300_delegates_invited_within_telegram_limits_despite_429s(self, api: FakeTelegramAPI) -> None:
        """At most 30 messages in any second, one per chat per second; each delegate invited exactly once."""
        world = await delegates(300)
        api.enforce_limits = True  # would answer 429 to any excess: none may happen
        api.fail("sendMessage", times=2, retry_after=1)
        api.fail("sendMessage", chat=FIRST_CHAT + 150, retry_after=1)
        async with TelegramSender(token=api.token, api_url=api.base_url) as sender:
            await open_and_dispatch(world, sender, in_place=True)

        accepted = api.calls_to("sendMessage")
        assert most_in_one_second([c.at for c in accepted]) <= 30
        for _, calls in itertools.groupby(sorted(accepted, key=lambda c: (c.chat, c.at)), key=lambda c: c.chat):
            assert most_in_one_second([c.at for c in calls]) <= 1
        assert len(api.calls_to("sendMessage", ok=False)) - len(accepted) == 3  # only the injected 429s
        chats = api.chats()
        assert sorted(chats) == sorted(str(FIRST_CHAT + n) for n in range(300))
        assert all(len(messages) == 1 for messages in chats.values())
        assert all(m[0]["text"].startswith("Consultation: Delivering as One") for m in chats.values())
        assert all(m[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Continue" for m in chats.values())
        statuses = {d.status for d in world.store.state.deliveries.values()}
        assert statuses == {DeliveryStatus.SENT}

    async def test_a_blocked_bot_marks_the_identity_unreachable(self, api: FakeTelegramAPI) -> None:
        """403 from sendMessage: the dispatcher marks that identity unreachable and the others are invited."""
        world = await delegates(3)
        blocked = str(FIRST_CHAT + 1)
        api.fail("sendMessage", chat=blocked, status=403, times=None)
        async with TelegramSender(token=api.token, api_url=api.base_url) as sender:
            await open_and_dispatch(world, sender)

        reachable = {i.chat: i.reachable for i in world.store.state.identities.values()}
        assert reachable == {str(FIRST_CHAT): True, blocked: False, str(FIRST_CHAT + 2): True}
        assert sorted(api.chats()) == [str(FIRST_CHAT), str(FIRST_CHAT + 2)]
        dead = [d for d in world.store.state.deliveries.values() if d.status is DeliveryStatus.DEAD]
        assert [(d.address.chat, d.last_error.split(":")[0]) for d in dead] == [(blocked, "unreachable")]
        assert len(api.calls_to("sendMessage", ok=False)) == 3  # no retry against a blocked bot
