"""A round for Member States and UN system entities: positions and views reported apart.

The coordinator runs `consultbot` (a separate process per step) on one SQLite file; 20 Member States
and 6 UN system entities answer through the core (console identities) in this process. The status
JSON, the CSV export, the compilation and the digest count the States' positions and the entities'
views apart: 8 States oppose R1 and all 6 entities oppose it, so a mixed count would say 14.
Then the Secretariat tracks R1 as in progress: the digest says what moved and flags R1 (8 of 20
States' answers oppose it: 40 %), and the audit has the change.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import docx
import pytest

from bot.domain.model import Identity, IncomingMessage, NewParticipant, Role
from bot.engine import Engine
from tests.e2e.cli import consultbot
from tests.reliability.world import deps_for

ROUND = """\
slug: coherence
title: Delivering as one
deadline: 2031-06-30T18:00:00-04:00
audience: [member_state, UN system entities]
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
ENTITIES = ("UNDP", "UNICEF", "UNFPA", "WFP", "WHO", "ILO")


def ok(db: Path, *args: str) -> str:
    result = consultbot(db, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


async def answer(db: Path, states: list[str]) -> None:
    """20 States (the first 8 oppose R1) and 6 entities (oppose both) answer and submit."""
    deps, engine = deps_for(f"sqlite+aiosqlite:///{db}")
    core, events = Engine(deps), itertools.count(1)
    try:
        for index, code in enumerate([*states, *ENTITIES]):
            async with deps.new_uow() as uow:
                person = await uow.registry.add_participant(NewParticipant(stakeholder=code, role=Role.FOCAL_POINT))
                await uow.registry.bind_identity(
                    Identity(channel="console", account=code, participant_id=person.id, chat=code)
                )
                await uow.commit()
            entity = code in ENTITIES
            first = "oppose" if entity or index < 8 else "support"
            second = "oppose" if entity else "support"
            for text in ("continue", first, second, "submit coherence"):
                message = IncomingMessage(
                    channel="console", account=code, chat=code, text=text, event_id=str(next(events))
                )
                replies = await core.handle(message)
                assert not any(r.error for r in replies), (code, text, [r.text for r in replies])
    finally:
        await engine.dispose()


@pytest.mark.slow
async def test_twenty_states_and_six_entities_are_reported_apart(tmp_path: Path) -> None:
    db = tmp_path / "consultbot.db"
    ok(db, "db", "upgrade")
    listed = json.loads(ok(db, "registry", "list", "--group", "UN system entities", "--json"))
    assert len(listed) == 30
    assert {e["kind"] for e in listed} == {"un_entity"}
    (tmp_path / "round.yaml").write_text(ROUND, encoding="utf-8")
    ok(db, "round", "create", str(tmp_path / "round.yaml"))
    ok(db, "round", "open", "coherence")
    everyone = json.loads(ok(db, "registry", "list", "--json"))
    states = sorted(e["code"] for e in everyone if e["kind"] == "member_state")[:20]
    await answer(db, states)

    # Status JSON: the States' counts, and the entities' apart.
    status = json.loads(ok(db, "round", "status", "coherence", "--json"))
    assert status["totals"]["submitted"] == 20
    assert status["delegations_total"] == 193
    assert {d["voice"] for d in status["delegations"]} == {"position"}
    assert not {d["stakeholder"] for d in status["delegations"]} & set(ENTITIES)
    assert status["other_stakeholders"]["total"] == 30
    assert status["other_stakeholders"]["totals"]["submitted"] == 6
    assert {d["stakeholder"] for d in status["other_stakeholders_delegations"] if d["state"] == "submitted"} == set(
        ENTITIES
    )

    # CSV export: every position first, then the views; each row says which.
    ok(db, "round", "export", "coherence", "--format", "csv", "-o", "record.csv")
    with (tmp_path / "record.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    voices = [r["voice"] for r in rows]
    assert voices == ["position"] * 193 * 2 + ["view"] * 30 * 2
    opposing = [(r["voice"], r["stakeholder"]) for r in rows if r["ref"] == "R1" and r["position"] == "oppose"]
    assert sum(1 for voice, _ in opposing if voice == "position") == 8
    assert {code for voice, code in opposing if voice == "view"} == set(ENTITIES)

    # The compilation: positions compiled from the 20 States; the views in a section of their own.
    ok(db, "round", "compile", "coherence", "-o", "compiled.docx")
    document = docx.Document(str(tmp_path / "compiled.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "20 of 193" in cells
    assert "Oppose (8)" in text
    assert "Oppose (14)" not in text
    assert "Stakeholders that submitted views: 6 of 30" in text
    assert "Views of other stakeholders, by recommendation" in text

    # The track, then the digest: positions and views apart, what moved, R1 flagged.
    ok(db, "track", "coherence", "R1", "--status", "in progress", "--lead", "UNDP", "--note", "Pilots under way")
    figures = json.loads(ok(db, "digest", "--round", "coherence", "--format", "json"))
    digest = figures["rounds"][0]
    assert (digest["coverage"]["submitted"], digest["coverage"]["total"]) == (20, 193)
    r1 = next(t for t in digest["positions"] if t["ref"] == "R1")
    assert (r1["oppose"], r1["support"]) == (8, 12)
    assert (digest["views"]["coverage"]["submitted"], digest["views"]["coverage"]["total"]) == (6, 30)
    v1 = next(t for t in digest["views"]["positions"] if t["ref"] == "R1")
    assert (v1["oppose"], v1["support"]) == (6, 0)
    follow = next(s for s in digest["sections"] if s["heading"].startswith("Follow-up track"))
    lines = "\n".join(follow["lines"])
    assert "R1 → in progress (lead UNDP): Pilots under way" in lines
    assert "R1 is in progress while 8 of 20 Member States' answers oppose it (40%)" in lines
    assert "R2 is in progress" not in lines
    shown = ok(db, "digest", "--round", "coherence")
    assert "Views of other stakeholders" in shown
    assert "What moved (1)" in shown
    audit = ok(db, "audit")
    assert "track" in audit
    assert "coherence R1" in audit
