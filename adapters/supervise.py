"""Keeps each channel running: one that cannot start is retried with back-off, the others go on.

A channel is anything with a `running()` async context manager (Telegram's Application, Slack's
Socket Mode and session, ...). `Supervisor.start()` enters every channel's context in a task of its
own: a start that fails with `ChannelUnavailable` (a refused token, an unreachable API) is one log
line naming the channel and the cause, never a traceback and never a secret, and is tried again
after 1, 2, 4 ... up to `max_delay` seconds. `states()` tells `/healthz` where each channel stands.

    supervisor = Supervisor({"telegram": telegram, "slack": slack})
    async with supervisor.running():       # returns at once; channels come up in the background
        ...
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from bot.domain.errors import ChannelUnavailable

log = logging.getLogger(__name__)


class Runnable(Protocol):
    """What the supervisor needs of a channel."""

    def running(self) -> AbstractAsyncContextManager[None]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelState:
    """Where one channel stands, as /healthz shows it."""

    state: str  # "starting", "up" or "down"
    since: datetime
    detail: str = ""

    def as_json(self) -> dict[str, str]:
        """The JSON form: state, since (ISO 8601), and the cause when down."""
        data = {"state": self.state, "since": self.since.isoformat(timespec="seconds")}
        return {**data, "detail": self.detail} if self.detail else data


def _now() -> datetime:
    return datetime.now(UTC)


class Supervisor:
    """Runs every channel's `running()` context; retries the ones that cannot start."""

    def __init__(
        self,
        channels: Mapping[str, Runnable],
        *,
        first_delay: float = 1.0,
        max_delay: float = 60.0,
        clock: Callable[[], datetime] = _now,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.channels = dict(channels)
        self.first_delay, self.max_delay = first_delay, max_delay
        self._clock, self._jitter = clock, jitter
        self._states = {name: ChannelState(state="starting", since=clock()) for name in self.channels}
        self._up = {name: asyncio.Event() for name in self.channels}
        self._stop = asyncio.Event()

    def states(self) -> dict[str, ChannelState]:
        """Each channel's state now."""
        return dict(self._states)

    async def wait_up(self, name: str) -> None:
        """Wait until the channel has started (tests and start-up logs use it)."""
        await self._up[name].wait()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start every channel in the background; on exit stop them, in reverse order of the table."""
        tasks = [asyncio.create_task(self._keep(name, channel)) for name, channel in self.channels.items()]
        try:
            yield
        finally:
            self._stop.set()
            for task in reversed(tasks):
                await task

    async def _keep(self, name: str, channel: Runnable) -> None:
        delay = self.first_delay
        while not self._stop.is_set():
            try:
                async with channel.running():
                    self._set(name, "up")
                    self._up[name].set()
                    delay = self.first_delay
                    await self._stop.wait()
                return
            except ChannelUnavailable as error:
                self._up[name].clear()
                self._set(name, "down", error.reason)
                wait = min(self.max_delay, max(delay, error.retry_after or 0.0)) * (0.8 + 0.4 * self._jitter())
                log.error("%s is unavailable: %s; trying again in %.0f s", name, error.reason, wait)
                delay = min(self.max_delay, delay * 2)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), timeout=wait)
            except Exception:  # a bug in a channel: it stays down, the service and the others go on
                self._set(name, "down", "failed to start (see the log)")
                log.exception("%s failed to start", name)
                return

    def _set(self, name: str, state: str, detail: str = "") -> None:
        self._states[name] = ChannelState(state=state, since=self._clock(), detail=detail)
