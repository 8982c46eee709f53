"""adapters/chart.py: a valid PNG of the announced size, phone-width, within Telegram's photo limits, no GUI."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.chart import WIDTH, chart_size, render_png
from bot.domain.model import Recommendation, Round, RoundStatus
from bot.records.digest_values import POSITIONS, Coverage, RoundChanges, RoundDigest, Tally
from tests.fonts import need_fonts

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2027, 3, 8, 14, 0, tzinfo=UTC)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def round_digest(items: int, *, title: str = "Delivering as One", answered: bool = True) -> RoundDigest:
    """A round of `items` recommendations, 193 delegations in the five groups and one other."""
    recommendations = tuple(
        Recommendation(ref=f"R{i}", section="s", title=f"Recommendation {i}", text="x") for i in range(1, items + 1)
    )
    tallies = tuple(
        Tally(ref=r.ref, title=r.title, counts=tuple((i + k) % 9 if answered else 0 for k in range(len(POSITIONS))))
        for i, r in enumerate(recommendations)
    )
    groups = tuple(
        coverage(name, total, regional)
        for name, total, regional in (
            ("African Group", 54, True),
            ("Asia-Pacific Group", 54, True),
            ("Eastern European Group", 23, True),
            ("Latin American and Caribbean Group", 33, True),
            ("Western European and Others Group", 29, True),
            ("Delivering as One pilots", 8, False),
        )
    )
    return RoundDigest(
        round=Round(slug="dao", title=title, deadline=NOW + timedelta(days=7), recommendations=recommendations,
                    status=RoundStatus.OPEN),
        at=NOW,
        overall=Coverage(group="", total=193, submitted=60, in_progress=50, not_started=83),
        groups=groups,
        tallies=tallies,
        contested=(),
        changes=RoundChanges(since=None),
        not_started=(),
        unreachable=(),
        dead=(),
    )  # fmt: skip


def coverage(name: str, total: int, regional: bool) -> Coverage:
    """A third submitted, a quarter in progress."""
    submitted, busy = total // 3, total // 4
    return Coverage(
        group=name,
        total=total,
        submitted=submitted,
        in_progress=busy,
        not_started=total - submitted - busy,
        regional=regional,
    )


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (which must come first)."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


class TestTheImage:
    @pytest.mark.parametrize("items", [1, 31, 150])
    def test_a_png_of_the_announced_size(self, items: int) -> None:
        """Phone width (1,080 px); the height grows with the round and stays within Telegram's photo limits."""
        digest = round_digest(items)
        data = render_png(digest)
        width, height = png_size(data)
        assert (width, height) == chart_size(digest)
        assert width == WIDTH
        assert width + height <= 10_000
        assert height / width <= 20
        assert data.endswith(b"IEND\xaeB`\x82")

    def test_sizes_are_fixed_by_the_layout(self) -> None:
        """31 recommendations: 44 px a row; 150: the scale is repeated on top (and still 44 px a row)."""
        assert chart_size(round_digest(31)) == (1080, 2464)
        assert chart_size(round_digest(150)) == (1080, 7735)

    def test_a_very_long_round_shrinks_its_rows_to_stay_within_limits(self) -> None:
        """400 recommendations: 200 rows drawn (a note names the rest), within Telegram's width + height."""
        width, height = chart_size(round_digest(400))
        assert width + height <= 10_000
        assert chart_size(round_digest(400)) == chart_size(round_digest(200))

    def test_nobody_answered_yet(self) -> None:
        """Empty bars are still a chart."""
        assert png_size(render_png(round_digest(31, answered=False))) == chart_size(round_digest(31))

    def test_awkward_titles_are_drawn_as_typed(self) -> None:
        """A dollar sign is no mathtext; a script the font lacks does not fail the digest."""
        digest = round_digest(3, title="Budget $5 million $x^2$ — 联合国 « Unis dans l'action »")
        assert png_size(render_png(digest)) == chart_size(digest)


def test_no_gui_and_no_pyplot() -> None:
    """Drawing never imports pyplot (so never tries a GUI backend), even without a display."""
    script = (
        "import sys\n"
        "import adapters.chart as chart\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "from tests.adapters.test_chart import round_digest\n"
        "chart.render_png(round_digest(5))\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "print('ok')\n"
    )
    # A GUI backend asked for, and no display: anything that reached for pyplot's backend would fail.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=str(ROOT), MPLBACKEND="TkAgg")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


class TestReadableOnItsOwn:
    def test_labels_fit_beside_the_bars_in_every_script(self) -> None:
        """ "ref · title" cut to the room beside the bars; a CJK character takes two columns; no emoji boxes."""
        from adapters.chart import _drawable, _fit, available_fonts

        assert _fit("R1 · Recommendation 1", 30) == "R1 · Recommendation 1"
        assert _fit("R1 · " + "联合国" * 10, 30) == "R1 · " + ("联合国" * 4)[:12] + "…"
        need_fonts("Noto Sans CJK JP")  # installed by .ci/run (fonts-noto-cjk)
        fonts = available_fonts()
        assert _drawable("Rights 👨‍👩‍👧‍👦 team", fonts) == "Rights team"
        assert _drawable("Рекомендация توصية 联合国", fonts) == "Рекомендация توصية 联合国"

    def test_a_closed_round_and_a_long_one_still_draw(self) -> None:
        """Closed: marked in the headline; 400 recommendations: 200 rows and a note."""
        from dataclasses import replace

        closed = round_digest(5)
        closed = replace(closed, round=replace(closed.round, status=RoundStatus.CLOSED))
        assert png_size(render_png(closed)) == chart_size(closed)
