"""Slack's work after the ack: one person's jobs in the order they came, other people's meanwhile, bounded."""

from __future__ import annotations

import asyncio

from adapters.slack.background import Background


async def test_one_persons_jobs_run_in_order_and_others_meanwhile() -> None:
    background = Background()
    done: list[str] = []
    release = asyncio.Event()

    async def job(name: str, *, held: bool = False) -> None:
        if held:
            await asyncio.wait_for(release.wait(), 10)
        done.append(name)
        if name == "ben":
            release.set()  # Ben's job ran while Ana's first was still held

    background.spawn(job("ana 1", held=True), turn="U-ANA")
    background.spawn(job("ana 2"), turn="U-ANA")
    background.spawn(job("ben"), turn="U-BEN")
    await background.idle(grace=10)
    assert done == ["ben", "ana 1", "ana 2"]


async def test_no_more_jobs_at_once_than_the_bound() -> None:
    background = Background(at_once=3)
    running, most = 0, 0

    async def job() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1

    for person in range(10):
        background.spawn(job(), turn=f"U{person}")
    await background.idle(grace=10)
    assert most == 3
