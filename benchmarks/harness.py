"""What every benchmark shares: figures with their baselines, sizes, progress, timing, the report."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    """One measured figure, with the baseline it is compared to and the target it is held to.

    `ratio` is always "how many times the baseline" in the direction the target is stated in
    (for a rate: ours / baseline; for a floor we must stay near: baseline / ours), named by
    `ratio_label`.
    """

    benchmark: str
    name: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    ratio: float | None = None
    ratio_label: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Sizes:
    """How big each benchmark runs (`--set name=value` changes one; `--tiny` shrinks all)."""

    answers: int = 5000  # inbound: button presses, spread over `inbound_delegates` chats
    inbound_delegates: int = 500
    inbound_local: int = 1000  # presses for the "PTB without HTTP" pair (ours and the baseline)
    latency_delegates: int = 200  # concurrent: delegates pressing at the same moment
    concurrent_answers: int = 1000  # concurrent: presses for each throughput pair
    bot_api_latency: float = 0.02  # concurrent: seconds added to each Bot API call in the second pair
    fanout: int = 1000  # delegates invited when the round opens
    scale: str = "193x31,2000x100,10000x100"  # delegations x recommendations, comma-separated
    databases: str = "sqlite,postgresql"
    million: str = "10000x100"  # the export whose peak memory is reported (CSV)
    xlsx: str = "1000x100"  # the XLSX export measured for memory and time ("" to skip)
    scale_tasks: str = ""  # scale: only these tasks (export,raw_export,digest,raw_count,compile); "" for all
    task_timeout: float = 120.0  # seconds one export or digest may take before it is stopped (a lower bound)
    conversations: int = 2000  # memory: delegates left in the middle of a conversation
    slack_rate: float = 100.0  # requests per second
    slack_seconds: float = 20.0
    web: str = "193x31,2000x100"  # the coordinator's web page: delegations x recommendations
    web_renders: int = 30  # page renders per size (p50, p99)
    mail: int = 1000  # contacts e-mailed an invitation when the round opens

    @classmethod
    def tiny(cls) -> Sizes:
        """Sizes for the smoke test: every code path, in seconds."""
        return cls(
            answers=40,
            inbound_delegates=8,
            inbound_local=16,
            latency_delegates=8,
            concurrent_answers=40,
            fanout=40,
            scale="5x4,10x6",
            databases="sqlite",
            million="10x6",
            xlsx="5x4",
            conversations=20,
            slack_rate=20.0,
            slack_seconds=1.0,
            web="5x4",
            web_renders=3,
            mail=20,
        )

    def set(self, assignment: str) -> None:
        """Apply `name=value` (the value converted to the field's type)."""
        name, sep, raw = assignment.partition("=")
        types = {f.name: type(getattr(self, f.name)) for f in fields(self)}
        if not sep or name not in types:
            raise ValueError(f"--set {assignment!r}: expected NAME=VALUE with NAME one of {', '.join(types)}")
        setattr(self, name, types[name](raw))


def grid(spec: str) -> list[tuple[int, int]]:
    """ "193x31,2000x100" as [(193, 31), (2000, 100)]."""
    pairs = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        delegations, _, items = part.partition("x")
        pairs.append((int(delegations), int(items)))
    return pairs


@dataclass
class Run:
    """One run of the harness: sizes, progress display, and the figures collected."""

    sizes: Sizes
    progress: Progress
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    _task: TaskID | None = None

    def add(self, figure: Figure) -> Figure:
        """Record a figure."""
        self.figures.append(figure)
        return figure

    def phase(self, text: str, *, total: float | None = None) -> None:
        """Show what the current benchmark is doing (and how much there is to do)."""
        if self._task is None:
            self._task = self.progress.add_task(text, total=total)
        self.progress.reset(self._task, description=text, total=total)
        if not self.progress.console.is_terminal:  # no live display in a log: one line per phase
            self.progress.console.print(f"{time.strftime('%H:%M:%S')} {text}")

    def advance(self, amount: float = 1) -> None:
        """Count work done in the current phase."""
        if self._task is not None:
            self.progress.advance(self._task, amount)

    def log(self, text: str) -> None:
        """A line above the progress bar."""
        self.progress.console.print(text)


def progress_display(console: Console) -> Progress:
    """The live progress display."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


@dataclass
class Clock:
    """Wall time and this process's CPU time (all threads) over a block."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def timed() -> Iterator[Clock]:
    """Measure wall and CPU seconds of the block."""
    clock = Clock()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield clock
    finally:
        clock.wall = time.perf_counter() - wall
        clock.cpu = time.process_time() - cpu


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    cpu = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def table(figures: list[Figure]) -> Table:
    """The figures as a Rich table."""
    out = Table(title="consultbot benchmarks", show_lines=False, header_style="bold")
    for column in ("benchmark", "figure", "value", "baseline", "ratio", "target", "met"):
        out.add_column(column, overflow="fold")
    for f in figures:
        baseline = f"{f.baseline}: {_num(f.baseline_value)}" if f.baseline else ""
        ratio = f"{f.ratio:.2f}× {f.ratio_label}" if f.ratio is not None else ""
        met = {True: "[green]yes[/]", False: "[red]no[/]", None: ""}[f.met]
        out.add_row(f.benchmark, f.name, f"{_num(f.value)} {f.unit}", baseline, ratio, f.target, met)
    return out


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def write_report(path: Path, run: Run, *, command: str, started: datetime, elapsed: float) -> None:
    """The JSON report: when, where, how, sizes and every figure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "date": started.astimezone(UTC).isoformat(timespec="seconds"),
        "elapsed_seconds": round(elapsed, 1),
        "command": command,
        "machine": machine(),
        "sizes": asdict(run.sizes),
        "figures": [asdict(f) for f in run.figures],
        "details": run.details,
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
