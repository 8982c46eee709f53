"""The dispatcher over several batches: the next one is claimed while the previous one is still going
out, sends stay in order and within `concurrency`, and a failure stops claiming but not the rows held."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime

import pytest

from bot.delivery.dispatch import DispatchPolicy, dispatch_due
from bot.domain.model import Address, Delivery, DeliveryStatus, Reply
from bot.outreach import pushes
from bot.planning import jobs
from bot.ports import Deps
from tests.fakes import FakeUnitOfWork, MemoryStore
from tests.fakes.memory import FakeOutbox
from tests.unit.conftest import World


async def queue(world: World, count: int) -> list[str]:
    """`count` deliveries due now, one a minute apart in due order; their chats, in that order."""
    chats = [f"C{n:03}" for n in range(count)]
    async with world.uow() as uow:
        added = await uow.outbox.add_many(
            [
                Delivery(
                    kind="reminder",
                    dedupe_key=f"k{n:03}",
                    address=Address("slack", chat),
                    reply=Reply(text="hi"),
                    due_at=world.clock(),
                )
                for n, chat in enumerate(chats)
            ]
        )
        await uow.commit()
    assert len(added) == count
    return chats


def claimed(store: MemoryStore) -> int:
    """Rows claimed now (status sending)."""
    return sum(1 for d in store.state.deliveries.values() if d.status is DeliveryStatus.SENDING)


@dataclass
class Watching:
    """A Sender that yields to the event loop on every send, as a network call does, and notes for each
    send how many rows were claimed and how many sends were in flight."""

    store: MemoryStore
    fail_chats: set[str] = field(default_factory=set)
    sent: list[str] = field(default_factory=list)
    claimed_then: list[int] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0

    async def send(self, address: Address, reply: Reply) -> str:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        self.claimed_then.append(claimed(self.store))
        try:
            for _ in range(10):  # a round trip (a claim is 25: slow_claims)
                await asyncio.sleep(0)
            if address.chat in self.fail_chats:
                raise RuntimeError(f"unexpected failure for {address.chat}")
            self.sent.append(address.chat)
            return str(len(self.sent))
        finally:
            self.in_flight -= 1


class SlowClaims(FakeOutbox):
    """Claims that take a while, as a database round trip does: the workers go on sending meanwhile."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        super().__init__(uow)
        self.transaction = uow

    async def claim_due(self, *, now: datetime, owner: str, lease_until: datetime, limit: int) -> list[Delivery]:
        for _ in range(25):
            await asyncio.sleep(0)
        # The fake's transaction is a snapshot taken at entry; a database's UPDATE sees what is committed
        # when it runs: read again, so that the sends recorded meanwhile are not overwritten.
        await self.transaction.rollback()
        return await super().claim_due(now=now, owner=owner, lease_until=lease_until, limit=limit)


def slow_claims(world: World) -> Deps:
    """The world's dependencies, its units of work claiming slowly (SlowClaims)."""

    def new_uow() -> FakeUnitOfWork:
        uow = world.store.uow()
        uow.outbox = SlowClaims(uow)
        return uow

    return replace(world.engine.deps, new_uow=new_uow)


class TestSeveralBatches:
    async def test_the_next_batch_is_claimed_before_the_previous_one_is_sent(self, world: World) -> None:
        chats = await queue(world, 43)
        sender = Watching(world.store)
        outcome = await jobs.dispatch_tick(
            slow_claims(world), sender, owner="a", policy=DispatchPolicy(batch=10, concurrency=2)
        )
        assert outcome.sent == 43
        assert sender.sent == chats, "in due order"
        assert max(sender.claimed_then) > 10, "a second batch was claimed while the first was being sent"
        assert max(sender.claimed_then) <= 10 + 10 // 2 + 2, "at most one batch ahead of the half-sent one"
        assert sender.most_in_flight == 2
        assert claimed(world.store) == 0

    async def test_at_most_the_given_number_of_batches(self, world: World) -> None:
        await queue(world, 23)
        sender = Watching(world.store)
        outcome = await dispatch_due(
            slow_claims(world), sender, owner="a", policy=DispatchPolicy(batch=5, concurrency=3), batches=3
        )
        assert (outcome.claimed, len(sender.sent)) == (15, 15)
        assert claimed(world.store) == 0, "nothing is left claimed"

    async def test_one_batch_by_default(self, world: World) -> None:
        await queue(world, 7)
        sender = Watching(world.store)
        assert (await dispatch_due(world.engine.deps, sender, owner="a", policy=DispatchPolicy(batch=4))).sent == 4
        assert (await dispatch_due(world.engine.deps, sender, owner="a", policy=DispatchPolicy(batch=4))).sent == 3

    async def test_an_unexpected_failure_stops_claiming_the_claimed_rows_still_go_out(self, world: World) -> None:
        chats = await queue(world, 12)
        sender = Watching(world.store, fail_chats={chats[0]})
        with pytest.raises(RuntimeError, match="unexpected failure"):
            await jobs.dispatch_tick(
                slow_claims(world), sender, owner="a", policy=DispatchPolicy(batch=4, concurrency=1)
            )
        assert sender.sent == chats[1:4], "the rest of the first batch, and no further batch"
        statuses = [d.status for d in sorted(world.store.state.deliveries.values(), key=lambda d: d.dedupe_key)]
        assert statuses == [DeliveryStatus.SENDING] + [DeliveryStatus.SENT] * 3 + [DeliveryStatus.PENDING] * 8

    async def test_cancelled_the_rows_held_stay_claimed_for_take_back(self, world: World) -> None:
        await queue(world, 10)
        hung = asyncio.Event()

        class Hanging:
            async def send(self, address: Address, reply: Reply) -> str:
                hung.set()
                await asyncio.Event().wait()
                return ""

        work = asyncio.create_task(
            jobs.dispatch_tick(world.engine.deps, Hanging(), owner="a", policy=DispatchPolicy(batch=4, concurrency=2))
        )
        await asyncio.wait_for(hung.wait(), 5)
        work.cancel()
        with pytest.raises(asyncio.CancelledError):
            await work
        assert 4 <= claimed(world.store) <= 8
        assert all(d.status is not DeliveryStatus.SENT for d in world.store.state.deliveries.values())


class TestPushesInBulk:
    async def test_invitations_twice_queue_each_once(self, world: World) -> None:
        for code in ("FRA", "NOR", "BRA"):
            await world.person(code)
        async with world.uow() as uow:
            (round_,) = await uow.rounds.list()
            assert await pushes.invitations(uow, round_, world.clock()) == 3
            assert await pushes.invitations(uow, round_, world.clock()) == 0
            await uow.commit()
        assert sorted(d.kind for d in world.store.state.deliveries.values()) == ["invitation"] * 3
