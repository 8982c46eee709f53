"""Shared fixtures of the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the command keeps its SQLite database for one test."""
    return tmp_path / "consultbot.db"
