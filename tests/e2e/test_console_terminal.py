"""The terminal as a delegate meets it: Ctrl-C, numbers at a text prompt, help, review, an unknown code."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.cli import ROOT, consultbot


class TestTheTerminal:
    def test_ctrl_c_leaves_like_ctrl_d(self, sample_db: Path) -> None:
        """SIGINT while waiting for a line: a goodbye, exit 0, no traceback."""
        env = {**os.environ, "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{sample_db}"}
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "console", "--as", "NOR"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=sample_db.parent,
        )
        assert process.stdout
        seen = ""
        while "1 of 31" not in seen:
            line = process.stdout.readline()
            assert line, f"the console ended early:\n{seen}"
            seen += line
        while "Review all" not in seen:
            seen += process.stdout.readline()
        process.send_signal(signal.SIGINT)
        rest, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors
        assert "Goodbye" in rest
        assert "Traceback" not in errors

    def test_a_number_at_a_text_prompt_is_confirmed_help_speaks_of_numbers_review_shows_titles(
        self, sample_db: Path
    ) -> None:
        """ "2" asks for an amendment; "7" then is not saved as the amendment unless confirmed."""
        lines = ["2", "7", "n", "Replace 2012 by 2015.", "", "help", "review"]
        result = consultbot(sample_db, "console", "--as", "FRA", stdin="\n".join(lines) + "\n")
        assert result.returncode == 0, result.stderr
        assert "Save “7” as your text?" in result.stdout
        assert "Not saved: type your text." in result.stdout
        assert "by typing the number of a choice" in result.stdout
        assert "buttons" not in result.stdout.split("How to answer")[1].split("CL-2")[0]
        assert "CL-1 One UN team in each programme country: Support with amendments" in result.stdout

    def test_the_demo_asks_again_on_an_unknown_code(self, db: Path) -> None:
        """Piped input cannot answer a question: the demo says what "fr" may mean and stops."""
        result = consultbot(db, "demo", "--as", "fr", stdin="")
        assert result.returncode == 1
        assert "There is no delegation “FR”. Did you mean FRA (France)" in result.stderr

    def test_navigation_keeps_its_number_on_every_screen(self, sample_db: Path) -> None:
        """Skip is 7 and review 8 on the first recommendation as on the others (back, 6, appears from the second)."""
        result = consultbot(sample_db, "console", "--as", "NGA", stdin="7\n6\n8\n")
        assert result.returncode == 0, result.stderr
        screens = result.stdout.split("of 31 ·")
        assert "[7] Skip ▶" in screens[1]
        assert "[8] Review all" in screens[1]
        assert "[6]" not in screens[1], "no back on the first: its number is not reused"
        assert "[6] ◀ Back" in screens[2]
        assert "[7] Skip ▶" in screens[2]
        assert "2 of 31" in result.stdout
        assert "Review" in screens[-1]

    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_only_the_demo_creates_and_opens_the_sample_round(self, db: Path) -> None:
        """Any first start loads the registry only; `demo` then adds the sample round, open, once."""
        assert consultbot(db, "round", "list", "--json").stdout.strip() == "[]"
        first = consultbot(db, "demo", "--as", "FRA", stdin="")
        assert first.returncode == 0, first.stderr
        assert "Opened the sample round a61-583" in first.stderr
        assert "1 of 31" in first.stdout
        again = consultbot(db, "demo", "--as", "FRA", stdin="")
        assert "Opened the sample round" not in again.stderr
        (sample,) = json.loads(consultbot(db, "round", "list", "--json").stdout)
        assert (sample["slug"], sample["status"]) == ("a61-583", "open")
