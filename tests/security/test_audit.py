"""The audit trail: every coordinator action, from the command line and from chat, with who, when and where.

The operator creates, opens, extends, reminds, exports and invites with the CLI; a coordinator then
extends, reminds and closes from Telegram; a delegate's attempt to close is refused. `consultbot
audit --json` lists each action once, newest first, with the actor, the time and the channel, and
nothing for the refusal; the table form shows the same.
"""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.coordinator.rounds import revision_of
from bot.domain.model import Position, Response, Role
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.conftest import ServiceFactory
from tests.reliability.people import TelegramChat
from tests.reliability.world import eventually, seed

pytestmark = [pytest.mark.fake_server, pytest.mark.slow]  # a live service, every coordinator command

ROUND_FILE = """\
slug: audited
title: An audited round
deadline: {deadline}
reminders: []
recommendations:
  - ref: R1
    section: Country level
    title: One UN team
    text: One team, one leader, one programme.
"""


async def test_every_coordinator_action_is_listed_by_consultbot_audit(
    sqlite_database: str, telegram: FakeTelegramAPI, services: ServiceFactory, tmp_path: Path
) -> None:
    url = sqlite_database
    began = datetime.now(UTC) - timedelta(seconds=1)
    invited = await seed(url, people=[("FRA", Role.DELEGATE)])
    service = await services(database_url=url, telegram=telegram)
    deadline = (began + timedelta(days=20)).replace(microsecond=0).isoformat()
    round_file = tmp_path / "audited.yaml"
    round_file.write_text(ROUND_FILE.format(deadline=deadline))

    await service.cli("round", "create", str(round_file))
    await service.cli("round", "open", "audited")
    await service.cli("round", "extend", "audited", (began + timedelta(days=30)).replace(microsecond=0).isoformat())
    await service.cli("round", "remind", "audited")
    await _a_draft(url)  # an empty round has nothing to export; one answer, not submitted: --drafts
    await service.cli(
        "round", "export", "audited", "--drafts", "--format", "csv", "--output", str(tmp_path / "out.csv")
    )
    _, out, _ = await service.cli("invite", "UNS", "--role", "coordinator", "--name", "Ms Coordinator", "--json")
    code = json.loads(out)["code"]

    await service.start()
    coordinator, delegate = TelegramChat(telegram, 7101), TelegramChat(telegram, 7102)
    await coordinator.say(f"/start {code}")
    await delegate.say(f"/start {invited[0].code}")
    for chat in (coordinator, delegate):
        await eventually(lambda chat=chat: any("Welcome" in s.text for s in chat.screens()), what="joined")
    await delegate.say("close audited")
    await eventually(lambda: any("not allowed" in s.text for s in delegate.screens()), what="the refusal")
    extended = (began + timedelta(days=40)).replace(microsecond=0).isoformat()
    for command, answer in (
        (f"extend audited {extended}", "new deadline"),
        ("remind audited", "queued"),  # "1 reminder queued" (a plural in every language)
        ("close audited", "is closed"),
    ):
        await coordinator.say(command)
        await eventually(lambda answer=answer: any(answer in s.text for s in coordinator.screens()), what=answer)
    assert await service.stop() == 0

    _, listed, _ = await service.cli("audit", "--json")
    entries = json.loads(listed)
    seeded = [e for e in entries if e["actor"] == "cli:seed"]
    trail = [(e["action"], e["target"], e["channel"], e["actor"]) for e in entries if e not in seeded]
    operator = f"cli:{getpass.getuser()}"
    coordinator_name = "Ms Coordinator (UNS)"
    assert trail == [
        ("close", "audited", "telegram", coordinator_name),
        ("remind", "audited", "telegram", coordinator_name),
        ("extend", "audited", "telegram", coordinator_name),
        ("invite", "UNS", "cli", operator),
        ("export", "audited", "cli", operator),
        ("remind", "audited", "cli", operator),
        ("extend", "audited", "cli", operator),
        ("open", "audited", "cli", operator),
        ("create", "audited", "cli", operator),
    ], "each action once, newest first; the refused close is not an action"
    moments = [datetime.fromisoformat(e["at"]) for e in entries if e not in seeded]
    assert all(began <= at <= datetime.now(UTC) for at in moments)
    assert moments == sorted(moments, reverse=True)
    assert next(e for e in entries if e["action"] == "extend" and e["channel"] == "telegram")["detail"].startswith(
        extended[:16]
    )

    _, table, _ = await service.cli("audit", "--limit", "3")
    assert "Audit trail" in table
    assert table.count("audited") == 3
    assert "telegram" in table


async def _a_draft(url: str) -> None:
    """France answers R1 (no submission)."""
    engine = create_engine_for(url)
    try:
        async with SqlUnitOfWork(create_session_factory(engine)) as uow:
            answer = Response(
                round="audited", stakeholder="FRA", ref="R1", position=Position.SUPPORT, updated_at=datetime.now(UTC)
            )
            await uow.responses.save(answer, revision_of(answer))
            await uow.commit()
    finally:
        await engine.dispose()
