"""Bad input at the command line for the follow-up: one clear message, a non-zero exit, nothing stored.

A registry entity without a kind, an unknown lead entity, a status outside the list, a track file
with one bad line: each is refused whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli import consultbot

ROUND = """\
slug: follow
title: Follow-up
deadline: 2031-06-30T18:00:00-04:00
facilitators: {"Country level": UNDP}
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


@pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
def test_bad_registry_and_track_input_is_refused_and_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "consultbot.db"
    assert consultbot(db, "db", "upgrade").returncode == 0
    (tmp_path / "round.yaml").write_text(ROUND, encoding="utf-8")
    assert consultbot(db, "round", "create", str(tmp_path / "round.yaml")).returncode == 0
    before = consultbot(db, "registry", "list", "--json").stdout

    ngos = tmp_path / "ngos.yaml"
    ngos.write_text("entities:\n  NGO1: {name: Friends of the UN, groups: [Civil society]}\n", encoding="utf-8")
    refused = consultbot(db, "registry", "load", str(ngos))
    assert refused.returncode == 1
    assert "line 2: entity NGO1 needs a kind" in refused.stderr
    assert consultbot(db, "registry", "list", "--json").stdout == before

    ngos.write_text(
        "entities:\n  NGO1: {name: Friends of the UN, kind: ngo, groups: [Civil society]}\n", encoding="utf-8"
    )
    assert consultbot(db, "registry", "load", str(ngos)).returncode == 0
    civil = json.loads(consultbot(db, "registry", "list", "--group", "Civil society", "--json").stdout)
    assert civil == [{"code": "NGO1", "name": "Friends of the UN", "kind": "ngo", "groups": ["Civil society"]}]

    for args, said in (
        (("--status", "finished"), "Unknown status “finished”"),
        (("--status", "in progress", "--lead", "UNXYZ"), "unknown lead entity “UNXYZ”"),
    ):
        result = consultbot(db, "track", "follow", "R1", *args)
        assert result.returncode == 1, result.stdout
        assert said in result.stderr
        assert " ".join(result.stderr.split()).endswith("Nothing was changed.")  # one message (wrapped at 200)
    bad_file = tmp_path / "track.csv"
    bad_file.write_text(
        "round,ref,status,lead,note\nfollow,R1,in progress,UNDP,Pilots\nfollow,R2,done,,\n", encoding="utf-8"
    )
    result = consultbot(db, "track", "--file", str(bad_file))
    assert result.returncode == 1
    assert "line 3: follow R2: Unknown status “done”" in result.stderr
    assert json.loads(consultbot(db, "track", "follow", "--json").stdout) == []
    assert "track" not in consultbot(db, "audit").stdout

    bad_file.write_text(bad_file.read_text(encoding="utf-8").replace(",done,", ",not pursued,"), encoding="utf-8")
    done = consultbot(db, "track", "--file", str(bad_file))
    assert done.returncode == 0, done.stderr
    tracked = json.loads(consultbot(db, "track", "follow", "--json").stdout)
    assert [(t["ref"], t["status"], t["lead"]) for t in tracked] == [
        ("R1", "in progress", "UNDP"),
        ("R2", "not pursued", ""),
    ]
