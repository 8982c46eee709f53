"""`consultbot run` as an operator starts it: a real process, restarted, killed, read through its HTTP server."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[2]
#: Slack's side of the HTTP events: the signing secret both ends know.
SIGNING_SECRET = "reliability-signing-secret-4f9a"
SLACK_TOKEN = "xoxb-reliability-bot-token-77c1"
WEBHOOK_SECRET = "reliability_webhook_secret_93bd"
#: Starting takes a few seconds (imports); a busy CI machine may take longer.
START_WITHIN = 90.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_env(
    *,
    database_url: str,
    port: int,
    telegram: FakeTelegramAPI | None = None,
    slack: FakeSlackApi | None = None,
    webhook: bool = False,
    log_level: str = "INFO",
    **extra: str,
) -> dict[str, str]:
    """The environment of `consultbot run` against the fakes (webhook: Telegram posts to our route)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSULTBOT_")}
    env |= {
        "CONSULTBOT_DATABASE_URL": database_url,
        "CONSULTBOT_HTTP_PORT": str(port),
        "CONSULTBOT_LOG_LEVEL": log_level,
        "PTB_TIMEDELTA": "1",
        "PYTHONUNBUFFERED": "1",
    }
    if telegram is not None:
        env |= {"CONSULTBOT_TELEGRAM_TOKEN": telegram.token, "CONSULTBOT_TELEGRAM_API_URL": telegram.base_url}
        if webhook:
            env |= {
                "CONSULTBOT_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook",
                "CONSULTBOT_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            }
    if slack is not None:
        env |= {
            "CONSULTBOT_SLACK_BOT_TOKEN": SLACK_TOKEN,
            "CONSULTBOT_SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "CONSULTBOT_SLACK_API_URL": slack.base_url,
        }
    return env | extra


@dataclass
class Service:
    """One `consultbot run` at a time on a fixed port and database; started, killed and started again."""

    env: dict[str, str]
    log: Path
    process: asyncio.subprocess.Process | None = None
    starts: int = 0
    kills: list[float] = field(default_factory=list)  # time.monotonic() of each SIGKILL
    start_seconds: list[float] = field(default_factory=list)  # how long each start took to be healthy

    @property
    def http(self) -> str:
        """The service's base URL."""
        return f"http://127.0.0.1:{self.env['CONSULTBOT_HTTP_PORT']}"

    @property
    def running(self) -> bool:
        """True while the process lives."""
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        """Start `consultbot run` and wait until /healthz answers 200."""
        assert not self.running, "already running"
        self.starts += 1
        began = time.monotonic()
        with self.log.open("ab") as sink:
            sink.write(f"\n===== start {self.starts} at {time.strftime('%H:%M:%S')} =====\n".encode())
            sink.flush()
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, str(ROOT / "main.py"), "run", env=self.env, stdout=sink, stderr=sink
            )
        await self.wait_healthy()
        self.start_seconds.append(round(time.monotonic() - began, 1))

    async def wait_healthy(self, within: float = START_WITHIN) -> None:
        """Wait for /healthz to answer 200 (the process must stay alive meanwhile)."""
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.returncode is not None:
                    raise AssertionError(f"consultbot run exited with {self.process.returncode}:\n{self.tail()}")
                try:
                    if (await client.get(f"{self.http}/healthz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"consultbot run did not become healthy in {within} s:\n{self.tail()}")

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine or the OOM killer takes the process."""
        assert self.process is not None
        self.kills.append(time.monotonic())
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()

    async def stop(self, signum: int = signal.SIGTERM, within: float = 60) -> int:
        """Stop with a signal (SIGTERM by default) and return the exit code."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signum)
        return await asyncio.wait_for(self.process.wait(), timeout=within)

    async def cli(self, *args: str, check: bool = True) -> tuple[int, str, str]:
        """Run `consultbot ARGS` with the same settings; (exit code, stdout, stderr)."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), *args, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
        if check:
            assert proc.returncode == 0, err.decode()
        assert proc.returncode is not None
        return proc.returncode, out.decode(), err.decode()

    async def metrics(self) -> dict[str, float]:
        """The Prometheus figures by name (consultbot_ prefix dropped)."""
        async with httpx.AsyncClient(timeout=5) as client:
            body = (await client.get(f"{self.http}/metrics")).text
        figures: dict[str, float] = {}
        for line in body.splitlines():
            if line.startswith("consultbot_"):
                name, _, value = line.partition(" ")
                figures[name.removeprefix("consultbot_")] = float(value)
        return figures

    def text(self) -> str:
        """Everything the process wrote so far (all starts)."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 60) -> str:
        """The end of the log, for failure messages."""
        return "\n".join(self.text().splitlines()[-lines:])

    async def close(self) -> None:
        """Make sure no process is left behind."""
        if self.running:
            assert self.process is not None
            self.process.kill()
            await self.process.wait()
