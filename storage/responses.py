"""SqlResponses: current responses, their append-only revisions, submissions, and progress counts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ScalarSelect,
    Subquery,
    bindparam,
    delete,
    exists,
    func,
    literal_column,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import UnknownRound
from bot.domain.model import DelegationProgress, Position, Response, Revision, Submission, SubmittedAnswer, person
from storage.rounds import round_id
from storage.statements import ByDialect, dialect_name, fetch, fetch_one, insert, rows, run, write
from storage.tables import (
    DRAFT_DIFFERS,
    ResponseRow,
    RevisionRow,
    RoundRow,
    SubmissionAnswerRow,
    SubmissionRow,
)


class SqlResponses:
    """bot.ports.Responses on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession, *, batch_size: int = 500) -> None:
        self._session = session
        self._batch_size = batch_size

    async def get(self, round_slug: str, stakeholder: str, ref: str) -> Response | None:
        """The delegation's current response to one recommendation, or None."""
        params = {"round": round_slug, "stakeholder": stakeholder, "ref": ref}
        found = await rows(self._session, _RESPONSE, params)
        return _response(found[0], round_slug) if found else None

    async def of_delegation(self, round_slug: str, stakeholder: str) -> list[Response]:
        """The delegation's current responses, in no particular order."""
        params = {"round": round_slug, "stakeholder": stakeholder}
        return [_response(row, round_slug) for row in await rows(self._session, _OF_DELEGATION, params)]

    async def answered(self, round_slug: str, stakeholder: str) -> set[str]:
        """The references the delegation has a current response to (one column read, nothing converted)."""
        params = {"round": round_slug, "stakeholder": stakeholder}
        return {row[0] for row in await rows(self._session, _ANSWERED, params)}

    async def save(self, response: Response, revision: Revision) -> None:
        """Insert or replace the current response and append its revision."""
        await run(
            self._session,
            _SAVE_RESPONSE(self._session),
            {
                "round_id": await self._existing_round_id(response.round),
                "stakeholder": response.stakeholder,
                "ref": response.ref,
                "position": response.position.value,
                "amendment": response.amendment,
                "comment": response.comment,
                "participant_id": response.participant_id,
                "channel": response.channel,
                "updated_at": response.updated_at,
                "language": response.language,
            },
        )
        await run(
            self._session,
            _ADD_REVISION,
            {
                "round_id": await self._existing_round_id(revision.round),
                "stakeholder": revision.stakeholder,
                "ref": revision.ref,
                "position": revision.position.value,
                "amendment": revision.amendment,
                "comment": revision.comment,
                "participant_id": revision.participant_id,
                "channel": revision.channel,
                "at": revision.at,
                "language": revision.language,
            },
        )

    async def save_default(self, response: Response, revision: Revision) -> bool:
        """Insert a response the system records only where none exists (a delegate's answer committed
        meanwhile is kept: ON CONFLICT DO NOTHING), with its revision; True if inserted."""
        round_id = await self._existing_round_id(response.round)
        statement = (
            insert(self._session, ResponseRow)
            .values(
                round_id=round_id,
                stakeholder=response.stakeholder,
                ref=response.ref,
                position=response.position.value,
                amendment=response.amendment,
                comment=response.comment,
                participant_id=response.participant_id,
                channel=response.channel,
                updated_at=response.updated_at,
                language=response.language,
            )
            .on_conflict_do_nothing(index_elements=["round_id", "stakeholder", "ref"])
        )
        if int((await write(self._session, statement)).rowcount) != 1:
            return False
        await run(
            self._session,
            _ADD_REVISION,
            {
                "round_id": round_id,
                "stakeholder": revision.stakeholder,
                "ref": revision.ref,
                "position": revision.position.value,
                "amendment": revision.amendment,
                "comment": revision.comment,
                "participant_id": revision.participant_id,
                "channel": revision.channel,
                "at": revision.at,
                "language": revision.language,
            },
        )
        return True

    async def revisions(self, round_slug: str, stakeholder: str | None = None) -> list[Revision]:
        """Revisions in the order they were made."""
        statement = select(RevisionRow).where(RevisionRow.round_id == _round_id(round_slug))
        if stakeholder is not None:
            statement = statement.where(RevisionRow.stakeholder == stakeholder)
        rows = await fetch(self._session, statement.order_by(RevisionRow.id))
        return [_revision(row, round_slug) for row in rows]

    async def remove_system_defaults(self, round_slug: str, position: str, channel: str) -> int:
        """Remove the current responses the system recorded with this position (revisions stay)."""
        found = await round_id(self._session, round_slug)
        if found is None:
            return 0
        statement = delete(ResponseRow).where(
            ResponseRow.round_id == found, ResponseRow.position == position, ResponseRow.channel == channel
        )
        return int((await write(self._session, statement)).rowcount)

    async def add_submission(self, submission: Submission) -> None:
        """Store a submission, its snapshot of answers, and the record on each response (Conflict if
        its receipt is taken)."""
        round_id = await self._existing_round_id(submission.round)
        found = await write(
            self._session,
            insert(self._session, SubmissionRow)
            .values(
                round_id=round_id,
                stakeholder=submission.stakeholder,
                receipt=submission.receipt,
                participant_id=submission.participant_id,
                channel=submission.channel,
                answered=submission.answered,
                at=submission.at,
                name=submission.name,
                role=submission.role,
            )
            .returning(SubmissionRow.id),
        )
        submission_id = found.scalar_one()
        if not submission.answers:
            return
        answers = [
            {
                "submission_id": submission_id,
                "ref": a.ref,
                "position": a.position.value,
                "amendment": a.amendment,
                "comment": a.comment,
                "language": a.language,
            }
            for a in submission.answers
        ]
        await self._session.execute(SubmissionAnswerRow.__table__.insert(), answers)
        record = (
            update(ResponseRow.__table__)
            .where(
                ResponseRow.__table__.c.round_id == bindparam("b_round_id"),
                ResponseRow.__table__.c.stakeholder == bindparam("b_stakeholder"),
                ResponseRow.__table__.c.ref == bindparam("b_ref"),
            )
            .values(
                submitted_position=bindparam("b_position"),
                submitted_amendment=bindparam("b_amendment"),
                submitted_comment=bindparam("b_comment"),
                submitted_language=bindparam("b_language"),
            )
        )
        await self._session.execute(
            record,
            [
                {
                    "b_round_id": round_id,
                    "b_stakeholder": submission.stakeholder,
                    "b_ref": a.ref,
                    "b_position": a.position.value,
                    "b_amendment": a.amendment,
                    "b_comment": a.comment,
                    "b_language": a.language,
                }
                for a in submission.answers
            ],
        )

    async def submission(self, round_slug: str, stakeholder: str) -> Submission | None:
        """The delegation's latest submission (the last stored: never by clock), with its answers."""
        statement = (
            select(SubmissionRow)
            .where(SubmissionRow.round_id == _round_id(round_slug), SubmissionRow.stakeholder == stakeholder)
            .order_by(SubmissionRow.id.desc())
            .limit(1)
        )
        row = await fetch_one(self._session, statement)
        if row is None:
            return None
        answers = select(SubmissionAnswerRow).where(SubmissionAnswerRow.submission_id == row.id)
        return replace(
            _submission(row, round_slug),
            answers=tuple(
                SubmittedAnswer(
                    ref=a.ref,
                    position=Position(a.position),
                    amendment=a.amendment,
                    comment=a.comment,
                    language=a.language,
                )
                for a in await fetch(self._session, answers.order_by(SubmissionAnswerRow.id))
            ),
        )

    async def submissions(self, round_slug: str) -> list[Submission]:
        """Every submission of the round in the order stored (without their answers)."""
        statement = (
            select(SubmissionRow).where(SubmissionRow.round_id == _round_id(round_slug)).order_by(SubmissionRow.id)
        )
        return [_submission(row, round_slug) for row in await fetch(self._session, statement)]

    async def lock_delegation(self, round_slug: str, stakeholder: str) -> None:
        """Hold the delegation's answers until the transaction ends (PostgreSQL: FOR UPDATE), so that
        two submits of one delegation run one after the other. SQLite writers are serialised already."""
        if dialect_name(self._session) == "sqlite":
            return
        statement = (
            select(ResponseRow.id)
            .where(ResponseRow.round_id == _round_id(round_slug), ResponseRow.stakeholder == stakeholder)
            .with_for_update()
        )
        await self._session.execute(statement)

    async def count_submissions(self, round_slug: str, stakeholder: str) -> int:
        """How many times the delegation submitted in this round."""
        statement = (
            select(func.count())
            .select_from(SubmissionRow)
            .where(SubmissionRow.round_id == _round_id(round_slug), SubmissionRow.stakeholder == stakeholder)
        )
        return (await self._session.execute(statement)).scalar_one()

    async def progress(self, round_slug: str) -> list[DelegationProgress]:
        """Per delegation that answered or submitted: answers counted, drafts changed since the latest
        submission, and that submission (SQL), in one pass over the round's responses: the counts
        come from the responses' indexes alone (ix_responses_changed counts the changed drafts).
        """
        round_id = _round_id(round_slug)
        counted = (
            select(ResponseRow.stakeholder, func.count().label("answered"))
            .where(ResponseRow.round_id == round_id)
            .group_by(ResponseRow.stakeholder)
            .subquery("counted")
        )
        differing = (  # the partial index ix_responses_changed: only drafts that differ
            select(ResponseRow.stakeholder, func.count().label("changed"))
            .where(ResponseRow.round_id == round_id, text(DRAFT_DIFFERS))
            .group_by(ResponseRow.stakeholder)
            .subquery("differing")
        )
        answers = (
            select(
                counted.c.stakeholder,
                counted.c.answered,
                func.coalesce(differing.c.changed, literal_column("0")).label("changed"),
            )
            .outerjoin(differing, differing.c.stakeholder == counted.c.stakeholder)
            .subquery("answers")
        )
        submitted = latest_submissions(round_id)
        about = (submitted.c.receipt, submitted.c.name, submitted.c.role, submitted.c.participant_id)
        answering = select(
            answers.c.stakeholder, answers.c.answered, submitted.c.submitted_at, *about, answers.c.changed
        ).outerjoin(submitted, submitted.c.stakeholder == answers.c.stakeholder)
        only_submitted = select(
            submitted.c.stakeholder, literal_column("0"), submitted.c.submitted_at, *about, literal_column("0")
        ).where(~exists().where(ResponseRow.round_id == round_id, ResponseRow.stakeholder == submitted.c.stakeholder))
        both = union_all(answering, only_submitted).subquery("progress")
        statement = select(both).order_by(both.c.stakeholder)
        return [progress_of(*row) for row in await self._session.execute(statement)]

    async def stream_revisions(self, round_slug: str) -> AsyncIterator[Revision]:
        """Every revision of the round in the order made, in batches (keyset queries, as stream())."""
        after = 0
        while True:
            statement = (
                select(RevisionRow)
                .where(RevisionRow.round_id == _round_id(round_slug), RevisionRow.id > after)
                .order_by(RevisionRow.id)
                .limit(self._batch_size)
            )
            batch = await fetch(self._session, statement)
            for row in batch:
                yield _revision(row, round_slug)
            if len(batch) < self._batch_size:
                return
            after = batch[-1].id

    async def _existing_round_id(self, slug: str) -> int:
        found = await round_id(self._session, slug)
        if found is None:
            raise UnknownRound(slug, round=slug)
        return found


