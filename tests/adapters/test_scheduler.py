"""The scheduler adapter: real APScheduler on short intervals, jobs on in-memory fakes and a FixedClock."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from adapters.scheduler import JOB_IDS, Scheduler, Timing, cron_weekdays, crontab_trigger, latest_slot
from bot.domain.model import (
    Address,
    Delivery,
    DeliveryStatus,
    Identity,
    NewParticipant,
    Recommendation,
    Reply,
    Role,
    Round,
    RoundStatus,
    Stakeholder,
)
from bot.ports import Deps, UnitOfWork
from tests.fakes import FakeSender, FakeUnitOfWork, FixedClock, MemoryStore
from tests.fakes.memory import FakeOutbox

FAST = Timing(dispatch_every=0.05, plan_every=0.05, drain_timeout=5)
DESK = Address("slack", "C0DSG")
NOW = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)  # Monday 10:00 in New York


async def eventually(check: Callable[[], bool]) -> None:
    """Wait until `check()` holds (five seconds at most): the jobs run on APScheduler's own time."""
    async with asyncio.timeout(5):
        while not check():  # noqa: ASYNC110  (polling state the jobs change; there is no event to wait on)
            await asyncio.sleep(0.01)


@dataclass
class Gate:
    """A Sender that holds each message until released."""

    entered: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    sent: list[Address] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        self.entered.set()
        await self.release.wait()
        self.sent.append(address)
        return "1"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def deps(store: MemoryStore, clock: FixedClock) -> Deps:
    return Deps(new_uow=store.uow, clock=clock)


async def queue_one(store: MemoryStore, now: datetime, key: str = "k1") -> None:
    async with store.uow() as uow:
        await uow.outbox.add(Delivery(kind="reminder", dedupe_key=key, address=DESK, reply=Reply(text="x"), due_at=now))
        await uow.commit()


class Claims:
    """Counts the dispatchers' passes (their outbox claims) by owner, through `deps(...)`: waiting for a
    few more passes shows that nothing more was sent where a sleep would only hope so."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.by_owner: Counter[str] = Counter()

    def deps(self, deps: Deps) -> Deps:
        return replace(deps, new_uow=self._new_uow)

    def _new_uow(self) -> FakeUnitOfWork:
        uow = self.store.uow()
        uow.outbox = _CountedOutbox(uow, self.by_owner)
        return uow

    async def more(self, passes: int, *owners: str) -> None:
        """Wait until each owner's dispatcher has claimed `passes` more times."""
        seen = {owner: self.by_owner[owner] for owner in owners}
        await eventually(lambda: all(self.by_owner[owner] >= seen[owner] + passes for owner in owners))


class _CountedOutbox(FakeOutbox):
    def __init__(self, uow: FakeUnitOfWork, by_owner: Counter[str]) -> None:
        super().__init__(uow)
        self.by_owner = by_owner

    async def claim_due(self, *, now: datetime, owner: str, lease_until: datetime, limit: int) -> list[Delivery]:
        self.by_owner[owner] += 1
        return await super().claim_due(now=now, owner=owner, lease_until=lease_until, limit=limit)


def statuses(store: MemoryStore) -> list[DeliveryStatus]:
    return [d.status for d in store.state.deliveries.values()]


