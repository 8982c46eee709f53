"""SqlResponses on SQLite and PostgreSQL: current responses, revisions, submissions, progress."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.errors import Conflict, UnknownRound
from bot.domain.model import DelegationProgress, Position, Response, Revision, Submission
from storage import create_session_factory
from storage.responses import SqlResponses
from tests.storage.conftest import NOW, NewUow, sample_round, seed

ROUND = "doa-2026"


def answer(
    stakeholder: str,
    ref: str,
    position: Position,
    *,
    minutes: int = 0,
    comment: str = "",
    participant_id: int | None = None,
) -> tuple[Response, Revision]:
    """A response and the revision that records it."""
    at = NOW + timedelta(minutes=minutes)
    amendment = "Add 'by 2030'." if position is Position.SUPPORT_WITH_AMENDMENTS else ""
    return (
        Response(
            round=ROUND,
            stakeholder=stakeholder,
            ref=ref,
            position=position,
            amendment=amendment,
            comment=comment,
            participant_id=participant_id,
            channel="telegram",
            updated_at=at,
        ),
        Revision(
            round=ROUND,
            stakeholder=stakeholder,
            ref=ref,
            position=position,
            amendment=amendment,
            comment=comment,
            participant_id=participant_id,
            channel="telegram",
            at=at,
        ),
    )


def submission(stakeholder: str, receipt: str, *, minutes: int, answered: int = 3) -> Submission:
    """A submission at NOW + minutes."""
    return Submission(
        round=ROUND,
        stakeholder=stakeholder,
        receipt=receipt,
        participant_id=None,
        channel="slack",
        answered=answered,
        at=NOW + timedelta(minutes=minutes),
    )


class TestResponses:
    async def test_save_replaces_current_and_appends_revisions(self, new_uow: NewUow) -> None:
        """One current response per delegation and recommendation; every change is a revision."""
        people = await seed(new_uow)
        nor = people["NOR"].id
        first = answer("NOR", "R1", Position.SUPPORT, participant_id=nor)
        second = answer("NOR", "R1", Position.SUPPORT_WITH_AMENDMENTS, minutes=5, comment="See note.")
        async with new_uow() as uow:
            await uow.responses.save(*first)
            assert await uow.responses.get(ROUND, "NOR", "R1") == first[0]
            await uow.responses.save(*second)
            await uow.commit()
        async with new_uow() as uow:
            current = await uow.responses.get(ROUND, "NOR", "R1")
            assert current == second[0]
            assert current is not None
            assert current.updated_at.tzinfo is UTC
            assert await uow.responses.of_delegation(ROUND, "NOR") == [second[0]]
            assert await uow.responses.revisions(ROUND, "NOR") == [first[1], second[1]]
            assert await uow.responses.get(ROUND, "NOR", "R2") is None
            assert await uow.responses.get("other", "NOR", "R1") is None

    async def test_of_delegation_and_revisions_filter(self, new_uow: NewUow) -> None:
        """of_delegation (and answered: their refs) gives one delegation's answers; revisions(), all."""
        await seed(new_uow)
        saved = [
            answer("NOR", "R1", Position.OPPOSE, minutes=1),
            answer("KEN", "R1", Position.RESERVE, minutes=2),
            answer("NOR", "R2", Position.NO_POSITION, minutes=3),
        ]
        async with new_uow() as uow:
            for response, revision in saved:
                await uow.responses.save(response, revision)
            await uow.commit()
        async with new_uow() as uow:
            mine = await uow.responses.of_delegation(ROUND, "NOR")
            assert sorted(mine, key=lambda r: r.ref) == [saved[0][0], saved[2][0]]
            assert await uow.responses.revisions(ROUND) == [revision for _, revision in saved]
            assert await uow.responses.revisions(ROUND, "UNDP") == []
            assert await uow.responses.of_delegation("other", "NOR") == []
            # The refs alone (what the one-tap dialogue reads after every press): the same answers.
            assert await uow.responses.answered(ROUND, "NOR") == {"R1", "R2"}
            assert await uow.responses.answered(ROUND, "KEN") == {"R1"}
            assert await uow.responses.answered(ROUND, "UNDP") == set()
            assert await uow.responses.answered("other", "NOR") == set()

    async def test_unknown_round_or_recommendation(self, new_uow: NewUow) -> None:
        """Saving for a round that does not exist raises UnknownRound; an unknown ref is refused."""
        await seed(new_uow)
        response, revision = answer("NOR", "R1", Position.SUPPORT)
        async with new_uow() as uow:
            with pytest.raises(UnknownRound):
                await uow.responses.save(replace(response, round="nope"), replace(revision, round="nope"))
        async with new_uow() as uow:
            with pytest.raises(Conflict):
                await uow.responses.save(*answer("ZZZ", "R1", Position.SUPPORT))  # unknown stakeholder
        async with new_uow() as uow:
            with pytest.raises(Conflict):
                await uow.responses.save(*answer("NOR", "R99", Position.SUPPORT))  # not in the round


