"""Migration 0008_content_translations on SQLite and PostgreSQL: rounds and answers stored before it
read back unchanged, in English with no translation, their answers' language unknown."""

from __future__ import annotations

from sqlalchemy import text

from storage import SqlUnitOfWork, create_engine_for, create_session_factory, upgrade_database
from tests.storage.test_migrations import downgrade


async def test_rounds_and_answers_are_carried_over(db_url: str) -> None:
    await upgrade_database(db_url)
    await downgrade(db_url, "0007_followup")
    engine = create_engine_for(db_url)
    try:
        async with engine.begin() as connection:
            for statement in (
                "INSERT INTO stakeholders (code, name, kind) VALUES ('FRA', 'France', 'member_state')",
                "INSERT INTO rounds (id, slug, title, description, status, mode, deadline, timezone, audience,"
                " reminders, document, summaries) VALUES (1, 'old', 'Old round', '', 'open', 'standard',"
                " '2030-01-01 00:00:00', 'UTC', '[]', '[]', '', false)",
                "INSERT INTO recommendations (round_id, position, ref, section, title, text)"
                " VALUES (1, 0, 'R1', 'S', 'One leader', 'One UN leader.')",
                "INSERT INTO responses (round_id, stakeholder, ref, position, amendment, comment, channel, updated_at)"
                " VALUES (1, 'FRA', 'R1', 'support', '', 'Fine.', 'console', '2029-01-01 00:00:00')",
            ):
                await connection.execute(text(statement))
        await upgrade_database(db_url)
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            round_ = await uow.rounds.get("old")
            response = await uow.responses.get("old", "FRA", "R1")
    finally:
        await engine.dispose()
    assert round_ is not None
    assert (round_.language, round_.translations) == ("en", ())
    assert round_.recommendations[0].translations == ()
    assert response is not None
    assert (response.comment, response.language) == ("Fine.", "")
