"""SqlRegistry: stakeholders and their groups, participants, chat identities, invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.domain.model import MAIL, Identity, Invitation, NewParticipant, Participant, Role, Stakeholder
from storage.statements import fetch, fetch_one, insert, rows, write
from storage.tables import (
    FailedJoinRow,
    IdentityRow,
    InvitationRow,
    ParticipantRow,
    StakeholderGroupRow,
    StakeholderRow,
)


class SqlRegistry:
    """bot.ports.Registry on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_stakeholders(self, stakeholders: Sequence[Stakeholder]) -> None:
        """Insert or update stakeholders by code (groups replaced)."""
        if not stakeholders:
            return
        stakeholders = list({s.code: s for s in stakeholders}.values())  # the last of a repeated code wins
        statement = insert(self._session, StakeholderRow).values(
            [{"code": s.code, "name": s.name, "kind": s.kind} for s in stakeholders]
        )
        await write(
            self._session,
            statement.on_conflict_do_update(
                index_elements=["code"],
                set_={"name": statement.excluded.name, "kind": statement.excluded.kind},
            ),
        )
        codes = [s.code for s in stakeholders]
        await write(self._session, delete(StakeholderGroupRow).where(StakeholderGroupRow.stakeholder.in_(codes)))
        groups = [
            {"stakeholder": s.code, "name": name, "position": position}
            for s in stakeholders
            for position, name in enumerate(dict.fromkeys(s.groups))
        ]
        if groups:
            await write(self._session, insert(self._session, StakeholderGroupRow).values(groups))

    async def stakeholder(self, code: str) -> Stakeholder | None:
        """The stakeholder with this code, or None."""
        found = await rows(self._session, _STAKEHOLDER, {"code": code})  # on every message: no ORM
        if not found:
            return None
        groups = await rows(self._session, _GROUPS_OF, {"code": code})
        return Stakeholder(
            code=found[0].code, name=found[0].name, kind=found[0].kind, groups=tuple(g[0] for g in groups)
        )

    async def stakeholders(self) -> list[Stakeholder]:
        """Every stakeholder, ordered by code."""
        rows = await fetch(self._session, _stakeholders().order_by(StakeholderRow.code))
        return [_stakeholder(row) for row in rows]

    async def add_participant(self, participant: NewParticipant) -> Participant:
        """Store a new participant and return it with its id."""
        statement = (
            insert(self._session, ParticipantRow)
            .values(
                stakeholder=participant.stakeholder,
                role=participant.role.value,
                name=participant.name,
                language=participant.language,
                timezone=participant.timezone,
                email=participant.email or None,
                channel=participant.channel,
            )
            .returning(ParticipantRow.id)
        )
        new_id = (await write(self._session, statement)).scalar_one()
        return Participant(
            id=new_id,
            stakeholder=participant.stakeholder,
            role=participant.role,
            name=participant.name,
            language=participant.language,
            timezone=participant.timezone,
            email=participant.email,
            channel=participant.channel,
        )

    async def participant(self, participant_id: int) -> Participant | None:
        """The participant with this id, or None."""
        found = await rows(self._session, _PARTICIPANT, {"id": participant_id})
        return _participant(found[0]) if found else None

    async def update_participant(self, participant: Participant) -> None:
        """Store the participant as given (name, language, time zone, role, stakeholder, contact fields)."""
        await write(
            self._session,
            update(ParticipantRow)
            .where(ParticipantRow.id == participant.id)
            .values(
                stakeholder=participant.stakeholder,
                role=participant.role.value,
                name=participant.name,
                language=participant.language,
                timezone=participant.timezone,
                email=participant.email or None,
                channel=participant.channel,
                email_reachable=participant.email_reachable,
            ),
        )

    async def contacts(self, stakeholder: str | None = None) -> list[Participant]:
        """Participants with an e-mail address (of one stakeholder, or all), by stakeholder then address."""
        statement = select(ParticipantRow).where(ParticipantRow.email.is_not(None))
        if stakeholder is not None:
            statement = statement.where(ParticipantRow.stakeholder == stakeholder)
        statement = statement.order_by(ParticipantRow.stakeholder, ParticipantRow.email)
        return [_participant(row) for row in await fetch(self._session, statement)]

    async def participants_of(self, stakeholders: Sequence[str]) -> list[Participant]:
        """Participants speaking for any of these stakeholders, ordered by id."""
        statement = (
            select(ParticipantRow).where(ParticipantRow.stakeholder.in_(list(stakeholders))).order_by(ParticipantRow.id)
        )
        return [_participant(row) for row in await fetch(self._session, statement)]

    async def identity(self, channel: str, account: str) -> Identity | None:
        """The identity of this account on this channel, or None."""
        found = await rows(self._session, _IDENTITY, {"channel": channel, "account": account})
        return _identity(found[0]) if found else None

    async def reader(self, channel: str, account: str) -> tuple[Identity, Participant | None] | None:
        """The identity of this account on this channel with its participant, in one read; or None."""
        found = await rows(self._session, _READER, {"channel": channel, "account": account})
        if not found:
            return None
        return _identity(found[0]), _joined_participant(found[0])

    async def identities_of(self, participant_ids: Sequence[int]) -> list[Identity]:
        """Every identity of these participants (reachable or not), ordered by participant id."""
        statement = (
            select(IdentityRow)
            .where(IdentityRow.participant_id.in_(list(participant_ids)))
            .order_by(IdentityRow.participant_id, IdentityRow.channel, IdentityRow.account)
        )
        return [_identity(row) for row in await fetch(self._session, statement)]

    async def bind_identity(self, identity: Identity) -> None:
        """Insert or replace the identity for (channel, account)."""
        values = {"participant_id": identity.participant_id, "chat": identity.chat, "reachable": identity.reachable}
        statement = insert(self._session, IdentityRow).values(
            channel=identity.channel, account=identity.account, **values
        )
        await write(self._session, statement.on_conflict_do_update(index_elements=["channel", "account"], set_=values))

    async def mark_unreachable(self, channel: str, chat: str) -> None:
        """Flag every identity that writes to this chat as unreachable (blocked, deleted); on the mail
        channel, every participant with this e-mail address."""
        await write(
            self._session,
            update(IdentityRow).where(IdentityRow.channel == channel, IdentityRow.chat == chat).values(reachable=False),
        )
        if channel == MAIL:
            await write(
                self._session,
                update(ParticipantRow).where(ParticipantRow.email == chat).values(email_reachable=False),
            )

    async def add_invitation(self, invitation: Invitation) -> None:
        """Store an invitation (its code hash must be new)."""
        await write(
            self._session,
            insert(self._session, InvitationRow).values(
                code_hash=invitation.code_hash,
                participant_id=invitation.participant_id,
                created_at=invitation.created_at,
                expires_at=invitation.expires_at,
                used_at=invitation.used_at,
            ),
        )

    async def invitation(self, code_hash: str) -> Invitation | None:
        """The invitation with this code hash, or None."""
        row = await fetch_one(self._session, select(InvitationRow).where(InvitationRow.code_hash == code_hash))
        if row is None:
            return None
        return Invitation(
            code_hash=row.code_hash,
            participant_id=row.participant_id,
            created_at=row.created_at,
            expires_at=row.expires_at,
            used_at=row.used_at,
        )

    async def use_invitation(self, code_hash: str, at: datetime) -> bool:
        """Mark the invitation used if still unused and unexpired at `at`; True only for the winner."""
        statement = (
            update(InvitationRow)
            .where(
                InvitationRow.code_hash == code_hash,
                InvitationRow.used_at.is_(None),
                InvitationRow.expires_at > at,
            )
            .values(used_at=at)
        )
        return (await write(self._session, statement)).rowcount == 1

    async def record_failed_join(self, channel: str, account: str, at: datetime) -> None:
        """Remember a join attempt with a bad code (for rate limiting)."""
        await write(self._session, insert(self._session, FailedJoinRow).values(channel=channel, account=account, at=at))

    async def failed_joins_since(self, channel: str, account: str, since: datetime) -> int:
        """How many bad join attempts this account made since `since`."""
        statement = (
            select(func.count())
            .select_from(FailedJoinRow)
            .where(FailedJoinRow.channel == channel, FailedJoinRow.account == account, FailedJoinRow.at >= since)
        )
        return (await self._session.execute(statement)).scalar_one()


