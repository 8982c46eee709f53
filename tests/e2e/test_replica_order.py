"""Replicas in webhook mode: one delegate's presses, spread over two `consultbot run`, are stored in order, once each.

Two real processes on one PostgreSQL schema behind the same webhook URL list. The test plays
Telegram: each press is posted to a random replica a few milliseconds after the previous one
(without waiting for its answer), and posted again later to the other replica (a redelivery). The
revisions the database keeps must be the presses in the order they were made, one each.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text

from benchmarks.world import seed_world
from storage.tables import ResponseRow, RevisionRow
from tests.dbs import POSTGRESQL, fresh_database
from tests.e2e.test_replicas import Replica, start
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = [pytest.mark.fake_server, pytest.mark.postgres, pytest.mark.slow]

SECRET = "replica-order-secret"
USER = 7_100_001
#: Each press differs from the one before, so each must leave exactly one revision.
CYCLE = ("s", "o", "r", "n")
PRESSES = 24
WARM = 8  # other delegates, whose presses first open each replica's database connections
GAP = 1.0  # seconds between two presses (closer presses may be reordered: see README, Replicas)
HOLD = 1.5  # seconds the test holds the revisions table at first: presses pile up in both replicas


async def healthy(replica: Replica) -> None:
    for _ in range(300):
        if await replica.health():
            return
        assert replica.process.returncode is None, replica.log.read_text()
        await asyncio.sleep(0.1)
    pytest.fail(replica.log.read_text()[-3000:])


async def test_one_delegates_fast_presses_through_two_webhook_replicas_are_stored_in_order_once_each(
    tmp_path: Path,
) -> None:
    rng = random.Random(18)
    async with FakeTelegramAPI() as telegram, fresh_database(POSTGRESQL) as url:
        world = await seed_world(url, delegations=1 + WARM, items=3, account=lambda i: str(USER + i - 1))
        env = {
            **os.environ,
            "CONSULTBOT_DATABASE_URL": url,
            "CONSULTBOT_TELEGRAM_TOKEN": telegram.token,
            "CONSULTBOT_TELEGRAM_API_URL": telegram.base_url,
            "CONSULTBOT_TELEGRAM_WEBHOOK_URL": "https://bot.invalid/telegram/webhook",
            "CONSULTBOT_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "PTB_TIMEDELTA": "1",
        }
        replicas = [await start(env, tmp_path, n) for n in range(2)]
        try:
            for replica in replicas:
                await healthy(replica)
            async with httpx.AsyncClient(timeout=60) as client:

                async def screen(user: int) -> dict[str, object]:
                    sent = await client.post(
                        f"{telegram.base_url}{telegram.token}/sendMessage", data={"chat_id": user, "text": "R"}
                    )
                    result: dict[str, object] = sent.json()["result"]
                    return result

                async def post(replica: Replica, update: dict[str, object], after: float) -> int:
                    await asyncio.sleep(after)
                    answer = await client.post(
                        f"http://127.0.0.1:{replica.port}/telegram/webhook", json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    )  # fmt: skip
                    return answer.status_code

                # Others press at once on both replicas: connections are open, as in a service at work.
                warm = [
                    post(replica, telegram.press_update(USER + d, await screen(USER + d), "p:bench:R2:s"), 0.0)
                    for d in range(1, WARM + 1) for replica in replicas
                ]  # fmt: skip
                assert set(await asyncio.gather(*warm)) == {200}
                shown = await screen(USER)
                pressed = [CYCLE[k % len(CYCLE)] for k in range(PRESSES)]
                updates = [telegram.press_update(USER, shown, f"p:bench:R1:{code}") for code in pressed]

                posts = []
                for k, update in enumerate(updates):
                    first = rng.choice(replicas)
                    again = replicas[1 - replicas.index(first)]
                    posts.append(post(first, update, k * GAP))
                    posts.append(post(again, update, k * GAP + 0.5))  # Telegram delivering it once more
                # A slow database at first (the test holds the table every answer is written to): the
                # presses made meanwhile wait in both replicas at once, and must still go in order.
                async with world.engine.connect() as holder:
                    await holder.execute(text("LOCK TABLE revisions IN EXCLUSIVE MODE"))
                    pressing = asyncio.ensure_future(asyncio.gather(*posts))
                    await asyncio.sleep(HOLD)
                    await holder.commit()
                statuses = await pressing
            assert set(statuses) == {200}, statuses

            async with world.engine.connect() as connection:
                mine = (RevisionRow.stakeholder == "S00001", RevisionRow.ref == "R1")
                stored = await connection.execute(select(RevisionRow.position).where(*mine).order_by(RevisionRow.id))
                revisions = stored.scalars().all()
                final = (
                    await connection.execute(
                        select(ResponseRow.position).where(ResponseRow.stakeholder == "S00001", ResponseRow.ref == "R1")
                    )
                ).scalar_one()
            names = {"s": "support", "o": "oppose", "r": "reserve", "n": "no_position"}
            expected = [names[code] for code in pressed]
            assert list(revisions) == expected, (
                f"stored {[r[0] for r in revisions]}, pressed {[e[0] for e in expected]}"
            )
            assert final == names[pressed[-1]]
        finally:
            for replica in replicas:
                replica.process.send_signal(signal.SIGTERM)
            for replica in replicas:
                await asyncio.wait_for(replica.process.wait(), 30)
            await world.engine.dispose()
