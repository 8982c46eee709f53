"""Work done after the ack: tracked tasks, one error hook, and a way to wait until all is done.

Jobs of one `turn` run one after another in the order they were spawned; different turns' run at
once, at most `MAX_AT_ONCE` of them, as Telegram updates do (adapters/telegram/updates.py). A
person's events take their Slack user id as turn; posting the replies to an event is a job of its
own, in the turn of the person's DM, spawned once the event is stored (adapters/slack/listeners.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from bot.domain.errors import PermanentFailure, SendError

log = logging.getLogger(__name__)

T = TypeVar("T")
Apology = Callable[[], Awaitable[object]]
#: Jobs running at once (the others wait for a slot).
MAX_AT_ONCE = 64


class Background:
    """Runs jobs as tasks it keeps a reference to (asyncio holds only weak ones)."""

    def __init__(self, *, at_once: int = MAX_AT_ONCE) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._slots = asyncio.Semaphore(at_once)
        self._turns: dict[str, tuple[asyncio.Lock, int]] = {}

    def spawn(
        self, job: Coroutine[Any, Any, T], *, apology: Apology | None = None, turn: str | None = None
    ) -> asyncio.Task[T | None]:
        """Start `job` (after the earlier jobs of the same `turn`); its result, or None when it failed
        (failures are logged here, once)."""
        task = asyncio.create_task(self._guarded(self._in_turn(turn, job), apology))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def idle(self, *, grace: float | None = None) -> None:
        """Wait until no job is left (jobs may start others), or until `grace` seconds passed."""
        loop = asyncio.get_running_loop()
        deadline = None if grace is None else loop.time() + grace
        while self._tasks:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                log.warning("slack: %d background jobs still running", len(self._tasks))
                return
            await asyncio.wait(set(self._tasks), timeout=left)

    async def _in_turn(self, turn: str | None, job: Coroutine[Any, Any, T]) -> T:
        """Wait for the person's earlier jobs (asyncio's locks are first come, first served), then a slot."""
        if turn is None:
            async with self._slots:
                return await job
        lock, waiting = self._turns.get(turn, (asyncio.Lock(), 0))
        self._turns[turn] = (lock, waiting + 1)
        try:
            async with lock, self._slots:
                return await job
        finally:
            lock, waiting = self._turns[turn]
            if waiting == 1:
                del self._turns[turn]
            else:
                self._turns[turn] = (lock, waiting - 1)

    @property
    def busy(self) -> int:
        """How many jobs are running."""
        return len(self._tasks)

    @staticmethod
    async def _guarded(job: Coroutine[Any, Any, T], apology: Apology | None) -> T | None:
        """The adapter's one error hook for work after the ack: log, then apologise if we can."""
        try:
            return await job
        except PermanentFailure as error:  # Slack refused what we built: a bug; the person hears of it
            log.error("slack: our answer was refused (%s); apologising", error)
        except SendError as error:
            log.warning("slack: could not answer: %s", error)
            return None
        except Exception:
            log.exception("slack: handling a request failed")
        if apology is not None:
            try:
                await apology()
            except SendError as error:
                log.warning("slack: could not apologise: %s", error)
        return None
