"""The HTTP server: channel webhooks (routes handed in by the composition root), health, metrics.

What one client may cost is bounded (issue 21: partial requests exhausted file descriptors, a 400 MB
body was read whole, SIGTERM waited for ever, disconnects filled the log):
- a request body is read here, before any route, at most MAX_BODY of it kept: a larger one gets 413
  (unread when its Content-Length says more than LINGER_BODY, else read and dropped so the client
  sees the answer), and one that takes longer than BODY_SECONDS gets 408 (BodyLimit);
- a connection that has not sent a whole request head within HEADER_SECONDS is closed, and beyond
  MAX_CONNECTIONS the oldest connection without a request in progress makes room (_GuardedH11);
- on stop, requests in progress get SHUTDOWN_SECONDS;
- repeated log lines about clients (disconnects, bad requests, limits) are rate-limited (QuietLog).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime

import uvicorn
from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.delivery.telemetry import FAMILIES, TELEMETRY, Telemetry

log = logging.getLogger(__name__)

#: The largest request body accepted (Slack and Telegram send a few kilobytes).
MAX_BODY = 1 << 20
#: A body up to this size beyond MAX_BODY is read and discarded before the 413, so that the client,
#: still sending, reads the answer rather than a reset connection; anything larger is cut off at once.
LINGER_BODY = 8 << 20
#: How long a client may take to send a request's head, and then its body.
HEADER_SECONDS = 10.0
BODY_SECONDS = 10.0
#: Open connections at most; the service's own file descriptors stay well below any ulimit.
MAX_CONNECTIONS = 400
#: On stop, how long requests in progress may take before they are cancelled.
SHUTDOWN_SECONDS = 5
#: Loggers that speak about clients, whose repeated lines are rate-limited.
CLIENT_LOGGERS = ("uvicorn.error", "asyncio", __name__)

HealthCheck = Callable[[], Awaitable[bool]]
#: Why the database cannot serve ("" when it can): preferred to HealthCheck, since it says why.
Diagnosis = Callable[[], Awaitable[str]]
Figures = Callable[[], Awaitable[Mapping[str, float]]]
#: What /healthz adds, as JSON: each channel's state (`channels`), whether this replica leads (`leader`).
Details = Callable[[], Mapping[str, object]]


async def _database_problem(health: HealthCheck, diagnose: Diagnosis | None) -> str:
    """Why the database cannot serve ("" when it can), within five seconds."""
    try:
        if diagnose is not None:
            return await asyncio.wait_for(diagnose(), timeout=5)
        return "" if await asyncio.wait_for(health(), timeout=5) else "the database check failed"
    except TimeoutError:
        log.warning("health check timed out")
        return "the database did not answer within 5 s"
    except OSError as error:
        log.warning("health check failed: %s", type(error).__name__)
        return f"the database cannot be reached ({type(error).__name__})"


class _Outage:
    """When the database's current problem was first seen, so /healthz can say "since"."""

    def __init__(self) -> None:
        self.problem = ""
        self.since = ""

    def seen(self, problem: str) -> list[dict[str, str]]:
        """The database's problem as a /healthz entry (none when it serves)."""
        if not problem:
            self.problem = self.since = ""
            return []
        if problem != self.problem:
            self.problem, self.since = problem, datetime.now(UTC).isoformat(timespec="seconds")
        return [{"part": "database", "reason": problem, "since": self.since}]


def _channel_problems(channels: object) -> list[dict[str, str]]:
    """The channels that are down, as /healthz entries: which, why (their own detail), since when."""
    if not isinstance(channels, Mapping):
        return []
    found = []
    for name, state in channels.items():
        if isinstance(state, Mapping) and state.get("state") == "down":
            reason = str(state.get("detail") or "down")
            found.append({"part": str(name), "reason": reason, "since": str(state.get("since", ""))})
    return found


class _FiguresCollector(Collector):
    """Exposes figures read at scrape time (counters kept by the core, counts from storage)."""

    def __init__(self) -> None:
        self.latest: Mapping[str, float] = {}

    def collect(self) -> Iterable[Metric]:
        for name, value in sorted(self.latest.items()):
            yield GaugeMetricFamily(f"consultbot_{name}", name.replace("_", " "), value=value)


