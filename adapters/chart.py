"""The digest's chart as a PNG: positions per recommendation (stacked bars) and coverage by group.

matplotlib draws on its Agg canvas through `Figure` directly: pyplot is never imported, so no GUI
backend is ever tried and no rcParams change. The image is 1,080 pixels wide (a phone screen's
width at 3x) with fonts sized for that, and grows in height with the number of recommendations:
at most MAX_ROWS rows (a note says how many more the text lists), so width + height stays under
Telegram's 10,000 pixels. Telegram keeps at most 2,560 pixels on a photo's long side: the Telegram
adapter sends a taller chart as a document after a phone-sized preview.

The chart reads on its own: a headline (round, date, "14 of 193 submitted", "closed"), the scale
fitted to the answers given, each ref with the start of its title, and "No answers yet" instead of
empty axes. Text is drawn with Noto fonts for Latin, Cyrillic, Greek, Arabic and CJK (Debian:
fonts-noto-core, fonts-noto-cjk); without them a warning is logged once and such text shows as
boxes. Characters no installed font can draw (colour emoji) are left out rather than drawn as boxes.
Arabic is joined and laid out right to left by matplotlib's own text layout (3.11 shapes it: the
text is never pre-reshaped), in DejaVu Sans's Arabic (Noto Sans Arabic for what it lacks: put
first, its tall line metrics would push every line apart). For a Chinese reader the simplified-
Chinese face of Noto Sans CJK (SC) comes before the Japanese one, whose forms of shared characters
differ (fonts_for). docs/chart-ar.png shows the result.
"""

from __future__ import annotations

import functools
import glob
import logging
import textwrap
import unicodedata
import warnings
from dataclasses import dataclass
from io import BytesIO

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from bot.dialogue.text import cut_at, graphemes
from bot.digest.sections import group_name
from bot.digest.words import day
from bot.domain.model import Position, RoundStatus
from bot.i18n.catalogue import text
from bot.records.digest_values import RoundDigest

log = logging.getLogger(__name__)

