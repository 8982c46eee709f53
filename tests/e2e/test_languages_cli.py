"""The languages at the command line: `invite --language`, `demo --language`; an unknown code stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.i18n.formats import LANGUAGES
from tests.e2e.cli import consultbot


def people(db: Path) -> list[dict[str, object]]:
    listed = consultbot(db, "contacts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    found: list[dict[str, object]] = json.loads(listed.stdout or "[]")
    return found


@pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
def test_invite_with_a_language_and_an_unknown_one_refused(db: Path) -> None:
    made = consultbot(db, "invite", "FRA", "--language", "ar", "--json")
    assert made.returncode == 0, made.stderr
    before = people(db)
    refused = consultbot(db, "invite", "NOR", "--language", "no")
    assert refused.returncode != 0
    assert "That language is not available" in refused.stderr
    assert all(code in refused.stderr for code in LANGUAGES)
    assert people(db) == before


def test_demo_in_arabic_and_an_unknown_code_refused(sample_db: Path) -> None:
    arabic = consultbot(sample_db, "demo", "--as", "SAU", "--language", "ar", stdin="status\nquit\n")
    assert arabic.returncode == 0, arabic.stderr
    assert "\u2068" in arabic.stdout  # isolates around the counts and the deadline
    refused = consultbot(sample_db, "demo", "--as", "SAU", "--language", "xx", stdin="quit\n")
    assert refused.returncode != 0
    assert "That language is not available" in refused.stderr
