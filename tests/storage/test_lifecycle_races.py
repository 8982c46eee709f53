"""`extend` racing the scheduler's close at the deadline, on PostgreSQL: neither is lost, nothing half-done.

On SQLite every transaction begins with BEGIN IMMEDIATE, so two writers never interleave; on
PostgreSQL they do. A unit of work here pauses right after its first read of the round, so that the
other writer commits in between, exactly as the race happens.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from bot import coordination, planner
from bot.errors import BadInput, Conflict
from bot.model import Actor, Round, RoundStatus
from storage import SqlUnitOfWork
from tests.storage.conftest import NewUow, sample_round, seed

OPERATOR = Actor.operator("cli:test")
SLUG = "doa-2026"
DEADLINE = sample_round().deadline
JUST_AFTER = DEADLINE + timedelta(minutes=1)
LATER = DEADLINE + timedelta(days=7)


class PausingRounds:
    """The real rounds repository; the first `get` tells `read` and waits for `go`."""

    def __init__(self, rounds: Any, read: asyncio.Event, go: asyncio.Event) -> None:
        self._rounds, self._read, self._go = rounds, read, go

    async def get(self, slug: str) -> Round | None:
        found: Round | None = await self._rounds.get(slug)
        if not self._read.is_set():
            self._read.set()
            await self._go.wait()
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rounds, name)


class PausingUow:
    """A real SqlUnitOfWork whose first read of a round pauses."""

    def __init__(self, uow: SqlUnitOfWork, read: asyncio.Event, go: asyncio.Event) -> None:
        self._uow = uow
        self.rounds = PausingRounds(uow.rounds, read, go)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)


@pytest.fixture
def postgres_only(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite serialises writers from their first read (BEGIN IMMEDIATE): no interleaving")


async def paused(new_uow: NewUow, work: Any, read: asyncio.Event, go: asyncio.Event) -> Any:
    async with new_uow() as uow:
        result = await work(PausingUow(uow, read, go))
        await uow.commit()
        return result


@pytest.mark.usefixtures("postgres_only")
class TestExtendAgainstTheDeadline:
    async def test_an_extend_that_read_before_the_close_is_refused_not_lost(self, new_uow: NewUow) -> None:
        """The scheduler closes while `extend` is between its read and its write: `extend` gets Conflict
        (the CLI tries again and is told the round is closed), never a new deadline on a closed round."""
        await seed(new_uow)
        read, go = asyncio.Event(), asyncio.Event()
        extending = asyncio.create_task(
            paused(
                new_uow,
                lambda uow: coordination.move_deadline(uow, OPERATOR, SLUG, LATER, JUST_AFTER),
                read,
                go,
            )
        )
        await read.wait()
        async with new_uow() as uow:
            assert await planner.close_due(uow, SLUG, JUST_AFTER) == 1
            await uow.commit()
        go.set()
        with pytest.raises(Conflict):
            await extending
        async with new_uow() as uow:
            closed = await uow.rounds.get(SLUG)
            assert closed is not None
            assert (closed.status, closed.deadline) == (RoundStatus.CLOSED, DEADLINE), "nothing half-done"
            with pytest.raises(BadInput, match="closed"):
                await coordination.move_deadline(uow, OPERATOR, SLUG, LATER, JUST_AFTER)

    async def test_a_close_that_read_before_the_extend_leaves_the_round_open(self, new_uow: NewUow) -> None:
        """`extend` commits while the scheduler is between its read and its close: the round stays open
        with the new deadline (the scheduler's pass counts nothing and looks again next time)."""
        await seed(new_uow)
        read, go = asyncio.Event(), asyncio.Event()
        closing = asyncio.create_task(paused(new_uow, lambda uow: planner.close_due(uow, SLUG, JUST_AFTER), read, go))
        await read.wait()
        async with new_uow() as uow:
            await coordination.move_deadline(uow, OPERATOR, SLUG, LATER, JUST_AFTER)
            await uow.commit()
        go.set()
        with pytest.raises(Conflict):
            await closing
        async with new_uow() as uow:
            still = await uow.rounds.get(SLUG)
            assert still is not None
            assert (still.status, still.deadline) == (RoundStatus.OPEN, LATER)
