"""The fake Telegram Bot API (tests/fakes/telegram_api.py) in a process of its own, for the benchmarks.

    async with RemoteTelegramAPI(token=TOKEN) as api:   # starts `python -m benchmarks.remote_fake`
        bot = Bot(TOKEN, base_url=api.base_url)          # the bot under test talks HTTP to the child
        await api.fail(status=None, times=None, delay=0.02)   # FakeTelegramAPI.fail, in the child
        shown = await api.last_messages([42, 43])        # each chat's newest message, in one request
        await api.sync()                                 # api.calls: every call so far, fetched in bulk
        await api.wait_until(lambda: len(api.calls) >= 10, within=5)
        await api.check()                                # every call answered 200, else RuntimeError

Why a process: the real Bot API is a server across a network, not code in the bot's process. In the
benchmark's own event loop the fake's work (reading the request, checking the HTML, storing and
answering) ran on the bot's loop and core, between the bot's own steps; in a child it has a loop and
a core of its own (the machine has two), and what is measured is the bot.

The child serves the Bot API on one port and a control API (aiohttp) on another, both on 127.0.0.1:
- POST /fail: a rule of FakeTelegramAPI.fail (the same arguments as JSON);
- POST /last: {"chats": [...]} -> {chat: its newest message, or null};
- GET /calls?since=N&wait=S: the calls from the N-th on (method, status, chat, text, at), after
  waiting up to S seconds for one to arrive when there is none yet.

`at` is FakeTelegramAPI's arrival time, time.monotonic(): on Linux CLOCK_MONOTONIC is one clock for
every process of the machine, so it compares with the parent's time.monotonic() as it is (the child
says its clock when it starts, and the parent checks that it lies between its own readings).

The child's lifetime is the parent's `async with`: it starts in a session of its own (a Ctrl-C in the
terminal reaches the parent only, whose exit then stops it), it exits when its standard input closes
(the parent stopped it or is gone, however it went), and it is terminated, then killed, if it lingers;
an interpreter exit kills a child still running.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import aiohttp
from aiohttp import web

from tests.fakes.telegram_api import Call, FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[1]
#: What the parent reads on the child's standard output once both servers listen (one JSON line).
HELLO = "remote-fake"


@dataclass(frozen=True)
class RemoteCall:
    """One Bot API call the child's fake received: its method (lower case), answer and text."""

    method: str
    status: int
    chat: str
    text: str  # the `text` parameter as sent (HTML), else the caption, else ""
    at: float  # arrival, time.monotonic() in the child: comparable with the parent's


class RemoteTelegramAPI:
    """FakeTelegramAPI run by `python -m benchmarks.remote_fake`, seen from the benchmark's process."""

    def __init__(self, *, token: str, start_within: float = 60.0) -> None:
        self.token = token
        #: The calls fetched so far, in the order the fake recorded them (sync() adds the newer ones).
        self.calls: list[RemoteCall] = []
        self._start_within = start_within
        self._process: asyncio.subprocess.Process | None = None
        self._session: aiohttp.ClientSession | None = None
        self._control = ""
        self.port = 0

    @property
    def base_url(self) -> str:
        """What to give ApplicationBuilder.base_url / Bot(base_url=...): the token is appended."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- lifecycle -------------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        try:
            await self._start()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _start(self) -> None:
        before = time.monotonic()
        process = self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.remote_fake", "--token", self.token, cwd=ROOT,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, start_new_session=True,
        )  # fmt: skip
        _started.add(process)
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), self._start_within)
        except TimeoutError:
            raise RuntimeError(f"the fake Bot API did not start within {self._start_within:g} s") from None
        if not line:
            code = await process.wait()
            raise RuntimeError(f"the fake Bot API exited at start (code {code}); see its error output above")
        hello = json.loads(line)
        if hello.get("hello") != HELLO:
            raise RuntimeError(f"unexpected first line from the fake Bot API: {line!r}")
        if not before <= hello["clock"] <= time.monotonic():
            raise RuntimeError("the fake's time.monotonic() is not this process's: its call times cannot be compared")
        self.port = int(hello["api"])
        self._control = f"http://127.0.0.1:{hello['control']}"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))

    async def close(self) -> None:
        """Stop the child: its standard input closed, then terminated, then killed (a few seconds each)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.returncode is None and process.stdin is not None:
                process.stdin.close()
            for stop in (None, process.terminate, process.kill):
                if process.returncode is not None:
                    break
                if stop is not None:
                    stop()
                try:
                    await asyncio.wait_for(process.wait(), 5.0)
                except TimeoutError:
                    continue
        finally:
            _kill(process)  # interrupted while waiting: never leave it behind
            _started.discard(process)

    # -- what the benchmark asks -----------------------------------------------------------------

    async def fail(
        self,
        method: str | None = None,
        *,
        chat: str | int | None = None,
        status: int | None = 429,
        times: int | None = 1,
        retry_after: int = 1,
        description: str = "",
        delay: float = 0.0,
    ) -> None:
        """FakeTelegramAPI.fail in the child: answer the next `times` matching calls with `status`, or delay them."""
        rule = {
            "method": method, "chat": None if chat is None else str(chat), "status": status, "times": times,
            "retry_after": retry_after, "description": description, "delay": delay,
        }  # fmt: skip
        await self._post("/fail", rule)

    async def last_messages(self, chats: Iterable[str | int]) -> dict[str, dict[str, Any]]:
        """The newest message of each chat as the fake stores it (its test-only keys too); absent if none."""
        found: dict[str, dict[str, Any] | None] = await self._post("/last", {"chats": [str(c) for c in chats]})
        return {chat: message for chat, message in found.items() if message is not None}

    async def sync(self, *, wait: float = 0.0) -> list[RemoteCall]:
        """Fetch the calls received since the last sync (waiting up to `wait` s for one); the new ones."""
        answer = await self._get("/calls", since=len(self.calls), wait=wait)
        fresh = [RemoteCall(**call) for call in answer["calls"]]
        self.calls.extend(fresh)
        return fresh

    async def wait_until(self, check: Callable[[], bool], *, within: float = 10.0, every: float = 0.05) -> None:
        """Wait until `check()` holds, checked on `calls` after each sync (one request per `every` s at most)."""
        async with asyncio.timeout(within):
            await self.sync()
            while not check():
                began = time.monotonic()
                await self.sync(wait=max(every, 1.0))
                await asyncio.sleep(max(0.0, every - (time.monotonic() - began)))

    async def check(self) -> None:
        """Every call the fake received so far answered 200; else RuntimeError with the first failure."""
        await self.sync()
        failed = [c for c in self.calls if c.status != 200]
        if failed:
            raise RuntimeError(f"{len(failed)} Bot API calls failed in the benchmark, e.g. {failed[0]}")

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        assert self._session is not None, "use RemoteTelegramAPI in `async with`"
        async with self._session.post(self._control + path, json=body) as response:
            response.raise_for_status()
            return await response.json()

    async def _get(self, path: str, **query: float) -> Any:
        assert self._session is not None, "use RemoteTelegramAPI in `async with`"
        async with self._session.get(self._control + path, params={k: str(v) for k, v in query.items()}) as response:
            response.raise_for_status()
            return await response.json()


