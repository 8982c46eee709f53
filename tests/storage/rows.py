"""Reads and writes that only tests make, in SQL on a unit of work's session (the ports leave them out).

The core asks `Inbound.claim` whether an event is new; the tests also look at the marks themselves
and write one that must collide (a unique key taken), which no use case does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from storage import SqlUnitOfWork
from storage.statements import insert, write
from storage.tables import DeliveryRow, InboundEventRow


async def seen(uow: SqlUnitOfWork, channel: str, event_id: str) -> bool:
    """True if the event is marked as processed (in this transaction or committed before)."""
    statement = select(InboundEventRow.at).where(
        InboundEventRow.channel == channel, InboundEventRow.event_id == event_id
    )
    return (await uow._open_session().execute(statement)).first() is not None


async def mark(uow: SqlUnitOfWork, channel: str, event_id: str, at: datetime) -> None:
    """Mark the event as processed; Conflict if it is marked already (a plain INSERT, unlike claim)."""
    session = uow._open_session()
    await write(session, insert(session, InboundEventRow).values(channel=channel, event_id=event_id, at=at))


async def deliveries(uow: SqlUnitOfWork, kind: str | None = None, round_slug: str | None = None) -> int:
    """How many deliveries (any status) there are of this kind and round (None: any)."""
    statement = select(func.count()).select_from(DeliveryRow)
    if kind is not None:
        statement = statement.where(DeliveryRow.kind == kind)
    if round_slug is not None:
        statement = statement.where(DeliveryRow.round_slug == round_slug)
    return (await uow._open_session().execute(statement)).scalar_one()