class TestJobs:
    async def test_the_jobs_exist_once_with_fixed_ids_at_every_start(self, deps: Deps) -> None:
        scheduler = Scheduler(deps, FakeSender(), owner="a", timing=FAST)
        for _ in range(2):
            async with scheduler.running():
                assert scheduler.job_ids() == sorted(JOB_IDS) == ["digest", "dispatch", "plan"]

    async def test_every_job_runs_at_start_and_then_on_its_interval(
        self, deps: Deps, store: MemoryStore, clock: FixedClock
    ) -> None:
        """At start: a due delivery is sent, a round past its deadline closes, this week's digest is queued."""
        async with store.uow() as uow:
            await uow.rounds.add(
                Round(
                    slug="late",
                    title="Late",
                    deadline=NOW - timedelta(minutes=1),
                    recommendations=(Recommendation(ref="R1", section="", title="", text=""),),
                    status=RoundStatus.OPEN,
                )
            )
            await uow.commit()
        await queue_one(store, NOW)
        sender = FakeSender()
        async with Scheduler(deps, sender, owner="a", recipients=[DESK], timing=FAST).running():
            await eventually(lambda: len(sender.sent) == 2)
            assert store.state.rounds["late"].status is RoundStatus.CLOSED
            await queue_one(store, NOW, key="k2")  # on a later tick of the dispatcher
            await eventually(lambda: len(sender.sent) == 3)
        assert sorted(d.kind for d in store.state.deliveries.values()) == ["digest", "reminder", "reminder"]
        assert statuses(store) == [DeliveryStatus.SENT] * 3

    async def test_two_schedulers_on_one_store_send_each_message_once(self, deps: Deps, store: MemoryStore) -> None:
        async with store.uow() as uow:
            await uow.registry.add_stakeholders([Stakeholder(code="NOR", name="Norway")])
            person = await uow.registry.add_participant(NewParticipant(stakeholder="NOR", role=Role.DELEGATE))
            await uow.registry.bind_identity(
                Identity(channel="slack", account="U1", participant_id=person.id, chat="D1")
            )
            await uow.commit()
        sender = FakeSender()
        claims = Claims(store)
        first = Scheduler(claims.deps(deps), sender, owner="a", recipients=[DESK], timing=FAST)
        second = Scheduler(claims.deps(deps), sender, owner="b", recipients=[DESK], timing=FAST)
        async with first.running(), second.running():
            await queue_one(store, NOW)
            await eventually(lambda: len(sender.sent) >= 2)
            await claims.more(2, "a", "b")  # both looked again: a second send would have happened by now
        assert sorted(a.chat for a, _ in sender.sent) == ["C0DSG", "C0DSG"]  # the digest and the one reminder


