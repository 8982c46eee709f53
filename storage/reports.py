"""SqlReports, the read side: the digest's figures counted by the database (GROUP BY); and
SqlSnapshots, the digest's snapshots.

Nothing here loops over responses or revisions in Python (the export's lines apart:
storage.export_stream): positions are counted per recommendation and position; what changed
since a moment is computed per (delegation, recommendation) pair by comparing its last revision
after the moment with its last revision before it, and only the counts and the newest few rows
come back. The reads the digest makes of a whole round (progress, the roster) are plain rows,
not ORM objects: a round of 10,000 delegations is 10,000s of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    CompoundSelect,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.errors import UnknownRound
from bot.domain.model import DelegationState, Identity, Participant, Position, Role, Stakeholder
from bot.records.digest_values import Activity, Change, ChangeKind, PositionCount, Roster, Snapshot
from bot.records.exports import ResponseLine
from storage import export_stream
from storage.statements import insert, write
from storage.tables import (
    SILENCE_RECORDED,
    DigestSnapshotRow,
    IdentityRow,
    ParticipantRow,
    ResponseRow,
    RevisionRow,
    RoundRow,
    StakeholderGroupRow,
    StakeholderRow,
    SubmissionRow,
)


class SqlReports:
    """bot.ports.Reports on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def positions(self, round_slug: str) -> list[PositionCount]:
        """How many delegations hold each position, per recommendation, as submitted (no zero rows).

        The record, not the drafts: each delegation's latest submission (copied on its responses),
        and for a delegation that never submitted only the "no objection" the silence procedure
        recorded at the deadline.
        """
        round_id = _round_id(round_slug)
        submitted = (
            select(ResponseRow.ref, ResponseRow.submitted_position, func.count())
            .where(ResponseRow.round_id == round_id, ResponseRow.submitted_position.is_not(None))
            .group_by(ResponseRow.ref, ResponseRow.submitted_position)
        )  # ix_responses_record, in its order
        silence = (
            select(ResponseRow.ref, literal_column(f"'{Position.NO_OBJECTION.value}'", String), func.count())
            .where(ResponseRow.round_id == round_id, text(SILENCE_RECORDED))
            .group_by(ResponseRow.ref)
        )  # ix_responses_silence
        found: dict[tuple[str, str], int] = defaultdict(int)
        for statement in (submitted, silence):
            for ref, position, count in await self._session.execute(statement):
                if position is not None:  # never: `submitted` reads only rows with a submitted position
                    found[(ref, position)] += count
        return [PositionCount(ref, Position(position), n) for (ref, position), n in sorted(found.items())]

    async def activity(self, round_slug: str, since: datetime | None, *, limit: int) -> Activity:
        """What changed after `since` (None: ever): counts, every submission, the `limit` newest changes."""
        pairs = _pairs(_round_id(round_slug), since)
        new, moved, commented = _is_new(pairs), _moved(pairs), _commented(pairs)
        # The newest `limit` pairs that moved or were commented hold the newest `limit` changes: a
        # pair gives one change or two (position, then comment), and changes go newest pair first.
        newest = (
            select(pairs, moved.label("moved"), commented.label("commented"))
            .where(or_(moved, commented))
            .order_by(pairs.c.at.desc(), pairs.c.id.desc())
            .limit(limit)
            .subquery("newest")
        )
        none = [null()] * len(pairs.c)
        # One statement, so that the pairs (a CTE used twice: computed once) are found once: the
        # newest pairs, then one row of totals (the row without an id).
        statement: CompoundSelect[Any] = union_all(
            select(newest, null(), null(), null()),
            select(*none, null(), null(), _count_if(new), _count_if(moved), _count_if(commented)),
        )
        answers = positions = comments = 0
        latest: list[tuple[datetime, int, int, Change]] = []
        for row in await self._session.execute(statement):
            if row.id is None:
                answers, positions, comments = (int(n) for n in row[-3:])
                continue
            if row.moved:
                latest.append((row.at, row.id, 0, _change(ChangeKind.POSITION, row)))
            if row.commented:
                latest.append((row.at, row.id, 1, _change(ChangeKind.COMMENT, row)))
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

    async def roster(self) -> Roster:
        """Every stakeholder (by code, groups in order), participant (by id) and identity, as plain rows."""
        connection = await self._session.connection()  # plain rows: no ORM loading for 10,000s of them
        groups: dict[str, list[str]] = defaultdict(list)
        grouped = select(StakeholderGroupRow.stakeholder, StakeholderGroupRow.name).order_by(
            StakeholderGroupRow.stakeholder, StakeholderGroupRow.position
        )
        for code, name in await connection.execute(grouped):
            groups[code].append(name)
        holders = select(StakeholderRow.code, StakeholderRow.name, StakeholderRow.kind).order_by(StakeholderRow.code)
        people = select(
            ParticipantRow.id,
            ParticipantRow.stakeholder,
            ParticipantRow.role,
            ParticipantRow.name,
            ParticipantRow.language,
            ParticipantRow.timezone,
            ParticipantRow.email,
            ParticipantRow.channel,
            ParticipantRow.email_reachable,
        ).order_by(ParticipantRow.id)
        accounts = select(
            IdentityRow.channel,
            IdentityRow.account,
            IdentityRow.participant_id,
            IdentityRow.chat,
            IdentityRow.reachable,
        ).order_by(IdentityRow.participant_id, IdentityRow.channel, IdentityRow.account)
        return Roster(
            stakeholders=tuple(
                Stakeholder(code=code, name=name, kind=kind, groups=tuple(groups.get(code, ())))
                for code, name, kind in await connection.execute(holders)
            ),
            participants=tuple(
                Participant(
                    id=id_,
                    stakeholder=code,
                    role=_ROLES[role],
                    name=name,
                    language=language,
                    timezone=zone,
                    email=email or "",
                    channel=channel,
                    email_reachable=mailable,
                )
                for id_, code, role, name, language, zone, email, channel, mailable in await connection.execute(people)
            ),
            identities=tuple(
                Identity(channel=channel, account=account, participant_id=owner, chat=chat, reachable=reachable)
                for channel, account, owner, chat, reachable in await connection.execute(accounts)
            ),
        )

    def response_lines(self, round_slug: str) -> AsyncIterator[list[ResponseLine]]:
        """Every current response of the round for the export, in batches (storage.export_stream)."""
        return export_stream.response_lines(self._session, round_slug)


