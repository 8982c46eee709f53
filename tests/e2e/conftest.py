"""Shared fixtures of the end-to-end tests."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.e2e.cli import ROOT, consultbot

SAMPLE_ROUND = ROOT / "config" / "rounds" / "a61-583.yaml"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the command keeps its SQLite database for one test."""
    return tmp_path / "consultbot.db"


@pytest.fixture
def sample_db(db: Path) -> Path:
    """A database with the sample A/61/583 round created and opened, as a coordinator would."""
    return with_sample_round(db)


def with_sample_round(db: Path) -> Path:
    """Create and open the sample A/61/583 round in the database at `db`, as a coordinator would.

    The two commands run once per test process, on a database of their own; each test then gets a
    copy of it (the commands take seconds, a copy a millisecond)."""
    template = _Templates.sample
    if template is None:
        folder = Path(tempfile.mkdtemp(prefix="consultbot-e2e-sample-"))
        atexit.register(shutil.rmtree, folder, True)
        template = folder / "consultbot.db"
        for args in (("round", "create", str(SAMPLE_ROUND)), ("round", "open", "a61-583")):
            result = consultbot(template, *args)
            assert result.returncode == 0, result.stderr
        _Templates.sample = template
    for suffix in ("", "-wal", "-shm"):  # the process has exited: its write-ahead log is folded in, if any
        part = template.with_name(template.name + suffix)
        if part.exists():
            shutil.copyfile(part, db.with_name(db.name + suffix))
    return db


class _Templates:
    sample: Path | None = None
