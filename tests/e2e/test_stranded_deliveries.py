"""Issue 17 (6), status half: a delegate joined on Telegram, a reminder was queued for them, then
Telegram was switched off (its token removed from the settings). The reminder cannot go anywhere:
`round status` lists it under delivery problems with what to do, and so do `--json` and the digest.

Before: it stayed pending with no word anywhere; `round status` said nothing was wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.domain.model import Identity, NewParticipant, Role
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.e2e.cli import consultbot

TELEGRAM = {"CONSULTBOT_TELEGRAM_TOKEN": "123456:TEST-token"}
SLUG = "a61-583"


async def a_delegate_on_telegram(db: Path) -> None:
    """Ana Lima of France, who joined with /start CODE on Telegram (as the join would store her)."""
    engine = create_engine_for(f"sqlite+aiosqlite:///{db}")
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            ana = await uow.registry.add_participant(
                NewParticipant(stakeholder="FRA", role=Role.FOCAL_POINT, name="Ana Lima")
            )
            await uow.registry.bind_identity(
                Identity(channel="telegram", account="5001001", participant_id=ana.id, chat="5001001")
            )
            await uow.commit()
    finally:
        await engine.dispose()


@pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
async def test_reminders_waiting_for_a_channel_switched_off_are_delivery_problems(sample_db: Path) -> None:
    await a_delegate_on_telegram(sample_db)
    reminded = consultbot(sample_db, "round", "remind", SLUG, **TELEGRAM)
    assert reminded.returncode == 0, reminded.stderr

    # Telegram configured: the reminder waits for the service to send it; nothing is wrong.
    configured = json.loads(consultbot(sample_db, "round", "status", SLUG, "--json", **TELEGRAM).stdout)
    assert configured["waiting_for_unconfigured_channel"] == []

    # Telegram switched off: the same reminder can go nowhere.
    shown = consultbot(sample_db, "round", "status", SLUG)
    assert shown.returncode == 0, shown.stderr
    assert "Delivery problems" in shown.stdout
    flat = " ".join(shown.stdout.split())
    assert "Ana Lima (FRA)" in flat
    assert "1 waiting (reminder): telegram is not configured" in flat
    assert "configure telegram again" in flat

    report = json.loads(consultbot(sample_db, "round", "status", SLUG, "--json").stdout)
    assert report["waiting_for_unconfigured_channel"] == [
        {
            "stakeholder": "FRA",
            "participant": "Ana Lima",
            "channel": "telegram",
            "waiting": 1,
            "kinds": ["reminder"],
            "what_to_do": report["waiting_for_unconfigured_channel"][0]["what_to_do"],
        }
    ]
    assert "configure telegram again" in report["waiting_for_unconfigured_channel"][0]["what_to_do"]

    digest = consultbot(sample_db, "digest", "--round", SLUG)
    assert digest.returncode == 0, digest.stderr
    assert "Messages waiting for a channel that is not configured (telegram), 1 in all" in " ".join(
        digest.stdout.split()
    )
    assert "France · Ana Lima (telegram)" in digest.stdout
