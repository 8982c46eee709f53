"""Pacing per channel: Slack allows about one message per second per channel, with short bursts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class Pace:
    """A token bucket per channel: `burst` messages at once, then `rate` per second.

    A caller reserves its slot before it sleeps, so concurrent senders to one channel queue up
    without a lock; a 429 for a channel pushes every later slot back by its Retry-After.
    """

    def __init__(self, *, rate: float = 1.0, burst: int = 3, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    async def wait(self, channel: str) -> None:
        """Return when the next message to `channel` may go."""
        delay = self.reserve(channel)
        if delay > 0:
            await asyncio.sleep(delay)

    def hold(self, channel: str, seconds: float) -> None:
        """Slack said to wait: nothing more goes to `channel` for `seconds`."""
        self._buckets[channel] = (-seconds * self.rate, self._clock())

    def reserve(self, channel: str) -> float:
        """Take the next slot for `channel`; the seconds to wait before using it."""
        now = self._clock()
        level, stamp = self._buckets.get(channel, (float(self.burst), now))
        level = min(float(self.burst), level + (now - stamp) * self.rate) - 1
        self._buckets[channel] = (level, now)
        if len(self._buckets) > 10_000:
            self._forget_idle(now)
        return -level / self.rate if level < 0 else 0.0

    def _forget_idle(self, now: float) -> None:
        """Drop channels whose bucket is full again, so the table stays small."""
        full_after = self.burst / self.rate
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < full_after}
