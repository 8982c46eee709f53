"""An export in the reader's language: answers keep the language they were written in (a column),
titles follow the export's language, and an Arabic spreadsheet reads right to left. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import openpyxl

from adapters import export
from bot.coordinator import rounds as coordination
from bot.coordinator.rounds import revision_of
from bot.domain.model import (
    Actor,
    ItemTranslation,
    NewParticipant,
    Position,
    Provenance,
    Response,
    Role,
    RoundTranslation,
    Submission,
    SubmittedAnswer,
)
from bot.i18n.catalogue import position_label
from bot.records.exports import Options
from tests.storage.conftest import NOW, STAKEHOLDERS, NewUow, sample_round

SLUG = "doa-2026"
SUBMITTED = SubmittedAnswer(ref="R1", position=Position.SUPPORT, comment="Nous appuyons.", language="fr")
OPERATOR = Actor.operator("cli:test")


async def story(new_uow: NewUow) -> None:
    """A round with Arabic titles; Kenya's delegate comments in French on R1 and submits; a colleague
    then drafts an English comment on R2."""
    base = sample_round()
    items = tuple(
        replace(item, translations=(ItemTranslation(language="ar", title=f"التوصية {n}", text="نص."),))
        for n, item in enumerate(base.recommendations, start=1)
    )
    round_ = replace(
        base,
        recommendations=items,
        translations=(RoundTranslation(language="ar", status=Provenance.UNOFFICIAL, title="توحيد الأداء"),),
    )
    async with new_uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(round_)
        amina = await uow.registry.add_participant(
            NewParticipant(stakeholder="KEN", role=Role.DELEGATE, name="Amina", language="fr")
        )
        french = Response(
            round=SLUG, stakeholder="KEN", ref="R1", position=Position.SUPPORT, comment="Nous appuyons.",
            participant_id=amina.id, channel="slack", updated_at=NOW, language="fr",
        )  # fmt: skip
        await uow.responses.save(french, revision_of(french))
        await uow.responses.add_submission(
            Submission(
                round=SLUG, stakeholder="KEN", receipt="DOA-2026-KEN-01", participant_id=amina.id, channel="slack",
                answered=1, at=NOW + timedelta(minutes=1), name="Amina", role="delegate",
                answers=(SUBMITTED,),
            )
        )  # fmt: skip
        english = Response(
            round=SLUG, stakeholder="KEN", ref="R2", position=Position.OPPOSE, comment="We oppose.",
            participant_id=amina.id, channel="slack", updated_at=NOW + timedelta(minutes=2), language="en",
        )  # fmt: skip
        await uow.responses.save(english, revision_of(english))
        await uow.commit()


async def exported(new_uow: NewUow, path: Path, fmt: str, options: Options) -> None:
    async with new_uow() as uow:
        sheets = await coordination.export(uow, OPERATOR, SLUG, NOW, fmt, options)
        await export.write(path, fmt, sheets)
        await uow.commit()


class TestExportLanguages:
    async def test_each_answer_carries_the_language_it_was_written_in(self, new_uow: NewUow, tmp_path: Path) -> None:
        await story(new_uow)
        path = tmp_path / "r.csv"
        await exported(new_uow, path, "csv", Options(drafts=True))
        with path.open(encoding="utf-8", newline="") as handle:
            kenya = {row["ref"]: row for row in csv.DictReader(handle) if row["stakeholder"] == "KEN"}
        assert (kenya["R1"]["comment"], kenya["R1"]["language"]) == ("Nous appuyons.", "fr")
        assert (kenya["R2"]["draft_comment"], kenya["R2"]["draft_language"]) == ("We oppose.", "en")
        assert kenya["R2"]["language"] == ""  # nothing submitted there
        assert kenya["R1"]["title"] == "Title 1"  # the round's own language by default

    async def test_an_arabic_export_is_a_right_to_left_sheet_with_arabic_titles(
        self, new_uow: NewUow, tmp_path: Path
    ) -> None:
        await story(new_uow)
        path = tmp_path / "r.xlsx"
        await exported(new_uow, path, "xlsx", Options(language="ar"))
        book = openpyxl.load_workbook(path)
        assert all(book[name].sheet_view.rightToLeft for name in ("record", "revisions", "receipts"))
        header = [c.value for c in book["record"][1]]
        rows = [dict(zip(header, row, strict=True)) for row in book["record"].iter_rows(min_row=2, values_only=True)]
        first = next(row for row in rows if row["stakeholder"] == "KEN" and row["ref"] == "R1")
        assert first["title"] == "التوصية 1"
        assert first["position"] == position_label("ar", Position.SUPPORT)
        assert first["language"] == "fr"
        revisions = list(book["revisions"].iter_rows(values_only=True))
        assert revisions[0][-1] == "language"
        assert [row[-1] for row in revisions[1:]] == ["fr", "en"]

    async def test_an_english_spreadsheet_reads_left_to_right(self, new_uow: NewUow, tmp_path: Path) -> None:
        await story(new_uow)
        path = tmp_path / "r.xlsx"
        await exported(new_uow, path, "xlsx", Options())
        assert not openpyxl.load_workbook(path)["record"].sheet_view.rightToLeft