class _TelemetryCollector(Collector):
    """Exposes bot.delivery.telemetry: outbox depth, sends and failures, 429s, inbound updates, scheduler runs."""

    def __init__(self, telemetry: Telemetry) -> None:
        self.telemetry = telemetry

    def collect(self) -> Iterable[Metric]:
        values = self.telemetry.snapshot()
        for name, family in FAMILIES.items():
            full = f"consultbot_{name}"
            metric: CounterMetricFamily | GaugeMetricFamily
            if family.kind == "counter":
                metric = CounterMetricFamily(full.removesuffix("_total"), family.help, labels=family.labels)
            else:
                metric = GaugeMetricFamily(full, family.help, labels=family.labels)
            for labels, value in sorted(values[name].items()):
                metric.add_metric([v for _, v in labels], value)
            yield metric


def build_app(
    routes: Sequence[BaseRoute],
    *,
    health: HealthCheck,
    figures: Figures,
    details: Details | None = None,
    diagnose: Diagnosis | None = None,
    telemetry: Telemetry = TELEMETRY,
) -> Starlette:
    """The Starlette app: the channels' routes plus GET /healthz and GET /metrics.

    /healthz answers JSON: `status`, `database`, each channel's state (`channels`), and `leader`
    (this process runs the poller, the scheduler and the dispatchers). 503 when the database cannot
    be reached; a channel that is down shows here while the service goes on serving the others.
    Whatever is wrong is listed in `problems` (part, reason, since), and summed up in `reason`:
    which part, why, since when; never a secret (reasons are the service's own words).
    """
    registry = CollectorRegistry(auto_describe=True)
    collector = _FiguresCollector()
    registry.register(collector)
    registry.register(_TelemetryCollector(telemetry))

    outage = _Outage()

    async def healthz(request: Request) -> Response:
        problem = await _database_problem(health, diagnose)
        extra = dict(details()) if details else {}
        problems = outage.seen(problem) + _channel_problems(extra.get("channels"))
        body: dict[str, object] = {
            "status": "unavailable" if problem else "ok",
            "database": "unavailable" if problem else "ok",
            **extra,
        }
        if problems:
            body["problems"] = problems
            body["reason"] = "; ".join(f"{p['part']}: {p['reason']} (since {p['since']})" for p in problems)
        return JSONResponse(body, status_code=503 if problem else 200)

    async def metrics(request: Request) -> Response:
        collector.latest = await figures()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    own = [Route("/healthz", healthz, methods=["GET"]), Route("/metrics", metrics, methods=["GET"])]
    app = Starlette(routes=[*routes, *own])
    app.add_middleware(BodyLimit)
    return app


