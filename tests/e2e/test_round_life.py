"""A round's life as a coordinator runs it, from an empty database, on SQLite and PostgreSQL.

The `consultbot` command runs as a separate process for every step; between steps the scheduler's
passes (plan, then dispatch) run in this process on the same database, as `consultbot run` would,
with a sender that records what delegates receive and the clock of each pass.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.model import Address, Reply
from bot.i18n.timefmt import when_both
from bot.planning import jobs
from bot.ports import Deps
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.dbs import database_params, fresh_database
from tests.e2e.cli import ROOT
from tests.fakes import FixedClock

DEADLINE = datetime(2027, 2, 1, 23, 0, tzinfo=UTC)  # Mon 1 Feb 2027, 18:00 in New York
LATER = datetime(2027, 2, 15, 23, 0, tzinfo=UTC)

ROUND = """\
slug: life
title: A round's life
deadline: 2027-02-01T18:00:00-05:00
audience: [FRA, NOR, DEU]
reminders: [P7D, P2D]
recommendations:
  - ref: R1
    section: Country level
    title: One leader
    text: One UN leader in each country.
  - ref: R2
    section: Funding
    title: One budget
    text: One budgetary framework.
"""


@dataclass
class Coordinator:
    """Runs `consultbot` on one database URL, in one folder."""

    url: str
    folder: Path

    async def __call__(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CONSULTBOT_")},
            "CONSULTBOT_DATABASE_URL": self.url,
            "COLUMNS": "200",
        }
        return await asyncio.to_thread(
            subprocess.run,
            [sys.executable, str(ROOT / "main.py"), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=environment,
            cwd=self.folder,
            timeout=120,
            check=False,
        )

    async def ok(self, *args: str, stdin: str = "") -> str:
        """Run a command that must succeed; its standard output."""
        result = await self(*args, stdin=stdin)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout


@dataclass
class Received:
    """A message as it left, with the scheduler pass's clock."""

    at: datetime
    chat: str
    reply: Reply


@dataclass
class Scheduler:
    """The scheduler's passes in this process, on the same database, on a clock the test moves."""

    deps: Deps
    clock: FixedClock
    received: list[Received] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        self.received.append(Received(self.clock(), address.chat, reply))
        return str(len(self.received))

    async def passes(self, count: int = 1, *, at: datetime | None = None) -> list[Received]:
        """`count` passes of plan-then-dispatch at `at` (default: now, as the commands see it); what they sent."""
        self.clock.set(at or datetime.now(UTC))
        before = len(self.received)
        for _ in range(count):
            await jobs.plan_tick(self.deps)
            await jobs.dispatch_tick(self.deps, self, owner="story")
        return self.received[before:]


@pytest.fixture(params=database_params())
async def empty_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """An empty database (no schema at all), SQLite and PostgreSQL."""
    async with fresh_database(request.param, migrated=False) as url:
        yield url


@pytest.fixture
async def scheduler(empty_url: str) -> AsyncIterator[Scheduler]:
    engine = create_engine_for(empty_url)
    sessions = create_session_factory(engine)
    clock = FixedClock(datetime.now(UTC))
    try:
        yield Scheduler(Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=clock), clock)
    finally:
        await engine.dispose()


def shows_once(reply: Reply, deadline: datetime) -> bool:
    """The deadline appears exactly once, in the reader's zone (New York here), and no other date."""
    return reply.text.count(when_both(deadline, "America/New_York")) == 1 and reply.text.count("America/New_York") == 1


class TestARoundsLife:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    async def test_from_an_empty_database_to_the_close_without_a_surprise(
        self, empty_url: str, scheduler: Scheduler, tmp_path: Path
    ) -> None:
        """db upgrade, registry load, create, invite, open twice, remind, extend later and earlier, close,
        two scheduler passes: nothing after the close, every notice with the current deadline once,
        one audit entry per real change."""
        consultbot = Coordinator(empty_url, tmp_path)
        (tmp_path / "round.yaml").write_text(ROUND, encoding="utf-8")

        upgraded = await consultbot.ok("db", "upgrade")
        assert "Loaded the shipped registry: 233 stakeholders" in upgraded
        loaded = await consultbot.ok("registry", "load")
        assert "0 added, 0 renamed, 0 moved between groups" in loaded
        await consultbot.ok("round", "create", "round.yaml")
        invited = json.loads(await consultbot.ok("invite", "FRA", "--role", "focal_point", "--json"))
        assert invited["stakeholder"] == "FRA"
        # France and Norway each have a terminal; Germany has nobody to reach.
        await consultbot.ok("console", "--as", "FRA")
        await consultbot.ok("console", "--as", "NOR")

        opened = await consultbot.ok("round", "open", "life")
        assert "2 invitations queued" in opened
        invitations = await scheduler.passes()
        assert sorted(r.chat for r in invitations) == ["terminal-FRA", "terminal-NOR"]
        assert all(r.reply.key == "invite" and shows_once(r.reply, DEADLINE) for r in invitations)

        again = await consultbot.ok("round", "open", "life")
        assert "already open since" in again
        assert "nothing was queued" in again
        assert await scheduler.passes() == []

        reminded = await consultbot.ok("round", "remind", "life")
        assert "2 reminders queued to 2 delegations" in reminded
        assert "Nobody to reach in 1 delegations" in reminded
        assert "DEU" in reminded
        reminders = await scheduler.passes()
        assert [r.reply.key for r in reminders] == ["remind", "remind"]
        assert all(shows_once(r.reply, DEADLINE) for r in reminders)

        extended = await consultbot.ok("round", "extend", "life", LATER.isoformat())
        assert "2 notices of the new deadline queued" in extended
        notices = await scheduler.passes()
        assert [r.reply.key for r in notices] == ["deadline", "deadline"]
        assert all(shows_once(r.reply, LATER) for r in notices)

        earlier = await consultbot("round", "extend", "life", DEADLINE.isoformat())
        assert earlier.returncode == 1
        assert "--earlier --reason" in earlier.stderr
        listed = json.loads(await consultbot.ok("round", "list", "--json"))
        assert listed[0]["deadline"] == LATER.isoformat()

        closed = await consultbot.ok("round", "close", "life")
        assert "is closed" in closed
        assert "already closed" in await consultbot.ok("round", "close", "life")
        (after,) = json.loads(await consultbot.ok("round", "list", "--json"))
        assert after["status"] == "closed"
        assert after["deadline"] == LATER.isoformat(), "closing keeps the deadline"
        assert after["closed_reason"] == "hand"
        assert after["closed_by"].startswith("cli:")

        # Two scheduler passes: now, then after every reminder offset and the deadline have passed.
        assert await scheduler.passes() == []
        assert await scheduler.passes(2, at=LATER + timedelta(hours=1)) == []

        audit = json.loads(await consultbot.ok("audit", "--json"))
        assert [e["action"] for e in reversed(audit)] == ["create", "invite", "open", "remind", "extend", "close"]

    async def test_db_upgrade_then_invite_works_and_no_round_exists(self, empty_url: str, tmp_path: Path) -> None:
        """The README's order on an empty database: the registry is there, the sample round is not."""
        consultbot = Coordinator(empty_url, tmp_path)
        await consultbot.ok("db", "upgrade")
        invited = json.loads(await consultbot.ok("invite", "FRA", "--json"))
        assert invited["stakeholder"] == "FRA"
        assert json.loads(await consultbot.ok("round", "list", "--json")) == []
