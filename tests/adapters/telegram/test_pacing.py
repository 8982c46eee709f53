"""The pacer keeps sends within Telegram's limits, measured on when requests start and end."""

from __future__ import annotations

import asyncio
import itertools
import time

from adapters.telegram import Pacer


async def run(pacer: Pacer, chats: list[str], *, latency: float = 0.005) -> list[tuple[str, float, float]]:
    """Send once to each chat concurrently; returns (chat, start, end) of every request."""
    seen: list[tuple[str, float, float]] = []

    async def one(chat: str) -> None:
        async with pacer.slot(chat):
            start = time.monotonic()
            await asyncio.sleep(latency)
            seen.append((chat, start, time.monotonic()))

    await asyncio.gather(*(one(chat) for chat in chats))
    return sorted(seen, key=lambda s: s[1])


class TestPacer:
    async def test_one_chat_gets_one_message_per_period_and_never_two_at_once(self) -> None:
        """Each send to a chat starts a full period after the previous one to it ended."""
        seen = await run(Pacer(chat_period=0.05), ["42"] * 4, latency=0.02)
        assert all(later[1] - earlier[2] >= 0.05 for earlier, later in itertools.pairwise(seen))

    async def test_no_more_than_the_overall_limit_in_any_period(self) -> None:
        """Any `overall + 1` consecutive sends span more than a period, whatever the latency."""
        seen = await run(Pacer(overall=3, period=0.05), [str(n) for n in range(10)], latency=0.01)
        starts = [s[1] for s in seen]
        assert all(b - a >= 0.05 for a, b in zip(starts, starts[3:], strict=False))

    async def test_a_pause_holds_every_chat(self) -> None:
        """After a 429 nothing is sent until retry_after has passed."""
        pacer = Pacer()
        paused_at = time.monotonic()
        pacer.pause(0.1)
        seen = await run(pacer, ["1", "2"])
        assert min(s[1] for s in seen) - paused_at >= 0.1

    async def test_groups_are_paced_more_slowly(self) -> None:
        """Group chats (negative ids) allow about 20 messages a minute."""
        seen = await run(Pacer(chat_period=0.01, group_period=0.06), ["-100", "-100"])
        assert seen[1][1] - seen[0][2] >= 0.06
