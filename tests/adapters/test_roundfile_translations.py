"""Round files in six languages: translations with their provenance, and bad ones refused by line."""

from __future__ import annotations

import pytest

from adapters.roundfile import parse_round
from bot.domain.errors import BadRoundFile
from bot.domain.model import Provenance

HEAD = (
    "slug: six\n"  # 1
    "title: Delivering as One\n"  # 2
    "deadline: 2027-03-30T18:00:00-04:00\n"  # 3
    "recommendations:\n"  # 4
    "  - ref: CL-1\n"  # 5
    "    section: Country level\n"  # 6
    "    title: One UN team\n"  # 7
    "    text: One leader, one programme.\n"  # 8
    "    translations:\n"  # 9
    "      fr: {title: Une seule équipe, text: 'Un seul chef, un seul programme.'}\n"  # 10
    "  - ref: CL-2\n"  # 11
    "    section: Country level\n"  # 12
    "    title: Phased roll-out\n"  # 13
    "    text: Pilots first.\n"  # 14
)


def problems(source: str) -> list[tuple[int, str]]:
    with pytest.raises(BadRoundFile) as caught:
        parse_round(source)
    return caught.value.problems


class TestTranslations:
    def test_a_round_carries_its_text_in_more_languages_with_their_provenance(self) -> None:
        source = HEAD + (
            "translations:\n"
            "  fr: {status: official, title: Unis dans l'action, sections: {Country level: Au niveau des pays}}\n"
            "  ar:\n"
            "    status: unofficial\n"
            "    title: توحيد الأداء\n"
            "    recommendations:\n"
            "      CL-2: {title: التنفيذ على مراحل, text: البدء بالبلدان الرائدة.}\n"
        )
        round_ = parse_round(source).round
        assert round_.language == "en"
        assert round_.translation("fr") is not None
        assert round_.translation("fr").status is Provenance.OFFICIAL  # type: ignore[union-attr]
        assert round_.translation("ar").status is Provenance.UNOFFICIAL  # type: ignore[union-attr]
        first, second = round_.recommendations
        assert first.translation("fr").title == "Une seule équipe"  # type: ignore[union-attr]
        assert first.translation("ar") is None
        assert second.translation("ar").text == "البدء بالبلدان الرائدة."  # type: ignore[union-attr]
        assert round_.translation("fr").section("Country level") == "Au niveau des pays"  # type: ignore[union-attr]

    def test_a_file_without_translations_reads_as_before(self) -> None:
        round_ = parse_round(
            HEAD.replace("    translations:\n", "").replace(
                "      fr: {title: Une seule équipe, text: 'Un seul chef, un seul programme.'}\n", ""
            )
        ).round
        assert round_.translations == ()
        assert all(r.translations == () for r in round_.recommendations)

    def test_an_unsupported_language_is_refused_with_its_line(self) -> None:
        found = problems(
            HEAD + "translations:\n  fr: {status: unofficial, title: T}\n  de: {status: unofficial, title: T}\n"
        )
        assert found == [(17, "translations: “de” is not a supported language (ar, en, es, fr, ru, zh)")]

    def test_an_unsupported_language_on_a_recommendation_names_the_ref(self) -> None:
        source = (
            HEAD.replace("      fr: {title:", "      klingon: {title:")
            + "translations:\n  fr: {status: official, title: T}\n"
        )
        ((line, message),) = problems(source)
        assert line == 10
        assert "recommendation CL-1" in message
        assert "klingon" in message

    def test_a_translation_for_an_unknown_recommendation_names_the_ref(self) -> None:
        source = HEAD + (
            "translations:\n"  # 15
            "  fr:\n"  # 16
            "    status: unofficial\n"  # 17
            "    title: Unis dans l'action\n"  # 18
            "    recommendations:\n"  # 19
            "      CL-9: {title: Fantôme, text: Nulle part.}\n"  # 20
        )
        ((line, message),) = problems(source)
        assert line == 20
        assert "“CL-9”" in message
        assert "no recommendation" in message

    def test_a_language_used_but_not_declared_is_refused(self) -> None:
        ((line, message),) = problems(HEAD)
        assert line == 10
        assert "CL-1" in message
        assert "“fr” is not declared" in message

    @pytest.mark.parametrize(
        ("entry", "expected"),
        [
            ("fr: {title: T}", "missing “status”"),
            ("fr: {status: maybe, title: T}", "must be official or unofficial"),
            ("fr: {status: official}", "missing “title”"),
            ("fr: {status: official, title: ''}", "translations: fr: title: must be a non-empty text"),
            ("en: {status: official, title: T}", "the round's own language"),
            ("fr: {status: official, title: T, colour: blue}", "unknown field “colour”"),
            ("fr: {status: official, title: T, sections: {Nowhere: Nulle part}}", "no recommendation is in a section"),
        ],
    )
    def test_every_bad_entry_says_what_is_wrong(self, entry: str, expected: str) -> None:
        found = problems(HEAD + "translations:\n  " + entry + "\n")
        assert any(expected in message for _, message in found), found

    def test_a_recommendation_translation_needs_title_and_text(self) -> None:
        source = (
            HEAD.replace(", text: 'Un seul chef, un seul programme.'}", "}")
            + "translations:\n  fr: {status: official, title: T}\n"
        )
        assert problems(source) == [(10, "recommendation CL-1: translations: fr: missing “text”")]

    def test_the_base_language_may_be_another(self) -> None:
        source = (
            HEAD.replace("title: Delivering as One\n", "title: Unis dans l'action\nlanguage: fr\n").replace(
                "      fr: {title: Une seule équipe, text: 'Un seul chef, un seul programme.'}\n",
                "      en: {title: One UN team, text: One leader.}\n",
            )
            + "translations:\n  en: {status: official, title: Delivering as One}\n"
        )
        round_ = parse_round(source).round
        assert round_.language == "fr"
        assert round_.recommendations[0].translation("en").title == "One UN team"  # type: ignore[union-attr]
