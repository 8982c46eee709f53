"""Benchmark: three `consultbot run` on one PostgreSQL database open a round for 1,000 delegates.

Real processes, long polling against the fake Bot API with Telegram's limits enforced (429 beyond
30 messages/s overall or 1/s per chat, 409 to a second getUpdates). The leader alone dispatches,
so the three send as one bot: the time from opening the round to the last invitation accepted is
compared with the ideal N/30 s, and the 429s and 409s are counted.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import update

from benchmarks.harness import Figure, Run
from benchmarks.world import database, seed_world
from bot.coordinator import rounds as coordination
from bot.domain.model import RoundStatus
from storage import SqlUnitOfWork, create_session_factory
from storage.tables import RoundRow
from tests.e2e.test_replicas import one_leader, start, stop
from tests.fakes.telegram_api import FakeTelegramAPI

NAME = "replicas"
RATE = 30.0
TARGET = 1.05
USERS = 7_300_000
INVITATION = "Consultation: Benchmark round"


async def run(bench: Run) -> None:
    """Three replicas, one round opened for `fanout` delegates; elapsed vs N/30, 429s and 409s."""
    delegates = bench.sizes.fanout
    if "postgresql" not in bench.sizes.databases.split(","):
        bench.details[NAME] = {"skipped": "needs PostgreSQL (--set databases=sqlite,postgresql)"}
        return
    bench.phase("replicas: seeding PostgreSQL", total=None)
    async with (
        FakeTelegramAPI(enforce_limits=True) as api,
        database("postgresql") as url,
    ):
        world = await seed_world(url, delegations=delegates, items=31, account=lambda i: str(USERS + i))
        async with world.engine.begin() as connection:
            await connection.execute(update(RoundRow).values(status=RoundStatus.DRAFT.value))
        env = {
            **os.environ,
            "CONSULTBOT_DATABASE_URL": url,
            "CONSULTBOT_TELEGRAM_TOKEN": api.token,
            "CONSULTBOT_TELEGRAM_API_URL": api.base_url,
            "PTB_TIMEDELTA": "1",
        }
        with tempfile.TemporaryDirectory(prefix="consultbot-replicas-") as scratch:
            replicas = [await start(env, Path(scratch), n) for n in range(3)]
            try:
                await one_leader(replicas, within=60)
                bench.phase(f"replicas: {delegates:,} invitations from three replicas", total=delegates)
                began = time.monotonic()
                async with SqlUnitOfWork(create_session_factory(world.engine)) as uow:
                    invited = await coordination.open_round(uow, None, world.round.slug, world.core().deps.clock())
                    await uow.commit()
                counted = 0
                while counted < invited and time.monotonic() - began < 10 * invited / RATE + 60:
                    now = sum(1 for c in api.calls_to("sendMessage") if INVITATION in str(c.params.get("text", "")))
                    bench.advance(now - counted)
                    counted = now
                    await asyncio.sleep(0.1)
                sent = [c for c in api.calls_to("sendMessage") if INVITATION in str(c.params.get("text", ""))]
                elapsed = (sent[-1].at - began) if sent else float("inf")
                first = (sent[0].at - began) if sent else float("inf")
            finally:
                await stop(replicas)
                await world.close()
    refused, conflicts = len(api.calls_with_status(429)), len(api.calls_with_status(409))
    ideal = invited / RATE
    bench.details[NAME] = {
        "replicas": 3,
        "delegates": delegates,
        "invitations_sent": len(sent),
        "responses_429": refused,
        "responses_409": conflicts,
        "seconds_open_to_last_invitation": elapsed,
        "seconds_open_to_first_invitation": first,
        "ideal_seconds": ideal,
    }
    bench.add(
        Figure(
            NAME, f"3 replicas, {invited:,} invitations (open → last accepted)", elapsed, "s",
            baseline="ideal N/30", baseline_value=ideal, ratio=elapsed / ideal, ratio_label="of ideal",
            target=f"≤ {TARGET}× ideal, 0 × 429",
            met=elapsed <= TARGET * ideal and not refused and len(sent) == invited,
            note=f"{refused} × 429, {conflicts} × 409; first invitation after {first:.1f} s (the dispatcher runs every "
            f"second); first to last {elapsed - first:.1f} s; real processes on PostgreSQL, limits enforced",
        )
    )  # fmt: skip
