"""The scheduler's jobs on fakes: the dispatch tick drains a backlog, the digest goes once per slot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.delivery.dispatch import DispatchPolicy
from bot.digest.compose import composer
from bot.domain.model import Address, Delivery, DeliveryStatus, Reply
from bot.planning import jobs
from bot.ports import Deps, UnitOfWork
from tests.fakes import FakeSender, FixedClock, MemoryStore
from tests.unit.conftest import World

SLACK, TELEGRAM = Address("slack", "C0123"), Address("telegram", "-100456")
MONDAY_9_NY = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)


class TestDispatchTick:
    async def test_a_backlog_drains_in_one_tick(self, world: World) -> None:
        """Batch after batch while batches come back full."""
        async with world.uow() as uow:
            for n in range(7):
                await uow.outbox.add(
                    Delivery(
                        kind="reminder", dedupe_key=f"k{n}", address=SLACK, reply=Reply(text="hi"), due_at=world.clock()
                    )
                )
            await uow.commit()
        sender = FakeSender()
        outcome = await jobs.dispatch_tick(world.engine.deps, sender, owner="a", policy=DispatchPolicy(batch=2))
        assert (outcome.sent, len(sender.sent)) == (7, 7)
        assert (await jobs.dispatch_tick(world.engine.deps, sender, owner="a")).claimed == 0

    async def test_a_tick_takes_a_bounded_number_of_batches(self, world: World) -> None:
        async with world.uow() as uow:
            for n in range(7):
                await uow.outbox.add(
                    Delivery(
                        kind="digest", dedupe_key=f"k{n}", address=SLACK, reply=Reply(text="x"), due_at=world.clock()
                    )
                )
            await uow.commit()
        outcome = await jobs.dispatch_tick(
            world.engine.deps, FakeSender(), owner="a", policy=DispatchPolicy(batch=2), max_passes=2
        )
        assert outcome.sent == 4


class TestDigestTick:
    async def test_one_digest_per_slot_and_recipient_however_often_it_runs(self, world: World) -> None:
        deps, compose = world.engine.deps, composer()
        for _ in range(3):
            await jobs.digest_tick(deps, slot=MONDAY_9_NY, recipients=[SLACK, TELEGRAM], compose=compose)
        keys = sorted(d.dedupe_key for d in world.store.state.deliveries.values())
        assert keys == ["digest:2027-03-01T1400Z:slack:C0123", "digest:2027-03-01T1400Z:telegram:-100456"]
        next_week = MONDAY_9_NY + timedelta(days=7)
        assert await jobs.digest_tick(deps, slot=next_week, recipients=[SLACK], compose=compose) == 1
        sender = FakeSender()
        await jobs.dispatch_tick(deps, sender, owner="a")
        assert [a for a, _ in sender.sent] == [SLACK, TELEGRAM, SLACK]

    async def test_the_composition_root_supplies_the_content(self, world: World) -> None:
        seen: list[tuple[datetime, list[str]]] = []

        async def compose(uow: UnitOfWork, now: datetime, languages: Sequence[str]) -> Mapping[str, Reply]:
            seen.append((now, list(languages)))
            count = len(await uow.rounds.list())
            return {
                language: Reply(title="Digest", text=f"{language}: {count}", key="digest") for language in languages
            }

        await jobs.digest_tick(world.engine.deps, slot=MONDAY_9_NY, recipients=[SLACK], compose=compose)
        (delivery,) = world.store.state.deliveries.values()
        assert (delivery.kind, delivery.reply.text, delivery.status) == ("digest", "en: 1", DeliveryStatus.PENDING)
        assert seen == [(world.clock(), ["en"])]

    async def test_each_recipient_gets_the_digest_in_their_language_built_once(self, world: World) -> None:
        seen: list[list[str]] = []

        async def compose(uow: UnitOfWork, now: datetime, languages: Sequence[str]) -> Mapping[str, Reply]:
            seen.append(list(languages))
            return {language: Reply(text=f"digest in {language}", key="digest") for language in languages}

        desk = Address("slack", "C0999")
        recipients = [SLACK, TELEGRAM, desk]
        languages = {TELEGRAM: "fr", desk: "fr"}
        await jobs.digest_tick(
            world.engine.deps, slot=MONDAY_9_NY, recipients=recipients, compose=compose, languages=languages
        )
        said = {d.address: d.reply.text for d in world.store.state.deliveries.values()}
        assert said == {SLACK: "digest in en", TELEGRAM: "digest in fr", desk: "digest in fr"}
        assert seen == [["en", "fr"]]

    async def test_no_recipients_no_work(self, world: World) -> None:
        async def compose(uow: UnitOfWork, now: datetime, languages: Sequence[str]) -> Mapping[str, Reply]:
            raise AssertionError("not composed for nobody")

        assert await jobs.digest_tick(world.engine.deps, slot=MONDAY_9_NY, recipients=[], compose=compose) == 0


class TestPruning:
    async def test_the_plan_tick_forgets_processed_event_marks_after_a_week(self) -> None:
        """Old marks go (no platform redelivers after a week); recent ones stay and still dedupe."""
        store, clock = MemoryStore(), FixedClock()
        async with store.uow() as uow:
            await uow.inbound.claim("telegram", "old", clock() - timedelta(days=8))
            await uow.inbound.claim("telegram", "new", clock() - timedelta(hours=1))
            await uow.commit()
        await jobs.plan_tick(Deps(new_uow=store.uow, clock=clock))
        assert store.state.inbound == {("telegram", "new")}
