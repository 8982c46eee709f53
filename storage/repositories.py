"""The small repositories: conversations, processed inbound events and the audit log.

The larger ones have their own modules: registry.py, rounds.py, responses.py, outbox.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.model import AuditEntry, Conversation, Step
from storage.statements import ByDialect, fetch, insert, rows, run, write
from storage.tables import AuditRow, ConversationRow, InboundEventRow

_CONVERSATIONS = ConversationRow.__table__
_CONVERSATION = select(_CONVERSATIONS).where(_CONVERSATIONS.c.participant_id == bindparam("participant_id"))


def _save_conversation(insert_: Any) -> Any:
    statement = insert_(_CONVERSATIONS)
    changes = {name: statement.excluded[name] for name in ("round_slug", "step", "ref", "updated_at", "seen")}
    return statement.on_conflict_do_update(index_elements=["participant_id"], set_=changes)


_SAVE_CONVERSATION = ByDialect(_save_conversation)
_EVENTS = InboundEventRow.__table__
_CLAIM_EVENT = ByDialect(
    lambda insert_: (
        insert_(_EVENTS).on_conflict_do_nothing(index_elements=["channel", "event_id"]).returning(_EVENTS.c.at)
    )
)

_TAKE_TURN = text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.consultbot-chat'), hashtext(:chat))")
_EVENTS = InboundEventRow.__table__
#: (Bound names apart from the column names: an UPDATE's SET would claim those.)
_EVENT = (_EVENTS.c.channel == bindparam("on_channel")) & (_EVENTS.c.event_id == bindparam("on_event"))
_REPLIED = select(_EVENTS.c.replied, _EVENTS.c.replies).where(_EVENT)
_NOTE_REPLIED = update(_EVENTS).where(_EVENT)  # SET from the parameters: replied, or replies


class SqlConversations:
    """bot.ports.Conversations on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, participant_id: int) -> Conversation | None:
        """Where the participant stands, or None if never saved."""
        found = await rows(self._session, _CONVERSATION, {"participant_id": participant_id})
        row = found[0] if found else None
        if row is None:
            return None
        return Conversation(
            participant_id=row.participant_id,
            round=row.round_slug,
            step=Step(row.step),
            ref=row.ref,
            updated_at=row.updated_at,
            seen=row.seen,
        )

    async def save(self, conversation: Conversation) -> None:
        """Insert or replace the participant's conversation."""
        values = {
            "participant_id": conversation.participant_id,
            "round_slug": conversation.round,
            "step": conversation.step.value,
            "ref": conversation.ref,
            "updated_at": conversation.updated_at,
            "seen": conversation.seen,
        }
        await run(self._session, _SAVE_CONVERSATION(self._session), values)


class SqlInbound:
    """bot.ports.Inbound on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def take_turn(self, channel: str, chat: str) -> None:
        """One chat's messages one at a time across replicas, in the order they ask.

        PostgreSQL: a transaction-level advisory lock keyed by schema, channel and chat, released at
        commit or rollback; the server grants waiters in the order they asked. (The two-key form: a
        key space apart from the leader's lock.) SQLite: nothing to do, BEGIN IMMEDIATE already
        serialises every writer of the one process.
        """
        if self._session.get_bind().dialect.name != "postgresql":
            return
        await self._session.execute(_TAKE_TURN, {"chat": f"{channel}:{chat}"})

    async def keep_replies(self, channel: str, event_id: str, replies: str) -> None:
        """Keep the replies of an event whose replies are followed (in the transaction that handles it)."""
        await run(self._session, _NOTE_REPLIED, {"on_channel": channel, "on_event": event_id, "replies": replies})

    async def unreplied(self, channel: str, event_id: str) -> str | None:
        """The replies kept for an event marked with replies not shown (its handler's process died
        first): JSON, or "" if none were kept. None when they were shown or are not followed."""
        found = await rows(self._session, _REPLIED, {"on_channel": channel, "on_event": event_id})
        if not found or found[0][0] is not False:
            return None
        return str(found[0][1] or "")

    async def replied(self, channel: str, event_id: str) -> None:
        """Note that the event's replies are shown."""
        await run(
            self._session,
            _NOTE_REPLIED,
            {"on_channel": channel, "on_event": event_id, "replied": True, "replies": None},
        )

    async def claim(self, channel: str, event_id: str, at: datetime, *, replied: bool | None = None) -> bool:
        """Mark the event as processed unless it is already; True if this call marked it.

        On PostgreSQL a concurrent claim of the same event waits for the first transaction and
        then finds the mark (False), or takes it if the first rolled back.
        """
        values = {"channel": channel, "event_id": event_id, "at": at, "replied": replied}
        return bool(await run(self._session, _CLAIM_EVENT(self._session), values))

    async def prune(self, before: datetime) -> int:
        """Delete marks older than `before`; returns how many went."""
        result = await write(self._session, delete(InboundEventRow).where(InboundEventRow.at < before))
        return int(result.rowcount or 0)


class SqlAuditLog:
    """bot.ports.AuditLog on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, entry: AuditEntry) -> None:
        """Append one coordinator action."""
        await write(
            self._session,
            insert(self._session, AuditRow).values(
                actor=entry.actor,
                action=entry.action,
                target=entry.target,
                channel=entry.channel,
                at=entry.at,
                detail=entry.detail,
            ),
        )

    async def entries(self, limit: int = 100) -> list[AuditEntry]:
        """The latest entries, newest first."""
        statement = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        return [
            AuditEntry(
                actor=row.actor,
                action=row.action,
                target=row.target,
                channel=row.channel,
                at=row.at,
                detail=row.detail,
            )
            for row in await fetch(self._session, statement)
        ]