_RESPONSES = ResponseRow.__table__
_DELEGATION = (
    _RESPONSES.c.round_id == select(RoundRow.id).where(RoundRow.slug == bindparam("round")).scalar_subquery(),
    _RESPONSES.c.stakeholder == bindparam("stakeholder"),
)
_OF_DELEGATION = select(_RESPONSES).where(*_DELEGATION)
_ANSWERED = select(_RESPONSES.c.ref).where(*_DELEGATION)
_RESPONSE = _OF_DELEGATION.where(_RESPONSES.c.ref == bindparam("ref"))
_CHANGING = ("position", "amendment", "comment", "participant_id", "channel", "updated_at", "language")


def _save_response(insert_: Any) -> Any:
    statement = insert_(_RESPONSES)
    changes = {name: statement.excluded[name] for name in _CHANGING}
    return statement.on_conflict_do_update(index_elements=["round_id", "stakeholder", "ref"], set_=changes)


_SAVE_RESPONSE = ByDialect(_save_response)
_ADD_REVISION = RevisionRow.__table__.insert()


def latest_submissions(round_id: ScalarSelect[int]) -> Subquery:
    """Each delegation's latest submission in the round (the last stored, whatever its clock said):
    stakeholder, submitted_at, receipt, name, role, participant_id."""
    last = (
        select(func.max(SubmissionRow.id).label("id"))
        .where(SubmissionRow.round_id == round_id)
        .group_by(SubmissionRow.stakeholder)
        .subquery("last")
    )
    return (
        select(
            SubmissionRow.stakeholder,
            SubmissionRow.at.label("submitted_at"),
            SubmissionRow.receipt,
            SubmissionRow.name,
            SubmissionRow.role,
            SubmissionRow.participant_id,
        )
        .join(last, last.c.id == SubmissionRow.id)
        .subquery("submitted")
    )


