"""A coordinator's day at the command line: create, open, remind, extend, close, invite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli import consultbot

ROUND = """\
slug: coherence-2027
title: System-wide coherence, second reading
deadline: 2030-03-30T18:00:00-04:00
audience: [FRA, NOR]
reminders: [P2D]
recommendations:
  - ref: R1
    section: Country level
    title: One leader
    text: One UN leader in each country.
  - ref: R2
    section: Funding
    title: One budget
    text: One budgetary framework.
"""


class TestCoordinatorCommands:
    @pytest.mark.slow  # some twenty commands, each a new process: `make test-all`
    def test_a_round_from_file_to_close(self, tmp_path: Path) -> None:
        """Each command says what it did; delegates see the effect; a closed round refuses answers."""
        db = tmp_path / "consultbot.db"
        (tmp_path / "round.yaml").write_text(ROUND, encoding="utf-8")
        created = consultbot(db, "round", "create", str(tmp_path / "round.yaml"))
        assert created.returncode == 0, created.stderr
        assert "Created round coherence-2027" in created.stdout

        # France's terminal is bound before the round opens, so it gets an invitation.
        assert consultbot(db, "console", "--as", "FRA", stdin="").returncode == 0
        opened = consultbot(db, "round", "open", "coherence-2027")
        assert "1 invitations queued" in opened.stdout, opened.stderr

        reminded = consultbot(db, "round", "remind", "coherence-2027")
        assert "1 reminders queued" in reminded.stdout, reminded.stderr

        extended = consultbot(db, "round", "extend", "coherence-2027", "2030-04-15T18:00-04:00")
        assert "to Mon 15 Apr 2030, 18:00 EDT" in extended.stdout, extended.stderr
        refused = consultbot(db, "round", "extend", "coherence-2027", "next Friday")
        assert refused.returncode == 1
        assert "not ISO 8601" in refused.stderr

        invited = json.loads(consultbot(db, "invite", "NOR", "--role", "focal_point", "--json").stdout)
        assert len(invited["code"]) >= 22
        assert invited["slack"] == f"/consult join {invited['code']}"

        closed = consultbot(db, "round", "close", "coherence-2027")
        assert "is closed" in closed.stdout
        status = json.loads(consultbot(db, "round", "status", "coherence-2027", "--json").stdout)
        assert status["status"] == "closed"
        assert [d["stakeholder"] for d in status["delegations"]] == ["FRA", "NOR"]

        listed = consultbot(db, "round", "list")
        assert "coherence-2027" in listed.stdout
        assert "closed" in listed.stdout

    def test_an_unknown_round_or_delegation_is_a_clear_error(self, tmp_path: Path) -> None:
        db = tmp_path / "consultbot.db"
        missing = consultbot(db, "round", "open", "no-such-round")
        assert missing.returncode == 1
        assert "There is no round “no-such-round”" in missing.stderr
        nobody = consultbot(db, "invite", "XYZ")
        assert nobody.returncode == 1
        assert "There is no delegation “XYZ”" in nobody.stderr
