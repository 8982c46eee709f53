"""`python -m benchmarks`: run the benchmarks, print the table, write benchmarks/results/latest.json.

python -m benchmarks                          # everything, default sizes (about 10 minutes)
python -m benchmarks --only inbound           # one benchmark (repeat --only for more)
python -m benchmarks --set answers=1000       # change one size; see --help for the names
python -m benchmarks --tiny --out /tmp/x.json # every code path in seconds (the smoke test)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shlex
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from benchmarks import concurrent, fanout, inbound, mail, memory, replicas, scale, slack_ack, web
from benchmarks.harness import RESULTS, Run, Sizes, progress_display, table, write_report

BENCHMARKS: dict[str, Callable[[Run], Awaitable[None]]] = {
    "inbound": inbound.run,
    "concurrent": concurrent.run,
    "fanout": fanout.run,
    "replicas": replicas.run,
    "scale": scale.run,
    "memory": memory.run,
    "slack": slack_ack.run,
    "web": web.run,
    "mail": mail.run,
}


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    names = ", ".join(f.name for f in fields(Sizes))
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="consultbot's benchmarks.")
    parser.add_argument("--only", action="append", choices=list(BENCHMARKS), help="run only this benchmark")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: a quick check that everything runs")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help=f"a size, one of: {names}")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="where to write the JSON report")
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    """Run the chosen benchmarks in order; a failing one is reported and the others still run."""
    args = parse(argv)
    sizes = Sizes.tiny() if args.tiny else Sizes()
    for assignment in args.set:
        sizes.set(assignment)
    console = Console() if sys.stdout.isatty() else Console(width=200)
    started, clock = datetime.now(UTC), time.perf_counter()
    failures: list[str] = []
    command = ("python -m benchmarks " + shlex.join(argv)).strip()
    with progress_display(console) as progress:
        run = Run(sizes=sizes, progress=progress)
        for name in args.only or list(BENCHMARKS):
            began = time.perf_counter()
            try:
                await BENCHMARKS[name](run)
            except Exception as error:  # one broken benchmark must not hide the others' figures
                logging.getLogger("benchmarks").exception("benchmark %s failed", name)
                failures.append(f"{name}: {error!r}")
            run.log(f"[bold]{name}[/] done in {time.perf_counter() - began:.1f} s")
            run.details["failures"] = failures
            # Written after each benchmark, so an interrupted run keeps what it measured.
            write_report(args.out, run, command=command, started=started, elapsed=time.perf_counter() - clock)
    console.print(table(run.figures))
    console.print(f"Report: {args.out}  ({time.perf_counter() - clock:.0f} s)")
    for failure in failures:
        console.print(f"[red]failed[/] {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # as the composition root: no deprecation warnings on 429s
    warnings.simplefilter("default")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sys.exit(asyncio.run(main(sys.argv[1:])))
