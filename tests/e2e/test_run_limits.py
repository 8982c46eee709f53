"""`consultbot run` against a hostile client on loopback (issue 21, items 12 and 13).

Before: 1,100 partial requests to /slack/events exhausted file descriptors, /healthz timed out, the
log grew by 95 MB of tracebacks in 15 s, SIGTERM waited for ever; a 400 MB unsigned POST was read
whole into memory (RSS 904 MB). Now, with 2,000 partial connections, 2,000 clients that go away
mid-request and 400 MB bodies (declared and chunked) all at once, /healthz answers within 1 s,
RSS grows by less than 100 MB, the log stays under 1 MB, and SIGTERM ends the process within 10 s.
Everything is bounded in count and time and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import psutil
import pytest

from tests.e2e.test_run import ROOT, free_port
from tests.fakes.slack_api import FakeSlackApi

pytestmark = [pytest.mark.slow, pytest.mark.fake_server]

PARTIAL = 2_000
GONE = 2_000
BIG = 400 * 1024 * 1024
HEAD = "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[asyncio.subprocess.Process, str, Path]]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 3 * PARTIAL)), hard))  # this test's own sockets
    port = free_port()
    async with FakeSlackApi() as slack:
        env = {
            **os.environ,
            "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
            "CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-test-token",
            "CONSULTBOT_SLACK_SIGNING_SECRET": "test-signing-secret",
            "CONSULTBOT_SLACK_API_URL": slack.base_url,
            "CONSULTBOT_HTTP_PORT": str(port),
        }
        log = tmp_path / "run.log"
        with log.open("wb") as sink:
            process = await asyncio.create_subprocess_exec(
                sys.executable, str(ROOT / "main.py"), "run", env=env, stdout=sink, stderr=sink
            )
        try:
            async with httpx.AsyncClient() as client:
                for _ in range(300):
                    with contextlib.suppress(httpx.TransportError):
                        if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                            break
                    assert process.returncode is None, log.read_text()
                    await asyncio.sleep(0.1)
                else:
                    pytest.fail("consultbot run did not become healthy:\n" + log.read_text())
            yield process, f"http://127.0.0.1:{port}", log
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def partial(port: int, number: int) -> asyncio.StreamWriter | None:
    """Half a request head, or a whole head and half its body; then silence."""
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        if number % 2:
            writer.write(HEAD.encode())
        else:
            writer.write((HEAD + "Content-Length: 1000\r\n\r\n" + "{" * 300).encode())
        await writer.drain()
        return writer
    except OSError:
        return None


async def gone(port: int, number: int) -> None:
    """A client that sends part of a request and goes away."""
    with contextlib.suppress(OSError):
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write((HEAD + "Content-Length: 500\r\n\r\n{").encode() if number % 2 else HEAD.encode())
        await writer.drain()
        writer.transport.abort()


async def huge(port: int, *, chunked: bool) -> int:
    """400 MB of body, declared or chunked, sent until the server stops it; returns the bytes sent."""
    block, sent = b"x" * (1 << 20), 0
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        framing = "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {BIG}\r\n"
        writer.write((HEAD + framing + "\r\n").encode())
        while sent < BIG:
            writer.write(b"100000\r\n" + block + b"\r\n" if chunked else block)
            await asyncio.wait_for(writer.drain(), timeout=30)
            sent += len(block)
        writer.close()
    except (OSError, TimeoutError):
        pass
    return sent


class TestAHostileClientCannotExhaustTheService:
    async def test_partial_connections_disconnects_and_huge_bodies(
        self, running: tuple[asyncio.subprocess.Process, str, Path]
    ) -> None:
        """Health within 1 s, RSS +<100 MB, log <1 MB, SIGTERM exit within 10 s."""
        process, http, log = running
        port = int(http.rsplit(":", 1)[1])
        server = psutil.Process(process.pid)
        baseline = server.memory_info().rss
        peak = baseline
        log_before = log.stat().st_size

        async def sample() -> None:
            nonlocal peak
            while True:
                peak = max(peak, server.memory_info().rss)
                await asyncio.sleep(0.05)

        sampler = asyncio.create_task(sample())
        writers: list[asyncio.StreamWriter | None] = []
        try:
            bodies = [asyncio.create_task(huge(port, chunked=c)) for c in (False, True)]
            for start in range(0, PARTIAL, 200):
                writers += await asyncio.gather(*(partial(port, n) for n in range(start, start + 200)))
                await asyncio.gather(*(gone(port, n) for n in range(start, start + GONE * 200 // PARTIAL)))
            async with httpx.AsyncClient(timeout=1.0) as client:  # each must answer within 1 s
                for _ in range(5):
                    health = await client.get(f"{http}/healthz")
                    assert health.status_code == 200, health.text
            sent = await asyncio.gather(*bodies)
            assert all(n < BIG for n in sent), sent  # the server stopped both long before 400 MB
            async with httpx.AsyncClient(timeout=1.0) as client:
                assert (await client.get(f"{http}/healthz")).status_code == 200
        finally:
            sampler.cancel()
        assert peak - baseline < 100 * 1024 * 1024, f"RSS grew by {(peak - baseline) >> 20} MB"
        assert log.stat().st_size - log_before < 1024 * 1024, "the log grew by over 1 MB"

        process.send_signal(signal.SIGTERM)  # with the partial connections still open
        assert await asyncio.wait_for(process.wait(), timeout=10) == 0, log.read_text()[-3000:]
        for writer in writers:
            if writer is not None:
                writer.transport.abort()
        assert "Traceback" not in log.read_text()
