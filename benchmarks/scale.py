"""Benchmark 3: the digest, the CSV export and the compilation (.docx) as responses grow, on SQLite and
PostgreSQL; export and compilation memory.

Each size is seeded with bulk INSERTs (benchmarks.world), then each task runs in a child process
(benchmarks.child) so that its time and its peak resident memory are its own. Beside each figure:
the same data read with the bare driver (one SELECT into csv.writer; one GROUP BY).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
from pathlib import Path
from typing import Any

from benchmarks.harness import Figure, Run, grid
from benchmarks.world import database, seed_responses, seed_world

NAME = "scale"
ROOT = Path(__file__).resolve().parents[1]
DIGEST_TARGET = 2.0  # seconds for a million responses
GROWTH_TARGET = 1.25  # time per response at the largest size over the one before it


async def child(*args: str, cap: float) -> dict[str, Any]:
    """Run benchmarks.child with these arguments; its JSON answer (stopped after `cap` seconds)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.child", *args, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(), cap)
    except TimeoutError:
        process.kill()
        await process.wait()
        # A lower bound, so that one runaway task cannot take the whole run's time budget.
        return {
            "task": args[0],
            "what": "stopped: took longer than the cap",
            "seconds": cap,
            "rows": 0,
            "timed_out": True,
            "rss_before_mb": math.nan,
            "peak_rss_mb": math.nan,
        }
    if process.returncode != 0:
        raise RuntimeError(f"benchmarks.child {args[0]} failed: {err.decode()[-2000:]}")
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return result


async def run(bench: Run) -> None:
    """Every size on every database; then the figures."""
    sizes = grid(bench.sizes.scale)
    million = grid(bench.sizes.million)[0]
    xlsx = grid(bench.sizes.xlsx)[0] if bench.sizes.xlsx else None
    kinds = [k.strip() for k in bench.sizes.databases.split(",") if k.strip()]
    chosen = {t.strip() for t in bench.sizes.scale_tasks.split(",") if t.strip()}  # empty: every task
    if chosen:
        xlsx = None if "export" not in chosen else xlsx
    results: dict[str, dict[str, dict[str, Any]]] = {}
    plan = [(kind, size) for kind in kinds for size in sizes]
    extra = [s for s in (million, xlsx) if s is not None and s not in sizes]
    plan += [("sqlite", s) for s in dict.fromkeys(extra)]
    bench.phase("scale", total=len(plan))
    for kind, (delegations, items) in plan:
        label = f"{delegations}x{items}"
        bench.phase(f"scale: {kind} {label}: seeding", total=None)
        async with database(kind) as url:
            world = await seed_world(url, delegations=delegations, items=items)
            await world.close()
            await seed_responses(
                url,
                round_slug=world.round.slug,
                delegations=delegations,
                items=items,
                revisions=(label == _label(xlsx)),
            )
            measured: dict[str, dict[str, Any]] = {}
            for task, args in (
                ("export", ("export", url, world.round.slug, "csv")),
                ("raw_export", ("raw-export", url, world.round.slug)),
                ("digest", ("digest", url, world.round.slug)),
                ("raw_count", ("raw-count", url, world.round.slug)),
                ("compile", ("compile", url, world.round.slug)),
            ):
                if (kind, (delegations, items)) not in [(k, s) for k in kinds for s in sizes] and task not in (
                    "export",
                    "compile",
                ):
                    continue  # an extra size, only for the memory figures
                if chosen and task not in chosen:
                    continue
                bench.phase(f"scale: {kind} {label}: {task}", total=None)
                measured[task] = await child(*args, cap=bench.sizes.task_timeout)
            if kind == "sqlite" and (delegations, items) == xlsx:
                bench.phase(f"scale: {kind} {label}: export xlsx", total=None)
                measured["export_xlsx"] = await child(
                    "export", url, world.round.slug, "xlsx", cap=bench.sizes.task_timeout
                )
        results.setdefault(kind, {})[label] = measured
        bench.log(f"scale {kind} {label}: " + ", ".join(f"{t} {m['seconds']:.2f} s" for t, m in measured.items()))
    bench.details[NAME] = results
    _figures(bench, results, sizes, kinds, million, xlsx)


def _capped(measured: dict[str, Any]) -> str:
    return "stopped at the cap (task_timeout): at least this long" if measured.get("timed_out") else ""


def _label(size: tuple[int, int] | None) -> str:
    return f"{size[0]}x{size[1]}" if size else ""


