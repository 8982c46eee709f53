"""The supervisor: a channel that cannot start is retried with back-off while the others run."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from adapters.supervise import Supervisor
from bot.domain.errors import ChannelUnavailable


class Flaky:
    """Refuses to start `failures` times, then runs until stopped."""

    def __init__(self, failures: int) -> None:
        self.failures, self.attempts, self.stopped = failures, 0, False
        self.tried = asyncio.Event()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self.attempts += 1
        self.tried.set()
        if self.attempts <= self.failures:
            raise ChannelUnavailable("flaky", "the API refused the token")
        try:
            yield
        finally:
            self.stopped = True


class Broken:
    """A channel with a bug: raises something that is not ChannelUnavailable."""

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        raise ZeroDivisionError("bug")
        yield  # pragma: no cover


async def test_a_channel_that_cannot_start_is_retried_until_it_comes_up(caplog: pytest.LogCaptureFixture) -> None:
    flaky, steady = Flaky(failures=2), Flaky(failures=0)
    supervisor = Supervisor({"flaky": flaky, "steady": steady}, first_delay=0.01, max_delay=0.02, jitter=lambda: 0.5)
    with caplog.at_level(logging.ERROR):
        async with supervisor.running():
            await asyncio.wait_for(supervisor.wait_up("steady"), 5)
            await asyncio.wait_for(supervisor.wait_up("flaky"), 5)
            states = supervisor.states()
            assert (states["flaky"].state, states["steady"].state) == ("up", "up")
    assert flaky.attempts == 3
    assert flaky.stopped
    assert steady.stopped
    lines = [r.getMessage() for r in caplog.records if r.name == "adapters.supervise"]
    assert len(lines) == 2
    assert all(line.startswith("flaky is unavailable: the API refused the token; trying again in") for line in lines)
    assert not any(r.exc_info for r in caplog.records)  # one line each, no traceback


async def test_a_channel_that_is_down_says_why_and_the_others_stay_up() -> None:
    down, up = Flaky(failures=10**6), Flaky(failures=0)
    supervisor = Supervisor({"down": down, "up": up}, first_delay=0.01, max_delay=0.01)
    async with supervisor.running():
        await asyncio.wait_for(supervisor.wait_up("up"), 5)
        for _ in range(2):
            down.tried.clear()
            await asyncio.wait_for(down.tried.wait(), 5)
        state = supervisor.states()["down"]
        assert state.state == "down"
        assert state.as_json()["detail"] == "the API refused the token"
        assert supervisor.states()["up"].state == "up"


async def test_a_channel_with_a_bug_stays_down_without_stopping_the_others(caplog: pytest.LogCaptureFixture) -> None:
    up = Flaky(failures=0)
    supervisor = Supervisor({"broken": Broken(), "up": up}, first_delay=0.01)
    with caplog.at_level(logging.ERROR):
        async with supervisor.running():
            await asyncio.wait_for(supervisor.wait_up("up"), 5)
    assert supervisor.states()["broken"].state == "down"
    assert "broken failed to start" in caplog.text