def progress_of(
    stakeholder: str,
    answered: int,
    submitted_at: datetime | None,
    receipt: str | None,
    name: str | None,
    role: str | None,
    participant: int | None,
    changed: int,
) -> DelegationProgress:
    """A delegation's progress from the columns the progress queries read."""
    return DelegationProgress(
        stakeholder=stakeholder,
        answered=answered,
        submitted_at=submitted_at,
        receipt=receipt or "",
        submitted_by=person(name or "", role or "", participant) if receipt else "",
        changed=bool(changed),
    )


def _round_id(slug: str) -> ScalarSelect[int]:
    return select(RoundRow.id).where(RoundRow.slug == slug).scalar_subquery()


def _response(row: Any, round_slug: str) -> Response:
    """A response from its row (ORM or Core)."""
    return Response(
        round=round_slug,
        stakeholder=row.stakeholder,
        ref=row.ref,
        position=Position(row.position),
        amendment=row.amendment,
        comment=row.comment,
        participant_id=row.participant_id,
        channel=row.channel,
        updated_at=row.updated_at,
        language=row.language,
    )


def _revision(row: RevisionRow, round_slug: str) -> Revision:
    return Revision(
        round=round_slug,
        stakeholder=row.stakeholder,
        ref=row.ref,
        position=Position(row.position),
        amendment=row.amendment,
        comment=row.comment,
        participant_id=row.participant_id,
        channel=row.channel,
        at=row.at,
        language=row.language,
    )


def _submission(row: SubmissionRow, round_slug: str) -> Submission:
    return Submission(
        round=round_slug,
        stakeholder=row.stakeholder,
        receipt=row.receipt,
        participant_id=row.participant_id,
        channel=row.channel,
        answered=row.answered,
        at=row.at,
        name=row.name,
        role=row.role,
        sequence=row.id,
    )
