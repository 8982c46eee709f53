"""Start-up an operator can trust: a refused Telegram token is one line, never the token, and heals by itself."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_run import ROOT, Service, free_port
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

#: The token the operator configured; the fake Bot API accepts another one until told otherwise.
CONFIGURED = "654321:CONFIGURED-secret-token"


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(token="111111:SOMETHING-else") as api:
        yield api


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as api:
        yield api


def environment(tmp_path: Path, telegram: FakeTelegramAPI, slack: FakeSlackApi, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        "CONSULTBOT_TELEGRAM_TOKEN": CONFIGURED,
        "CONSULTBOT_TELEGRAM_API_URL": telegram.base_url,
        "CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-test-token",
        "CONSULTBOT_SLACK_SIGNING_SECRET": "test-signing-secret",
        "CONSULTBOT_SLACK_API_URL": slack.base_url,
        "CONSULTBOT_HTTP_PORT": str(port),
        "PTB_TIMEDELTA": "1",
    }


async def command(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "main.py"), *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def health(service: Service) -> dict[str, object]:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{service.http}/healthz")
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert isinstance(data, dict)
    return data


def channel_state(data: dict[str, object], name: str) -> str:
    channels = data["channels"]
    assert isinstance(channels, dict)
    return str(channels[name]["state"])


@pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
async def test_a_refused_token_is_one_line_slack_keeps_serving_and_telegram_heals(
    tmp_path: Path, telegram: FakeTelegramAPI, slack: FakeSlackApi
) -> None:
    port = free_port()
    env = environment(tmp_path, telegram, slack, port)
    log = tmp_path / "run.log"
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), "run", env=env, stdout=sink, stderr=sink
        )
    service = Service(process=process, http=f"http://127.0.0.1:{port}", env=env, log=log)
    try:
        async with asyncio.timeout(30):
            while True:
                try:
                    data = await health(service)
                    if channel_state(data, "telegram") == "down" and channel_state(data, "slack") == "up":
                        break
                except httpx.TransportError:
                    pass
                assert process.returncode is None, log.read_text()
                await asyncio.sleep(0.1)
        channels = data["channels"]
        assert isinstance(channels, dict)
        assert "refused the bot token" in channels["telegram"]["detail"]
        assert data["status"] == "ok"

        # The invitation is still issued, with one line naming Telegram and no deep link.
        code, out, err = await command(env, "invite", "FRA", "--json")
        assert code == 0, err
        invitation = json.loads(out)
        assert invitation["code"]
        assert invitation["telegram"] == ""
        assert [line for line in err.splitlines() if line.strip()] == [
            "consultbot: telegram: the Bot API refused the bot token (CONSULTBOT_TELEGRAM_TOKEN); "
            "the invitation has no Telegram link"
        ]

        # Telegram starts accepting the token: the channel comes up by itself.
        telegram.token = CONFIGURED
        for _ in range(150):
            if channel_state(await health(service), "telegram") == "up":
                break
            await asyncio.sleep(0.2)
        else:
            pytest.fail("Telegram did not come up after the token was accepted")

        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = log.read_text()
    refused = [line for line in text.splitlines() if "telegram is unavailable" in line]
    assert refused
    assert all("refused the bot token" in line for line in refused)
    assert "Traceback" not in text
    for secret in (CONFIGURED, CONFIGURED.partition(":")[2]):
        assert secret not in text
        assert secret not in out
        assert secret not in err


@pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
async def test_run_check_reports_each_part_and_fails_on_a_refused_token(
    tmp_path: Path, telegram: FakeTelegramAPI, slack: FakeSlackApi
) -> None:
    env = environment(tmp_path, telegram, slack, free_port())
    code, out, err = await command(env, "run", "--check")
    assert code == 1
    assert "telegram" in out
    assert "FAILED" in out
    assert "refused the bot token" in out
    assert CONFIGURED.partition(":")[2] not in out + err

    telegram.token = CONFIGURED
    code, out, err = await command(env, "run", "--check")
    assert code == 0, out + err
    assert f"@{telegram.username}" in out
    assert "slack" in out
    assert "FAILED" not in out
