"""Leadership: the leader's parts run while the lease is held, stop when it is lost, resume when retaken."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from adapters.leadership import Leadership


class ScriptedLease:
    """A lease whose holder the test decides."""

    def __init__(self) -> None:
        self.free = True
        self.held = False
        self.released = False
        self.tries = 0
        self.tried_five_times = asyncio.Event()

    async def acquire(self) -> bool:
        self.tries += 1
        if self.tries >= 5:
            self.tried_five_times.set()
        if self.free:
            self.free, self.held = False, True
        return self.held

    async def alive(self) -> bool:
        return self.held

    async def release(self) -> None:
        self.released = True


async def test_the_leaders_parts_run_only_while_the_lease_is_held() -> None:
    lease = ScriptedLease()
    entered, left = asyncio.Event(), asyncio.Event()
    log: list[str] = []

    @asynccontextmanager
    async def lead() -> AsyncIterator[None]:
        log.append("lead")
        entered.set()
        try:
            yield
        finally:
            log.append("stop")
            left.set()

    leadership = Leadership(lease, lead, every=0.01)
    async with leadership.running():
        await asyncio.wait_for(entered.wait(), 5)
        assert leadership.state()["leader"] is True
        entered.clear()
        lease.held = False  # the lock's connection failed
        await asyncio.wait_for(left.wait(), 5)
        assert leadership.leader is False
        lease.free = True  # nobody holds it now: the next try takes it
        await asyncio.wait_for(entered.wait(), 5)
        assert leadership.terms == 2
    assert log == ["lead", "stop", "lead", "stop"]
    assert lease.released


async def test_a_follower_never_runs_the_leaders_parts() -> None:
    lease = ScriptedLease()
    lease.free = False  # another replica holds it
    ran: list[str] = []

    @asynccontextmanager
    async def lead() -> AsyncIterator[None]:
        ran.append("lead")
        yield

    leadership = Leadership(lease, lead, every=0.01)
    async with leadership.running():
        await asyncio.wait_for(lease.tried_five_times.wait(), 5)  # five campaign rounds: none may lead
    assert ran == []
    assert leadership.state()["leader"] is False


async def test_a_new_leader_lets_the_last_leaders_second_of_sends_pass_before_its_parts_start() -> None:
    """Telegram counts 30 sends a second across the bot: a new leader's pacer starts empty, so it
    waits out the pacing window the old leader may have spent before polling and sending."""
    lease = ScriptedLease()
    loop = asyncio.get_running_loop()
    entered = asyncio.Event()

    @asynccontextmanager
    async def lead() -> AsyncIterator[None]:
        entered.set()
        yield

    leadership = Leadership(lease, lead, every=0.01, handover=0.5)
    async with leadership.running():
        await asyncio.wait_for(leadership.wait_leading(), 5)
        became = loop.time()
        assert not entered.is_set()  # leading, its parts not started yet
        await asyncio.wait_for(entered.wait(), 5)
        assert loop.time() - became >= 0.45


async def test_a_replica_stopped_during_the_handover_never_starts_the_leaders_parts() -> None:
    lease = ScriptedLease()
    ran: list[str] = []

    @asynccontextmanager
    async def lead() -> AsyncIterator[None]:
        ran.append("lead")
        yield

    leadership = Leadership(lease, lead, every=0.01, handover=30)
    async with leadership.running():
        await asyncio.wait_for(leadership.wait_leading(), 5)
    assert ran == []
    assert lease.released
