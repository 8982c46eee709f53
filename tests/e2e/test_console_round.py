"""The terminal channel as a user drives it: the real `consultbot` command, piped input, SQLite."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.e2e.cli import ROOT, consultbot


class TestAScriptedDelegation:
    def test_france_answers_all_31_and_submits(self, sample_db: Path) -> None:
        """Piped answers for all 31 recommendations, then submit: status shows FRA submitted, the CSV has the rows."""
        lines = []
        for number in range(1, 32):
            if number == 2:  # support with amendments, then the amendment, then [0] add a comment
                lines += ["2", "Replace 2012 by 2015.", "0", "Timing is too tight."]
            elif number == 3:
                lines += ["3", "0", "We oppose, see our statement of 12 March."]
            else:
                lines += ["1"]  # one line per answer: the next recommendation comes at once
        assert len(lines) == 31 + 5
        lines.append("1")  # the review's only numbered choice after [0]: submit for France
        result = consultbot(sample_db, "console", "--as", "FRA", stdin="\n".join(lines) + "\n")
        assert result.returncode == 0, result.stderr
        assert "Receipt A61-583-FRA-01" in result.stdout

        status = consultbot(sample_db, "round", "status", "a61-583", "--json")
        assert status.returncode == 0, status.stderr
        report = json.loads(status.stdout)
        france = next(d for d in report["delegations"] if d["stakeholder"] == "FRA")
        assert (france["state"], france["answered"], france["total"]) == ("submitted", 31, 31)
        assert len(report["delegations"]) == 193

        exported = consultbot(
            sample_db, "round", "export", "a61-583", "--format", "csv", "--submitted-only", "-o", "answers.csv"
        )
        assert exported.returncode == 0, exported.stderr
        with (sample_db.parent / "answers.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 31
        assert {r["stakeholder"] for r in rows} == {"FRA"}
        by_ref = {r["ref"]: r for r in rows}
        assert by_ref["CL-2"]["position"] == "support_with_amendments"
        assert by_ref["CL-2"]["amendment"] == "Replace 2012 by 2015."
        assert by_ref["CL-2"]["comment"] == "Timing is too tight."
        assert by_ref["CL-3"]["position"] == "oppose"
        assert by_ref["CL-3"]["comment"] == "We oppose, see our statement of 12 March."

    def test_end_of_input_ends_cleanly(self, sample_db: Path) -> None:
        """Empty standard input: the first recommendation, then a clean goodbye."""
        result = consultbot(sample_db, "console", "--as", "NOR", stdin="")
        assert result.returncode == 0, result.stderr
        assert "1 of 31" in result.stdout
        assert "Goodbye" in result.stdout


class TestKillAndResume:
    def test_a_killed_console_resumes_at_the_same_recommendation(self, sample_db: Path) -> None:
        """SIGKILL after five answers: the next start shows the sixth recommendation and keeps the five."""
        env = {**os.environ, "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{sample_db}"}
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "console", "--as", "BRA"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=sample_db.parent,
        )
        assert process.stdin
        assert process.stdout
        seen = ""
        for _ in range(5):
            process.stdin.write("1\n\n")
            process.stdin.flush()
        while "6 of 31" not in seen:
            line = process.stdout.readline()
            assert line, f"the console ended early:\n{seen}"
            seen += line
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

        again = consultbot(sample_db, "console", "--as", "BRA", stdin="")
        assert again.returncode == 0, again.stderr
        assert "6 of 31" in again.stdout
        status = json.loads(consultbot(sample_db, "round", "status", "a61-583", "--json").stdout)
        brazil = next(d for d in status["delegations"] if d["stakeholder"] == "BRA")
        assert (brazil["state"], brazil["answered"]) == ("in_progress", 5)


class TestRoundFiles:
    def test_a_bad_round_file_is_refused_with_every_problem_and_nothing_stored(self, db: Path) -> None:
        """Three problems, three lines; nothing is stored: `round list` shows no round."""
        bad = db.parent / "bad.yaml"
        bad.write_text(
            "slug: Bad Slug\n"
            "title: Something\n"
            "deadline: next week\n"
            "recommendations:\n"
            "  - ref: R1\n"
            "    section: S\n"
            "    title: T\n"
            "  - ref: R2\n"
            "    section: S\n"
            "    title: T\n"
            "    text: fine\n",
            encoding="utf-8",
        )
        result = consultbot(db, "round", "create", str(bad))
        assert result.returncode == 1
        assert "line 1: slug" in result.stderr
        assert "line 3: deadline" in result.stderr
        assert "line 5: recommendation: missing “text”" in result.stderr
        listed = consultbot(db, "round", "list")
        assert "No rounds yet" in listed.stdout
        assert "Bad Slug" not in listed.stdout
