"""A read-only unit of work never blocks writers (issue 21, item 10), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.model import AuditEntry
from storage import SqlUnitOfWork, create_session_factory
from tests.storage.conftest import NOW, sample_round


class TestReadOnlyUnitOfWork:
    async def test_a_writer_commits_while_a_reader_stays_open(self, engine: AsyncEngine) -> None:
        """A reader holds its transaction open (a slow export); a writer commits meanwhile without waiting."""
        sessions = create_session_factory(engine)
        async with SqlUnitOfWork(sessions) as uow:
            await uow.rounds.add(sample_round())
            await uow.commit()
        async with SqlUnitOfWork(sessions, read_only=True) as reader:
            assert [r.slug for r in await reader.rounds.list()] == ["doa-2026"]
            async with asyncio.timeout(10), SqlUnitOfWork(sessions) as writer:  # 30 s busy wait before the fix
                await writer.audit.record(AuditEntry(actor="t", action="create", target="x", channel="cli", at=NOW))
                await writer.commit()
            assert [r.slug for r in await reader.rounds.list()] == ["doa-2026"]  # its own snapshot, still readable
