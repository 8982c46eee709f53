"""Replicas: one `consultbot run` leads (polls Telegram, schedules, dispatches); a killed leader is replaced.

Real processes on one PostgreSQL schema, long polling against the fake Bot API, which answers 409 to
a getUpdates overtaken by another, as Telegram does. On SQLite, a second process is refused.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import httpx
import pytest

from tests.dbs import POSTGRESQL, fresh_database
from tests.e2e.test_run import ROOT, free_port
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as api:
        yield api


class Replica:
    def __init__(self, process: asyncio.subprocess.Process, port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log

    async def health(self) -> dict[str, object] | None:
        try:
            async with httpx.AsyncClient(timeout=2) as client:
                data = (await client.get(f"http://127.0.0.1:{self.port}/healthz")).json()
        except (httpx.TransportError, ValueError):
            return None
        return data if isinstance(data, dict) else None


async def start(env: dict[str, str], tmp_path: Path, n: int) -> Replica:
    port = free_port()
    log = tmp_path / f"replica-{n}.log"
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), "run", env={**env, "CONSULTBOT_HTTP_PORT": str(port)},
            stdout=sink, stderr=sink,
        )  # fmt: skip
    return Replica(process, port, log)


async def leaders(replicas: list[Replica]) -> list[Replica]:
    found = []
    for replica in replicas:
        if replica.process.returncode is None and (data := await replica.health()) and data.get("leader") is True:
            found.append(replica)
    return found


async def one_leader(replicas: list[Replica], *, within: float) -> Replica:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = await leaders(replicas)
        if len(found) == 1:
            return found[0]
        assert len(found) < 2, "two replicas lead at once"
        await asyncio.sleep(0.2)
    pytest.fail("no replica took the lead in time:\n" + "\n".join(r.log.read_text()[-2000:] for r in replicas))


@pytest.mark.postgres
@pytest.mark.slow
async def test_one_of_three_replicas_polls_and_a_killed_leader_is_replaced_within_seconds(
    tmp_path: Path, telegram: FakeTelegramAPI
) -> None:
    async with fresh_database(POSTGRESQL) as url:
        env = {
            **os.environ,
            "CONSULTBOT_DATABASE_URL": url,
            "CONSULTBOT_TELEGRAM_TOKEN": telegram.token,
            "CONSULTBOT_TELEGRAM_API_URL": telegram.base_url,
            "PTB_TIMEDELTA": "1",
        }
        replicas = [await start(env, tmp_path, n) for n in range(3)]
        try:
            leader = await one_leader(replicas, within=60)
            for kill in range(2):
                # The leader's poller answers a delegate (an unknown code: the reply proves who polls).
                user = 7000 + kill
                telegram.say(user, "/start NOT-A-CODE")
                await telegram.wait_until(partial(_answered, telegram, user), within=20)
                # Followers say so for the poller; none of them polls.
                for replica in replicas:
                    if replica is not leader and (data := await replica.health()):
                        channels = data["channels"]
                        assert isinstance(channels, dict)
                        assert channels["telegram"]["state"] == "standby"

                leader.process.send_signal(signal.SIGKILL)
                await leader.process.wait()
                killed_at = time.monotonic()
                leader = await one_leader(replicas, within=15)
                took = time.monotonic() - killed_at
                assert took < 15, f"takeover took {took:.1f} s"

            telegram.say(7999, "/start NOT-A-CODE")
            await telegram.wait_until(lambda: bool(telegram.messages("7999")), within=20)
            assert telegram.calls_with_status(409) == [], "two pollers met"
        finally:
            for replica in replicas:
                if replica.process.returncode is None:
                    replica.process.send_signal(signal.SIGTERM)
            for replica in replicas:
                try:
                    await asyncio.wait_for(replica.process.wait(), 30)
                except TimeoutError:
                    replica.process.kill()
                    await replica.process.wait()


async def test_a_second_run_on_one_sqlite_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    env = {**os.environ, "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'one.db'}"}
    first = await start(env, tmp_path, 1)
    try:
        for _ in range(200):
            if await first.health():
                break
            assert first.process.returncode is None, first.log.read_text()
            await asyncio.sleep(0.1)
        second = await start(env, tmp_path, 2)
        assert await asyncio.wait_for(second.process.wait(), 60) == 2
        said = second.log.read_text()
        assert "another `consultbot run` is already using this SQLite database" in said
        assert "Traceback" not in said
        data = await first.health()
        assert data is not None
        assert data["leader"] is True
    finally:
        first.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(first.process.wait(), 30) == 0


def _answered(telegram: FakeTelegramAPI, user: int) -> bool:
    """The bot has written to this user's chat."""
    return bool(telegram.messages(str(user)))
