"""The export is the record: what was submitted, drafts beside it where asked, people named; the XLSX
as a Secretariat officer opens it (date-time cells, frozen header with filters, widths, position
words, revisions and receipts sheets). SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from adapters import export
from bot.coordinator import rounds as coordination
from bot.coordinator.rounds import revision_of
from bot.domain.model import Actor, NewParticipant, Position, Response, Role, Submission, SubmittedAnswer
from bot.records.exports import Options
from tests.storage.conftest import NOW, NewUow, seed

SLUG = "doa-2026"
OPERATOR = Actor.operator("cli:test")


async def story(new_uow: NewUow) -> None:
    """Norway's focal point answers R1-R3 and submits; a delegate then changes R1 without submitting."""
    await seed(new_uow)
    async with new_uow() as uow:
        marie = await uow.registry.add_participant(
            NewParticipant(stakeholder="NOR", role=Role.FOCAL_POINT, name="Marie Dupont")
        )
        ola = await uow.registry.add_participant(NewParticipant(stakeholder="NOR", role=Role.DELEGATE, name="Ola"))
        answers = []
        for ref, position, amendment, comment in (
            ("R1", Position.SUPPORT, "", "=We support."),
            ("R2", Position.SUPPORT_WITH_AMENDMENTS, "Add 2030.", ""),
            ("R3", Position.RESERVE, "", ""),
        ):
            response = Response(
                round=SLUG, stakeholder="NOR", ref=ref, position=position, amendment=amendment, comment=comment,
                participant_id=marie.id, channel="slack", updated_at=NOW,
            )  # fmt: skip
            await uow.responses.save(response, revision_of(response))
            answers.append(SubmittedAnswer(ref=ref, position=position, amendment=amendment, comment=comment))
        await uow.responses.add_submission(
            Submission(
                round=SLUG, stakeholder="NOR", receipt="DOA-2026-NOR-01", participant_id=marie.id, channel="slack",
                answered=3, at=NOW + timedelta(minutes=1), name="Marie Dupont", role="focal_point",
                answers=tuple(answers),
            )
        )  # fmt: skip
        draft = Response(
            round=SLUG, stakeholder="NOR", ref="R1", position=Position.OPPOSE, comment="On reflection, no.",
            participant_id=ola.id, channel="telegram", updated_at=NOW + timedelta(minutes=5),
        )  # fmt: skip
        await uow.responses.save(draft, revision_of(draft))
        await uow.commit()


async def exported(new_uow: NewUow, path: Path, fmt: str, options: Options) -> int:
    async with new_uow() as uow:
        sheets = await coordination.export(uow, OPERATOR, SLUG, NOW, fmt, options)
        count = await export.write(path, fmt, sheets)
        await uow.commit()
    return count


class TestTheRecord:
    async def test_csv_holds_what_was_submitted_and_the_silent(self, new_uow: NewUow, tmp_path: Path) -> None:
        """One row per delegation of the audience and recommendation; the draft is not the position."""
        await story(new_uow)
        path = tmp_path / "r.csv"
        assert await exported(new_uow, path, "csv", Options()) == 6  # NOR and KEN (silent) × 3
        with path.open(encoding="utf-8", newline="") as handle:
            lines = list(csv.DictReader(handle))
        assert list(lines[0]) == list(export_columns())
        nor = {row["ref"]: row for row in lines if row["stakeholder"] == "NOR"}
        assert (nor["R1"]["position"], nor["R1"]["comment"]) == ("support", "'=We support.")
        assert nor["R2"]["amendment"] == "Add 2030."
        assert nor["R1"]["receipt"] == "DOA-2026-NOR-01"
        assert nor["R1"]["submitted_by"] == "Marie Dupont (focal point)"
        assert datetime.fromisoformat(nor["R1"]["submitted_at"]) == NOW + timedelta(minutes=1)
        assert [(r["stakeholder"], r["position"], r["receipt"]) for r in lines if r["stakeholder"] == "KEN"] == [
            ("KEN", "", "")
        ] * 3
        assert await exported(new_uow, path, "csv", Options(submitted_only=True)) == 3

    async def test_json_with_drafts_names_who_changed_what(self, new_uow: NewUow, tmp_path: Path) -> None:
        await story(new_uow)
        path = tmp_path / "r.json"
        await exported(new_uow, path, "json", Options(drafts=True))
        rows = {(r["stakeholder"], r["ref"]): r for r in json.loads(path.read_text(encoding="utf-8"))}
        r1 = rows[("NOR", "R1")]
        assert (r1["position"], r1["draft_position"], r1["draft_comment"]) == (
            "support",
            "oppose",
            "On reflection, no.",
        )
        assert r1["draft_changed_by"] == "Ola (delegate)"
        assert datetime.fromisoformat(r1["draft_changed_at"]) == NOW + timedelta(minutes=5)
        assert rows[("NOR", "R2")]["draft_position"] == ""  # the draft is what was submitted

    async def test_xlsx_as_an_officer_opens_it(self, new_uow: NewUow, tmp_path: Path) -> None:
        """Date-time cells, frozen header with filters, widths, position words; revisions name people;
        one sheet of receipts."""
        await story(new_uow)
        path = tmp_path / "r.xlsx"
        await exported(new_uow, path, "xlsx", Options(drafts=True))
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["record", "revisions", "receipts"]
        record = book["record"]
        assert record.freeze_panes == "A2"
        assert record.auto_filter.ref == "A1:T7"  # 18 columns, then language and draft_language
        assert record.column_dimensions["E"].width == 40  # title
        header = [c.value for c in record[1]]
        nor = next(row for row in record.iter_rows(min_row=2, values_only=True) if row[0] == "NOR" and row[3] == "R2")
        line = dict(zip(header, nor, strict=True))
        assert line["position"] == "Support with amendments"
        assert line["submitted_at"] == (NOW + timedelta(minutes=1)).replace(tzinfo=None)
        revisions = book["revisions"]
        assert revisions.freeze_panes == "A2"
        people = {row[6] for row in revisions.iter_rows(min_row=2, values_only=True)}
        assert people == {"Marie Dupont (focal point)", "Ola (delegate)"}
        assert isinstance(next(revisions.iter_rows(min_row=2, values_only=True))[8], datetime)
        receipts = list(book["receipts"].iter_rows(values_only=True))
        assert receipts[0] == ("receipt", "stakeholder", "name", "submitted_at", "submitted_by", "channel", "answered")
        assert receipts[1][:3] == ("DOA-2026-NOR-01", "NOR", "Norway")
        assert receipts[1][4] == "Marie Dupont (focal point)"

    async def test_xml_forbidden_characters_do_not_break_the_xlsx(self, new_uow: NewUow, tmp_path: Path) -> None:
        await story(new_uow)
        async with new_uow() as uow:
            bad = Response(round=SLUG, stakeholder="KEN", ref="R1", position=Position.OPPOSE,
                           comment="no\ufffe\uffff\x01 way", updated_at=NOW)  # fmt: skip
            await uow.responses.save(bad, revision_of(bad))
            await uow.commit()
        path = tmp_path / "r.xlsx"
        await exported(new_uow, path, "xlsx", Options(drafts=True))
        comments = {row[13] for row in openpyxl.load_workbook(path)["record"].iter_rows(values_only=True)}
        assert "no\ufffd\ufffd\ufffd way" in comments  # each character XML forbids shows as U+FFFD


def export_columns() -> tuple[str, ...]:
    return (
        "stakeholder", "name", "groups", "ref", "title", "position", "amendment", "comment", "receipt",
        "submitted_at", "submitted_by", "kind", "voice", "language",
    )  # fmt: skip
