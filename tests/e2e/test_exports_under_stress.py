"""Exports as operators really run them: piped into a pager, and with text XML cannot hold (issue 21).

Item 10: an export piped into a pager wrote inside BEGIN IMMEDIATE, holding SQLite's write lock
while the pipe was full; every delegate's answer failed after 30 s. Item 6: one comment containing
U+FFFE made the round's XLSX unreadable while the CLI reported success.
"""

from __future__ import annotations

import fcntl
import os
import select
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.cli import ROOT, consultbot
from tests.e2e.conftest import with_sample_round


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Every test here starts from the sample round, created and opened as a coordinator would."""
    return with_sample_round(tmp_path / "consultbot.db")


def answer_all(db: Path, code: str, first_comment: str = "") -> None:
    """A delegation answers all 31 (the first with a comment) and submits."""
    comment = ["0", first_comment] if first_comment else []  # [0]: add a comment on the answer just recorded
    lines = ["1", *comment] + ["1"] * 30 + ["1"]  # one line per answer, then Submit
    result = consultbot(db, "console", "--as", code, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr


class TestAnExportPipedIntoAPager:
    def test_a_blocked_export_never_holds_the_write_lock(self, db: Path) -> None:
        """While the export waits on a full pipe, a writer gets the lock at once and a delegate answers."""
        answer_all(db, "FRA")  # 31 rows, about 6 KB: more than the pipe below holds
        reader, writer = os.pipe()
        fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 4096)  # a pager that has not read anything yet
        env = {**os.environ, "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "COLUMNS": "200"}
        export = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "round", "export", "a61-583", "-o", "/dev/stdout"],
            stdout=writer, stderr=subprocess.PIPE, env=env, cwd=db.parent,
        )  # fmt: skip
        os.close(writer)
        try:
            select.select([reader], [], [], 60)  # the export has filled the pipe and waits for the pager
            other = sqlite3.connect(db, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")  # raised "database is locked" before the fix
                other.execute("ROLLBACK")
            finally:
                other.close()
            answered = consultbot(db, "console", "--as", "NOR", stdin="1\n\n")
            assert answered.returncode == 0, answered.stderr
            assert "Something went wrong" not in answered.stdout
        finally:
            received = b""
            while chunk := os.read(reader, 65536):  # the pager reads at last
                received += chunk
            os.close(reader)
            assert export.wait(timeout=60) == 0, export.stderr.read() if export.stderr else ""
            assert Path("/dev/stdout").is_symlink(), "the export wrote through /dev/stdout, never replaced it"
        assert received.count(b"\nFRA,France,") == 31


class TestTextXmlCannotHold:
    def test_a_comment_with_u_fffe_still_gives_a_readable_workbook(self, db: Path) -> None:
        """U+FFFE, U+FFFF and control characters in a comment: the XLSX opens, the comment shows U+FFFD."""
        answer_all(db, "FRA", first_comment="Agreed\ufffe with\uffff reservations\x01.")
        exported = consultbot(db, "round", "export", "a61-583", "--format", "xlsx", "-o", "answers.xlsx")
        assert exported.returncode == 0, exported.stderr
        book = load_workbook(db.parent / "answers.xlsx", read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        comments = [str(v) for row in rows for v in row if v and "reservations" in str(v)]
        assert comments
        assert all("\ufffe" not in c and "\uffff" not in c and "\x01" not in c for c in comments)
        assert "Agreed" in comments[0]
