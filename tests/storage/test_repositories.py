"""The small repositories on SQLite and PostgreSQL: conversations, inbound event marks, the audit log."""

from __future__ import annotations

from datetime import UTC, timedelta

from bot.domain.model import AuditEntry, Conversation, Step
from tests.storage.conftest import NOW, NewUow, seed
from tests.storage.rows import seen


class TestConversations:
    async def test_save_get_replace(self, new_uow: NewUow) -> None:
        """A conversation is stored per participant and replaced by the next save."""
        people = await seed(new_uow)
        pid = people["NOR"].id
        async with new_uow() as uow:
            assert await uow.conversations.get(pid) is None
            await uow.conversations.save(Conversation(participant_id=pid))
            assert await uow.conversations.get(pid) == Conversation(participant_id=pid)
            await uow.commit()
        moved = Conversation(participant_id=pid, round="doa-2026", step=Step.AMENDMENT, ref="R2", updated_at=NOW)
        async with new_uow() as uow:
            await uow.conversations.save(moved)
            await uow.commit()
        async with new_uow() as uow:
            stored = await uow.conversations.get(pid)
        assert stored == moved
        assert stored is not None
        assert stored.updated_at is not None
        assert stored.updated_at.tzinfo is UTC


class TestInbound:
    async def test_claimed_once(self, new_uow: NewUow) -> None:
        """An event is claimed once: a second claim, in the same transaction or after commit, is
        refused; per channel."""
        async with new_uow() as uow:
            assert await uow.inbound.claim("slack", "Ev1", NOW) is True
            assert await seen(uow, "slack", "Ev1") is True
            assert await uow.inbound.claim("slack", "Ev1", NOW) is False
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.inbound.claim("slack", "Ev1", NOW) is False
            assert await seen(uow, "telegram", "Ev1") is False
            assert await uow.inbound.claim("telegram", "Ev1", NOW) is True

    async def test_replies_are_kept_until_shown_and_unfollowed_marks_have_none(self, new_uow: NewUow) -> None:
        """A followed event keeps its replies until they are said to be shown; an event marked
        before replies were kept reads as "" (show the current screen); an unfollowed one as None."""
        async with new_uow() as uow:
            await uow.inbound.claim("telegram", "1", NOW, replied=False)
            await uow.inbound.keep_replies("telegram", "1", '[{"text": "R1 recorded"}]')
            await uow.inbound.claim("telegram", "2", NOW, replied=False)
            await uow.inbound.claim("slack", "Ev3", NOW)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.inbound.unreplied("telegram", "1") == '[{"text": "R1 recorded"}]'
            assert await uow.inbound.unreplied("telegram", "2") == ""
            assert await uow.inbound.unreplied("slack", "Ev3") is None
            assert await uow.inbound.unreplied("telegram", "404") is None
            await uow.inbound.replied("telegram", "1")
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.inbound.unreplied("telegram", "1") is None

    async def test_prune_forgets_only_old_marks(self, new_uow: NewUow) -> None:
        """Marks older than the cut-off go; newer ones stay."""
        async with new_uow() as uow:
            await uow.inbound.claim("slack", "old", NOW - timedelta(days=8))
            await uow.inbound.claim("slack", "new", NOW)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.inbound.prune(NOW - timedelta(days=7)) == 1
            await uow.commit()
        async with new_uow() as uow:
            assert await seen(uow, "slack", "old") is False
            assert await seen(uow, "slack", "new") is True


class TestAuditLog:
    async def test_entries_newest_first_with_limit(self, new_uow: NewUow) -> None:
        """Entries come back newest first, as many as asked for."""
        entries = [
            AuditEntry(
                actor=f"coordinator{n}",
                action="round.open",
                target="doa-2026",
                channel="cli",
                at=NOW + timedelta(minutes=n),
                detail=f"#{n}" if n else "",
            )
            for n in range(4)
        ]
        async with new_uow() as uow:
            for entry in entries:
                await uow.audit.record(entry)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.audit.entries() == entries[::-1]
            assert await uow.audit.entries(limit=2) == [entries[3], entries[2]]