def _figures(
    bench: Run,
    results: dict[str, dict[str, dict[str, Any]]],
    sizes: list[tuple[int, int]],
    kinds: list[str],
    million: tuple[int, int],
    xlsx: tuple[int, int] | None,
) -> None:
    """The figures of the tasks that ran (all of them unless `scale_tasks` chose some)."""
    digest_what = ""
    for kind in kinds:
        for delegations, items in sizes:
            m = results[kind][f"{delegations}x{items}"]
            n = delegations * items
            if {"export", "raw_export"} <= set(m):
                export, raw = m["export"]["seconds"], m["raw_export"]["seconds"]
                bench.add(
                    Figure(
                        NAME, f"CSV export {delegations:,}×{items} ({kind})", export, "s",
                        baseline="driver → csv", baseline_value=raw, ratio=export / raw, ratio_label="of driver",
                        note=_capped(m["export"]) or f"{export / n * 1e6:.1f} µs/response",
                    )
                )  # fmt: skip
            if {"digest", "raw_count"} <= set(m):
                digest, count = m["digest"]["seconds"], m["raw_count"]["seconds"]
                digest_what = m["digest"]["what"]
                at_a_million = n >= 1_000_000
                bench.add(
                    Figure(
                        NAME, f"digest {delegations:,}×{items} ({kind})", digest, "s",
                        baseline="one GROUP BY", baseline_value=count, ratio=digest / count,
                        ratio_label="of GROUP BY", target=f"< {DIGEST_TARGET:g} s for 1M" if at_a_million else "",
                        met=(digest < DIGEST_TARGET) if at_a_million else None,
                        note=_capped(m["digest"]) or f"{digest / n * 1e6:.2f} µs/response",
                    )
                )  # fmt: skip
            if {"compile", "export"} <= set(m):
                compiled, export = m["compile"]["seconds"], m["export"]["seconds"]
                bench.add(
                    Figure(
                        NAME, f"compile .docx {delegations:,}×{items} ({kind})", compiled, "s",
                        baseline="CSV export", baseline_value=export, ratio=compiled / export,
                        ratio_label="of export",
                        note=_capped(m["compile"]) or f"{compiled / n * 1e6:.1f} µs/response, "
                        f"peak {m['compile']['peak_rss_mb']:.0f} MB",
                    )
                )  # fmt: skip
        if len(sizes) >= 2:
            (d1, i1), (d2, i2) = sizes[-2], sizes[-1]
            small_m, large_m = results[kind][f"{d1}x{i1}"], results[kind][f"{d2}x{i2}"]
            for task, title in (("export", "CSV export"), ("digest", "digest"), ("compile", "compile .docx")):
                if task not in small_m or task not in large_m:
                    continue
                per_small = small_m[task]["seconds"] / (d1 * i1)
                per_large = large_m[task]["seconds"] / (d2 * i2)
                growth = per_large / per_small
                bench.add(
                    Figure(
                        NAME, f"{title} growth {d1 * i1:,} → {d2 * i2:,} ({kind})", per_large * 1e6, "µs/response",
                        baseline=f"at {d1 * i1:,}", baseline_value=per_small * 1e6, ratio=growth,
                        ratio_label="time per response", target=f"≤ {GROWTH_TARGET:g}× (linear)",
                        met=growth <= GROWTH_TARGET,
                    )
                )  # fmt: skip
    bench.details[NAME + "_digest_measured"] = digest_what
    base = "sqlite" if "sqlite" in results else kinds[0]
    for task, title in (("export", "CSV export"), ("compile", "compile .docx")):
        small = results[base].get(_label(sizes[0]), {}).get(task)
        big = results[base].get(_label(million), {}).get(task)
        if small is None or big is None:
            continue
        bench.add(
            Figure(
                NAME, f"peak memory, {title} of {million[0] * million[1]:,} responses", big["peak_rss_mb"], "MB",
                baseline=f"same {title} of {sizes[0][0] * sizes[0][1]:,}", baseline_value=small["peak_rss_mb"],
                ratio=big["peak_rss_mb"] / small["peak_rss_mb"], ratio_label=f"of small {title}",
                note=f"child process; {big['rss_before_mb']:.0f} MB before, {big['seconds']:.1f} s, "
                f"{big.get('bytes', 0) / 2**20:.0f} MB file",
            )
        )  # fmt: skip
    if xlsx is not None:
        m = results["sqlite"][_label(xlsx)]["export_xlsx"]
        bench.add(
            Figure(
                NAME, f"XLSX export of {xlsx[0] * xlsx[1]:,} responses (+ revisions sheet)", m["peak_rss_mb"], "MB",
                baseline="CSV export peak", baseline_value=results["sqlite"][_label(xlsx)]["export"]["peak_rss_mb"],
                ratio=m["peak_rss_mb"] / results["sqlite"][_label(xlsx)]["export"]["peak_rss_mb"],
                ratio_label="of CSV", note=f"{m['seconds']:.1f} s; openpyxl write-only",
            )
        )  # fmt: skip
