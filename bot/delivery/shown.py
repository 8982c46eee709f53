"""Noting that an event's replies are shown: many events in one transaction when they come together.

After an adapter has shown the replies to a Telegram update, the update's mark is noted "replied"
(its kept replies are dropped), so that a redelivery does not show them again (bot/engine.py). A
transaction of its own for each update cost a busy replica one BEGIN, one UPDATE and one COMMIT per
button press. Here the notes that arrive while one transaction is being written wait for it to end
and then go together in the next one, as a database's group commit does: alone, a note is written
at once, as before; with 64 presses in flight, a transaction carries all the notes that came in
meanwhile. Each caller still returns only once its own note is committed (or has failed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.ports import UnitOfWork


class ShownMarks:
    """`note(channel, event_id)`: committed with whatever other notes are waiting at that moment."""

    def __init__(self, new_uow: Callable[[], UnitOfWork]) -> None:
        self._new_uow = new_uow
        self._waiting: list[tuple[str, str]] = []
        self._next: asyncio.Future[None] | None = None  # resolved when the waiting notes are committed
        self._writer: asyncio.Task[None] | None = None
        self.transactions = 0  # how many were written (for tests and figures)

    async def note(self, channel: str, event_id: str) -> None:
        """Note that the event's replies are shown; returns once that is committed (or raises why not)."""
        self._waiting.append((channel, event_id))
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
            self._next.add_done_callback(_retrieved)
        committed = self._next
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        await asyncio.shield(committed)  # a caller cancelled does not cancel the others' commit

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            committed, self._next = self._next, None
            assert committed is not None, "a future comes with every waiting note"
            try:
                async with self._new_uow() as uow:
                    for channel, event_id in batch:
                        await uow.inbound.replied(channel, event_id)
                    await uow.commit()
            except Exception as error:  # each caller hears it (Unavailable: the database is away)
                committed.set_exception(error)
            else:
                committed.set_result(None)
            finally:
                self.transactions += 1


def _retrieved(future: asyncio.Future[None]) -> None:
    """Read a failure once, so that no "exception was never retrieved" is logged if every caller left."""
    if not future.cancelled():
        future.exception()
