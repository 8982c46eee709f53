"""Exactly once on a real database: restarts, crashes mid-send and two replicas at once.

Each replica has its own engine (its own connections), as separate processes would; they share the
database and an injected clock. "Exactly once" is counted from both ends: every delivery row ends
`sent`, and the sender saw each address exactly as many times as there are rows for it, so no row
went out twice and none was lost.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from adapters.scheduler import Scheduler, Timing, crontab_trigger, latest_slot
from bot.delivery.dispatch import DispatchPolicy
from bot.digest.compose import composer
from bot.domain.model import (
    Address,
    Identity,
    NewParticipant,
    Position,
    Recommendation,
    Reply,
    Role,
    Round,
    RoundMode,
    RoundStatus,
    Stakeholder,
)
from bot.planning import jobs
from bot.ports import Deps
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from storage.tables import DeliveryRow
from tests.fakes import FixedClock

START = datetime(2027, 3, 15, 12, 0, tzinfo=UTC)  # a Monday
DEADLINE = datetime(2027, 3, 18, 18, 0, tzinfo=UTC)
DIGEST_CRON = "0 */6 * * *"  # every six hours: several digests in the timeline
DESKS = (Address("slack", "C0DSG"), Address("telegram", "-100456"))
PEOPLE = (("FRA", "Europe/Paris", "slack"), ("JPN", "Asia/Tokyo", "telegram"), ("NGA", "America/New_York", "slack"))


@dataclass
class Recorder:
    """A Sender that yields to the loop before each send (so replicas interleave) and notes the address."""

    sent: list[Address] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        await asyncio.sleep(0)
        self.sent.append(address)
        return str(len(self.sent))


@dataclass
class Gate:
    """A Sender that lets `passes` messages through, then hangs (until the process "dies")."""

    passes: int
    sent: list[Address] = field(default_factory=list)
    hung: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, address: Address, reply: Reply) -> str:
        if len(self.sent) >= self.passes:
            self.hung.set()
            await asyncio.Event().wait()
        self.sent.append(address)
        return "1"


@dataclass
class Replica:
    """One process: its own engine, the shared clock."""

    deps: Deps
    owner: str

    async def tick(self, sender: Recorder | Gate, *, batch: int | None = None) -> None:
        """The three jobs once, as the scheduler would run them."""
        await jobs.plan_tick(self.deps)
        slot = latest_slot(crontab_trigger(DIGEST_CRON, "UTC"), self.deps.clock())
        assert slot is not None
        await jobs.digest_tick(self.deps, slot=slot, recipients=DESKS, compose=composer())
        await jobs.dispatch_tick(
            self.deps,
            sender,
            owner=self.owner,
            policy=DispatchPolicy() if batch is None else DispatchPolicy(batch=batch),
        )


@asynccontextmanager
async def replica(url: str, clock: FixedClock, owner: str) -> AsyncIterator[Replica]:
    """A replica for as long as the block lasts; leaving it is the process going away."""
    engine = create_engine_for(url)
    sessions = create_session_factory(engine)
    try:
        yield Replica(Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=clock), owner)
    finally:
        await engine.dispose()


def a_round(slug: str, **changes: object) -> Round:
    """An open round of two recommendations, for the three Member States, default reminders."""
    values: dict[str, object] = {
        "slug": slug,
        "title": f"Round {slug}",
        "deadline": DEADLINE,
        "recommendations": tuple(
            Recommendation(ref=ref, section="I", title=ref, text=f"Text of {ref}") for ref in ("R1", "R2")
        ),
        "status": RoundStatus.OPEN,
        **changes,
    }
    return Round(**values)  # type: ignore[arg-type]


async def seed(url: str, clock: FixedClock) -> None:
    """Three delegations in three zones, each with a delegate on one channel, and three rounds:
    standard (reminders), silence (closes on Tuesday), and a draft that opens on Tuesday."""
    async with replica(url, clock, "seed") as setup, setup.deps.new_uow() as uow:
        await uow.registry.add_stakeholders([Stakeholder(code=code, name=code) for code, _, _ in PEOPLE])
        for code, zone, channel in PEOPLE:
            person = await uow.registry.add_participant(
                NewParticipant(stakeholder=code, role=Role.DELEGATE, timezone=zone)
            )
            chat = f"{code.lower()}-chat"
            await uow.registry.bind_identity(
                Identity(channel=channel, account=code.lower(), participant_id=person.id, chat=chat)
            )
        await uow.rounds.add(a_round("r"))
        await uow.rounds.add(a_round("s", mode=RoundMode.SILENCE, deadline=datetime(2027, 3, 16, 12, tzinfo=UTC)))
        await uow.rounds.add(a_round("o", status=RoundStatus.DRAFT, opens=datetime(2027, 3, 16, 6, tzinfo=UTC)))
        await uow.commit()


async def rows(url: str) -> list[DeliveryRow]:
    """Every delivery row, read outside the core."""
    engine = create_engine_for(url)
    try:
        async with create_session_factory(engine)() as session:
            return list((await session.scalars(select(DeliveryRow).order_by(DeliveryRow.id))).all())
    finally:
        await engine.dispose()


async def assert_exactly_once(url: str, *senders: Recorder | Gate) -> list[DeliveryRow]:
    """Every row sent, and sent once: per address, as many messages as rows."""
    stored = await rows(url)
    assert stored, "the timeline produced deliveries"
    assert {row.status for row in stored} == {"sent"}
    sent = Counter(address for sender in senders for address in sender.sent)
    assert sent == Counter(Address(row.channel, row.chat) for row in stored)
    return stored


class TestRestart:
    async def test_a_restart_between_planning_and_sending_sends_each_once(self, db_url: str) -> None:
        clock = FixedClock(START)
        await seed(db_url, clock)
        async with replica(db_url, clock, "first") as first:
            await jobs.plan_tick(first.deps)
            await jobs.digest_tick(first.deps, slot=START, recipients=DESKS, compose=composer())
        planned = len(await rows(db_url))
        # Paris and New York delegates (in working hours): round r's 7-day reminder and round s's 2-day
        # one (due while "down"); Tokyo's wait for its morning, not sent at 21:00; two digests.
        assert planned == 2 * 2 + 2
        sender = Recorder()
        async with replica(db_url, clock, "second") as second:
            await jobs.plan_tick(second.deps)
            await jobs.digest_tick(second.deps, slot=START, recipients=DESKS, compose=composer())
            await jobs.dispatch_tick(second.deps, sender, owner=second.owner)
        assert len(await assert_exactly_once(db_url, sender)) == planned

    async def test_a_crash_in_the_middle_of_sending_gives_the_rest_back_after_the_lease(self, db_url: str) -> None:
        clock = FixedClock(START)
        await seed(db_url, clock)
        gate = Gate(passes=2)
        async with replica(db_url, clock, "doomed") as doomed:
            await jobs.plan_tick(doomed.deps)
            await jobs.digest_tick(doomed.deps, slot=START, recipients=DESKS, compose=composer())
            work = asyncio.create_task(
                jobs.dispatch_tick(doomed.deps, gate, owner=doomed.owner, policy=DispatchPolicy(concurrency=1))
            )
            await asyncio.wait_for(gate.hung.wait(), 10)
            work.cancel()  # the process dies with rows claimed: two sent, one in the sender, three waiting
            await asyncio.gather(work, return_exceptions=True)
        assert Counter(row.status for row in await rows(db_url)) == {"sent": 2, "sending": 4}
        sender = Recorder()
        async with replica(db_url, clock, "heir") as heir:
            await heir.tick(sender)
            assert sender.sent == [], "their lease still holds"
            clock.advance(minutes=6)
            await heir.tick(sender)
        await assert_exactly_once(db_url, gate, sender)


class TestReplicas:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    async def test_two_replicas_at_once_over_days_send_everything_once(self, db_url: str) -> None:
        """Invitations, reminders, digests and the silence round's closing, all at once on two replicas."""
        clock = FixedClock(START)
        await seed(db_url, clock)
        sender = Recorder()
        async with replica(db_url, clock, "a") as a, replica(db_url, clock, "b") as b:
            while clock() <= DEADLINE + timedelta(hours=2):
                await asyncio.gather(a.tick(sender, batch=2), b.tick(sender, batch=2))
                clock.advance(hours=3)
            async with a.deps.new_uow() as uow:
                silence = await uow.responses.revisions("s")
                statuses = {r.slug: r.status for r in await uow.rounds.list()}
        stored = await assert_exactly_once(db_url, sender)
        kinds = Counter(row.kind for row in stored)
        assert kinds["invitation"] == 3
        assert kinds["reminder"] >= 9
        assert kinds["digest"] == 2 * 14  # every six hours, from 12:00 on Monday to 18:00 on Thursday
        assert statuses == {"r": RoundStatus.CLOSED, "s": RoundStatus.CLOSED, "o": RoundStatus.CLOSED}
        assert len(silence) == 3 * 2
        assert {r.position for r in silence} == {Position.NO_OBJECTION}

    async def test_two_schedulers_at_once_send_everything_once(self, db_url: str) -> None:
        """Two real schedulers (APScheduler, short intervals), each with its own engine, while time passes.

        The injected clock runs some 100,000 times faster than real time here, so the dispatcher's
        lease is stretched to match: otherwise a send taking a few real milliseconds would look
        hours long, its lease would expire mid-send and the other replica would rightly take it over.
        """
        clock = FixedClock(START)
        await seed(db_url, clock)
        sender = Recorder()
        timing = Timing(dispatch_every=0.02, plan_every=0.02, digest_cron=DIGEST_CRON, digest_timezone="UTC")
        policy = DispatchPolicy(lease=timedelta(days=7))
        async with replica(db_url, clock, "a") as a, replica(db_url, clock, "b") as b:
            first = Scheduler(a.deps, sender, owner="a", recipients=DESKS, timing=timing, policy=policy)
            second = Scheduler(b.deps, sender, owner="b", recipients=DESKS, timing=timing, policy=policy)
            async with first.running(), second.running():
                while clock() <= DEADLINE + timedelta(hours=2):
                    await asyncio.sleep(0.1)
                    clock.advance(hours=3)
                await eventually_all_sent(db_url)
        stored = await assert_exactly_once(db_url, sender)
        assert Counter(row.kind for row in stored)["digest"] == 2  # one slot at start; no cron fire in real time
        assert Counter(row.kind for row in stored)["invitation"] == 3


async def eventually_all_sent(url: str) -> None:
    """Wait until no delivery is left pending or sending (ten seconds at most)."""
    async with asyncio.timeout(10):
        while {row.status for row in await rows(url)} - {"sent"}:  # noqa: ASYNC110  (polling the database)
            await asyncio.sleep(0.05)
