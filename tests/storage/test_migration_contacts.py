"""Migration 0005_contacts on SQLite and PostgreSQL: participants keep everything and gain the contact fields."""

from __future__ import annotations

from sqlalchemy import text

from storage import create_engine_for, upgrade_database
from tests.storage.test_migrations import downgrade


async def test_participants_are_carried_over(db_url: str) -> None:
    """A participant stored before the migration comes back unchanged, with no address and reachable."""
    await downgrade(db_url, "0002")
    engine = create_engine_for(db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO stakeholders (code, name, kind) VALUES ('FRA', 'France', 'member_state')")
            )
            await connection.execute(
                text(
                    "INSERT INTO participants (stakeholder, role, name, language, timezone) "
                    "VALUES ('FRA', 'focal_point', 'Claire', 'fr', 'Europe/Paris')"
                )
            )
        await upgrade_database(db_url)
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text(
                        "SELECT stakeholder, role, name, language, timezone, email, channel, email_reachable "
                        "FROM participants"
                    )
                )
            ).one()
    finally:
        await engine.dispose()
    assert tuple(row[:5]) == ("FRA", "focal_point", "Claire", "fr", "Europe/Paris")
    assert row.email is None
    assert row.channel == ""
    assert bool(row.email_reachable) is True