class BodyLimit:
    """ASGI middleware: reads the request body before any route does, within MAX_BODY bytes and
    BODY_SECONDS, then hands it on whole; anything larger or slower is refused and the connection closed."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY, seconds: float = BODY_SECONDS) -> None:
        self.app = app
        self.max_body = max_body
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > LINGER_BODY):
            log.warning("refused a request body of %s bytes unread", declared[:20].decode(errors="replace"))
            await _refuse(send, 413, "Request body too large.")
            return
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.seconds):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        log.info("a client went away before sending its whole request")
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    more = message.get("more_body", False)
                    if size > self.max_body:
                        chunks.clear()  # what follows is only counted, never kept
                        if more and size <= LINGER_BODY:
                            continue
                        log.warning("refused a request body beyond %d bytes", self.max_body)
                        await _refuse(send, 413, "Request body too large.")
                        return
                    chunks.append(chunk)
                    if not more:
                        break
        except TimeoutError:
            log.warning("refused a request body not sent within %.0f s", self.seconds)
            await _refuse(send, 408, "Request body too slow.")
            return
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that gives the body read already, then waits for the disconnect as the server's would."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


class _Guard:
    """The connections of one server, oldest first among those that may be closed to make room:
    those waiting for a request head or still sending a body (nothing of ours works for them yet)."""

    def __init__(self, limit: int = MAX_CONNECTIONS) -> None:
        self.limit = limit
        self.open = 0
        self.waiting: OrderedDict[_GuardedH11, None] = OrderedDict()

    def make_room(self, newcomer: _GuardedH11) -> None:
        """Past the limit, close the connection that has waited longest (or the newcomer, if none may go)."""
        while self.open > self.limit:
            oldest = next((c for c in self.waiting if c is not newcomer), None)
            victim = oldest or newcomer
            log.warning("%d connections open: closed the one waiting longest for its request", self.open)
            victim.close_now()
            if victim is newcomer:
                return


class _GuardedH11(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head and a cap on open connections.

    uvicorn times out only idle keep-alive connections: a client that sends half a request head and
    waits holds its connection (and a file descriptor) for ever. Here the head must be complete within
    HEADER_SECONDS of the connection or of the previous response; and beyond MAX_CONNECTIONS the oldest
    connection still sending its head or body is closed to make room (in constant time), so that a
    flood of partial connections never locks out /healthz or a real webhook.
    """

    # Reads uvicorn's own state (self.connections, self.cycle and its more_body and response_complete,
    # self.transport, shutdown()): checked against uvicorn 0.54 (pinned), tests/e2e/test_run_limits.py guards it.
    guard: _Guard  # one per server: set by guarded_protocol()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_for: object = None
        self._counted = True
        self.guard.open += 1
        self._arm_head_timer()
        self.guard.make_room(self)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._head_for:  # a whole request head arrived
            self._disarm_head_timer()
            self._head_for = self.cycle
        if self.cycle is not None and not self.cycle.more_body:  # the whole request is in: ours to answer
            self.guard.waiting.pop(self, None)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._forget()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """On stop: a connection still sending its request goes at once; one being answered finishes."""
        if self in self.guard.waiting:
            self.close_now()
        else:
            super().shutdown()

    def close_now(self) -> None:
        """Abort the connection and stop counting it at once (the loop reports it lost later)."""
        self._forget()
        self.transport.abort()

    def _forget(self) -> None:
        self._disarm_head_timer()
        self.guard.waiting.pop(self, None)
        if getattr(self, "_counted", False):
            self._counted = False
            self.guard.open -= 1

    def _arm_head_timer(self) -> None:
        self._disarm_head_timer()
        self._head_for = self.cycle
        self.guard.waiting[self] = None
        self.guard.waiting.move_to_end(self)
        self._head_timer = self.loop.call_later(HEADER_SECONDS, self._head_timed_out)

    def _disarm_head_timer(self) -> None:
        timer, self._head_timer = getattr(self, "_head_timer", None), None
        if timer is not None:
            timer.cancel()

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is self._head_for and not self.transport.is_closing():  # still no new request head
            log.info("closed a connection that sent no whole request within %.0f s", HEADER_SECONDS)
            self.close_now()


def guarded_protocol(limit: int = MAX_CONNECTIONS) -> type[_GuardedH11]:
    """A protocol class for one server, with its own count of connections."""
    return type("GuardedH11", (_GuardedH11,), {"guard": _Guard(limit)})


class QuietLog(logging.Filter):
    """Lets through at most `burst` records of one kind (logger and message) per `period` seconds;
    the next one let through says how many were left out, and only the first of a kind keeps its traceback."""

    def __init__(self, *, burst: int = 5, period: float = 60.0) -> None:
        super().__init__()
        self.burst = burst
        self.period = period
        self._seen: dict[
            tuple[str, object], tuple[float, int, int]
        ] = {}  # kind -> (window start, let through, left out)

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, record.msg)
        now = time.monotonic()
        start, passed, dropped = self._seen.get(kind, (now, 0, 0))
        if now - start >= self.period:
            start, passed = now, 0
        if passed >= self.burst:
            self._seen[kind] = (start, passed, dropped + 1)
            return False
        if passed or dropped:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        if dropped:
            record.msg, record.args = f"{record.getMessage()} ({dropped} more like this left out)", ()
        if len(self._seen) > 1000:  # kinds are few; never let the table itself grow without bound
            self._seen.clear()
        self._seen[kind] = (start, passed + 1, 0)
        return True


@contextmanager
def quiet_client_logs(names: Sequence[str] = CLIENT_LOGGERS) -> Iterator[QuietLog]:
    """Rate-limit the loggers that speak about clients while the server runs."""
    quiet = QuietLog()
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield quiet
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signals to the composition root, which stops every part in order."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@asynccontextmanager
async def serving(app: Starlette, *, host: str, port: int) -> AsyncIterator[uvicorn.Server]:
    """Serve the app with uvicorn inside the caller's event loop until the context ends."""
    config = uvicorn.Config(
        app, host=host, port=port, log_config=None, lifespan="off", access_log=False, http=guarded_protocol(),
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
    )  # fmt: skip
    server = _QuietServer(config)
    with quiet_client_logs():
        task = asyncio.create_task(server.serve())
        while not server.started:
            if task.done():
                task.result()  # the server failed to start (port taken...): raise its error
            await asyncio.sleep(0.01)
        try:
            yield server
        finally:
            server.should_exit = True
            await task
