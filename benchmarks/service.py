"""`consultbot run` as a real process on SQLite, Telegram and Slack pointed at the local fake servers."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from storage.tables import IdentityRow, ParticipantRow
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "bench-signing-secret"
SLACK_TOKEN = "xoxb-bench-token"
TELEGRAM_TOKEN = "123456:BENCH-token"


@dataclass
class Service:
    """The running process, its database file and how to reach it."""

    process: asyncio.subprocess.Process
    http: str
    database: Path
    telegram: FakeTelegramAPI
    slack: FakeSlackApi

    def rss_mb(self) -> float:
        """The process's resident memory now, in MB."""
        return float(psutil.Process(self.process.pid).memory_info().rss) / 2**20

    async def settled_rss_mb(self, seconds: float = 2.0) -> float:
        """Resident memory once it stops moving: the largest of a few samples over `seconds`."""
        samples = []
        for _ in range(max(1, int(seconds / 0.25))):
            samples.append(self.rss_mb())
            await asyncio.sleep(0.25)
        return max(samples)

    def add_delegates(self, count: int, *, channel: str, first_id: int = 100_000) -> list[tuple[str, str]]:
        """Participants of the registry's Member States with an identity each; (account, chat) pairs."""
        connection = sqlite3.connect(self.database, timeout=30)
        try:
            codes = [row[0] for row in connection.execute("SELECT code FROM stakeholders WHERE kind = 'member_state'")]
            people, identities, pairs = [], [], []
            for n in range(count):
                pid = first_id + n
                account, chat = (f"T1:UB{pid}", f"DUB{pid}") if channel == "slack" else (str(pid), str(pid))
                people.append((pid, codes[n % len(codes)], "delegate", f"Delegate {pid}", "en", "UTC"))
                identities.append((pid, channel, account, pid, chat, True))
                pairs.append((account, chat))
            with connection:
                connection.executemany(
                    f"INSERT INTO {ParticipantRow.__tablename__} (id, stakeholder, role, name, language, timezone) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    people,
                )
                connection.executemany(
                    f"INSERT INTO {IdentityRow.__tablename__} (id, channel, account, participant_id, chat, reachable) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    identities,
                )
        finally:
            connection.close()
        return pairs


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def running() -> AsyncIterator[Service]:
    """Start `consultbot run` on a fresh database with the registry and the sample round, opened as a
    coordinator does (only `demo` creates the sample round by itself)."""
    with tempfile.TemporaryDirectory(prefix="consultbot-bench-run-") as scratch:
        async with FakeTelegramAPI(token=TELEGRAM_TOKEN) as telegram, FakeSlackApi() as slack:
            port = free_port()
            database = Path(scratch) / "run.db"
            env = {
                **os.environ,
                "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
                "CONSULTBOT_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
                "CONSULTBOT_TELEGRAM_API_URL": telegram.base_url,
                "CONSULTBOT_SLACK_BOT_TOKEN": SLACK_TOKEN,
                "CONSULTBOT_SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "CONSULTBOT_SLACK_API_URL": slack.base_url,
                "CONSULTBOT_HTTP_PORT": str(port),
                "PTB_TIMEDELTA": "1",
            }
            for args in (
                ("round", "create", str(ROOT / "config" / "rounds" / "a61-583.yaml")),
                ("round", "open", "a61-583"),
            ):
                prepared = await asyncio.create_subprocess_exec(
                    sys.executable, str(ROOT / "main.py"), *args, env=env, cwd=ROOT,
                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                )  # fmt: skip
                _, problems = await prepared.communicate()
                if prepared.returncode != 0:
                    raise RuntimeError(f"consultbot {' '.join(args)} failed: {problems.decode()}")
            log = Path(scratch) / "run.log"
            with log.open("wb") as sink:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, str(ROOT / "main.py"), "run", env=env, stdout=sink, stderr=sink, cwd=ROOT
                )
            service = Service(process, f"http://127.0.0.1:{port}", database, telegram, slack)
            try:
                await _healthy(service, log)
                yield service
            finally:
                if process.returncode is None:
                    process.terminate()
                    try:
                        await asyncio.wait_for(process.wait(), timeout=30)
                    except TimeoutError:
                        process.kill()
                        await process.wait()


async def _healthy(service: Service, log: Path) -> None:
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{service.http}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if service.process.returncode is not None:
                break
            await asyncio.sleep(0.1)
    tail = await asyncio.to_thread(log.read_text)
    raise RuntimeError("consultbot run did not become healthy:\n" + tail[-3000:])