WIDTH = 1080  # pixels
DPI = 200  # so 1 point is 2.8 pixels: a 9-point label is 25 pixels high
MAX_HEIGHT = 8800  # Telegram: width + height <= 10,000
MAX_ROWS = 200  # recommendations drawn; the digest's text lists every one
ROW = 44  # pixels per recommendation, shrunk for long rounds
MIN_ROW = 30  # still readable when the document is opened full size
LONG = 40  # recommendations from which the scale is repeated above the bars
GROUP_ROW = 70  # pixels per group (names wrap on two lines)
#: Fixed heights, in pixels: headline, legend and axis of each panel, the gap between, the bottom margin.
TITLE, LEGEND, AXIS, GAP, BOTTOM = 190, 110, 70, 90, 40
LEFT, RIGHT = 440, 120
LABEL_CHARS = 30  # "ref · title" beside the bars, at 9 points in LEFT pixels
#: Font families tried in order for each character (matplotlib falls back glyph by glyph).
FONTS = (
    "DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK JP", "Noto Sans Symbols", "Noto Sans Symbols 2",
    "Noto Sans CJK SC",
)  # fmt: skip
#: Per reader's language, the families that go right after the first (where installed): its own face.
PREFERRED = {"zh": ("Noto Sans CJK SC",)}
#: The family that draws a PREFERRED one's script when it is missing (other glyph forms).
STAND_INS = {"Noto Sans CJK SC": "Noto Sans CJK JP"}
_FONT_FILES = (
    "/usr/share/fonts/truetype/noto/Noto*-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)

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
    items = max(1, min(MAX_ROWS, len(digest.tallies)))
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
    fonts = fonts_for(language)
    shape = layout(digest)
    figure = Figure(figsize=(WIDTH / DPI, shape.height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    _headline(figure, digest, language, shape.height, fonts)
    top = TITLE
    positions = figure.add_axes(_box(shape.height, top + LEGEND + shape.scale_on_top, shape.bars))
    size = 9 if shape.row >= 40 else max(5.5, shape.row / 5)
    handles = _positions(positions, digest, language, fontsize=size, fonts=fonts)
    _legend(figure, handles, 1 - top / shape.height, fonts)
    top += LEGEND + shape.scale_on_top + shape.bars + AXIS + GAP
    groups = figure.add_axes(_box(shape.height, top + LEGEND, shape.groups))
    _legend(figure, _coverage(groups, digest, language, fonts), 1 - top / shape.height, fonts)
    buffer = BytesIO()
    with warnings.catch_warnings():
        # A glyph no installed font has is left out (see _drawable); this keeps a stray one quiet.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


@functools.cache
def available_fonts() -> tuple[str, ...]:
    """The families of FONTS that are installed (Noto files added if matplotlib's cache predates them)."""
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not set(FONTS) <= known:
        for pattern in _FONT_FILES:
            for path in glob.glob(pattern):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        known = {entry.name for entry in font_manager.fontManager.ttflist}
    missing = [family for family in FONTS[1:5] if family not in known]
    if missing:
        log.warning(
            "chart: fonts %s are not installed; Arabic, CJK and other scripts draw as boxes "
            "(Debian: apt-get install fonts-noto-core fonts-noto-cjk)",
            ", ".join(missing),
        )
    return tuple(family for family in FONTS if family in known)


@functools.cache
def fonts_for(language: str) -> tuple[str, ...]:
    """The installed families in the order a reader of `language` needs them (PREFERRED right after
    the first, DejaVu Sans, whose metrics set the lines' spacing).

    Where the language's own face is missing, one warning says so and its stand-in draws (Chinese
    in the Japanese CJK face); where that is missing too, available_fonts has warned, and the text
    shows as boxes.
    """
    fonts = available_fonts()
    wanted = PREFERRED.get(language, ())
    first = tuple(family for family in wanted if family in fonts)
    # Where the stand-in is missing too, available_fonts has said so already: one warning, not two.
    standing_in = [family for family in wanted if family not in fonts and STAND_INS.get(family) in fonts]
    if standing_in:
        log.warning(
            "chart: font %s for “%s” is not installed; %s stands in "
            "(Debian: apt-get install fonts-noto-core fonts-noto-cjk)",
            ", ".join(standing_in),
            language,
            ", ".join(STAND_INS[family] for family in standing_in),
        )
    rest = tuple(family for family in fonts if family not in first)
    return rest[:1] + first + rest[1:]


@functools.cache
def _covered(fonts: tuple[str, ...]) -> frozenset[int]:
    """Every code point one of the fonts can draw."""
    points: set[int] = set()
    for family in fonts:
        path = font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
        try:
            points.update(FT2Font(path).get_charmap())
        except (OSError, RuntimeError):
            continue
    return frozenset(points)


def _drawable(value: str, fonts: tuple[str, ...]) -> str:
    """The text without the grapheme clusters no font can draw (colour emoji), never as boxes."""
    covered = _covered(fonts)
    kept = [c for c in graphemes(value) if c.isspace() or ord(c[0]) in covered]
    return " ".join("".join(kept).split()) if len(kept) != len(graphemes(value)) else value


def _width(cluster: str) -> int:
    """Columns a grapheme takes: two for wide (CJK) characters."""
    return 2 if unicodedata.east_asian_width(cluster[0]) in ("W", "F") else 1


def _fit(value: str, columns: int) -> str:
    """The text cut (with an ellipsis) to about `columns` Latin-letter widths."""
    if sum(_width(c) for c in graphemes(value)) <= columns:
        return value
    return cut_at(value, columns - 1, measure=_width).rstrip() + "…"


def _headline(figure: Figure, digest: RoundDigest, language: str, height: int, fonts: tuple[str, ...]) -> None:
    """Round title (two lines at most); date, "14 of 193 submitted" and "closed" beneath."""
    title = _plain(_wrap(_drawable(digest.round.title, fonts), 48))
    figure.text(0.03, 1 - 30 / height, title, va="top", fontsize=11, weight="bold", fontfamily=fonts)
    line = text(
        language,
        "digest.chart.headline",
        date=day(digest.at, "UTC", language),
        submitted=digest.overall.submitted,
        total=digest.overall.total,
    )
    closed = digest.round.status is RoundStatus.CLOSED
    if closed:
        line += " · " + text(language, "digest.chart.closed").upper()
    figure.text(
        0.03, 1 - 130 / height, line, va="top", fontsize=8.5, fontfamily=fonts, color="#B22222" if closed else "#333333"
    )


def _positions(
    axes: Axes, digest: RoundDigest, language: str, *, fontsize: float, fonts: tuple[str, ...]
) -> list[Patch]:
    tallies = digest.tallies[:MAX_ROWS]
    chars = int(LABEL_CHARS * 9 / fontsize)
    labels = [_plain(_fit(_drawable(f"{t.ref} · {t.title}" if t.title else t.ref, fonts), chars)) for t in tallies]
    series = [
        (text(language, f"digest.pos.{position}"), colour, [float(t.count(position)) for t in tallies])
        for position, colour in STACK
        if position is not Position.NO_OBJECTION or any(t.count(position) for t in tallies)
    ]
    handles = _stack(axes, series, height=0.78)
    # Labels as plain texts, not ticks: 150 tick objects cost most of the drawing time.
    axes.set_yticks([])
    beside = blended_transform_factory(axes.transAxes, axes.transData)
    for row, label in enumerate(labels):
        axes.text(-0.015, row, label, transform=beside, ha="right", va="center", fontsize=fontsize, fontfamily=fonts)
    axes.set_ylim(max(1, len(labels)) - 0.5, -0.5)  # the first recommendation on top
    widest = max((sum(values[row] for _, _, values in series) for row in range(len(tallies))), default=0.0)
    axes.set_xlim(0, max(1.0, widest * 1.05))  # fitted to the answers given, not to every delegation
    axes.set_title(text(language, "digest.section.positions"), loc="left", fontsize=9, fontfamily=fonts)
    axes.set_xlabel(text(language, "digest.chart.scale", total=digest.overall.total), fontsize=7.5, fontfamily=fonts)
    _tidy(axes)
    if widest == 0:
        axes.text(0.5, 0.5, text(language, "digest.chart.empty"), transform=axes.transAxes, ha="center",
                  va="center", fontsize=12, color="#555555", fontfamily=fonts)  # fmt: skip
        axes.set_xticks([])
    if len(digest.tallies) > MAX_ROWS:
        more = text(language, "digest.chart.more", count=len(digest.tallies) - MAX_ROWS)
        axes.text(0, 1.0, more, transform=axes.transAxes, va="top", fontsize=7.5, fontfamily=fonts)
    if len(tallies) > LONG:  # a long chart gets its scale at the top too
        axes.tick_params(axis="x", top=True, labeltop=True)
    return handles


def _coverage(axes: Axes, digest: RoundDigest, language: str, fonts: tuple[str, ...]) -> list[Patch]:
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
        axes.text(101, row, f"{g.submitted}/{g.total}", va="center", fontsize=8, fontfamily=fonts)
    names = [_plain(_wrap(_drawable(group_name(g.group, language), fonts), 30)) for g in groups]
    axes.set_yticks(range(len(groups)), labels=names, fontsize=8, fontfamily=fonts)
    axes.set_ylim(len(groups) - 0.5, -0.5)
    axes.set_xlim(0, 100)
    axes.set_title(text(language, "digest.section.groups"), loc="left", fontsize=9, fontfamily=fonts)
    axes.set_xlabel(text(language, "digest.chart.percent"), fontsize=7.5, fontfamily=fonts)
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


def _legend(figure: Figure, handles: list[Patch], top: float, fonts: tuple[str, ...]) -> None:
    prop = FontProperties(family=list(fonts), size=7.5)
    figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.02, top), ncol=3, prop=prop, frameon=False)


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
