"""The record of a consultation, as a coordinator reads it: submissions are snapshots, drafts stay
drafts until submitted again. The same story on SQLite and PostgreSQL, through the real command."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.dbs import database_params, fresh_database
from tests.e2e.cli import ROOT
from tests.e2e.conftest import SAMPLE_ROUND

SLUG = "a61-583"


@pytest.fixture(params=database_params())
async def url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each kind: the first command prepares it (the registry); then the sample
    round is created and opened, as a coordinator would."""
    async with fresh_database(request.param, migrated=False) as found:
        for args in (("round", "create", str(SAMPLE_ROUND)), ("round", "open", SLUG)):
            ok(cli(found, tmp_path, *args))
        yield found


def cli(url: str, cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`consultbot ARGS` on the database at `url`."""
    inherited = {k: v for k, v in os.environ.items() if k != "CONSULTBOT_DIGEST_RECIPIENTS"}
    environment = {**inherited, "CONSULTBOT_DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        input=stdin, capture_output=True, text=True, env=environment, cwd=cwd, timeout=120, check=False,
    )  # fmt: skip


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def rows(path: Path, stakeholder: str) -> dict[str, dict[str, str]]:
    """A delegation's rows of a CSV export, by recommendation."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["ref"]: row for row in csv.DictReader(handle) if row["stakeholder"] == stakeholder}


def france(url: str, cwd: Path) -> dict[str, object]:
    status = json.loads(ok(cli(url, cwd, "round", "status", SLUG, "--json")).stdout)
    return next(d for d in status["delegations"] if d["stakeholder"] == "FRA")


class TestTheRecordStory:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    async def test_a_change_after_submitting_is_a_draft_until_submitted_again(self, url: str, tmp_path: Path) -> None:
        """FRA submits 31 answers; a delegate changes CL-1 without submitting: status says submitted,
        receipt set and changed since; the export shows Support with the receipt, --drafts the Oppose
        beside it; the digest counts Support. FRA submits again: a new receipt, the export follows."""
        answers = "\n".join(["1"] * 31 + ["submit"]) + "\n"  # one line per answer
        submitted = ok(cli(url, tmp_path, "console", "--as", "FRA", stdin=answers)).stdout
        assert "Receipt number: A61-583-FRA-01." in submitted
        assert "CL-1: Support" in submitted  # the receipt lists what was submitted

        ok(cli(url, tmp_path, "console", "--as", "FRA", stdin="edit CL-1\n3\n0\nWe now oppose.\n"))

        fra = france(url, tmp_path)
        assert fra["state"] == "submitted"
        assert fra["receipt"] == "A61-583-FRA-01"
        assert fra["changed_since_submission"] is True
        assert fra["submitted_by"] == "FRA terminal (delegate)"
        assert str(fra["submitted_at"]).endswith("+00:00")
        table = ok(cli(url, tmp_path, "round", "status", SLUG)).stdout
        assert "changed since" in table

        record = tmp_path / "record.csv"
        ok(cli(url, tmp_path, "round", "export", SLUG, "-o", str(record)))
        cl1 = rows(record, "FRA")["CL-1"]
        assert (cl1["position"], cl1["comment"], cl1["receipt"]) == ("support", "", "A61-583-FRA-01")
        assert cl1["submitted_by"] == "FRA terminal (delegate)"
        assert "draft_position" not in cl1
        silent = rows(record, "NOR")["CL-1"]  # who has not submitted is there, without a position
        assert (silent["position"], silent["receipt"]) == ("", "")

        drafts = tmp_path / "drafts.csv"
        ok(cli(url, tmp_path, "round", "export", SLUG, "--drafts", "-o", str(drafts)))
        cl1 = rows(drafts, "FRA")["CL-1"]
        assert (cl1["position"], cl1["draft_position"], cl1["draft_comment"]) == ("support", "oppose", "We now oppose.")
        assert cl1["draft_changed_by"] == "FRA terminal (delegate)"
        assert rows(drafts, "FRA")["CL-2"]["draft_position"] == ""  # no draft where nothing differs

        digest = json.loads(ok(cli(url, tmp_path, "digest", "--round", SLUG, "--format", "json")).stdout)
        counts = digest["rounds"][0]["positions"][0]
        assert (counts["ref"], counts["support"], counts["oppose"]) == ("CL-1", 1, 0)
        assert digest["rounds"][0]["unsubmitted"] == 1

        again = ok(cli(url, tmp_path, "console", "--as", "FRA", stdin="submit\n")).stdout
        assert "Receipt number: A61-583-FRA-02." in again
        fra = france(url, tmp_path)
        assert (fra["receipt"], fra["changed_since_submission"]) == ("A61-583-FRA-02", False)
        ok(cli(url, tmp_path, "round", "export", SLUG, "--submitted-only", "-o", str(record)))
        cl1 = rows(record, "FRA")["CL-1"]
        assert (cl1["position"], cl1["comment"], cl1["receipt"]) == ("oppose", "We now oppose.", "A61-583-FRA-02")
        assert rows(record, "NOR") == {}  # --submitted-only: the silent are left out

        receipt = ok(cli(url, tmp_path, "console", "--as", "FRA", stdin="receipt\n")).stdout
        assert "Receipt number: A61-583-FRA-02." in receipt
        assert "CL-1: Oppose; comment “We now oppose.”" in receipt


class TestBadInput:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    async def test_each_gets_one_line_a_non_zero_exit_and_no_file(self, url: str, tmp_path: Path) -> None:
        """Unknown round, empty round, no submission, a path that cannot be written: export and compile."""
        ok(cli(url, tmp_path, "round", "list"))  # prepares the database: the sample round, nobody answered
        target = tmp_path / "out.csv"
        docx = tmp_path / "out.docx"
        cases = [
            (("round", "export", "nosuch", "-o", str(target)), "There is no round “nosuch”."),
            (("round", "compile", "nosuch", "-o", str(docx)), "There is no round “nosuch”."),
            (("round", "export", SLUG, "-o", str(target)), "Round a61-583 is empty"),
            (("round", "compile", SLUG, "-o", str(docx)), "Round a61-583 is empty"),
        ]
        for args, message in cases:
            done = cli(url, tmp_path, *args)
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert message in done.stderr, (args, done.stderr)
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        ok(cli(url, tmp_path, "console", "--as", "FRA", stdin="1\n\n"))  # one draft, no submission
        for args in (("round", "export", SLUG, "-o", str(target)), ("round", "compile", SLUG, "-o", str(docx))):
            done = cli(url, tmp_path, *args)
            assert done.returncode == 1, done.stdout
            assert "No delegation has submitted in round a61-583 yet. Nothing was written." in done.stderr
        ok(cli(url, tmp_path, "round", "export", SLUG, "--drafts", "-o", str(target)))  # drafts were asked for
        target.unlink()
        for unwritable in (
            ("round", "export", SLUG, "--drafts", "-o", str(tmp_path / "missing" / "out.csv")),
            ("round", "export", SLUG, "--drafts", "-o", str(tmp_path)),
            ("round", "compile", SLUG, "-o", str(tmp_path / "missing" / "out.docx")),
        ):
            done = cli(url, tmp_path, *unwritable)
            assert done.returncode == 1, done.stdout
            assert done.stderr.startswith("Cannot write"), done.stderr
            assert "Nothing was written." in done.stderr
        assert os.listdir(tmp_path) == []  # no partial or temporary file anywhere