def _stakeholders() -> Select[StakeholderRow]:
    return select(StakeholderRow).options(selectinload(StakeholderRow.groups))


def _stakeholder(row: StakeholderRow) -> Stakeholder:
    return Stakeholder(code=row.code, name=row.name, kind=row.kind, groups=tuple(g.name for g in row.groups))


_STAKEHOLDER = select(StakeholderRow.code, StakeholderRow.name, StakeholderRow.kind).where(
    StakeholderRow.code == bindparam("code")
)
_GROUPS_OF = (
    select(StakeholderGroupRow.name)
    .where(StakeholderGroupRow.stakeholder == bindparam("code"))
    .order_by(StakeholderGroupRow.position)
)
_PARTICIPANTS = ParticipantRow.__table__
_PARTICIPANT = select(_PARTICIPANTS).where(_PARTICIPANTS.c.id == bindparam("id"))
_IDENTITIES = IdentityRow.__table__
_IDENTITY = select(_IDENTITIES).where(
    _IDENTITIES.c.channel == bindparam("channel"), _IDENTITIES.c.account == bindparam("account")
)
#: The participant's columns in a _READER row: p_<column> (p_id NULL when the LEFT JOIN finds none).
_JOINED = "p_"
#: An identity's columns, then its participant's.
_READER = (
    select(_IDENTITIES, *(column.label(f"{_JOINED}{column.name}") for column in _PARTICIPANTS.c))
    .select_from(_IDENTITIES.outerjoin(_PARTICIPANTS, _PARTICIPANTS.c.id == _IDENTITIES.c.participant_id))
    .where(_IDENTITIES.c.channel == bindparam("channel"), _IDENTITIES.c.account == bindparam("account"))
)


def _participant(row: Any, prefix: str = "") -> Participant:
    """A participant from its row (ORM or Core), each column named `prefix` + its name."""

    def column(name: str) -> Any:
        return getattr(row, prefix + name)

    return Participant(
        id=column("id"),
        stakeholder=column("stakeholder"),
        role=Role(column("role")),
        name=column("name"),
        language=column("language"),
        timezone=column("timezone"),
        email=column("email") or "",
        channel=column("channel"),
        email_reachable=column("email_reachable"),
    )


def _joined_participant(row: Any) -> Participant | None:
    """The participant from a _READER row; None when the LEFT JOIN found none."""
    return None if getattr(row, f"{_JOINED}id") is None else _participant(row, _JOINED)


def _identity(row: Any) -> Identity:
    """An identity from its row (ORM or Core)."""
    return Identity(
        channel=row.channel,
        account=row.account,
        participant_id=row.participant_id,
        chat=row.chat,
        reachable=row.reachable,
    )
