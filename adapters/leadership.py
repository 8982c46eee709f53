"""One leader among the replicas: it alone runs what must run once (the Telegram poller, the scheduler).

`Leadership.running()` campaigns in the background: it tries the lease every `every` seconds; once
held, it enters the leader's parts (`lead()`, an async context manager the composition root builds)
and checks every `every` seconds that the lease is still alive. A lease that is lost (its database
connection failed) stops the leader's parts at once; another replica's next try takes over. The
lease itself comes from storage (`storage/leases.py`): an advisory lock on PostgreSQL, a file lock
on SQLite.

A new leader waits `handover` seconds before its parts start: Telegram and Slack count sends per
second (30 a second in all, one a second a chat), and the leader that has just gone may have spent
this second's budget; its successor's pacer cannot know, so it lets that second pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from typing import Protocol

from bot.delivery.telemetry import TELEMETRY

log = logging.getLogger(__name__)


class Lease(Protocol):
    """The right to lead, held by at most one process at a time."""

    async def acquire(self) -> bool: ...

    async def alive(self) -> bool: ...

    async def release(self) -> None: ...


def _now() -> datetime:
    return datetime.now(UTC)


class Leadership:
    """Campaigns for the lease and runs `lead()` while it is held."""

    def __init__(
        self,
        lease: Lease,
        lead: Callable[[], AbstractAsyncContextManager[None]],
        *,
        every: float = 2.0,
        handover: float = 0.0,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.lease, self.lead, self.every, self._clock = lease, lead, every, clock
        self.handover = handover
        self.leader = False
        self.since: datetime = clock()
        TELEMETRY.set("leader", 0.0)
        TELEMETRY.set("leader_since_seconds", self.since.timestamp())
        self.terms = 0  # how many times this process became leader
        self._stop = asyncio.Event()
        self._leading = asyncio.Event()

    def state(self) -> dict[str, object]:
        """For /healthz: whether this replica leads, and since when."""
        return {"leader": self.leader, "since": self.since.isoformat(timespec="seconds")}

    async def wait_leading(self) -> None:
        """Wait until this process leads."""
        await self._leading.wait()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Campaign in the background; on exit stop leading and give the lease up."""
        task = asyncio.create_task(self._campaign())
        try:
            yield
        finally:
            self._stop.set()
            await task
            await self.lease.release()

    async def _campaign(self) -> None:
        while not self._stop.is_set():
            if await self.lease.acquire():
                await self._lead()
            else:
                await self._pause()

    async def _lead(self) -> None:
        self._became(True)
        log.info("this replica leads: it polls, schedules and dispatches")
        try:
            if self.handover:  # the last leader's sends of this second still count
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), timeout=self.handover)
                if self._stop.is_set():
                    return
            async with self.lead():
                while not self._stop.is_set() and await self.lease.alive():
                    await self._pause()
        finally:
            self._became(False)
            if not self._stop.is_set():
                log.error("leadership lost: the leader's parts stopped; trying to lead again")

    async def _pause(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=self.every)

    def _became(self, leader: bool) -> None:
        self.leader, self.since = leader, self._clock()
        TELEMETRY.set("leader", 1.0 if leader else 0.0)
        TELEMETRY.set("leader_since_seconds", self.since.timestamp())
        if leader:
            self.terms += 1
            self._leading.set()
        else:
            self._leading.clear()
