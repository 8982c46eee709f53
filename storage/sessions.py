"""SqlBrowserSessions: browsers signed in by a one-time web link, and the key that signs links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.model import BrowserSession
from storage.statements import fetch_one, insert, write
from storage.tables import BrowserSessionRow, SigningKeyRow

_KEY = "signing"


class SqlBrowserSessions:
    """bot.ports.BrowserSessions on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, session: BrowserSession) -> None:
        """Store a new session (its token hash must be new)."""
        await write(
            self._session,
            insert(self._session, BrowserSessionRow).values(
                token_hash=session.token_hash,
                participant_id=session.participant_id,
                account=session.account,
                created_at=session.created_at,
                expires_at=session.expires_at,
                revoked_at=session.revoked_at,
            ),
        )

    async def get(self, token_hash: str) -> BrowserSession | None:
        """The session with this token hash, or None."""
        row = await fetch_one(
            self._session, select(BrowserSessionRow).where(BrowserSessionRow.token_hash == token_hash)
        )
        if row is None:
            return None
        return BrowserSession(
            token_hash=row.token_hash,
            participant_id=row.participant_id,
            account=row.account,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )

    async def revoke(self, token_hash: str, at: datetime) -> bool:
        """End one session; True if it was live."""
        statement = (
            update(BrowserSessionRow)
            .where(BrowserSessionRow.token_hash == token_hash, BrowserSessionRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return (await write(self._session, statement)).rowcount == 1

    async def revoke_of(self, participant_ids: Sequence[int], at: datetime) -> int:
        """End every live session of these participants; how many."""
        if not participant_ids:
            return 0
        statement = (
            update(BrowserSessionRow)
            .where(
                BrowserSessionRow.participant_id.in_(list(participant_ids)),
                BrowserSessionRow.revoked_at.is_(None),
                BrowserSessionRow.expires_at > at,
            )
            .values(revoked_at=at)
        )
        return int((await write(self._session, statement)).rowcount)

    async def key(self, candidate: str) -> str:
        """The stored signing key, or `candidate` stored now (two first callers agree on one)."""
        await write(
            self._session,
            insert(self._session, SigningKeyRow)
            .values(name=_KEY, value=candidate)
            .on_conflict_do_nothing(index_elements=["name"]),
        )
        row = await fetch_one(self._session, select(SigningKeyRow).where(SigningKeyRow.name == _KEY))
        assert row is not None, "inserted just above"
        return row.value
