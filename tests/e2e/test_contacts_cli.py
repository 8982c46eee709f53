"""A coordinator loads the permanent missions' contacts from a spreadsheet, fixes it, and loads it again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.e2e.cli import consultbot

GOOD = """\
stakeholder,name,email,role,language,timezone,channel
FRA,Claire Dubois,claire.dubois@diplomatie.example,focal_point,fr,Europe/Paris,email
FRA,Marc Petit,marc.petit@diplomatie.example,delegate,,,
KEN,Wanjiru Kamau,w.kamau@mfa.example,focal_point,en,Africa/Nairobi,telegram
"""

BAD = """\
stakeholder,name,email,role
FRA,Claire Dubois,claire.dubois@diplomatie.example,focal_point
KEN,No At,w.kamau.mfa.example,delegate
XXX,Nobody,nobody@nowhere.example,delegate
FRA,Claire again,Claire.Dubois@diplomatie.example,delegate
NOR,Ola Nordmann,ola@mfa.example,ambassador
"""


def listed(db: Path) -> list[dict[str, object]]:
    result = consultbot(db, "contacts", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


class TestContactsImport:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_a_file_is_imported_then_updated_in_place(self, db: Path, tmp_path: Path) -> None:
        """Three rows are added; the same file again changes nothing; a corrected row is changed, not doubled."""
        path = tmp_path / "contacts.csv"
        path.write_text(GOOD, encoding="utf-8")
        first = consultbot(db, "contacts", "import", str(path))
        assert first.returncode == 0, first.stderr
        assert "3 added, 0 changed, 0 unchanged, 0 refused" in first.stdout
        assert "added: lines 2-4" in first.stdout
        again = consultbot(db, "contacts", "import", str(path))
        assert "0 added, 0 changed, 3 unchanged" in again.stdout
        path.write_text(
            GOOD.replace(
                "KEN,Wanjiru Kamau,w.kamau@mfa.example,focal_point,en",
                "KEN,Wanjiru Kamau,W.Kamau@mfa.example,delegate,en",
            )
        )
        changed = consultbot(db, "contacts", "import", str(path))
        assert "0 added, 1 changed, 2 unchanged" in changed.stdout
        assert "changed: lines 4" in changed.stdout
        people = listed(db)
        assert [(p["stakeholder"], p["email"], p["role"], p["joined"]) for p in people] == [
            ("FRA", "claire.dubois@diplomatie.example", "focal_point", False),
            ("FRA", "marc.petit@diplomatie.example", "delegate", False),
            ("KEN", "w.kamau@mfa.example", "delegate", False),
        ]
        assert people[0]["timezone"] == "Europe/Paris"
        assert people[0]["language"] == "fr"
        assert people[1]["timezone"] == "America/New_York"
        assert people[1]["channel"] == ""
        only = consultbot(db, "contacts", "list", "--stakeholder", "ken", "--json")
        assert [p["name"] for p in json.loads(only.stdout)] == ["Wanjiru Kamau"]

    def test_every_problem_is_reported_by_line_and_nothing_is_imported(self, db: Path, tmp_path: Path) -> None:
        """A bad address, an unknown stakeholder, a repeated row and a wrong role: each by its line; no row kept."""
        path = tmp_path / "contacts.csv"
        path.write_text(BAD, encoding="utf-8")
        result = consultbot(db, "contacts", "import", str(path))
        assert result.returncode == 1
        err = " ".join(result.stderr.split())
        assert "refused (4 problems); nothing was imported" in err
        assert "line 3: email: “w.kamau.mfa.example” is not an e-mail address" in err
        assert "line 4: stakeholder: “XXX” is not in the registry" in err
        assert "line 5: repeats line 2 (FRA, claire.dubois@diplomatie.example)" in err
        assert "line 6: role: “ambassador” is not one of delegate, focal_point, coordinator, digest_reader" in err
        assert listed(db) == []

    def test_a_spreadsheet_with_a_formula_is_refused(self, db: Path, tmp_path: Path) -> None:
        """An XLSX whose cell holds a formula is refused, by row and column; the clean sheet imports."""
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["stakeholder", "name", "email", "role"])
        sheet.append(["FRA", "Claire Dubois", "claire.dubois@diplomatie.example", "focal_point"])
        sheet.append(["KEN", "Wanjiru Kamau", '=LOWER("W.KAMAU@MFA.EXAMPLE")', "delegate"])
        path = tmp_path / "contacts.xlsx"
        book.save(path)
        result = consultbot(db, "contacts", "import", str(path))
        assert result.returncode == 1
        assert "line 3: column C: a formula; paste the values instead" in " ".join(result.stderr.split())
        assert listed(db) == []
        sheet["C3"] = "w.kamau@mfa.example"
        book.save(path)
        fixed = consultbot(db, "contacts", "import", str(path))
        assert fixed.returncode == 0, fixed.stderr
        assert "2 added" in fixed.stdout

    def test_a_file_without_the_columns_is_refused(self, db: Path, tmp_path: Path) -> None:
        """The first row names the columns; a missing one is named."""
        path = tmp_path / "contacts.csv"
        path.write_text("country,name,mail\nFRA,Claire,c@d.example\n", encoding="utf-8")
        result = consultbot(db, "contacts", "import", str(path))
        assert result.returncode == 1
        assert "missing column(s): stakeholder, email, role" in " ".join(result.stderr.split())


ROUND = """\
slug: mail-2030
title: Invitations by e-mail
deadline: 2030-03-29T18:00:00-04:00
audience: [FRA, KEN]
recommendations:
  - {ref: R1, section: Country level, title: One leader, text: One UN leader in each country.}
