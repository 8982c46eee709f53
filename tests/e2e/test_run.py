"""`consultbot run` as an operator starts it: a real process, both fake chat servers, SQLite, SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from asyncio.subprocess import PIPE
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.fake_server, pytest.mark.slow]  # `consultbot run` as a live service: `make test-all`


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Service:
    """The running process and how to reach it."""

    process: asyncio.subprocess.Process
    http: str
    env: dict[str, str]
    log: Path

    async def cli(self, *args: str) -> str:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), *args, env=self.env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
        assert proc.returncode == 0, err.decode()
        return out.decode()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as api:
        yield api


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as api:
        yield api


@pytest.fixture
async def service(tmp_path: Path, telegram: FakeTelegramAPI, slack: FakeSlackApi) -> AsyncIterator[Service]:
    port = free_port()
    env = {
        **os.environ,
        "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        "CONSULTBOT_TELEGRAM_TOKEN": telegram.token,
        "CONSULTBOT_TELEGRAM_API_URL": telegram.base_url,
        "CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-test-token",
        "CONSULTBOT_SLACK_SIGNING_SECRET": "test-signing-secret",
        "CONSULTBOT_SLACK_API_URL": slack.base_url,
        "CONSULTBOT_HTTP_PORT": str(port),
        "PTB_TIMEDELTA": "1",
    }
    # Only `demo` creates the sample round: here a coordinator creates and opens it.
    for args in (("round", "create", str(ROOT / "config" / "rounds" / "a61-583.yaml")), ("round", "open", "a61-583")):
        prepared = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), *args, env=env, stdout=PIPE, stderr=PIPE
        )
        _, problems = await prepared.communicate()
        assert prepared.returncode == 0, problems
    log = tmp_path / "run.log"
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), "run", env=env, stdout=sink, stderr=sink
        )
    service = Service(process=process, http=f"http://127.0.0.1:{port}", env=env, log=log)
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(200):
                try:
                    if (await client.get(f"{service.http}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.returncode is None, log.read_text()
                await asyncio.sleep(0.1)
            else:
                pytest.fail("consultbot run did not become healthy:\n" + log.read_text())
        yield service
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


class TestRun:
    async def test_a_telegram_delegate_joins_and_answers_then_sigterm_stops_cleanly(
        self, service: Service, telegram: FakeTelegramAPI
    ) -> None:
        """Invite with a deep link, /start CODE over long polling, a press; /metrics counts it; SIGTERM exits 0."""
        invitation = json.loads(await service.cli("invite", "NOR", "--role", "focal_point", "--json"))
        assert invitation["telegram"] == f"https://t.me/{telegram.username}?start={invitation['code']}"

        telegram.say(4242, f"/start {invitation['code']}")
        await telegram.wait_until(lambda: any("1 of 31" in m.get("text", "") for m in telegram.messages("4242")))
        telegram.press(4242, "Support")
        await telegram.wait_until(
            lambda: any("CL-1 recorded: Support" in m.get("text", "") for m in telegram.messages("4242"))
        )

        async with httpx.AsyncClient() as client:
            health = await client.get(f"{service.http}/healthz")
            metrics = await client.get(f"{service.http}/metrics")
        assert health.json()["status"] == "ok"
        assert {name: c["state"] for name, c in health.json()["channels"].items()} == {
            "console": "up", "telegram": "up", "slack": "up", "web": "up"
        }  # fmt: skip
        assert "consultbot_messages_handled_telegram_total 2.0" in metrics.text

        status = json.loads(await service.cli("round", "status", "a61-583", "--json"))
        norway = next(d for d in status["delegations"] if d["stakeholder"] == "NOR")
        assert (norway["state"], norway["answered"]) == ("in_progress", 1)

        service.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(service.process.wait(), timeout=30) == 0, service.log.read_text()
        assert "stopped" in service.log.read_text()
        assert telegram.token not in service.log.read_text()

    async def test_slack_events_are_served_and_forged_ones_refused(self, service: Service, slack: FakeSlackApi) -> None:
        """POST /slack/events exists on the HTTP server and checks signatures."""
        async with httpx.AsyncClient() as client:
            forged = await client.post(
                f"{service.http}/slack/events",
                content=b'{"type":"event_callback"}',
                headers={
                    "content-type": "application/json",
                    "x-slack-request-timestamp": "1",
                    "x-slack-signature": "v0=0",
                },
            )
        assert forged.status_code == 401
        service.process.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(service.process.wait(), timeout=30) == 0, service.log.read_text()
