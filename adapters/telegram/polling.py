"""Long polling that confirms an update to Telegram only once it has been processed.

PTB's Updater confirms a batch (the next getUpdates' offset) as soon as it has fetched it, before
any of it is processed: a leader killed with updates in its queue loses them, and the replica that
takes over never sees them. Here the offset moves past an update only when its processing has
ended (and so has committed, or been refused, in the database); a killed leader's unprocessed
updates are fetched again by the next leader, and those it had processed are recognised there by
their event id (bot.engine) and have no second effect.

Updates go through the Application's update processor (adapters/telegram/updates.py): different
chats concurrently, one chat in order, a bounded number at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

log = logging.getLogger(__name__)

#: While updates are in flight, the next getUpdates hands them back; wait this long for one to end first.
SETTLE = 0.1


class ConfirmingPoller:
    """getUpdates in a loop; an update's id is confirmed after it is processed, not when fetched."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        *,
        timeout: float,
        allowed_updates: Sequence[str],
    ) -> None:
        self._app, self._timeout, self._allowed = app, timeout, list(allowed_updates)
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._finished: set[int] = set()  # processed, but an earlier one is still in flight
        self._next = 0  # every update below this id is processed (0: nothing fetched yet)
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Remove any webhook (pending updates are kept), then poll in the background."""
        await self._app.bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._loop(), name="telegram-poller")

    async def stop(self) -> None:
        """Stop fetching, let the updates in flight finish, then confirm them to Telegram."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if self._in_flight:
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)
        self._advance()
        if self._next:
            with contextlib.suppress(TelegramError):  # not confirmed: the next poller sees them, as duplicates
                await self._app.bot.get_updates(offset=self._next, timeout=0, limit=1)

    async def _loop(self) -> None:
        pause = 0.0
        while True:
            if pause:
                await asyncio.sleep(pause)
            try:
                updates = await self._app.bot.get_updates(
                    offset=self._next or None,
                    timeout=timedelta(seconds=0 if self._in_flight else self._timeout),
                    allowed_updates=self._allowed,
                )
            except RetryAfter as error:
                pause = _seconds(error.retry_after)
                continue
            except InvalidToken:
                log.error("telegram: the token was refused; polling stopped")
                return
            except Conflict:
                log.error("telegram: another getUpdates is running for this bot (a second poller?); retrying")
                pause = 2.0
                continue
            except (TimedOut, NetworkError) as error:
                log.warning("telegram: getUpdates failed (%s); retrying", type(error).__name__)
                pause = min(max(pause * 2, 0.5), 10.0)
                continue
            pause = 0.0
            known = self._in_flight.keys() | self._finished
            fresh = [u for u in updates if u.update_id >= self._next and u.update_id not in known]
            for update in fresh:
                self._in_flight[update.update_id] = asyncio.create_task(self._process(update))
            if updates and not self._in_flight:
                self._next = max(self._next, updates[-1].update_id + 1)
            if not fresh and self._in_flight:
                await asyncio.wait(set(self._in_flight.values()), timeout=SETTLE, return_when=asyncio.FIRST_COMPLETED)
            self._advance()

    async def _process(self, update: Update) -> None:
        app = self._app
        try:
            await app.update_processor.process_update(update, app.process_update(update))
        except Exception:  # the handlers' own errors went to the error handler; this is a bug
            log.exception("telegram: processing update %s failed", update.update_id)

    def _advance(self) -> None:
        """Move the offset past every processed update below the lowest still in flight."""
        for uid in [uid for uid, task in self._in_flight.items() if task.done()]:
            del self._in_flight[uid]
            self._finished.add(uid)
        if not self._finished:
            return
        if self._in_flight:
            self._next = max(self._next, min(self._in_flight))
        else:
            self._next = max(self._next, max(self._finished) + 1)
        self._finished = {uid for uid in self._finished if uid >= self._next}


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