class SqlSnapshots:
    """bot.ports.Snapshots on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, snapshot: Snapshot) -> bool:
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

    async def latest(self, round_slug: str, *, exclude_key: str = "") -> Snapshot | None:
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


#: Role by its stored value (a dict lookup: the enum's own call costs ten times more).
_ROLES = {role.value: role for role in Role}


def _round_id(slug: str) -> Any:
    return select(RoundRow.id).where(RoundRow.slug == slug).scalar_subquery()


def _pairs(round_id: Any, since: datetime | None) -> CTE:
    """Per (delegation, recommendation) changed after `since`: its last revision, and its last one before.

    One GROUP BY over the round's revisions finds both ids; the two revisions are then read by id.
    A CTE: used twice in a statement, SQLite (3.35+) and PostgreSQL (12+) compute it once.
    """
    rev = RevisionRow
    last_id: ColumnElement[int]
    prev_id: ColumnElement[int]
    if since is None:
        last_id, prev_id = func.max(rev.id), cast(null(), Integer)  # typed: PostgreSQL compares it with ids
    else:
        last_id, prev_id = func.max(case((rev.at > since, rev.id))), func.max(case((rev.at <= since, rev.id)))
    touched = (
        select(rev.stakeholder, rev.ref, last_id.label("last_id"), prev_id.label("prev_id"))
        .where(rev.round_id == round_id)
        .group_by(rev.stakeholder, rev.ref)
        .having(last_id.is_not(None))
        .subquery("touched")
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
        .outerjoin(before, before.id == touched.c.prev_id)
        .cte("pairs")
    )


def _is_new(pairs: CTE) -> ColumnElement[bool]:
    return pairs.c.before_id.is_(None)


def _moved(pairs: CTE) -> ColumnElement[bool]:
    return and_(pairs.c.before_id.is_not(None), pairs.c.before_position != pairs.c.position)


def _commented(pairs: CTE) -> ColumnElement[bool]:
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
