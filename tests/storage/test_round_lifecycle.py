"""The lifecycle on SQL (SQLite and PostgreSQL): close keeps the deadline, reopen lifts the silence, drafts go."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.coordinator import rounds as coordination
from bot.domain.errors import BadInput
from bot.domain.model import Actor, Position, Response, RoundMode, RoundStatus
from tests.storage.conftest import NOW, NewUow, sample_round, seed

OPERATOR = Actor.operator("cli:test")


class TestOnSql:
    async def test_reopening_a_silence_round_removes_the_systems_no_objection(self, new_uow: NewUow) -> None:
        """Closed: "no objection" recorded for what was left; re-opened: only the delegates' answers stay."""
        await seed(new_uow)
        async with new_uow() as uow:
            await uow.rounds.delete("doa-2026")
            await uow.rounds.add(replace(sample_round(), mode=RoundMode.SILENCE))
            oppose = Response(
                round="doa-2026", stakeholder="KEN", ref="R1", position=Position.OPPOSE, channel="slack", updated_at=NOW
            )
            await uow.responses.save(oppose, coordination.revision_of(oppose))
            await coordination.close_(uow, OPERATOR, "doa-2026", NOW)
            await uow.commit()
        async with new_uow() as uow:
            assert len([r for r in await uow.responses.of_delegation("doa-2026", "NOR")]) == 3
            closed = await uow.rounds.get("doa-2026")
            assert closed is not None
            assert (closed.closed_at, closed.closed_reason, closed.closed_by) == (NOW, "hand", "cli:test")
            assert closed.deadline == sample_round().deadline, "closing keeps the deadline"
            await coordination.reopen(uow, OPERATOR, "doa-2026", NOW + timedelta(days=7), NOW)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.responses.of_delegation("doa-2026", "NOR") == []
            (kept,) = await uow.responses.of_delegation("doa-2026", "KEN")
            assert kept.position is Position.OPPOSE
            history = await uow.responses.revisions("doa-2026", "NOR")
            assert {r.position for r in history} == {Position.NO_OBJECTION}, "the history stays"
            reopened = await uow.rounds.get("doa-2026")
            assert reopened is not None
            assert (reopened.status, reopened.closed_at, reopened.deadline) == (
                RoundStatus.OPEN,
                None,
                NOW + timedelta(days=7),
            )

    async def test_a_draft_is_deleted_and_an_open_round_is_not(self, new_uow: NewUow) -> None:
        """Delete removes a draft with its recommendations (audited); an open round is refused, unchanged."""
        await seed(new_uow)
        async with new_uow() as uow:
            await uow.rounds.add(replace(sample_round("draft-1"), status=RoundStatus.DRAFT))
            await coordination.delete(uow, OPERATOR, "draft-1", NOW)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.rounds.get("draft-1") is None
            assert [(e.action, e.target) for e in await uow.audit.entries()] == [("delete", "draft-1")]
            with pytest.raises(BadInput):
                await coordination.delete(uow, OPERATOR, "doa-2026", NOW)
            assert await uow.rounds.get("doa-2026") is not None
