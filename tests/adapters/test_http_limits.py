"""What one request may cost the HTTP server: its body is bounded in size and time, its log lines in number."""

from __future__ import annotations

import asyncio
import logging

import pytest
from starlette.types import Message, Receive, Scope, Send

from adapters.http import BODY_SECONDS, LINGER_BODY, MAX_BODY, BodyLimit, QuietLog


class Recorder:
    """An ASGI app that notes the body it was given."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.bodies.append((await receive())["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def scope(length: int | None = None) -> Scope:
    headers = [(b"content-length", str(length).encode())] if length is not None else []
    return {"type": "http", "method": "POST", "path": "/slack/events", "headers": headers}


async def call(app: BodyLimit, sc: Scope, receive: Receive) -> list[Message]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(sc, receive, send)
    return sent


class TestBodyLimit:
    async def test_a_declared_400_mb_body_is_refused_without_reading_a_byte(self) -> None:
        """Content-Length 400 MB: 413 and Connection: close; receive() is never called."""
        calls = 0

        async def receive() -> Message:
            nonlocal calls
            calls += 1
            return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

        inner = Recorder()
        sent = await call(BodyLimit(inner), scope(400 * 1024 * 1024), receive)
        assert sent[0]["status"] == 413
        assert (b"connection", b"close") in sent[0]["headers"]
        assert calls == 0
        assert inner.bodies == []

    async def test_an_undeclared_endless_body_is_cut_off_and_never_kept(self) -> None:
        """Chunked without end: read (and dropped) only up to the linger bound, then 413."""
        received = 0

        async def receive() -> Message:
            nonlocal received
            received += 65536
            return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

        sent = await call(BodyLimit(Recorder()), scope(), receive)
        assert sent[0]["status"] == 413
        assert MAX_BODY < received <= LINGER_BODY + 65536

    async def test_a_body_that_never_ends_is_refused_after_its_time(self) -> None:
        """A client that stops sending mid-body: 408 (a short limit here; BODY_SECONDS in service)."""
        assert BODY_SECONDS <= 10

        async def receive() -> Message:
            await asyncio.Event().wait()
            raise AssertionError

        sent = await call(BodyLimit(Recorder(), seconds=0.01), scope(10), receive)
        assert sent[0]["status"] == 408

    async def test_a_normal_body_reaches_the_route_whole(self) -> None:
        parts = iter([b'{"a":', b"1}"])

        async def receive() -> Message:
            part = next(parts)
            return {"type": "http.request", "body": part, "more_body": part != b"1}"}

        inner = Recorder()
        sent = await call(BodyLimit(inner), scope(7), receive)
        assert inner.bodies == [b'{"a":1}']
        assert sent[0]["status"] == 200


class TestQuietLog:
    def test_ten_thousand_disconnects_leave_a_handful_of_lines(self, caplog: pytest.LogCaptureFixture) -> None:
        """The same line 10,000 times: five pass, and only the first keeps its traceback."""
        logger = logging.getLogger("tests.quiet")
        quiet = QuietLog(burst=5, period=3600)
        logger.addFilter(quiet)
        try:
            with caplog.at_level(logging.INFO, logger="tests.quiet"):
                for _ in range(10_000):
                    try:
                        raise ConnectionResetError("gone")
                    except ConnectionResetError:
                        logger.exception("Exception in ASGI application")
        finally:
            logger.removeFilter(quiet)
        assert len(caplog.records) == 5
        assert caplog.records[0].exc_info is not None
        assert all(r.exc_info is None for r in caplog.records[1:])
