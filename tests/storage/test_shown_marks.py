"""bot.delivery.shown.ShownMarks on the real databases: replies-shown notes that come together share a transaction."""

from __future__ import annotations

import asyncio

import pytest

from bot.delivery.shown import ShownMarks
from bot.domain.errors import Unavailable
from bot.ports import UnitOfWork
from tests.storage.conftest import NOW, NewUow


async def _followed(new_uow: NewUow, count: int) -> list[str]:
    """`count` Telegram updates handled, each keeping its replies until they are said to be shown."""
    ids = [str(1000 + i) for i in range(count)]
    async with new_uow() as uow:
        for event in ids:
            await uow.inbound.claim("telegram", event, NOW, replied=False)
            await uow.inbound.keep_replies("telegram", event, f'[{{"text": "reply to {event}"}}]')
        await uow.commit()
    return ids


async def _unshown(new_uow: NewUow, ids: list[str]) -> list[str]:
    async with new_uow() as uow:
        return [event for event in ids if await uow.inbound.unreplied("telegram", event) is not None]


async def test_a_note_alone_is_written_at_once_in_its_own_transaction(new_uow: NewUow) -> None:
    """One press at a time: each note is committed before `note` returns, as before the grouping."""
    ids = await _followed(new_uow, 3)
    marks = ShownMarks(new_uow)
    for count, event in enumerate(ids, start=1):
        await marks.note("telegram", event)
        assert await _unshown(new_uow, ids) == ids[count:]
    assert marks.transactions == 3


async def test_notes_that_come_together_share_a_transaction_and_each_returns_once_committed(new_uow: NewUow) -> None:
    """64 presses answered at once: a handful of transactions, not 64; every mark noted."""
    ids = await _followed(new_uow, 64)
    marks = ShownMarks(new_uow)
    await asyncio.gather(*(marks.note("telegram", event) for event in ids))
    assert await _unshown(new_uow, ids) == []
    assert marks.transactions <= 2  # the first note's own, then all that came while it was written


async def test_a_failed_transaction_is_told_to_every_note_in_it_and_the_next_ones_still_go(new_uow: NewUow) -> None:
    """The database away for one transaction: each of its callers hears Unavailable (the engine logs
    it: a redelivery would show the replies again); notes after it are written."""
    ids = await _followed(new_uow, 4)
    failing = [True]

    def flaky() -> UnitOfWork:
        if failing[0]:
            failing[0] = False
            raise Unavailable("database unreachable")
        return new_uow()

    marks = ShownMarks(flaky)
    outcomes = await asyncio.gather(*(marks.note("telegram", e) for e in ids[:2]), return_exceptions=True)
    assert [type(o) for o in outcomes] == [Unavailable, Unavailable]
    await marks.note("telegram", ids[2])
    assert await _unshown(new_uow, ids) == [ids[0], ids[1], ids[3]]


async def test_a_caller_that_gives_up_does_not_stop_the_others_commit(new_uow: NewUow) -> None:
    """A handler cancelled (a shutdown, a timeout) while its note is being written: the others' notes still go."""
    ids = await _followed(new_uow, 2)
    marks = ShownMarks(new_uow)
    leaving = asyncio.ensure_future(marks.note("telegram", ids[0]))
    staying = asyncio.ensure_future(marks.note("telegram", ids[1]))
    await asyncio.sleep(0)
    leaving.cancel()
    await staying
    with pytest.raises(asyncio.CancelledError):
        await leaving
    assert await _unshown(new_uow, ids) == []
