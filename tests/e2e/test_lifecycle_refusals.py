"""Bad input to the lifecycle commands: a clear one-line reason, a non-zero exit, and nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli import consultbot
from tests.e2e.test_coordinator_cli import ROUND


def dump(db: Path) -> tuple[str, str, str]:
    """What the commands could change: the registry, the rounds, the audit."""
    return (
        consultbot(db, "registry", "list", "--json").stdout,
        consultbot(db, "round", "list", "--json").stdout,
        consultbot(db, "audit", "--json").stdout,
    )


class TestRegistryRefusals:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_an_unknown_group_is_named_with_the_known_ones(self, db: Path) -> None:
        """`registry list --group` with a typo: the groups that exist are listed, exit 1."""
        result = consultbot(db, "registry", "list", "--group", "Africa Group")
        assert result.returncode == 1
        assert "There is no group “Africa Group”" in result.stderr
        assert "African Group" in result.stderr
        africa = json.loads(consultbot(db, "registry", "list", "--group", "african group", "--json").stdout)
        assert len(africa) == 54
        assert {"code", "name", "kind", "groups"} <= set(africa[0])

    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_a_file_with_a_code_twice_or_a_state_in_two_regional_groups_is_refused_whole(self, db: Path) -> None:
        """Every problem with its line; not one stakeholder of the file is stored."""
        before = dump(db)
        bad = db.parent / "registry.yaml"
        bad.write_text(
            "regional_groups:\n"
            "  African Group: [ZZA, NGA]\n"
            "  Western European and Others Group: [ZZB, NGA]\n"
            "observers:\n"
            "  ZZB: Twice Named\n",
            encoding="utf-8",
        )
        result = consultbot(db, "registry", "load", str(bad))
        assert result.returncode == 1
        assert "The registry file was refused (2 problems); nothing was stored" in result.stderr
        assert "line 3: NGA is in two regional groups" in result.stderr
        assert "line 5: ZZB is named twice" in result.stderr
        assert dump(db) == before


class TestRoundRefusals:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_reopen_of_a_draft_and_edit_of_an_open_round_are_refused(self, db: Path) -> None:
        """A draft cannot be re-opened, an open round cannot be edited or deleted, closing a draft is
        refused: each says what to do instead, and nothing changes."""
        (db.parent / "round.yaml").write_text(ROUND, encoding="utf-8")
        assert consultbot(db, "round", "create", "round.yaml").returncode == 0
        before = dump(db)
        reopened = consultbot(db, "round", "reopen", "coherence-2027", "--until", "2030-05-01T18:00-04:00")
        assert reopened.returncode == 1
        assert "is a draft, never opened: open it with `consultbot round open coherence-2027`" in reopened.stderr
        assert consultbot(db, "round", "close", "coherence-2027").returncode == 1
        assert dump(db) == before

        (db.parent / "round.yaml").write_text(ROUND.replace("second reading", "third reading"), encoding="utf-8")
        edited = consultbot(db, "round", "edit", "round.yaml")
        assert edited.returncode == 0, edited.stderr
        assert "third reading" in consultbot(db, "round", "list", "--json").stdout

        assert consultbot(db, "round", "open", "coherence-2027").returncode == 0
        before = dump(db)
        again = consultbot(db, "round", "edit", "round.yaml")
        assert again.returncode == 1
        assert "Round coherence-2027 is open: only a draft can be edited." in again.stderr
        deleted = consultbot(db, "round", "delete", "coherence-2027")
        assert deleted.returncode == 1
        assert "only a draft can be deleted" in deleted.stderr
        shortened = consultbot(db, "round", "extend", "coherence-2027", "2030-03-01T18:00-04:00", "--earlier")
        assert shortened.returncode == 1
        assert "needs --reason" in shortened.stderr
        assert dump(db) == before
