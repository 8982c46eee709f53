"""SqlReports: the digest's figures counted by the database (GROUP BY), and the digest's snapshots.

Nothing here loops over responses or revisions in Python: positions are counted per recommendation
and position; what changed since a moment is computed per (delegation, recommendation) pair by
comparing its last revision after the moment with its last revision before it, and only the
counts and the newest few rows come back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, case, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.digest.model import Activity, Change, ChangeKind, PositionCount, Snapshot
from bot.errors import UnknownRound
from bot.model import DelegationState, Position
from storage.statements import insert, write
from storage.tables import DigestSnapshotRow, ResponseRow, RevisionRow, RoundRow, SubmissionRow


class SqlReports:
    """bot.ports.Reports on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def positions(self, round_slug: str) -> list[PositionCount]:
        """How many current responses hold each position, per recommendation (no zero rows)."""
        statement = (
            select(ResponseRow.ref, ResponseRow.position, func.count())
            .where(ResponseRow.round_id == _round_id(round_slug))
            .group_by(ResponseRow.ref, ResponseRow.position)
            .order_by(ResponseRow.ref, ResponseRow.position)
        )
        rows = await self._session.execute(statement)
        return [PositionCount(ref, Position(position), count) for ref, position, count in rows]

    async def activity(self, round_slug: str, since: datetime | None, *, limit: int) -> Activity:
        """What changed after `since` (None: ever): counts, every submission, the `limit` newest changes."""
        pairs = _pairs(_round_id(round_slug), since)
        new, moved, commented = _is_new(pairs), _moved(pairs), _commented(pairs)
        totals = select(_count_if(new), _count_if(moved), _count_if(commented)).select_from(pairs)
        answers, positions, comments = (await self._session.execute(totals)).one()
        latest: list[tuple[datetime, int, int, Change]] = []
        for order, (kind, condition) in enumerate(((ChangeKind.POSITION, moved), (ChangeKind.COMMENT, commented))):
            newest = select(pairs).where(condition).order_by(pairs.c.at.desc(), pairs.c.id.desc()).limit(limit)
            latest += [(row.at, row.id, order, _change(kind, row)) for row in await self._session.execute(newest)]
        latest.sort(key=lambda item: (-item[0].timestamp(), -item[1], item[2]))
        return Activity(
            since=since,
            answers=answers,
            positions=positions,
            comments=comments,
            submissions=await self._submissions(round_slug, since),
            latest=tuple(item[3] for item in latest[:limit]),
        )

    async def _submissions(self, round_slug: str, since: datetime | None) -> tuple[Change, ...]:
        """Each delegation that submitted after `since`, newest first (first: it had not submitted before)."""
        last, first = func.max(SubmissionRow.at), func.min(SubmissionRow.at)
        statement = (
            select(SubmissionRow.stakeholder, last.label("last"), first.label("first"))
            .where(SubmissionRow.round_id == _round_id(round_slug))
            .group_by(SubmissionRow.stakeholder)
            .order_by(last.desc(), SubmissionRow.stakeholder)
        )
        if since is not None:
            statement = statement.having(last > since)
        return tuple(
            Change(
                kind=ChangeKind.SUBMISSION,
                at=row.last,
                stakeholder=row.stakeholder,
                first=since is None or row.first > since,
            )
            for row in await self._session.execute(statement)
        )

    async def add_snapshot(self, snapshot: Snapshot) -> bool:
        """Store the snapshot unless the round has one with its key; True if stored."""
        round_id = (await self._session.execute(select(RoundRow.id).where(RoundRow.slug == snapshot.round))).scalar()
        if round_id is None:
            raise UnknownRound(snapshot.round, round=snapshot.round)
        statement = (
            insert(self._session, DigestSnapshotRow)
            .values(
                round_id=round_id,
                key=snapshot.key,
                taken_at=snapshot.taken_at,
                counts=[[c.ref, c.position.value, c.count] for c in snapshot.counts],
                states=[[code, state.value] for code, state in snapshot.states],
            )
            .on_conflict_do_nothing(index_elements=["round_id", "key"])
            .returning(DigestSnapshotRow.id)
        )
        return (await write(self._session, statement)).scalar_one_or_none() is not None

    async def latest_snapshot(self, round_slug: str, *, exclude_key: str = "") -> Snapshot | None:
        """The round's most recent snapshot (not the one with `exclude_key`), or None."""
        statement = (
            select(
                DigestSnapshotRow.key, DigestSnapshotRow.taken_at, DigestSnapshotRow.counts, DigestSnapshotRow.states
            )
            .where(DigestSnapshotRow.round_id == _round_id(round_slug), DigestSnapshotRow.key != exclude_key)
            .order_by(DigestSnapshotRow.taken_at.desc(), DigestSnapshotRow.id.desc())
            .limit(1)
        )
        row = (await self._session.execute(statement)).first()
        if row is None:
            return None
        return Snapshot(
            round=round_slug,
            key=row.key,
            taken_at=row.taken_at,
            counts=tuple(PositionCount(str(ref), Position(position), int(n)) for ref, position, n in row.counts),
            states=tuple((str(code), DelegationState(state)) for code, state in row.states),
        )


def _round_id(slug: str) -> Any:
    return select(RoundRow.id).where(RoundRow.slug == slug).scalar_subquery()


def _pairs(round_id: Any, since: datetime | None) -> Subquery:
    """Per (delegation, recommendation) changed after `since`: its last revision, and its last one before."""
    rev = RevisionRow
    after = [rev.round_id == round_id] if since is None else [rev.round_id == round_id, rev.at > since]
    touched = (
        select(rev.stakeholder, rev.ref, func.max(rev.id).label("last_id"))
        .where(*after)
        .group_by(rev.stakeholder, rev.ref)
        .subquery("touched")
    )
    earlier = (
        select(rev.stakeholder, rev.ref, func.max(rev.id).label("prev_id"))
        .where(rev.round_id == round_id, false() if since is None else rev.at <= since)
        .group_by(rev.stakeholder, rev.ref)
        .subquery("earlier")
    )
    now, before = aliased(RevisionRow, name="now"), aliased(RevisionRow, name="before")
    return (
        select(
            now.id,
            now.stakeholder,
            now.ref,
            now.position,
            now.comment,
            now.at,
            before.id.label("before_id"),
            before.position.label("before_position"),
            before.comment.label("before_comment"),
        )
        .select_from(touched)
        .join(now, now.id == touched.c.last_id)
        .outerjoin(earlier, and_(earlier.c.stakeholder == touched.c.stakeholder, earlier.c.ref == touched.c.ref))
        .outerjoin(before, before.id == earlier.c.prev_id)
        .subquery("pairs")
    )


def _is_new(pairs: Subquery) -> ColumnElement[bool]:
    return pairs.c.before_id.is_(None)


def _moved(pairs: Subquery) -> ColumnElement[bool]:
    return and_(pairs.c.before_id.is_not(None), pairs.c.before_position != pairs.c.position)


def _commented(pairs: Subquery) -> ColumnElement[bool]:
    return and_(pairs.c.comment != "", or_(pairs.c.before_id.is_(None), pairs.c.before_comment != pairs.c.comment))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _change(kind: ChangeKind, row: Any) -> Change:
    if kind is ChangeKind.COMMENT:
        return Change(kind=kind, at=row.at, stakeholder=row.stakeholder, ref=row.ref, comment=row.comment)
    return Change(
        kind=kind,
        at=row.at,
        stakeholder=row.stakeholder,
        ref=row.ref,
        before=Position(row.before_position),
        after=Position(row.position),
    )
