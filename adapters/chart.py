"""The digest's chart as a PNG: positions per recommendation (stacked bars) and coverage by group.

matplotlib draws on its Agg canvas through `Figure` directly: pyplot is never imported, so no GUI
backend is ever tried and nothing global changes. The image is 1,080 pixels wide (a phone screen's
width at 3x) with fonts sized for that, and grows in height with the number of recommendations,
staying within what Telegram accepts for a photo (width + height at most 10,000 pixels).
"""

from __future__ import annotations

import textwrap
import warnings
from dataclasses import dataclass
from io import BytesIO

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from bot.catalogue import text
from bot.digest.model import RoundDigest
from bot.model import Position

WIDTH = 1080  # pixels
DPI = 200  # so 1 point is 2.8 pixels: a 9-point label is 25 pixels high
MAX_HEIGHT = 8800  # Telegram: width + height <= 10,000
ROW = 44  # pixels per recommendation, shrunk for very long rounds
MIN_ROW = 14
LONG = 40  # recommendations from which the scale is repeated above the bars
GROUP_ROW = 70  # pixels per group (names wrap on two lines)
#: Fixed heights, in pixels: title, legend and axis of each panel, the gap between, the bottom margin.
TITLE, LEGEND, AXIS, GAP, BOTTOM = 150, 110, 70, 90, 40
LEFT, RIGHT = 300, 150

#: The stacking order (acceptance first, objections last) and the Okabe-Ito colours (colour-blind safe).
STACK: tuple[tuple[Position, str], ...] = (
    (Position.SUPPORT, "#009E73"),
    (Position.SUPPORT_WITH_AMENDMENTS, "#56B4E9"),
    (Position.NO_OBJECTION, "#0072B2"),
    (Position.NO_POSITION, "#BBBBBB"),
    (Position.RESERVE, "#E69F00"),
    (Position.OPPOSE, "#D55E00"),
)
COVERAGE = (("submitted", "#009E73"), ("in_progress", "#56B4E9"), ("not_started", "#E5E5E5"))


@dataclass(frozen=True, slots=True)
class Layout:
    """Heights in pixels of the parts of the image."""

    row: int
    bars: int
    groups: int
    scale_on_top: int = 0  # room for a second scale above a long chart

    @property
    def height(self) -> int:
        """The whole image's height."""
        return TITLE + LEGEND + self.scale_on_top + self.bars + AXIS + GAP + LEGEND + self.groups + AXIS + BOTTOM


