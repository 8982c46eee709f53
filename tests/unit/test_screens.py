"""bot/dialogue/screens.py: an item's buttons, remembered between screens, are never stale."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.dialogue import screens
from bot.domain.model import Position, Recommendation, Response, Round, RoundStatus
from tests.pseudo_catalogues import pseudo_catalogues

ROUND = Round(
    slug="doa",
    title="Delivering as One",
    deadline=datetime(2027, 3, 15, 18, tzinfo=UTC),
    recommendations=tuple(Recommendation(ref=f"R{n}", section="I", title=f"T{n}", text=f"X{n}") for n in (1, 2, 3)),
    status=RoundStatus.OPEN,
)


def labels(lang: str, ref: str, chosen: Position | None = None) -> list[str]:
    rec = ROUND.recommendations[ROUND.index_of(ref)]
    current = (
        None
        if chosen is None
        else Response(round="doa", stakeholder="NOR", ref=ref, position=chosen, updated_at=ROUND.deadline)
    )
    return [choice.label for choice in screens.item(lang, ROUND, rec, current, zone="UTC").choices]


class TestItemButtons:
    def test_the_chosen_position_is_ticked_and_the_ends_have_no_back_or_skip(self) -> None:
        first, middle = labels("en", "R1"), labels("en", "R2", Position.OPPOSE)
        assert not any(label.startswith("✓") for label in first)
        assert [label for label in middle if label.startswith("✓")] == ["✓ Oppose"]
        assert len(middle) == len(first) + 1 == len(labels("en", "R3")) + 1  # back on R2 and R3, skip on R1 and R2

    def test_texts_read_again_from_the_files_are_shown(self, tmp_path: Path) -> None:
        """The buttons are remembered per loaded catalogue: new catalogues show their own words."""
        before = labels("fr", "R2", Position.SUPPORT)
        with pseudo_catalogues(tmp_path, ["fr"]):
            pseudo = labels("fr", "R2", Position.SUPPORT)
        assert pseudo != before
        assert "α" in "".join(pseudo) or "ε" in "".join(pseudo), pseudo  # the pseudo catalogue's Greek letters
        assert labels("fr", "R2", Position.SUPPORT) == before
