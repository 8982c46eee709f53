"""SqlOutbox: deliveries written with their cause, claimed under a lease, marked sent, retried or dead.

Claims are safe with several processes and replicas. PostgreSQL locks the due rows with
`FOR UPDATE SKIP LOCKED`, so concurrent dispatchers take disjoint batches without waiting. Elsewhere
(SQLite, where SQLAlchemy drops SKIP LOCKED) each candidate is taken by a conditional UPDATE that
repeats the claim condition: only the dispatcher whose UPDATE changed the row (rowcount 1) owns it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.codec import reply_from_dict, reply_to_dict
from bot.domain.errors import Conflict
from bot.domain.model import Address, Delivery, DeliveryStatus
from storage.statements import dialect_name, fetch, insert, write
from storage.tables import DeliveryRow

_PENDING, _SENDING = DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value

#: Rows per INSERT in add_many: 15 bound values each, 6,000 a statement, well inside the limits of
#: SQLite (32,766 host parameters) and asyncpg (32,767).
ADD_CHUNK = 400
_MANY = {"synchronize_session": False, "insertmanyvalues_page_size": ADD_CHUNK}


class SqlOutbox:
    """bot.ports.Outbox on SQLAlchemy; never commits (a claim holds once the caller commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, delivery: Delivery) -> bool:
        """Insert unless the dedupe key exists; True if inserted."""
        return bool(await self.add_many([delivery]))

    async def add_many(self, deliveries: Sequence[Delivery]) -> list[str]:
        """Insert each delivery whose dedupe key does not exist yet; the keys inserted, in order.

        One INSERT ... ON CONFLICT (dedupe_key) DO NOTHING RETURNING, executed for all rows at once:
        SQLAlchemy sends it as multi-row INSERTs of up to ADD_CHUNK rows ("insertmanyvalues"), each
        compiled once and cached, instead of one statement per row. A key repeated within
        `deliveries` is stored once (the first one), as a sequence of add() calls would.
        """
        unique: dict[str, Delivery] = {}
        for delivery in deliveries:
            unique.setdefault(delivery.dedupe_key, delivery)
        if not unique:
            return []
        statement = (
            insert(self._session, DeliveryRow)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(DeliveryRow.dedupe_key)
        )
        rows = [_row(delivery) for delivery in unique.values()]
        try:
            result = await self._session.execute(statement, rows, execution_options=_MANY)
        except IntegrityError as error:  # as storage.statements.write does
            raise Conflict(str(error.orig)) from error
        inserted = set(result.scalars())
        return [key for key in unique if key in inserted]

    async def claim_due(self, *, now: datetime, owner: str, lease_until: datetime, limit: int) -> list[Delivery]:
        """Claim pending rows due by `now`, and `sending` rows whose lease expired, for `owner`."""
        candidates = (
            select(DeliveryRow.id).where(_claimable(now)).order_by(DeliveryRow.due_at, DeliveryRow.id).limit(limit)
        )
        claim = update(DeliveryRow).values(
            status=_SENDING, claimed_by=owner, lease_until=lease_until, attempts=DeliveryRow.attempts + 1
        )
        if dialect_name(self._session) == "postgresql":
            ids = list(await self._session.scalars(candidates.with_for_update(skip_locked=True)))
            if ids:
                await write(self._session, claim.where(DeliveryRow.id.in_(ids)))
        else:
            ids = []
            for candidate in list(await self._session.scalars(candidates)):
                result = await write(self._session, claim.where(DeliveryRow.id == candidate, _claimable(now)))
                if result.rowcount == 1:
                    ids.append(candidate)
        if not ids:
            return []
        rows = await fetch(
            self._session,
            select(DeliveryRow).where(DeliveryRow.id.in_(ids)).order_by(DeliveryRow.due_at, DeliveryRow.id),
        )
        return [_delivery(row) for row in rows]

    async def release(self, owner: str, *, others: bool = False) -> int:
        """Give back as pending the rows `owner` holds (its predecessor died holding them); how many.
        `others`: every owner's rows (a new leader takes over from one that is gone)."""
        held = DeliveryRow.claimed_by.is_not(None) if others else DeliveryRow.claimed_by == owner
        statement = (
            update(DeliveryRow)
            .where(DeliveryRow.status == _SENDING, held)
            .values(status=_PENDING, claimed_by=None, lease_until=None)
        )
        return int((await write(self._session, statement)).rowcount)

    async def mark_sent(self, delivery_id: int, *, at: datetime, provider_id: str = "") -> None:
        """Record that the message went out, with the provider's message id."""
        await self._set(
            delivery_id, status=DeliveryStatus.SENT.value, sent_at=at, provider_id=provider_id, lease_until=None
        )

    async def retry(self, delivery_id: int, *, due_at: datetime, error: str, counted: bool = True) -> None:
        """Give the row back as pending, due again at `due_at`; not `counted`, its claim is no attempt."""
        fewer = case((DeliveryRow.attempts > 0, DeliveryRow.attempts - 1), else_=0)  # the claim counted one
        attempts = {} if counted else {"attempts": fewer}
        await self._set(
            delivery_id, status=_PENDING, due_at=due_at, last_error=error, claimed_by=None, lease_until=None,
            **attempts,
        )  # fmt: skip

    async def mark_dead(self, delivery_id: int, *, error: str) -> None:
        """Give up on the row: it stays for the digest's list of delivery problems."""
        await self._set(delivery_id, status=DeliveryStatus.DEAD.value, last_error=error, lease_until=None)

    async def dead(self, round_slug: str | None = None) -> list[Delivery]:
        """Deliveries given up on, oldest first; only those of one round if `round_slug` is given."""
        statement = select(DeliveryRow).where(DeliveryRow.status == DeliveryStatus.DEAD.value)
        if round_slug is not None:
            statement = statement.where(DeliveryRow.round_slug == round_slug)
        return [_delivery(row) for row in await fetch(self._session, statement.order_by(DeliveryRow.id))]

    async def stranded(self, round_slug: str, configured: Collection[str]) -> list[Delivery]:
        """The round's deliveries waiting for a channel not in `configured`, oldest first."""
        statement = (
            select(DeliveryRow)
            .where(DeliveryRow.status.in_([DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value]))
            .where(DeliveryRow.round_slug == round_slug)
            .where(DeliveryRow.channel.not_in(list(configured)))
            .order_by(DeliveryRow.id)
        )
        return [_delivery(row) for row in await fetch(self._session, statement)]

    async def cancel_pending(self, round_slug: str, kind: str) -> int:
        """Remove the round's pending deliveries of this kind (a row being sent stays); how many."""
        statement = delete(DeliveryRow).where(
            DeliveryRow.round_slug == round_slug, DeliveryRow.kind == kind, DeliveryRow.status == _PENDING
        )
        return int((await write(self._session, statement)).rowcount)

    async def oldest_due(self, now: datetime) -> dict[str, datetime]:
        """By channel, the earliest due time among deliveries due and not yet sent or dead."""
        waiting = DeliveryRow.status.in_((_PENDING, _SENDING)) & (DeliveryRow.due_at <= now)
        statement = (
            select(DeliveryRow.channel, func.min(DeliveryRow.due_at)).where(waiting).group_by(DeliveryRow.channel)
        )
        return {str(c): due for c, due in (await self._session.execute(statement)).all() if due is not None}

    async def depth(self) -> dict[tuple[str, str], int]:
        """How many deliveries there are by (status, channel), for /metrics."""
        statement = select(DeliveryRow.status, DeliveryRow.channel, func.count()).group_by(
            DeliveryRow.status, DeliveryRow.channel
        )
        return {(str(s), str(c)): int(n) for s, c, n in (await self._session.execute(statement)).all()}

    async def _set(self, delivery_id: int, **values: object) -> None:
        await write(self._session, update(DeliveryRow).where(DeliveryRow.id == delivery_id).values(**values))


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Due and pending, or claimed by someone whose lease has run out."""
    return or_(
        and_(DeliveryRow.status == _PENDING, DeliveryRow.due_at <= now),
        and_(
            DeliveryRow.status == _SENDING,
            or_(DeliveryRow.lease_until.is_(None), DeliveryRow.lease_until < now),
        ),
    )


def _row(delivery: Delivery) -> dict[str, Any]:
    """The values of a new row for `delivery` (not claimed, not sent)."""
    return {
        "kind": delivery.kind,
        "dedupe_key": delivery.dedupe_key,
        "channel": delivery.address.channel,
        "chat": delivery.address.chat,
        "payload": json.dumps(reply_to_dict(delivery.reply), ensure_ascii=False),
        "due_at": delivery.due_at,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "claimed_by": None,
        "lease_until": None,
        "last_error": delivery.last_error,
        "provider_id": "",
        "sent_at": None,
        "participant_id": delivery.participant_id,
        "round_slug": delivery.round,
    }


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        kind=row.kind,
        dedupe_key=row.dedupe_key,
        address=Address(row.channel, row.chat),
        reply=reply_from_dict(json.loads(row.payload)),
        due_at=row.due_at,
        participant_id=row.participant_id,
        round=row.round_slug,
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
    )
