"""SqlFollowup on SQLite and PostgreSQL: facilitators, questions and the track round-trip exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from bot.domain.model import Question, TrackEntry
from tests.storage.conftest import NOW, NewUow, sample_round, seed


class TestFollowup:
    async def test_facilitators_are_replaced_whole_and_go_with_their_round(self, new_uow: NewUow) -> None:
        await seed(new_uow)  # the sample round too
        async with new_uow() as uow:
            await uow.followup.set_facilitators("doa-2026", {"Country level": "UNDP", "Funding": "a@un.org"})
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.followup.facilitators("doa-2026") == {"Country level": "UNDP", "Funding": "a@un.org"}
            await uow.followup.set_facilitators("doa-2026", {"Funding": "UNFPA"})
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.followup.facilitators("doa-2026") == {"Funding": "UNFPA"}
            await uow.rounds.delete("doa-2026")
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.followup.facilitators("doa-2026") == {}

    async def test_a_question_its_answer_and_publication(self, new_uow: NewUow) -> None:
        people = await seed(new_uow)
        someone = next(iter(people.values()))
        async with new_uow() as uow:
            asked = await uow.followup.add_question(
                Question(round="doa-2026", ref="R1", stakeholder=someone.stakeholder, participant_id=someone.id,
                         text="Does it cover « funding »?", asked_at=NOW.astimezone(ZoneInfo("Asia/Tokyo")))
            )  # fmt: skip
            await uow.commit()
        assert asked.id > 0
        async with new_uow() as uow:
            stored = await uow.followup.question(asked.id)
            assert stored == replace(asked, asked_at=NOW)
            assert stored.asked_at.tzinfo is UTC
            done = replace(stored, answer="No.", answered_by="Ana (delegate)", answered_at=NOW, published_at=NOW)
            await uow.followup.update_question(done)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.followup.questions("doa-2026") == [done]
            assert await uow.followup.question(asked.id + 1000) is None

    async def test_the_track_keeps_every_change_in_order(self, new_uow: NewUow) -> None:
        async with new_uow() as uow:
            await uow.rounds.add(sample_round())
            first = TrackEntry(round="doa-2026", ref="R1", status="under discussion", at=NOW, by="Ana")
            second = TrackEntry(round="doa-2026", ref="R1", status="in progress", lead="UNDP", note="Pilots",
                                at=NOW + timedelta(days=7), by="Ana")  # fmt: skip
            await uow.followup.add_track(first)
            await uow.followup.add_track(second)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.followup.track("doa-2026") == [first, second]
            assert await uow.followup.track("other") == []
