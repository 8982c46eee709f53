"""Lifecycle changes racing other writers on PostgreSQL: `extend` against the scheduler's close, a silence
close against delegates' answers. Neither is lost, nothing is half-done.

On SQLite every transaction begins with BEGIN IMMEDIATE, so two writers never interleave; on
PostgreSQL they do. A unit of work here pauses right after its first read of the round, so that the
other writer commits in between, exactly as the race happens.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.coordinator import rounds as coordination
from bot.domain.errors import BadInput, Conflict
from bot.domain.model import Actor, Position, Response, Round, RoundMode, RoundStatus
from bot.planning import planner
from bot.ports import Responses, Rounds
from storage import SqlUnitOfWork
from tests.storage.conftest import NOW, NewUow, sample_round, seed

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
    """A real SqlUnitOfWork whose first read of a round pauses (or, set by a test, of the answers)."""

    rounds: Rounds | PausingRounds
    responses: Responses | PausingResponses

    def __init__(self, uow: SqlUnitOfWork, read: asyncio.Event, go: asyncio.Event) -> None:
        self._uow = uow
        self.rounds = PausingRounds(uow.rounds, read, go)
        self.responses = uow.responses

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


class PausingResponses:
    """The real responses repository; the first `progress` tells `read` and waits for `go`."""

    def __init__(self, responses: Any, read: asyncio.Event, go: asyncio.Event) -> None:
        self._responses, self._read, self._go = responses, read, go

    async def progress(self, round_slug: str) -> Any:
        found = await self._responses.progress(round_slug)
        if not self._read.is_set():
            self._read.set()
            await self._go.wait()
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._responses, name)


@pytest.mark.usefixtures("postgres_only")
class TestSilenceAgainstAnswers:
    async def test_an_answer_committed_while_the_silence_is_recorded_is_kept(self, new_uow: NewUow) -> None:
        """Closing a silence round reads what is unanswered, then records "no objection": an "oppose"
        committed in between stays, and the system adds no revision over it (issue 21, item 1)."""
        await seed(new_uow)
        async with new_uow() as uow:
            await uow.rounds.delete(SLUG)
            await uow.rounds.add(replace(sample_round(), mode=RoundMode.SILENCE))
            await uow.commit()
        read, go = asyncio.Event(), asyncio.Event()

        async def close() -> None:
            async with new_uow() as uow:
                uow_view = PausingUow(uow, asyncio.Event(), asyncio.Event())
                uow_view.rounds = uow.rounds  # no pause on the round; pause after reading the answers
                uow_view.responses = PausingResponses(uow.responses, read, go)
                await coordination.close_(uow_view, OPERATOR, SLUG, JUST_AFTER)
                await uow.commit()

        closing = asyncio.create_task(close())
        await read.wait()
        oppose = Response(round=SLUG, stakeholder="KEN", ref="R1", position=Position.OPPOSE, updated_at=NOW)
        async with new_uow() as uow:
            await uow.responses.save(oppose, coordination.revision_of(oppose))
            await uow.commit()
        go.set()
        await closing
        async with new_uow() as uow:
            kept = await uow.responses.get(SLUG, "KEN", "R1")
            assert kept is not None
            assert kept.position is Position.OPPOSE
            assert [r.position for r in await uow.responses.revisions(SLUG, "KEN") if r.ref == "R1"] == [
                Position.OPPOSE
            ]
            silent = await uow.responses.get(SLUG, "KEN", "R2")
            assert silent is not None
            assert silent.position is Position.NO_OBJECTION
