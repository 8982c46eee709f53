"""SqlFollowup: facilitators per section, delegations' questions and the follow-up track.

Rounds are referred to by slug outside storage; each statement finds the round's id by its slug.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.model import Question, TrackEntry
from storage.statements import rows, write
from storage.tables import FacilitatorRow, QuestionRow, RoundRow, TrackRow


def _round_id(slug: str) -> Any:
    return select(RoundRow.id).where(RoundRow.slug == slug).scalar_subquery()


class SqlFollowup:
    """bot.ports.Followup on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def set_facilitators(self, round_slug: str, facilitators: Mapping[str, str]) -> None:
        """Replace the round's facilitators."""
        await write(self._session, delete(FacilitatorRow).where(FacilitatorRow.round_id == _round_id(round_slug)))
        if facilitators:
            round_id = (await self._session.execute(select(RoundRow.id).where(RoundRow.slug == round_slug))).scalar()
            await write(
                self._session,
                insert(FacilitatorRow).values(
                    [{"round_id": round_id, "section": s, "who": who} for s, who in facilitators.items()]
                ),
            )

    async def facilitators(self, round_slug: str) -> dict[str, str]:
        """Section -> facilitator."""
        found = await self._session.execute(
            select(FacilitatorRow.section, FacilitatorRow.who)
            .where(FacilitatorRow.round_id == _round_id(round_slug))
            .order_by(FacilitatorRow.id)
        )
        return {section: who for section, who in found.all()}

    async def add_question(self, question: Question) -> Question:
        """Store a new question; returned with its id."""
        result = await write(
            self._session,
            insert(QuestionRow)
            .values(
                round_id=_round_id(question.round),
                ref=question.ref,
                stakeholder=question.stakeholder,
                participant_id=question.participant_id,
                text=question.text,
                asked_at=question.asked_at,
                answer=question.answer,
                answered_by=question.answered_by,
                answered_at=question.answered_at,
                published_at=question.published_at,
            )
            .returning(QuestionRow.id),
        )
        return Question(**{**_fields(question), "id": int(result.scalar_one())})

    async def question(self, question_id: int) -> Question | None:
        """A question by id, or None."""
        found = await self._session.execute(_QUESTIONS.where(QuestionRow.id == question_id))
        row = found.first()
        return _question(row) if row is not None else None

    async def update_question(self, question: Question) -> None:
        """Store the answer and the publication."""
        await write(
            self._session,
            update(QuestionRow)
            .where(QuestionRow.id == question.id)
            .values(
                answer=question.answer,
                answered_by=question.answered_by,
                answered_at=question.answered_at,
                published_at=question.published_at,
            ),
        )

    async def questions(self, round_slug: str) -> list[Question]:
        """The round's questions in the order asked."""
        return [_question(row) for row in await rows(self._session, _ROUND_QUESTIONS, {"round": round_slug})]

    async def add_track(self, entry: TrackEntry) -> None:
        """Append a change of implementation status."""
        await write(
            self._session,
            insert(TrackRow).values(
                round_id=_round_id(entry.round),
                ref=entry.ref,
                status=entry.status,
                lead=entry.lead,
                note=entry.note,
                at=entry.at,
                by=entry.by,
            ),
        )

    async def track(self, round_slug: str) -> list[TrackEntry]:
        """Every change of the round's track in the order made."""
        found = await self._session.execute(
            select(TrackRow.ref, TrackRow.status, TrackRow.lead, TrackRow.note, TrackRow.at, TrackRow.by)
            .join(RoundRow, RoundRow.id == TrackRow.round_id)
            .where(RoundRow.slug == round_slug)
            .order_by(TrackRow.id)
        )
        return [
            TrackEntry(round=round_slug, ref=ref, status=status, lead=lead, note=note, at=at, by=by)
            for ref, status, lead, note, at, by in found.all()
        ]


_QUESTIONS = select(
    QuestionRow.id,
    RoundRow.slug,
    QuestionRow.ref,
    QuestionRow.stakeholder,
    QuestionRow.participant_id,
    QuestionRow.text,
    QuestionRow.asked_at,
    QuestionRow.answer,
    QuestionRow.answered_by,
    QuestionRow.answered_at,
    QuestionRow.published_at,
).join(RoundRow, RoundRow.id == QuestionRow.round_id)
#: Read on every screen of a recommendation (its published clarifications): prebuilt, no ORM.
_ROUND_QUESTIONS = _QUESTIONS.where(RoundRow.slug == bindparam("round")).order_by(QuestionRow.asked_at, QuestionRow.id)


def _question(row: Any) -> Question:
    return Question(
        id=row.id,
        round=row.slug,
        ref=row.ref,
        stakeholder=row.stakeholder,
        participant_id=row.participant_id,
        text=row.text,
        asked_at=row.asked_at,
        answer=row.answer,
        answered_by=row.answered_by,
        answered_at=row.answered_at,
        published_at=row.published_at,
    )


def _fields(question: Question) -> dict[str, Any]:
    return {name: getattr(question, name) for name in Question.__dataclass_fields__}
