"""SqlRounds on SQLite and PostgreSQL: rounds and their recommendations round-trip exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.errors import Conflict
from bot.domain.model import Provenance, RoundMode, RoundStatus, RoundTranslation
from storage.tables import RoundRow
from tests.storage.conftest import NOW, NewUow, sample_round


class TestRounds:
    async def test_round_trip(self, new_uow: NewUow) -> None:
        """Every field comes back as stored, recommendations in their order, times in UTC."""
        berlin = ZoneInfo("Europe/Berlin")
        round_ = replace(
            sample_round(),
            deadline=NOW.astimezone(berlin),
            opens=(NOW - timedelta(days=1)).astimezone(berlin),
            timezone="Europe/Berlin",
            reminders=(timedelta(days=3), timedelta(hours=1, minutes=30), timedelta(seconds=0.5)),
            mode=RoundMode.SILENCE,
            status=RoundStatus.DRAFT,
            document="https://undocs.org/A/61/583",
            summaries=True,
            recommendations=tuple(reversed(sample_round().recommendations)),
        )
        async with new_uow() as uow:
            await uow.rounds.add(round_)
            await uow.commit()
        async with new_uow() as uow:
            stored = await uow.rounds.get("doa-2026")
        assert stored == round_
        assert stored is not None
        assert [r.ref for r in stored.recommendations] == ["R3", "R2", "R1"]
        assert stored.deadline.tzinfo is UTC
        assert stored.opens is not None
        assert stored.opens.tzinfo is UTC

    async def test_defaults_and_no_recommendations(self, new_uow: NewUow) -> None:
        """A round with defaults and no recommendations round-trips too."""
        bare = replace(sample_round("bare"), recommendations=(), audience=(), description="")
        async with new_uow() as uow:
            await uow.rounds.add(bare)
            assert await uow.rounds.get("bare") == bare
            assert await uow.rounds.get("missing") is None

    async def test_list_newest_deadline_first(self, new_uow: NewUow) -> None:
        """list() orders by deadline, newest first."""
        async with new_uow() as uow:
            for slug, days in (("a", 5), ("b", 30), ("c", 1)):
                await uow.rounds.add(sample_round(slug, deadline=NOW + timedelta(days=days)))
            await uow.commit()
        async with new_uow() as uow:
            assert [r.slug for r in await uow.rounds.list()] == ["b", "a", "c"]

    async def test_set_status_and_deadline(self, new_uow: NewUow) -> None:
        """Status and deadline changes are visible at once, in the same transaction and after."""
        async with new_uow() as uow:
            await uow.rounds.add(sample_round())
            assert (await uow.rounds.get("doa-2026")) is not None
            await uow.rounds.set_status("doa-2026", RoundStatus.CLOSED)
            await uow.rounds.set_deadline("doa-2026", NOW + timedelta(days=60))
            changed = await uow.rounds.get("doa-2026")
            assert changed is not None
            assert (changed.status, changed.deadline) == (RoundStatus.CLOSED, NOW + timedelta(days=60))
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.rounds.get("doa-2026") == changed

    async def test_a_round_changed_elsewhere_is_read_as_it_is_now(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """A round read once is not served again once its row changed (another process's update of its
        JSON columns), nor after it was replaced under the same slug with other recommendations."""
        french = RoundTranslation(language="fr", status=Provenance.OFFICIAL, title="Unis", sections=(("I", "I."),))
        round_ = replace(sample_round(), translations=(french,), audience=("WEOG", "KEN"))
        async with new_uow() as uow:
            await uow.rounds.add(round_)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.rounds.get("doa-2026") == round_  # built, and remembered
        async with engine.begin() as other:  # as another process would: not through SqlRounds
            await other.execute(
                update(RoundRow)
                .where(RoundRow.slug == "doa-2026")
                .values(audience=["NOR"], reminders=[60], translations=[])
            )
        changed = replace(round_, audience=("NOR",), reminders=(timedelta(minutes=1),), translations=())
        async with new_uow() as uow:
            assert await uow.rounds.get("doa-2026") == changed
            await uow.rounds.delete("doa-2026")
            other_items = replace(changed, recommendations=changed.recommendations[:1])
            await uow.rounds.add(other_items)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.rounds.get("doa-2026") == other_items

    async def test_duplicate_slug_is_a_conflict(self, new_uow: NewUow) -> None:
        """A slug names one round only."""
        async with new_uow() as uow:
            await uow.rounds.add(sample_round())
            await uow.commit()
        async with new_uow() as uow:
            with pytest.raises(Conflict):
                await uow.rounds.add(sample_round())
