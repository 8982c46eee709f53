"""A coordinator and the round's six languages at the command line: `round create` says how complete
each language is, a bad translation is refused with nothing stored, and `round export --language ar`
gives an Arabic, right-to-left spreadsheet whose answers keep the language they were written in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.cli import consultbot
from tests.e2e.conftest import SAMPLE_ROUND

SLUG = "a61-583"

BAD = """\
slug: six-bad
title: Delivering as One
deadline: 2030-03-30T18:00:00-04:00
translations:
  fr:
    status: unofficial
    title: Unis dans l'action
    recommendations:
      R9: {title: Fantôme, text: Nulle part.}
  de: {status: unofficial, title: Einheit in der Aktion}
recommendations:
  - {ref: R1, section: S, title: One leader, text: One UN leader in each country.}
"""


class TestLanguagesAtTheCommandLine:
    def test_round_create_says_each_language_is_complete_and_unofficial(self, db: Path) -> None:
        created = consultbot(db, "round", "create", str(SAMPLE_ROUND))
        assert created.returncode == 0, created.stderr
        rows = [line.split() for line in created.stdout.splitlines()]
        lines = {row[0]: row for row in rows if row and row[0] in {"ar", "en", "es", "fr", "ru", "zh"}}
        assert lines["en"][1] == "original"
        for language in ("ar", "es", "fr", "ru", "zh"):
            assert lines[language][1:5] == ["unofficial", "yes", "yes", "31/31"], lines[language]
        (listed,) = json.loads(consultbot(db, "round", "list", "--json").stdout)
        assert listed["language"] == "en"
        assert listed["translations"] == dict.fromkeys(("ar", "zh", "fr", "ru", "es"), "unofficial")

    def test_a_translation_for_an_unknown_ref_or_language_is_refused_and_nothing_stored(self, db: Path) -> None:
        (db.parent / "bad.yaml").write_text(BAD, encoding="utf-8")
        refused = consultbot(db, "round", "create", str(db.parent / "bad.yaml"))
        assert refused.returncode == 1
        assert "line 9" in refused.stderr
        assert "no recommendation “R9”" in refused.stderr
        assert "line 10" in refused.stderr
        assert "“de” is not a supported language" in refused.stderr
        assert "six-bad" not in consultbot(db, "round", "list").stdout

    @pytest.mark.slow  # a console session and three exports, each a new process
    def test_an_arabic_export_reads_right_to_left_and_keeps_each_answers_language(self, sample_db: Path) -> None:
        # One line per answer; [0] "Add a comment" on the answer just recorded, then the comment.
        answers = "1\n0\nNous appuyons.\n" + "1\n" * 30 + "submit\n"
        assert consultbot(sample_db, "console", "--as", "FRA", stdin=answers).returncode == 0
        csv_path = sample_db.parent / "r.csv"
        assert consultbot(sample_db, "round", "export", SLUG, "-o", str(csv_path)).returncode == 0
        with csv_path.open(encoding="utf-8", newline="") as handle:
            france = {row["ref"]: row for row in csv.DictReader(handle) if row["stakeholder"] == "FRA"}
        assert france["CL-1"]["comment"] == "Nous appuyons."
        assert france["CL-1"]["language"] == "en"  # the writer's language then (the console speaks English)
        assert france["CL-2"]["language"] == ""  # no words, no language

        xlsx = sample_db.parent / "r.xlsx"
        done = consultbot(sample_db, "round", "export", SLUG, "--format", "xlsx", "--language", "ar", "-o", str(xlsx))
        assert done.returncode == 0, done.stderr
        record = openpyxl.load_workbook(xlsx)["record"]
        assert record.sheet_view.rightToLeft
        header = [c.value for c in record[1]]
        first = dict(zip(header, next(record.iter_rows(min_row=2, values_only=True)), strict=True))
        assert first["title"] == "فريق واحد للأمم المتحدة في كل بلد من البلدان المستفيدة من البرامج"

        unknown = consultbot(sample_db, "round", "export", SLUG, "--language", "de")
        assert unknown.returncode == 2
        assert "Unknown language “de”" in unknown.stderr
