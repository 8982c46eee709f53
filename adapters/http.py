"""The HTTP server: channel webhooks (routes handed in by the composition root), health, metrics."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager

import uvicorn
from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.telemetry import FAMILIES, TELEMETRY, Telemetry

log = logging.getLogger(__name__)

HealthCheck = Callable[[], Awaitable[bool]]
Figures = Callable[[], Awaitable[Mapping[str, float]]]
#: What /healthz adds, as JSON: each channel's state (`channels`), whether this replica leads (`leader`).
Details = Callable[[], Mapping[str, object]]


class _FiguresCollector(Collector):
    """Exposes figures read at scrape time (counters kept by the core, counts from storage)."""

    def __init__(self) -> None:
        self.latest: Mapping[str, float] = {}

    def collect(self) -> Iterable[Metric]:
        for name, value in sorted(self.latest.items()):
            yield GaugeMetricFamily(f"consultbot_{name}", name.replace("_", " "), value=value)


class _TelemetryCollector(Collector):
    """Exposes bot.telemetry: outbox depth, sends and failures, 429s, inbound updates, scheduler runs."""

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
    telemetry: Telemetry = TELEMETRY,
) -> Starlette:
    """The Starlette app: the channels' routes plus GET /healthz and GET /metrics.

    /healthz answers JSON: `status`, `database`, each channel's state (`channels`), and `leader`
    (this process runs the poller, the scheduler and the dispatchers). 503 when the database cannot
    be reached; a channel that is down shows here while the service goes on serving the others.
    """
    registry = CollectorRegistry(auto_describe=True)
    collector = _FiguresCollector()
    registry.register(collector)
    registry.register(_TelemetryCollector(telemetry))

    async def healthz(request: Request) -> Response:
        try:
            ok = await asyncio.wait_for(health(), timeout=5)
        except (TimeoutError, OSError) as error:
            log.warning("health check failed: %s", error)
            ok = False
        body = {
            "status": "ok" if ok else "unavailable",
            "database": "ok" if ok else "unavailable",
            **(details() if details else {}),
        }
        return JSONResponse(body, status_code=200 if ok else 503)

    async def metrics(request: Request) -> Response:
        collector.latest = await figures()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    own = [Route("/healthz", healthz, methods=["GET"]), Route("/metrics", metrics, methods=["GET"])]
    return Starlette(routes=[*routes, *own])


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signals to the composition root, which stops every part in order."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@asynccontextmanager
async def serving(app: Starlette, *, host: str, port: int) -> AsyncIterator[uvicorn.Server]:
    """Serve the app with uvicorn inside the caller's event loop until the context ends."""
    config = uvicorn.Config(app, host=host, port=port, log_config=None, lifespan="off", access_log=False)
    server = _QuietServer(config)
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
