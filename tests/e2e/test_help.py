"""The CLI reads like a coordinator's checklist: commands in the order of a round's life, no type noise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.cli import consultbot


class TestHelp:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_commands_come_in_the_order_of_a_rounds_life_and_flags_carry_no_type(self, db: Path) -> None:
        """`--json`, not `--json <bool>`; `SLUG`, not `{slug} <str>`; db, registry, round, invite, run, digest."""
        top = consultbot(db, "--help").stdout
        listed = re.findall(r"│ (\w+)\s{2,}", top.split("Commands")[1])
        life = ["demo", "db", "registry", "contacts", "round", "track", "invite", "link", "console", "run", "digest"]
        assert listed == [*life, "audit"]
        rounds = consultbot(db, "round", "--help").stdout
        life = re.findall(r"│ (\w+)\s{2,}", rounds.split("Commands")[1])
        assert life == [
            "create",
            "edit",
            "delete",
            "list",
            "open",
            "status",
            "remind",
            "extend",
            "close",
            "reopen",
            "export",
            "compile",
        ]
        for args in (("round", "status", "--help"), ("round", "extend", "--help"), ("registry", "list", "--help")):
            shown = consultbot(db, *args).stdout
            assert "<bool>" not in shown, args
            assert "<str>" not in shown, args
            assert "{" not in shown.split("Usage:")[1].splitlines()[0], args
        assert "Usage: main.py round status [OPTIONS] SLUG" in consultbot(db, "round", "status", "--help").stdout

    def test_round_list_keeps_slugs_whole_at_80_columns_with_local_dates(self, db: Path) -> None:
        """A long slug is never cut; the deadline is in the round's time zone with its abbreviation."""
        slug = "delivering-as-one-2nd-reading-ab"  # 32 characters, the longest a slug may be
        (db.parent / "round.yaml").write_text(
            f"slug: {slug}\ntitle: A long title that may wrap over several lines in a narrow terminal\n"
            "deadline: 2030-03-30T18:00:00-04:00\naudience: [FRA]\n"
            "recommendations:\n  - {ref: R1, section: S, title: T, text: Text.}\n",
            encoding="utf-8",
        )
        assert consultbot(db, "round", "create", "round.yaml").returncode == 0
        table = consultbot(db, "round", "list", COLUMNS="80").stdout
        assert slug in table
        assert "EDT" in table, "the deadline in New York time, with its abbreviation"
        assert "2030-03-30T22:00:00+00:00" not in table
        assert "draft" in table
