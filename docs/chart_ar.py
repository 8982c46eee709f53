"""Draw the digest's chart of the sample round for an Arabic reader, as the service draws it.

    .venv/bin/python docs/chart_ar.py            # writes docs/chart-ar.png (and docs/chart-zh.png with --zh)

The round is the shipped sample (config/rounds/a61-583.yaml) in Arabic through bot.i18n.content.localize
(its unofficial Arabic titles); the chart is adapters/chart.render_png with the reader's language,
so Arabic is joined and laid out right to left by matplotlib's own shaping (never pre-reshaped).
The counts are made up (a fixed pattern): the picture is about the text, not the figures. The
chart's own labels and the regional groups' names are as the catalogue and the registry give them.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from adapters.chart import render_png  # noqa: E402  (after the path is set)
from adapters.roundfile import load_round_file  # noqa: E402
from bot.i18n.content import localize  # noqa: E402
from bot.records.digest_values import POSITIONS, Coverage, RoundChanges, RoundDigest, Tally  # noqa: E402

GROUPS = (
    ("African Group", 54),
    ("Asia-Pacific Group", 53),
    ("Eastern European Group", 23),
    ("Latin American and Caribbean Group", 33),
    ("Western European and Others Group", 28),
)


def digest(language: str) -> RoundDigest:
    """The sample round in `language` with made-up counts for 193 delegations."""
    round_ = localize(load_round_file(HERE.parent / "config" / "rounds" / "a61-583.yaml").round, language)
    tallies = tuple(
        Tally(ref=r.ref, title=r.title, counts=tuple((3 * i + 5 * k) % 11 for k in range(len(POSITIONS))))
        for i, r in enumerate(round_.recommendations)
    )
    groups = tuple(
        Coverage(group=name, total=total, submitted=total // 3, in_progress=total // 4,
                 not_started=total - total // 3 - total // 4)
        for name, total in GROUPS
    )  # fmt: skip
    return RoundDigest(
        round=round_,
        at=datetime(2027, 3, 8, 14, 0, tzinfo=UTC),
        overall=Coverage(group="", total=193, submitted=61, in_progress=47, not_started=85),
        groups=groups,
        tallies=tallies,
        contested=(),
        changes=RoundChanges(since=None),
        not_started=(),
        unreachable=(),
        dead=(),
    )


def main() -> None:
    for language in ("ar", "zh") if "--zh" in sys.argv else ("ar",):
        target = HERE / f"chart-{language}.png"
        target.write_bytes(render_png(digest(language), language))
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