class TestDigest:
    async def test_a_digest_due_while_down_is_sent_once_when_back(
        self, deps: Deps, store: MemoryStore, clock: FixedClock
    ) -> None:
        """Sent on Monday 16 November; down for two Mondays; back on Wednesday 2 December: one digest, the 30th's."""
        sender = FakeSender()
        claims = Claims(store)
        scheduler = Scheduler(claims.deps(deps), sender, owner="a", recipients=[DESK], timing=FAST)
        async with scheduler.running():
            await eventually(lambda: len(sender.sent) == 1)
        clock.set(datetime(2026, 12, 2, 15, 0, tzinfo=UTC))
        for _ in range(2):  # back, then restarted once more
            async with scheduler.running():
                await eventually(lambda: len(sender.sent) >= 2)
                await claims.more(2, "a")  # the dispatcher looked again: a second digest would be out
        assert sorted(d.dedupe_key for d in store.state.deliveries.values()) == [
            "digest:2026-11-16T1400Z:slack:C0DSG",
            "digest:2026-11-30T1400Z:slack:C0DSG",
        ]
        assert len(sender.sent) == 2

    async def test_a_failed_digest_is_tried_again_soon_not_next_week(self, deps: Deps, store: MemoryStore) -> None:
        failures = [RuntimeError("the chart library fell over")]

        async def compose(uow: UnitOfWork, now: datetime, languages: Sequence[str]) -> Mapping[str, Reply]:
            if failures:
                raise failures.pop()
            return {language: Reply(text="digest", key="digest") for language in languages}

        sender = FakeSender()
        timing = Timing(dispatch_every=0.05, plan_every=0.05, digest_retry=0.1)
        scheduler = Scheduler(deps, sender, owner="a", recipients=[DESK], compose=compose, timing=timing)
        async with scheduler.running():
            await eventually(lambda: len(sender.sent) == 1)
        assert [reply.text for _, reply in sender.sent] == ["digest"]
        async with scheduler.running():
            assert scheduler.job_ids() == ["digest", "dispatch", "plan"]

    @pytest.mark.parametrize(
        ("cron", "zone", "now", "slot"),
        [
            (
                "0 9 * * MON",
                "America/New_York",
                datetime(2026, 12, 2, 15, tzinfo=UTC),
                datetime(2026, 11, 30, 14, tzinfo=UTC),
            ),
            # Summer time: Monday 09:00 in New York is 13:00 UTC.
            (
                "0 9 * * MON",
                "America/New_York",
                datetime(2026, 6, 15, 13, tzinfo=UTC),
                datetime(2026, 6, 15, 13, tzinfo=UTC),
            ),
            (
                "0 9 * * MON",
                "America/New_York",
                datetime(2026, 6, 15, 12, 59, tzinfo=UTC),
                datetime(2026, 6, 8, 13, tzinfo=UTC),
            ),
            ("30 8 1 * *", "Europe/Paris", datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 3, 1, 7, 30, tzinfo=UTC)),
            ("*/15 * * * *", "UTC", datetime(2026, 3, 20, 10, 7, tzinfo=UTC), datetime(2026, 3, 20, 10, 0, tzinfo=UTC)),
        ],
    )
    def test_the_latest_slot_is_the_last_fire_time_not_after_now(
        self, cron: str, zone: str, now: datetime, slot: datetime
    ) -> None:
        assert latest_slot(crontab_trigger(cron, zone), now) == slot

    @pytest.mark.parametrize(
        ("field", "names"),
        [
            ("MON", "mon"),
            ("1", "mon"),
            ("0", "sun"),
            ("7", "sun"),
            ("1-5", "mon,tue,wed,thu,fri"),
            ("mon-fri", "mon,tue,wed,thu,fri"),
            ("5-7", "sun,fri,sat"),
            ("*/2", "sun,tue,thu,sat"),
            ("1,3", "mon,wed"),
            ("*", "*"),
        ],
    )
    def test_crontab_day_numbers_count_from_sunday(self, field: str, names: str) -> None:
        """APScheduler 3 counts 0 as Monday; CONSULTBOT_DIGEST_CRON is crontab, where 0 is Sunday."""
        assert cron_weekdays(field) == names

    @pytest.mark.parametrize("cron", ["0 9 * *", "0 9 * * funday", "0 9 * * 5-1"])
    def test_a_bad_crontab_is_refused(self, cron: str) -> None:
        with pytest.raises(ValueError, match=r"."):
            crontab_trigger(cron, "UTC")


class TestShutdown:
    async def test_leaving_waits_for_a_send_in_flight(self, deps: Deps, store: MemoryStore) -> None:
        """The send finishes and is recorded as sent before running() returns."""
        await queue_one(store, NOW)
        gate = Gate()
        async with Scheduler(deps, gate, owner="a", timing=FAST).running():
            await asyncio.wait_for(gate.entered.wait(), 5)
            asyncio.get_running_loop().call_later(0.2, gate.release.set)
        assert gate.sent == [DESK]
        assert statuses(store) == [DeliveryStatus.SENT]

    async def test_a_send_that_hangs_past_the_drain_timeout_comes_back_after_its_lease(
        self, deps: Deps, store: MemoryStore, clock: FixedClock
    ) -> None:
        await queue_one(store, NOW)
        gate = Gate()
        timing = Timing(dispatch_every=0.05, plan_every=0.05, drain_timeout=0.1)
        async with Scheduler(deps, gate, owner="a", timing=timing).running():
            await asyncio.wait_for(gate.entered.wait(), 5)
        assert statuses(store) == [DeliveryStatus.SENDING]
        clock.advance(minutes=6)  # past the dispatcher's five-minute lease
        sender = FakeSender()
        async with Scheduler(deps, sender, owner="b", timing=FAST).running():
            await eventually(lambda: len(sender.sent) == 1)
        assert statuses(store) == [DeliveryStatus.SENT]
