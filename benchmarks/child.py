"""One measured task in a process of its own, so its peak memory is its own: `python -m benchmarks.child`.

    python -m benchmarks.child export URL SLUG csv|xlsx   # the product's export (coordination + adapters.export)
    python -m benchmarks.child digest URL SLUG            # the digest's computation (or report + progress)
    python -m benchmarks.child compile URL SLUG           # the compilation (.docx), as `consultbot round compile`
    python -m benchmarks.child raw-export URL SLUG        # baseline: the driver's rows straight into csv
    python -m benchmarks.child raw-count URL SLUG         # baseline: one GROUP BY on the driver

Prints one JSON object: seconds, rows, what was measured, resident memory before and at peak (MB).
"""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy.engine import make_url

from adapters import export as export_files
from benchmarks.harness import peak_rss_mb
from benchmarks.world import _asyncpg, utc_now
from bot.coordinator import rounds as coordination
from bot.domain.model import Actor
from bot.ports import Deps
from storage import SqlUnitOfWork, create_engine_for, create_session_factory

OPERATOR = Actor.operator("benchmark")


async def export(url: str, slug: str, fmt: str, out: Path) -> tuple[int, str]:
    """The product's export, exactly as `consultbot round export` runs it."""
    engine = create_engine_for(url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            sheets = await coordination.export(uow, OPERATOR, slug, utc_now(), fmt)
            rows = await export_files.write(out, fmt, sheets)
    finally:
        await engine.dispose()
    return rows, f"coordination.export + adapters.export.write ({fmt})"


async def compile_docx(url: str, slug: str, out: Path) -> tuple[int, str]:
    """The product's compilation, exactly as `consultbot round compile` runs it."""
    from adapters import compilation
    from bot.views.compilation import compile_round

    engine = create_engine_for(url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            compiled = await compile_round(uow, OPERATOR, slug, utc_now())
            delegations = await compilation.write(out, compiled)
    finally:
        await engine.dispose()
    return delegations, "bot.views.compilation.compile_round + adapters.compilation.write (docx)"


async def digest(url: str, slug: str) -> tuple[int, str]:
    """The digest's computation where bot.digest is wired to storage; else the report it builds on."""
    engine = create_engine_for(url)
    sessions = create_session_factory(engine)
    deps = Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=utc_now)
    try:
        async with deps.new_uow() as uow:
            if hasattr(uow, "reports"):
                from bot.digest import compose

                built = await compose.build(uow, utc_now(), slug=slug)
                # The responses the digest counted, from the digest itself: no second query timed.
                answered = sum(sum(t.counts) for r in built.rounds for t in r.tallies)
                return answered, f"bot.digest.compose.build ({len(built.rounds)} round)"
            report = await coordination.report(uow, OPERATOR, slug)
            progress = await uow.responses.progress(slug)
            what = f"coordination.report + responses.progress ({len(report.delegations)} delegations)"
            return sum(p.answered for p in progress), what + "; bot.digest not wired to storage yet"
    finally:
        await engine.dispose()


async def raw_export(url: str, slug: str, out: Path) -> tuple[int, str]:
    """Baseline: SELECT the responses with the driver and write them with csv.writer, nothing else."""
    query = (
        "SELECT r.stakeholder, r.ref, r.position, r.amendment, r.comment, r.updated_at, r.channel "
        "FROM responses r JOIN rounds o ON o.id = r.round_id WHERE o.slug = {} ORDER BY r.stakeholder, r.ref"
    )
    count = 0
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        if make_url(url).get_backend_name() == "sqlite":
            connection = sqlite3.connect(str(make_url(url).database))
            try:
                for row in connection.execute(query.format("?"), (slug,)):
                    writer.writerow(row)
                    count += 1
            finally:
                connection.close()
        else:
            pg, _ = await _asyncpg(url)
            try:
                async with pg.transaction():
                    async for row in pg.cursor(query.format("$1"), slug, prefetch=2000):
                        writer.writerow(tuple(row))
                        count += 1
            finally:
                await pg.close()
    return count, "driver SELECT → csv.writer"


async def raw_count(url: str, slug: str) -> tuple[int, str]:
    """Baseline: positions per recommendation in one GROUP BY, on the driver."""
    query = (
        "SELECT r.ref, r.position, count(*) FROM responses r JOIN rounds o ON o.id = r.round_id "
        "WHERE o.slug = {} GROUP BY r.ref, r.position"
    )
    if make_url(url).get_backend_name() == "sqlite":
        connection = sqlite3.connect(str(make_url(url).database))
        try:
            rows = connection.execute(query.format("?"), (slug,)).fetchall()
        finally:
            connection.close()
    else:
        pg, _ = await _asyncpg(url)
        try:
            rows = await pg.fetch(query.format("$1"), slug)
        finally:
            await pg.close()
    return sum(int(r[2]) for r in rows), "driver GROUP BY ref, position"


class Sampler:
    """The highest resident memory seen while the task runs (sampled every few milliseconds)."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self.process.memory_info().rss)


async def measure(task: str, url: str, slug: str, fmt: str) -> dict[str, Any]:
    """Run one task; its seconds, rows and memory."""
    before = psutil.Process().memory_info().rss / 2**20
    with tempfile.TemporaryDirectory(prefix="consultbot-export-") as scratch:
        out = Path(scratch) / (f"export.{fmt or 'csv'}" if task != "compile" else "compilation.docx")
        started = time.perf_counter()
        with Sampler() as sampler:
            rows, what = await _task(task, url, slug, fmt, out)
        seconds = time.perf_counter() - started
        size = out.stat().st_size if out.exists() else 0
    return {
        "task": task,
        "what": what,
        "seconds": seconds,
        "rows": rows,
        "bytes": size,
        "rss_before_mb": before,
        "peak_rss_mb": sampler.peak / 2**20,
        "max_rss_process_mb": peak_rss_mb(),
    }


async def _task(task: str, url: str, slug: str, fmt: str, out: Path) -> tuple[int, str]:
    if task == "export":
        return await export(url, slug, fmt, out)
    if task == "digest":
        return await digest(url, slug)
    if task == "compile":
        return await compile_docx(url, slug, out.with_suffix(".docx"))
    if task == "raw-export":
        return await raw_export(url, slug, out)
    if task == "raw-count":
        return await raw_count(url, slug)
    raise SystemExit(f"unknown task {task!r}")


if __name__ == "__main__":
    task, url, slug, *rest = sys.argv[1:]
    print(json.dumps(asyncio.run(measure(task, url, slug, rest[0] if rest else ""))))
