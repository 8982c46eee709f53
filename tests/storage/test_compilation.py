"""The compilation of the sample round, 40 delegations seeded, read back with python-docx: every
amendment and comment verbatim, attributed, the right counts; drafts never in it. SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import docx
import pytest

from adapters import compilation as writer
from adapters.registryfile import load_registry
from adapters.roundfile import load_round_file
from bot.coordinator.rounds import revision_of
from bot.domain.errors import NotAllowed
from bot.domain.model import CHOOSABLE, Actor, Position, Response, RoundStatus, Submission, SubmittedAnswer
from bot.views.compilation import compile_round
from tests.storage.conftest import NOW, NewUow

ROOT = Path(__file__).resolve().parents[2]
OPERATOR = Actor.operator("cli:test")
SLUG = "a61-583"
DELEGATIONS = 40
BAD = "bad\ufffe\uffff\x01 text"


async def seed_sample(new_uow: NewUow) -> dict[str, dict[str, SubmittedAnswer]]:
    """The registry, the sample round, 40 delegations' submissions (random positions, amendments and
    comments, some multi-line or with markup), then drafts that differ; returns what was submitted."""
    stakeholders = load_registry(ROOT / "config" / "registry" / "stakeholders.yaml")
    round_ = replace(
        load_round_file(ROOT / "config" / "rounds" / "a61-583.yaml").round,
        status=RoundStatus.OPEN,
        deadline=NOW + timedelta(days=30),
    )
    members = [s for s in stakeholders if s.kind == "member_state"][:DELEGATIONS]
    pick = random.Random(583)
    submitted: dict[str, dict[str, SubmittedAnswer]] = {}
    async with new_uow() as uow:
        await uow.registry.add_stakeholders(stakeholders)
        await uow.rounds.add(round_)
        for n, holder in enumerate(members):
            answers = {}
            for item in round_.recommendations:
                position = pick.choice(CHOOSABLE)
                amendment = (
                    f"{holder.name} proposes for {item.ref}: replace “2012” by <2015> & keep the rest.\nSecond line."
                    if position is Position.SUPPORT_WITH_AMENDMENTS
                    else ""
                )
                comment = (
                    f"Comment of {holder.code} on {item.ref}: ¿por qué? 中文 — fine." if pick.random() < 0.3 else ""
                )
                answers[item.ref] = SubmittedAnswer(
                    ref=item.ref, position=position, amendment=amendment, comment=comment
                )
                response = Response(
                    round=SLUG, stakeholder=holder.code, ref=item.ref, position=position, amendment=amendment,
                    comment=comment, channel="telegram", updated_at=NOW,
                )  # fmt: skip
                await uow.responses.save(response, revision_of(response))
            await uow.responses.add_submission(
                Submission(
                    round=SLUG, stakeholder=holder.code, receipt=f"A61-583-{holder.code}-01", participant_id=None,
                    channel="telegram", answered=len(answers), at=NOW + timedelta(minutes=n),
                    answers=tuple(answers.values()),
                )
            )  # fmt: skip
            submitted[holder.name] = answers
        # Drafts after submitting: never in the compilation.
        for holder in members[:5]:
            draft = Response(
                round=SLUG, stakeholder=holder.code, ref="CL-1", position=Position.OPPOSE,
                comment="A DRAFT THAT WAS NEVER SUBMITTED", channel="slack", updated_at=NOW + timedelta(hours=2),
            )  # fmt: skip
            await uow.responses.save(draft, revision_of(draft))
        await uow.commit()
    return submitted


class TestCompilation:
    async def test_every_position_amendment_and_comment_verbatim_with_the_right_counts(
        self, new_uow: NewUow, tmp_path: Path
    ) -> None:
        """Read back with python-docx: the summary table's counts, each delegation under its position,
        each amendment and comment verbatim after its delegation's name, the 153 that did not respond."""
        submitted = await seed_sample(new_uow)
        out = tmp_path / "compilation.docx"
        async with new_uow() as uow:
            compiled = await compile_round(uow, OPERATOR, SLUG, NOW + timedelta(days=1))
            assert await writer.write(out, compiled) == DELEGATIONS
            await uow.commit()
        document = docx.Document(str(out))
        paragraphs = [p.text for p in document.paragraphs]
        text = "\n".join(paragraphs)
        assert "Delivering as One (A/61/583): positions on the Panel's recommendations" in paragraphs
        assert "A DRAFT THAT WAS NEVER SUBMITTED" not in text

        summary = document.tables[1]
        header = [c.text for c in summary.rows[0].cells]
        refs = [row.cells[0].text for row in summary.rows[1:]]
        for row in summary.rows[1:]:
            ref = row.cells[0].text
            found = Counter(a.position.value for answers in submitted.values() for a in [answers[ref]])
            for label, cell in zip(header[2:], row.cells[2:], strict=True):
                value = next(p for p in Position if writer.SHORT[p.value] == label)
                assert int(cell.text) == found[value.value], (ref, label)
        assert len(refs) == 31

        for name, answers in submitted.items():
            for answer in answers.values():
                if answer.amendment:
                    assert f"{name}, amendment: {answer.amendment}" in paragraphs
                if answer.comment:
                    assert f"{name}, comment: {answer.comment}" in paragraphs
        # Under each recommendation, each position's heading with its count, then the delegations.
        start = paragraphs.index("CL-1 · One UN team in each programme country")
        cl1 = [a for a in (answers["CL-1"] for answers in submitted.values())]
        for position in Position:
            holders = sorted(
                (name for name, answers in submitted.items() if answers["CL-1"].position is position), key=str.casefold
            )
            if holders:
                at = paragraphs.index(f"{writer._label(position.value)} ({len(holders)})", start)
                assert paragraphs[at + 1] == ", ".join(holders) + "."
        assert len(cl1) == DELEGATIONS

        silent = next(p for p in paragraphs if p.startswith("Did not respond"))
        assert silent.startswith("Did not respond (153): ")
        groups = document.tables[2]
        assert sum(int(row.cells[1].text.split(" of ")[0]) for row in groups.rows[1:]) == DELEGATIONS
        assert sum(int(row.cells[1].text.split(" of ")[1]) for row in groups.rows[1:]) == 193

    async def test_only_coordinators_compile(self, new_uow: NewUow) -> None:
        await seed_sample(new_uow)
        async with new_uow() as uow:
            with pytest.raises(NotAllowed):
                await compile_round(uow, Actor(name="x", channel="slack"), SLUG, NOW)

    async def test_characters_xml_forbids_are_dropped_and_the_file_opens(self, new_uow: NewUow, tmp_path: Path) -> None:
        """A comment with U+FFFE, U+FFFF or a control character still gives a document that opens."""
        await seed_sample(new_uow)
        async with new_uow() as uow:
            bad = Response(round=SLUG, stakeholder="ZWE", ref="CL-2", position=Position.OPPOSE, updated_at=NOW)
            await uow.responses.save(bad, revision_of(bad))
            await uow.responses.add_submission(
                Submission(
                    round=SLUG, stakeholder="ZWE", receipt="X-1", participant_id=None, channel="slack", answered=1,
                    at=NOW, answers=(SubmittedAnswer(ref="CL-2", position=Position.OPPOSE, comment=BAD),),
                )
            )  # fmt: skip
            await uow.commit()
        out = tmp_path / "c.docx"
        async with new_uow() as uow:
            await writer.write(out, await compile_round(uow, OPERATOR, SLUG, NOW))
        assert "Zimbabwe, comment: bad\ufffd\ufffd\ufffd text" in [p.text for p in docx.Document(str(out)).paragraphs]