#: Children started and not yet stopped by close(): what the interpreter's exit still kills.
_started: set[asyncio.subprocess.Process] = set()


@atexit.register
def _kill_all() -> None:
    for process in list(_started):
        _kill(process)


def _kill(process: asyncio.subprocess.Process) -> None:
    """Kill the child if it still runs (at interpreter exit, or after an interrupted close)."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the child and anything it started


# -- the child -------------------------------------------------------------------------------------


def _as_remote(call: Call) -> dict[str, Any]:
    text = call.params.get("text", call.params.get("caption", ""))
    return {
        "method": call.method, "status": call.status, "chat": call.chat,
        "text": text if isinstance(text, str) else "", "at": call.at,
    }  # fmt: skip


def control(api: FakeTelegramAPI) -> web.Application:
    """The control routes over the fake (see the module's docstring)."""

    async def fail(request: web.Request) -> web.Response:
        rule = await request.json()
        api.fail(rule.pop("method"), **rule)
        return web.json_response({"ok": True})

    async def last(request: web.Request) -> web.Response:
        chats = (await request.json())["chats"]
        return web.json_response({chat: shown[-1] if (shown := api.messages(chat)) else None for chat in chats})

    async def calls(request: web.Request) -> web.Response:
        since, wait = int(request.query.get("since", 0)), float(request.query.get("wait", 0))
        if wait > 0 and len(api.calls) <= since:
            with contextlib.suppress(TimeoutError):
                await api.wait_until(lambda: len(api.calls) > since, within=wait)
        return web.json_response({"calls": [_as_remote(call) for call in api.calls[since:]]})

    app = web.Application()
    app.router.add_post("/fail", fail)
    app.router.add_post("/last", last)
    app.router.add_get("/calls", calls)
    return app


async def serve(token: str) -> None:
    """Serve the fake and its control routes until standard input closes or SIGTERM arrives."""
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, done.set)
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    async with FakeTelegramAPI(token=token) as api:
        runner = web.AppRunner(control(api), shutdown_timeout=0.5, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            hello = {"hello": HELLO, "api": api.port, "control": runner.addresses[0][1], "clock": time.monotonic()}
            print(json.dumps(hello), flush=True)
            closed = asyncio.create_task(stdin.read())  # EOF: the parent closed the pipe, or is gone
            stopped = asyncio.create_task(done.wait())
            await asyncio.wait({closed, stopped}, return_when=asyncio.FIRST_COMPLETED)
            for task in (closed, stopped):
                task.cancel()
        finally:
            await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.remote_fake", description=__doc__.split("\n")[0])
    parser.add_argument("--token", required=True)
    asyncio.run(serve(parser.parse_args().token))
