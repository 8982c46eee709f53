"""Shared fixtures of the end-to-end tests."""

from __future__ import annotations

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
    """Create and open the sample A/61/583 round in the database at `db`, as a coordinator would."""
    for args in (("round", "create", str(SAMPLE_ROUND)), ("round", "open", "a61-583")):
        result = consultbot(db, *args)
        assert result.returncode == 0, result.stderr
    return db
