"""The benchmark harness still runs: each benchmark at tiny sizes produces its figures (no timings asserted)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ("inbound", "concurrent", "fanout", "scale", "memory", "slack", "web", "mail")

pytestmark = [pytest.mark.fake_server, pytest.mark.slow]  # every benchmark end to end: `make test-all`


class TestBenchmarksSmoke:
    @pytest.mark.parametrize("name", BENCHMARKS)
    def test_each_benchmark_produces_its_figures(self, name: str, tmp_path: Path) -> None:
        """`python -m benchmarks --tiny --only NAME` exits 0 and reports finite figures for NAME."""
        out = tmp_path / "report.json"
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks", "--tiny", "--only", name, "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        report = json.loads(out.read_text())
        figures = [f for f in report["figures"] if f["benchmark"] == name]
        assert figures, report
        assert all(math.isfinite(f["value"]) for f in figures), figures
        assert report["details"][name]
        assert report["details"]["failures"] == []
        assert report["machine"]["cores"] >= 1
