"""The CLI reads like a coordinator's checklist: commands in the order of a round's life, no type noise."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.cli import consultbot


class TestHelp:
    def test_commands_come_in_the_order_of_a_rounds_life_and_flags_carry_no_type(self, db: Path) -> None:
        """`--json`, not `--json <bool>`; `SLUG`, not `{slug} <str>`; db, registry, round, invite, run, digest."""
        top = consultbot(db, "--help").stdout
        listed = re.findall(r"│ (\w+)\s{2,}", top.split("Commands")[1])
        assert listed == ["demo", "db", "registry", "round", "invite", "console", "run", "digest", "audit"]
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
        ]
        for args in (("round", "status", "--help"), ("round", "extend", "--help"), ("registry", "list", "--help")):
            shown = consultbot(db, *args).stdout
            assert "<bool>" not in shown, args
            assert "<str>" not in shown, args
            assert "{" not in shown.split("Usage:")[1].splitlines()[0], args
        assert "Usage: main.py round status [OPTIONS] SLUG" in consultbot(db, "round", "status", "--help").stdout
