"""A careless operator at the command line: absurd round files and unusable database files.

Each case used to end in a Python traceback (issue 21); each must now get a clear message, a
non-zero exit, and change nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli import consultbot

GOOD = """\
slug: careless
title: A round
deadline: {deadline}
reminders: [{reminder}]
recommendations:
  - ref: R1
    section: S
    title: T
    text: Some text.
"""


class TestRoundCreateRefusesAbsurdFilesByLine:
    @pytest.mark.parametrize(
        ("source", "line", "words"),
        [
            (GOOD.format(deadline="9999-12-31T23:59:59+00:00", reminder="P7D"), 3, "between 2000 and 2100"),
            (GOOD.format(deadline="2030-03-30T18:00:00-04:00", reminder="P9999999999D"), 4, "P9999999999D"),
            (GOOD.format(deadline="2030-03-30T18:00:00-04:00", reminder="P800000D"), 4, "more than 366 days"),
            ("slug: " + "[" * 300 + "\n", 1, "nested more than 16 levels"),
        ],
        ids=["deadline-year-9999", "offset-P9999999999D", "offset-P800000D", "deeply-nested-lists"],
    )
    def test_refused_by_line_and_nothing_stored(self, db: Path, source: str, line: int, words: str) -> None:
        """The file is refused with its line, exit 1, no traceback, and no round is stored."""
        (db.parent / "round.yaml").write_text(source, encoding="utf-8")
        created = consultbot(db, "round", "create", str(db.parent / "round.yaml"))
        assert created.returncode == 1, created.stderr
        assert "Traceback" not in created.stderr
        assert "The round file was refused" in created.stderr
        assert f"line {line}:" in created.stderr, created.stderr
        assert words in created.stderr
        assert "careless" not in consultbot(db, "round", "list").stdout


class TestExtendRefusesAbsurdDeadlines:
    def test_a_deadline_in_year_9999_is_refused_and_nothing_changes(self, sample_db: Path) -> None:
        """Before: accepted and printed as the new deadline."""
        assert consultbot(sample_db, "round", "list").returncode == 0
        refused = consultbot(sample_db, "round", "extend", "a61-583", "9999-12-31T23:59:59+00:00")
        assert refused.returncode == 1
        assert "must be before 2101" in refused.stderr
        assert "9999" not in consultbot(sample_db, "round", "status", "a61-583", "--json").stdout


class TestDatabasesTheServiceCannotWrite:
    def test_a_folder_it_cannot_write_gives_one_line_not_a_traceback(self, tmp_path: Path) -> None:
        """/proc refuses new files (as a read-only folder does, even for root): one line, exit 2."""
        result = consultbot(tmp_path / "unused.db", "round", "list", CONSULTBOT_DATABASE_URL="sqlite:////proc/cb.db")
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert (
            result.stderr.strip()
            == "consultbot: cannot open the database sqlite:////proc/cb.db: unable to open database file"
        )

    def test_a_read_only_database_file_says_it_cannot_save_not_busy(self, db: Path) -> None:
        """Before: "The service is busy… nothing was lost", though no retry could ever succeed."""
        assert consultbot(db, "round", "list").returncode == 0  # created and seeded
        (db.parent / "round.yaml").write_text(GOOD.format(deadline="2030-03-30T18:00:00-04:00", reminder="P7D"))
        read_only = f"sqlite+aiosqlite:///file:{db}?mode=ro&uri=true"
        created = consultbot(db, "round", "create", str(db.parent / "round.yaml"), CONSULTBOT_DATABASE_URL=read_only)
        assert created.returncode == 1
        assert "Traceback" not in created.stderr
        assert "cannot write to its database (it is read-only)" in created.stderr
        assert "busy" not in created.stderr