"""
MAIL = {"CONSULTBOT_SMTP_URL": "smtp://127.0.0.1:9", "CONSULTBOT_MAIL_FROM": "consult@un.example"}


class TestInvitationsByEmail:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_round_open_queues_one_email_per_contact_and_invite_all_adds_none(self, db: Path, tmp_path: Path) -> None:
        """Opening queues an e-mail to each contact not in a chat; `invite --round --all` again queues nothing."""
        contacts = tmp_path / "contacts.csv"
        contacts.write_text(GOOD, encoding="utf-8")
        (tmp_path / "round.yaml").write_text(ROUND, encoding="utf-8")
        assert consultbot(db, "contacts", "import", str(contacts)).returncode == 0
        assert consultbot(db, "round", "create", str(tmp_path / "round.yaml")).returncode == 0
        opened = consultbot(db, "round", "open", "mail-2030", **MAIL)
        assert opened.returncode == 0, opened.stderr
        assert "3 invitation e-mails queued" in " ".join(opened.stdout.split())
        again = consultbot(db, "invite", "--round", "mail-2030", "--all", "--json", **MAIL)
        assert json.loads(again.stdout) == {"round": "mail-2030", "queued": 0}

    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    def test_without_a_relay_nothing_is_queued_and_invite_all_says_why(self, db: Path, tmp_path: Path) -> None:
        """E-mail off: opening says the contacts were not e-mailed; `invite --all` is refused, naming the setting."""
        contacts = tmp_path / "contacts.csv"
        contacts.write_text(GOOD, encoding="utf-8")
        (tmp_path / "round.yaml").write_text(ROUND, encoding="utf-8")
        consultbot(db, "contacts", "import", str(contacts))
        consultbot(db, "round", "create", str(tmp_path / "round.yaml"))
        opened = consultbot(db, "round", "open", "mail-2030")
        assert opened.returncode == 0
        assert "e-mail is not configured (CONSULTBOT_SMTP_URL)" in opened.stderr
        refused = consultbot(db, "invite", "--round", "mail-2030", "--all")
        assert refused.returncode == 2
        assert "CONSULTBOT_SMTP_URL" in refused.stderr
        assert consultbot(db, "invite", "--all").returncode == 2
