"""bot.delivery.shown.ShownMarks on the real databases: "replies shown" notes go with the next transaction."""

from __future__ import annotations

import asyncio

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


async def test_notes_go_with_the_next_transaction_and_cost_none_of_their_own(new_uow: NewUow) -> None:
    """Three presses' replies shown: the next message's transaction writes the three notes."""
    ids = await _followed(new_uow, 3)
    marks = ShownMarks(new_uow, wait=60)
    for event in ids:
        marks.note("telegram", event)
    assert await _unshown(new_uow, ids) == ids  # waiting, in memory
    assert all(marks.waiting("telegram", event) for event in ids)
    async with new_uow() as uow:  # another message's transaction
        await marks.write_with(uow)
        await uow.commit()
    assert await _unshown(new_uow, ids) == []
    assert not marks.waiting("telegram", ids[0])
    assert marks.transactions == 0
    await marks.close()


async def test_a_note_alone_is_written_after_the_wait_in_a_transaction_of_its_own(new_uow: NewUow) -> None:
    """Nothing else happens: the note is written once the wait is over."""
    ids = await _followed(new_uow, 1)
    marks = ShownMarks(new_uow, wait=0.05)
    marks.note("telegram", ids[0])
    for _ in range(100):
        if not await _unshown(new_uow, ids):
            break
        await asyncio.sleep(0.02)
    assert await _unshown(new_uow, ids) == []
    assert marks.transactions == 1


async def test_notes_of_a_transaction_that_failed_go_with_the_next_one(new_uow: NewUow) -> None:
    """The carrying transaction rolled back (a conflict, the database away): the notes are given back."""
    ids = await _followed(new_uow, 2)
    marks = ShownMarks(new_uow, wait=60)
    for event in ids:
        marks.note("telegram", event)
    async with new_uow() as uow:
        taken = await marks.write_with(uow)
    marks.give_back(taken)  # left without commit: rolled back
    assert await _unshown(new_uow, ids) == ids
    async with new_uow() as uow:
        await marks.write_with(uow)
        await uow.commit()
    assert await _unshown(new_uow, ids) == []
    await marks.close()


async def test_at_shutdown_what_waits_is_written_and_a_database_away_loses_nothing_written(new_uow: NewUow) -> None:
    """`close` writes the notes still waiting; if the database is away they stay noted in memory, unwritten."""
    ids = await _followed(new_uow, 2)
    away = [True]

    def flaky() -> UnitOfWork:
        if away[0]:
            raise Unavailable("database unreachable")
        return new_uow()

    marks = ShownMarks(flaky, wait=60)
    marks.note("telegram", ids[0])
    await marks.close()  # logged, not raised
    assert marks.waiting("telegram", ids[0])
    away[0] = False
    marks.note("telegram", ids[1])
    await marks.close()
    assert await _unshown(new_uow, ids) == []
