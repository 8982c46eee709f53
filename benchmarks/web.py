"""Benchmark 6: the coordinator's web page of one round, beside `consultbot round status`.

Each size (delegations × recommendations, `--set web=193x31,2000x100`) is seeded on SQLite with
every delegation answering everything; a coordinator signs in through a one-time link, and the
page /web/coord/rounds/SLUG is rendered `web_renders` times through the real app (in process, over
ASGI: the server's own work, without the network). Beside it: the status command's own time
(`consultbot round status SLUG --json` as a user runs it, process start included) and the core's
report alone, which the page and the command share.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from adapters.http import build_app
from adapters.web import WebChannel
from adapters.web.site import COOKIE
from benchmarks.harness import Figure, Run, grid
from benchmarks.world import database, seed_responses, seed_world, stakeholder_code
from bot.coordinator import rounds as coordination
from bot.coordinator.rounds import Coordination
from bot.coordinator.signin import SignIn
from bot.domain.model import Actor, Role
from bot.engine import Engine

NAME = "web"
ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1:8080"


async def run(bench: Run) -> None:
    """Every size; then the figures."""
    results: dict[str, dict[str, Any]] = {}
    for delegations, items in grid(bench.sizes.web):
        label = f"{delegations}x{items}"
        bench.phase(f"web: {label}: seeding", total=None)
        async with database("sqlite") as url:
            world = await seed_world(url, delegations=delegations, items=items)
            await seed_responses(url, round_slug=world.round.slug, delegations=delegations, items=items)
            try:
                bench.phase(f"web: {label}: rendering", total=bench.sizes.web_renders)
                measured = await _measure(bench, world.core(), world.round.slug)
            finally:
                await world.close()
            bench.phase(f"web: {label}: round status", total=None)
            measured["status_cli"] = await _status_cli(url, world.round.slug)
        results[label] = measured
        bench.log(
            f"web {label}: page p50 {measured['p50']:.3f} s, p99 {measured['p99']:.3f} s, "
            f"status CLI {measured['status_cli']:.2f} s"
        )
    bench.details[NAME] = results
    for label, m in results.items():
        bench.add(
            Figure(
                NAME, f"coordinator page p50 {label.replace('x', '×')}", m["p50"], "s",
                baseline="round status (CLI)", baseline_value=m["status_cli"], ratio=m["p50"] / m["status_cli"],
                ratio_label="of the CLI", note=f"p99 {m['p99']:.3f} s; report alone {m['report']:.3f} s; "
                f"{m['bytes'] / 1024:.0f} KiB",
            )
        )  # fmt: skip
        bench.add(Figure(NAME, f"coordinator page p99 {label.replace('x', '×')}", m["p99"], "s"))


async def _measure(bench: Run, engine: Engine, slug: str) -> dict[str, Any]:
    """Sign a coordinator in, then time the page and the report it is built from."""
    deps = engine.deps
    sign_in = SignIn(deps, channel="web")
    issued = await sign_in.issue(Actor.operator("bench"), stakeholder_code(1), role=Role.COORDINATOR, name="Bench")
    token = secrets.token_urlsafe(32)
    await sign_in.redeem(issued.code, stakeholder=stakeholder_code(1), token=token)
    channel = WebChannel(engine, base_url=BASE)
    app = build_app(channel.routes(), health=_healthy, figures=engine.figures)
    cookie = (await channel.site.tokens()).cookie(token)
    times: list[float] = []
    size = 0
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as client:
        client.cookies.set(COOKIE, cookie, domain="127.0.0.1", path="/web")
        for _ in range(bench.sizes.web_renders):
            began = time.perf_counter()
            page = await client.get(f"/web/coord/rounds/{slug}")
            times.append(time.perf_counter() - began)
            if page.status_code != 200:
                raise RuntimeError(f"the page answered {page.status_code}: {page.text[:300]}")
            size = len(page.content)
            bench.advance()
    began = time.perf_counter()
    await Coordination(deps).read(lambda uow: coordination.report(uow, Actor.operator("bench"), slug))
    report = time.perf_counter() - began
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p99": p99, "renders": len(times), "bytes": size, "report": report}


async def _healthy() -> bool:
    return True


async def _status_cli(url: str, slug: str) -> float:
    """Seconds `consultbot round status SLUG --json` takes, as a user sees it."""
    env = {**os.environ, "CONSULTBOT_DATABASE_URL": url}
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "main.py"), "round", "status", slug, "--json", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"round status failed: {err.decode()[-1000:]}")
    return time.perf_counter() - began