class TestSubmissions:
    async def test_latest_and_count(self, new_uow: NewUow) -> None:
        """submission() is the latest; count_submissions counts them all."""
        await seed(new_uow)
        async with new_uow() as uow:
            assert await uow.responses.submission(ROUND, "NOR") is None
            await uow.responses.add_submission(submission("NOR", "A-1", minutes=10))
            await uow.responses.add_submission(submission("NOR", "A-2", minutes=20))
            await uow.responses.add_submission(submission("KEN", "A-3", minutes=15))
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.responses.submission(ROUND, "NOR") == submission("NOR", "A-2", minutes=20)
            assert await uow.responses.count_submissions(ROUND, "NOR") == 2
            assert await uow.responses.count_submissions(ROUND, "UNDP") == 0

    async def test_receipt_is_unique(self, new_uow: NewUow) -> None:
        """Two submissions cannot share a receipt."""
        await seed(new_uow)
        async with new_uow() as uow:
            await uow.responses.add_submission(submission("NOR", "A-1", minutes=1))
            with pytest.raises(Conflict):
                await uow.responses.add_submission(submission("KEN", "A-1", minutes=2))


class TestProgress:
    async def test_counts_per_delegation(self, new_uow: NewUow) -> None:
        """Answers counted, latest answer and latest submission, for each delegation that did anything."""
        await seed(new_uow)
        async with new_uow() as uow:
            await uow.rounds.add(sample_round("other"))
            for stakeholder, ref, minutes in (("NOR", "R1", 1), ("NOR", "R2", 7), ("NOR", "R1", 3), ("KEN", "R3", 2)):
                await uow.responses.save(*answer(stakeholder, ref, Position.SUPPORT, minutes=minutes))
            await uow.responses.add_submission(submission("NOR", "N-1", minutes=8))
            await uow.responses.add_submission(submission("NOR", "N-2", minutes=9))
            await uow.responses.add_submission(submission("UNDP", "U-1", minutes=4, answered=0))
            await uow.commit()
        async with new_uow() as uow:
            progress = await uow.responses.progress(ROUND)
            assert await uow.responses.progress("other") == []
            assert await uow.responses.progress("missing") == []
        assert progress == [
            DelegationProgress(stakeholder="KEN", answered=1),
            DelegationProgress(
                stakeholder="NOR",
                answered=2,
                submitted_at=NOW + timedelta(minutes=9),
                receipt="N-2",
                submitted_by="system",
            ),
            DelegationProgress(
                stakeholder="UNDP",
                answered=0,
                submitted_at=NOW + timedelta(minutes=4),
                receipt="U-1",
                submitted_by="system",
            ),
        ]
        assert all(p.submitted_at is None or p.submitted_at.tzinfo is UTC for p in progress)


class TestStreams:
    @pytest.mark.parametrize("batch_size", [1, 2, 500])
    async def test_revisions_stream_in_the_order_made(
        self, new_uow: NewUow, engine: AsyncEngine, batch_size: int
    ) -> None:
        """Every revision of the round in the order made, whatever the batch."""
        await seed(new_uow)
        async with new_uow() as uow:
            await uow.rounds.add(sample_round("other"))
            for minutes, (stakeholder, ref) in enumerate(
                [("NOR", "R3"), ("KEN", "R2"), ("NOR", "R1"), ("UNDP", "R1"), ("KEN", "R3"), ("NOR", "R3")]
            ):
                await uow.responses.save(*answer(stakeholder, ref, Position.OPPOSE, minutes=minutes))
            other = answer("NOR", "R2", Position.SUPPORT)
            await uow.responses.save(replace(other[0], round="other"), replace(other[1], round="other"))
            await uow.commit()
        async with create_session_factory(engine)() as session, session.begin():
            responses = SqlResponses(session, batch_size=batch_size)
            revisions = [(r.stakeholder, r.ref) async for r in responses.stream_revisions(ROUND)]
            assert [r async for r in responses.stream_revisions("missing")] == []
        assert revisions == [("NOR", "R3"), ("KEN", "R2"), ("NOR", "R1"), ("UNDP", "R1"), ("KEN", "R3"), ("NOR", "R3")]
