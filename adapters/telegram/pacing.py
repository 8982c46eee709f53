"""Pacing of outgoing messages within Telegram's limits: 30 a second overall, one a second per chat.

PTB's AIORateLimiter has no per-private-chat limit, so we keep our own. A slot is held from the
moment it is granted until `period` after its request *completed*. Telegram sees each request
somewhere in between, so the limits hold on its side whatever the network latency: any 31 requests
Telegram receives span more than a second, and two to one chat are a second apart.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

#: Forget a chat's last send after this many chats are remembered (their periods long over).
_PRUNE_AT = 1024


class Pacer:
    """Grants send slots: at most `overall` per `period`, one per chat per `chat_period`."""

    def __init__(
        self,
        *,
        overall: int = 30,
        period: float = 1.0,
        chat_period: float = 1.0,
        group_period: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.overall, self.period = overall, period
        self.chat_period, self.group_period = chat_period, group_period
        self._clock = clock
        self._done: deque[float] = deque()  # completion times of finished sends, oldest first
        self._busy = 0  # sends in flight
        self._chats: dict[str, float] = {}  # chat -> completion of its last send (inf while in flight)
        self._paused_until = 0.0
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def slot(self, chat: str) -> AsyncIterator[None]:
        """Hold a slot for one request to `chat` (requests to one chat are never concurrent)."""
        await self._acquire(chat)
        try:
            yield
        finally:
            await self._release(chat)

    def pause(self, seconds: float) -> None:
        """Grant nothing for `seconds` (Telegram answered 429 with retry_after)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def _acquire(self, chat: str) -> None:
        async with self._changed:
            while (wait := self._wait(chat)) != 0:
                try:
                    async with asyncio.timeout(wait):
                        await self._changed.wait()
                except TimeoutError:
                    pass
            self._busy += 1
            self._chats[chat] = math.inf

    async def _release(self, chat: str) -> None:
        async with self._changed:
            now = self._clock()
            self._busy -= 1
            self._done.append(now)
            self._chats[chat] = now
            if len(self._chats) > _PRUNE_AT:
                horizon = now - max(self.chat_period, self.group_period)
                self._chats = {c: at for c, at in self._chats.items() if at > horizon}
            self._changed.notify_all()

    def _wait(self, chat: str) -> float | None:
        """Seconds until a slot may be free (0: now; None: when a request in flight ends)."""
        now = self._clock()
        while self._done and self._done[0] <= now - self.period:
            self._done.popleft()
        waits = [self._paused_until - now]
        last = self._chats.get(chat)
        if last == math.inf:
            return None
        if last is not None:
            waits.append(last + (self.group_period if chat.startswith("-") else self.chat_period) - now)
        if self._busy + len(self._done) >= self.overall:
            if not self._done:
                return None
            waits.append(self._done[0] + self.period - now)
        longest = max(waits)
        return longest if longest > 0 else 0
