"""Noting that an event's replies are shown: written with this process's next transaction.

After an adapter has shown the replies to a Telegram update, the update's mark is noted "replied"
(its kept replies are dropped), so that a redelivery of the update does not show them again
(bot/engine.py). A transaction of its own for each note cost a busy replica a BEGIN, an UPDATE
and a COMMIT per button press, as much as a third of the press's own transaction. Here a note
waits in memory and goes with the next message's transaction in this process (`write_with`), or,
if none comes within `WAIT` seconds, in a transaction of its own; at shutdown, what is left is
written (`flush`).

What waiting costs: a note not yet written when the process is killed is lost, so a redelivery
of that update (Telegram redelivers only what it was not told was handled: with long polling,
the updates not yet confirmed; with a webhook, one not answered 200) shows its replies once
more. That was already so for a kill between showing the replies and noting it; the window grows
from milliseconds to at most `WAIT` seconds, and stays bounded by the updates in flight. This
process's own redeliveries read the notes still waiting (`waiting`), so they show nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.domain.errors import Unavailable
from bot.ports import UnitOfWork

log = logging.getLogger(__name__)

#: Seconds a note may wait for another transaction to carry it.
WAIT = 0.5

Note = tuple[str, str]  # (channel, event id)


class ShownMarks:
    """Notes "replies shown" for events, written with other transactions or on their own after WAIT."""

    def __init__(self, new_uow: Callable[[], UnitOfWork], *, wait: float = WAIT) -> None:
        self._new_uow = new_uow
        self._wait = wait
        self._waiting: dict[Note, None] = {}  # in the order noted
        self._timer: asyncio.TimerHandle | None = None  # the wait running now, if any
        self._writing: set[asyncio.Task[None]] = set()
        self.transactions = 0  # transactions of its own (tests and figures)

    def note(self, channel: str, event_id: str) -> None:
        """The event's replies are shown: the note waits for the next transaction (at most WAIT s)."""
        self._waiting[(channel, event_id)] = None
        self._start_waiting()

    def waiting(self, channel: str, event_id: str) -> bool:
        """Noted here and not written yet (a redelivery in this process shows nothing again)."""
        return (channel, event_id) in self._waiting

    async def write_with(self, uow: UnitOfWork) -> list[Note]:
        """Write the waiting notes in `uow`'s transaction; the caller commits, or gives them back
        (`give_back`) if the transaction fails."""
        taken, self._waiting = list(self._waiting), {}
        try:
            for channel, event_id in taken:
                await uow.inbound.replied(channel, event_id)
        except BaseException:
            self._keep(taken)
            raise
        return taken

    def give_back(self, taken: list[Note]) -> None:
        """Notes whose transaction did not commit: they wait for the next one."""
        if taken:
            self._keep(taken)
            self._start_waiting()

    async def flush(self) -> None:
        """Write every waiting note now, in a transaction of its own (at shutdown, or after the wait).
        If that fails, the notes wait for the next transaction or note (no retry loop during an outage)."""
        if not self._waiting:
            return
        taken: list[Note] = []
        try:
            async with self._new_uow() as uow:
                taken = await self.write_with(uow)
                await uow.commit()
                self.transactions += 1
        except BaseException:
            self._keep(taken)
            raise

    async def close(self) -> None:
        """At shutdown: no more waiting; what waits is written now (or logged as lost)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        try:
            await self.flush()
        except Unavailable as error:  # a redelivery would show those replies again; nothing is lost
            log.warning("could not note replies shown at shutdown: %s", error)

    def _keep(self, taken: list[Note]) -> None:
        """Notes not written after all: waiting again, before any noted since."""
        self._waiting = dict.fromkeys(taken) | self._waiting

    def _start_waiting(self) -> None:
        """A timer (not a task: nothing is left pending if the loop ends first) unless one runs."""
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._wait, self._waited)

    def _waited(self) -> None:
        self._timer = None
        task = asyncio.get_running_loop().create_task(self._write_alone())
        self._writing.add(task)
        task.add_done_callback(self._writing.discard)

    async def _write_alone(self) -> None:
        try:
            await self.flush()
        except Unavailable as error:  # they wait for the next transaction, or the next note's wait
            log.warning("could not note replies shown: %s", error)
            return
        if self._waiting:  # noted while this was written
            self._start_waiting()
