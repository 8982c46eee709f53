"""storage.tables: the schema's conventions, and UTCDateTime on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import AuditRow, Base

NEW_YORK_WINTER = timezone(timedelta(hours=-5))


class TestSchema:
    def test_every_constraint_and_index_is_named(self) -> None:
        """The naming convention names everything (Alembic batch mode needs names on SQLite)."""
        for table in Base.metadata.tables.values():
            for item in (*table.constraints, *table.indexes):
                assert getattr(item, "name", None), f"unnamed {type(item).__name__} on {table.name}"


class TestUTCDateTime:
    async def test_offsets_are_stored_as_utc_and_come_back_aware(self, engine: AsyncEngine) -> None:
        """A time with any offset comes back as the same instant, in UTC, comparable in SQL."""
        local = datetime(2026, 3, 2, 9, 30, 0, 123456, tzinfo=NEW_YORK_WINTER)
        async with engine.begin() as connection:
            await connection.execute(
                insert(AuditRow),
                [
                    {"actor": "a", "action": "x", "target": "t", "channel": "cli", "at": local, "detail": ""},
                    {
                        "actor": "b",
                        "action": "x",
                        "target": "t",
                        "channel": "cli",
                        "detail": "",
                        "at": datetime(2026, 3, 2, 14, 31, tzinfo=UTC),
                    },
                ],
            )
            at = (await connection.execute(select(AuditRow.at).where(AuditRow.actor == "a"))).scalar_one()
            # 09:30 in New York is 14:30 UTC: earlier than b's 14:31, whatever the stored text looks like.
            earlier = await connection.execute(
                select(AuditRow.actor).where(AuditRow.at < datetime(2026, 3, 2, 9, 30, 30, tzinfo=NEW_YORK_WINTER))
            )
            assert earlier.scalars().all() == ["a"]
        assert at == local
        assert at.tzinfo is UTC
        assert at == datetime(2026, 3, 2, 14, 30, 0, 123456, tzinfo=UTC)

    async def test_naive_datetimes_are_refused(self, engine: AsyncEngine) -> None:
        """A naive datetime is a bug upstream: storage refuses it rather than guess its zone."""
        async with engine.begin() as connection:
            with pytest.raises(StatementError, match="naive datetime"):
                await connection.execute(
                    insert(AuditRow),
                    {
                        "actor": "a",
                        "action": "x",
                        "target": "t",
                        "channel": "cli",
                        "detail": "",
                        "at": datetime(2026, 3, 2, 9, 30),
                    },
                )