def layout(digest: RoundDigest) -> Layout:
    """How tall each part is for this round (rows shrink only when the image would be too tall)."""
    items = max(1, len(digest.tallies))
    groups = max(1, len(digest.groups)) * GROUP_ROW
    scale_on_top = AXIS // 2 if items > LONG else 0
    fixed = Layout(row=0, bars=0, groups=groups, scale_on_top=scale_on_top).height
    row = max(MIN_ROW, min(ROW, (MAX_HEIGHT - fixed) // items))
    return Layout(row=row, bars=row * items, groups=groups, scale_on_top=scale_on_top)


def chart_size(digest: RoundDigest) -> tuple[int, int]:
    """The PNG's width and height in pixels."""
    return WIDTH, layout(digest).height


def render_png(digest: RoundDigest, language: str = "en") -> bytes:
    """The chart of one round's digest, as PNG bytes (bot.ports.Chart)."""
    shape = layout(digest)
    figure = Figure(figsize=(WIDTH / DPI, shape.height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    top = TITLE
    figure.text(
        0.03, 1 - 40 / shape.height, _plain(_wrap(digest.round.title, 52)), va="top", fontsize=11, weight="bold"
    )
    positions = figure.add_axes(_box(shape.height, top + LEGEND + shape.scale_on_top, shape.bars))
    handles = _positions(positions, digest, language, fontsize=9 if shape.row >= 30 else max(4.0, shape.row / 4.5))
    _legend(figure, handles, 1 - top / shape.height)
    top += LEGEND + shape.scale_on_top + shape.bars + AXIS + GAP
    groups = figure.add_axes(_box(shape.height, top + LEGEND, shape.groups))
    _legend(figure, _coverage(groups, digest, language), 1 - top / shape.height)
    buffer = BytesIO()
    with warnings.catch_warnings():
        # A name in a script the font lacks is drawn as boxes: not worth failing a digest for.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _positions(axes: Axes, digest: RoundDigest, language: str, *, fontsize: float) -> list[Patch]:
    refs = [_plain(t.ref) for t in digest.tallies]
    series = [
        (text(language, f"digest.pos.{position}"), colour, [float(t.count(position)) for t in digest.tallies])
        for position, colour in STACK
        if position is not Position.NO_OBJECTION or any(t.count(position) for t in digest.tallies)
    ]
    handles = _stack(axes, series, height=0.78)
    # Labels as plain texts, not ticks: 150 tick objects cost most of the drawing time.
    axes.set_yticks([])
    beside = blended_transform_factory(axes.transAxes, axes.transData)
    for row, ref in enumerate(refs):
        axes.text(-0.015, row, ref, transform=beside, ha="right", va="center", fontsize=fontsize)
    axes.set_ylim(len(refs) - 0.5, -0.5)  # the first recommendation on top
    axes.set_xlim(0, max(1, digest.overall.total))
    axes.set_title(text(language, "digest.section.positions"), loc="left", fontsize=9)
    axes.set_xlabel(text(language, "digest.chart.delegations"), fontsize=7.5)
    _tidy(axes)
    if len(refs) > LONG:  # a long chart gets its scale at the top too
        axes.tick_params(axis="x", top=True, labeltop=True)
    return handles


def _coverage(axes: Axes, digest: RoundDigest, language: str) -> list[Patch]:
    groups = digest.groups
    series = [
        (
            text(language, f"digest.col.{state}"),
            colour,
            [100 * getattr(g, state) / g.total if g.total else 0.0 for g in groups],
        )
        for state, colour in COVERAGE
    ]
    handles = _stack(axes, series, height=0.7)
    for row, g in enumerate(groups):
        axes.text(101, row, f"{g.submitted}/{g.total}", va="center", fontsize=8)
    axes.set_yticks(range(len(groups)), labels=[_plain(_wrap(g.group, 22)) for g in groups], fontsize=8)
    axes.set_ylim(len(groups) - 0.5, -0.5)
    axes.set_xlim(0, 100)
    axes.set_title(text(language, "digest.section.groups"), loc="left", fontsize=9)
    axes.set_xlabel(text(language, "digest.chart.percent"), fontsize=7.5)
    _tidy(axes)
    return handles


def _stack(axes: Axes, series: list[tuple[str, str, list[float]]], *, height: float) -> list[Patch]:
    """Horizontal stacked bars, one row per value, one collection per series (fast for 150 rows)."""
    left = [0.0] * (len(series[0][2]) if series else 0)
    handles: list[Patch] = []
    for label, colour, values in series:
        boxes = [
            [(x, row - height / 2), (x + width, row - height / 2), (x + width, row + height / 2), (x, row + height / 2)]
            for row, (x, width) in enumerate(zip(left, values, strict=True))
            if width > 0
        ]
        axes.add_collection(PolyCollection(boxes, facecolors=colour, edgecolors="none"), autolim=False)
        handles.append(Patch(facecolor=colour, label=label))
        left = [a + b for a, b in zip(left, values, strict=True)]
    return handles


def _legend(figure: Figure, handles: list[Patch], top: float) -> None:
    figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.02, top), ncol=3, fontsize=7.5, frameon=False)


def _tidy(axes: Axes) -> None:
    axes.tick_params(axis="x", labelsize=7.5)
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _box(height: int, top: int, size: int) -> tuple[float, float, float, float]:
    """An axes rectangle in figure fractions, from pixels measured from the top."""
    return (LEFT / WIDTH, 1 - (top + size) / height, (WIDTH - LEFT - RIGHT) / WIDTH, size / height)


def _wrap(value: str, width: int) -> str:
    lines = textwrap.wrap(value, width) or [""]
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def _plain(value: str) -> str:
    """Text shown as typed: a dollar sign would start matplotlib's mathtext."""
    return value.replace("$", r"\$")
