"""Round files: the sample parses; a bad file is refused with every problem and its line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from adapters.roundfile import load_round_file, parse_duration, parse_round
from bot.domain.errors import BadRoundFile
from bot.domain.model import Provenance, RoundMode

SAMPLE = Path(__file__).resolve().parents[2] / "config" / "rounds" / "a61-583.yaml"


class TestRoundFiles:
    def test_the_sample_round_is_the_31_summaries_of_a61_583(self) -> None:
        parsed = load_round_file(SAMPLE)
        round_ = parsed.round
        assert round_.slug == "a61-583"
        assert round_.document == "A/61/583"
        assert round_.summaries
        assert len(round_.recommendations) == 31
        assert round_.reminders == (timedelta(days=7), timedelta(days=2), timedelta(hours=4))
        assert round_.deadline.utcoffset() is not None

    def test_the_sample_round_speaks_the_six_languages_unofficially(self) -> None:
        """Title, description, sections and all 31 summaries in Arabic, Chinese, French, Russian and
        Spanish, each marked unofficial (the English summaries are the text of reference)."""
        round_ = load_round_file(SAMPLE).round
        assert round_.language == "en"
        assert sorted(t.language for t in round_.translations) == ["ar", "es", "fr", "ru", "zh"]
        for translation in round_.translations:
            assert translation.status is Provenance.UNOFFICIAL
            assert translation.title
            assert translation.description
            assert all(translation.section(item.section) for item in round_.recommendations)
        for item in round_.recommendations:
            assert sorted(t.language for t in item.translations) == ["ar", "es", "fr", "ru", "zh"]
            assert all(t.title != item.title and t.text != item.text for t in item.translations)

    def test_every_problem_is_listed_with_its_line(self) -> None:
        source = (
            "slug: ok-slug\n"  # 1
            "title: A round\n"  # 2
            "deadline: 2027-01-01T10:00\n"  # 3: no offset
            "mode: loud\n"  # 4
            "reminders: [P7D, soon]\n"  # 5
            "audience: []\n"  # 6
            "recommendations:\n"  # 7
            "  - ref: R1\n"  # 8
            "    section: S\n"
            "    title: T\n"
            "    text: fine\n"
            "  - ref: r1\n"  # 12: duplicate (case-insensitive)
            "    section: S\n"
            "    title: T\n"
            "    text: also fine\n"
            "colour: blue\n"  # 16
        )
        with pytest.raises(BadRoundFile) as caught:
            parse_round(source)
        lines = [line for line, _ in caught.value.problems]
        assert lines == [3, 4, 5, 12, 16]

    def test_invalid_yaml_is_reported_with_its_line(self) -> None:
        with pytest.raises(BadRoundFile) as caught:
            parse_round("slug: a\ntitle: [unclosed\n")
        assert caught.value.problems[0][0] >= 2

    def test_silence_mode_and_durations(self) -> None:
        parsed = parse_round(
            "slug: sil\ntitle: T\ndeadline: 2027-01-01T10:00+00:00\nmode: silence\nreminders: [PT4H, P1DT12H]\n"
            "recommendations:\n  - {ref: A, section: S, title: T, text: X}\n"
        )
        assert parsed.round.mode is RoundMode.SILENCE
        assert parsed.round.reminders == (timedelta(days=1, hours=12), timedelta(hours=4))
        assert parse_duration("P2W") == timedelta(days=14)
        assert parse_duration("PT0H") is None
        assert parse_duration("7D") is None
