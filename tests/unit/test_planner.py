"""The planner on an injected clock: rounds open and close on time, reminders come in working hours."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.coordinator import rounds as coordination
from bot.domain.model import (
    Actor,
    Address,
    Identity,
    NewParticipant,
    Participant,
    Position,
    Recommendation,
    Reply,
    Role,
    Round,
    RoundMode,
    RoundStatus,
)
from bot.engine import Engine
from bot.planning import jobs, planner
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.unit.conftest import STAKEHOLDERS, World, keys

MON_15 = datetime(2027, 3, 15, 12, 0, tzinfo=UTC)
DEADLINE = datetime(2027, 3, 22, 18, 0, tzinfo=UTC)  # Monday 14:00 in New York, 03:00 Tuesday in Tokyo
ZONES = {
    "FRA": "Europe/Paris",
    "JPN": "Asia/Tokyo",
    "BRA": "America/Sao_Paulo",
    "NGA": "America/New_York",
    "NOR": "Europe/Oslo",
}


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2027, UTC."""
    return datetime(2027, 3, day, hour, minute, tzinfo=UTC)


def a_round(slug: str = "r", *, deadline: datetime = DEADLINE, **changes: object) -> Round:
    """An open round of two recommendations for every Member State, default reminders (7 d, 2 d, 4 h)."""
    round_ = Round(
        slug=slug,
        title="System-wide coherence",
        deadline=deadline,
        recommendations=(
            Recommendation(ref="R1", section="I", title="One leader", text="One UN leader per country."),
            Recommendation(ref="R2", section="I", title="One budget", text="One budgetary framework."),
        ),
        status=RoundStatus.OPEN,
    )
    return replace(round_, **changes)  # type: ignore[arg-type]


@dataclass
class Sent:
    """A message as it left, with the (fake) time it left at."""

    at: datetime
    chat: str
    reply: Reply


@dataclass
class ClockedSender:
    """A Sender that notes the injected clock's time of each message."""

    clock: FixedClock
    sent: list[Sent] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        self.sent.append(Sent(self.clock(), address.chat, reply))
        return str(len(self.sent))


@dataclass
class Town:
    """A world of delegates in several time zones, the engine, and a sender on the same clock."""

    world: World
    sender: ClockedSender
    people: dict[str, Participant] = field(default_factory=dict)

    @property
    def deps(self) -> Deps:
        return self.world.engine.deps

    @property
    def clock(self) -> FixedClock:
        return self.world.clock

    def status(self, slug: str) -> RoundStatus:
        """The round's status as stored now."""
        return self.world.store.state.rounds[slug].status

    async def add_round(self, round_: Round) -> None:
        async with self.world.uow() as uow:
            await uow.rounds.add(round_)
            await uow.commit()

    async def tick(self) -> None:
        """What the scheduler does: plan, then dispatch."""
        await jobs.plan_tick(self.deps)
        await jobs.dispatch_tick(self.deps, self.sender, owner="test")

    async def run_until(self, end: datetime, *, step: timedelta = timedelta(hours=1)) -> None:
        """Tick, then move the clock by `step`, until `end` is passed."""
        while self.clock() <= end:
            await self.tick()
            self.clock.advance(seconds=step.total_seconds())

    async def answer_all_and_submit(self, code: str, slug: str = "r") -> None:
        who = self.people[code]
        replies = await self.world.say(who, action=f"go:{slug}")
        for _ in range(2):
            replies = await self.world.press(who, "Support", replies)
        assert keys(await self.world.say(who, "submit")) == ["receipt"]

    def received(self) -> list[tuple[datetime, str]]:
        return [(s.at, s.chat) for s in self.sender.sent]


@pytest.fixture
async def town() -> Town:
    clock = FixedClock(MON_15)
    store = MemoryStore()
    world = World(store=store, clock=clock, engine=Engine(Deps(new_uow=store.uow, clock=clock)))
    town = Town(world=world, sender=ClockedSender(clock))
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        for code, zone in {**ZONES, "UNS": "America/New_York"}.items():
            role = Role.COORDINATOR if code == "UNS" else Role.DELEGATE
            person = await uow.registry.add_participant(NewParticipant(stakeholder=code, role=role, timezone=zone))
            chat = code.lower()
            await uow.registry.bind_identity(
                Identity(channel="console", account=chat, participant_id=person.id, chat=chat)
            )
            town.people[code] = person
        await uow.commit()
    return town


class TestReminders:
    async def test_each_offset_reaches_the_unsubmitted_in_their_working_hours(self, town: Town) -> None:
        """7 d, 2 d and 4 h before a Monday 18:00 UTC deadline, to each delegate in their own zone.

        Norway submitted first and hears nothing; France submits on Wednesday and gets only the 7-day
        reminder; the UN Secretariat is not in the audience. Tokyo's 7-day reminder, due at 03:00
        local, waits for 08:00; the weekend 2-day one waits for Monday 08:00 in each zone (New York's
        Monday 08:00 is 12:00 UTC: summer time began on the 14th); the 4-hour one reaches Tokyo at
        23:00 local, because its next working moment is after the deadline.
        """
        await town.add_round(a_round())
        await town.answer_all_and_submit("NOR")
        await town.run_until(utc(17, 12))
        await town.answer_all_and_submit("FRA")
        await town.run_until(DEADLINE + timedelta(hours=1))
        assert sorted(town.received()) == [
            (utc(15, 18), "bra"),  # 7 d: 15:00 in São Paulo
            (utc(15, 18), "fra"),  # 19:00 in Paris
            (utc(15, 18), "nga"),  # 14:00 in New York
            (utc(15, 23), "jpn"),  # 08:00 Tuesday in Tokyo (due at 03:00)
            (utc(21, 23), "jpn"),  # 2 d, due Saturday: 08:00 Monday in Tokyo
            (utc(22, 11), "bra"),  # 08:00 Monday in São Paulo
            (utc(22, 12), "nga"),  # 08:00 Monday in New York
            (utc(22, 14), "bra"),  # 4 h
            (utc(22, 14), "jpn"),  # 23:00 in Tokyo: the deadline comes before 08:00
            (utc(22, 14), "nga"),
        ]
        planned = sorted((d.due_at, d.address.chat) for d in town.world.store.state.deliveries.values())
        assert planned == sorted(town.received()), "each written with its exact moment as due_at"

    async def test_a_reminder_says_how_far_and_when_in_two_zones_and_offers_to_continue(self, town: Town) -> None:
        await town.add_round(a_round())
        await town.world.press(town.people["JPN"], "Support", await town.world.say(town.people["JPN"], "start"))
        await town.run_until(utc(16, 0))
        tokyo = next(s.reply for s in town.sender.sent if s.chat == "jpn")
        assert "answered 1 of 2" in tokyo.text
        assert "Tue 23 Mar 2027, 03:00 (Asia/Tokyo)" in tokyo.text
        assert "New York Mon 14:00" in tokyo.text
        assert [c.action for c in tokyo.choices] == ["go:r"]
        new_york = next(s.reply for s in town.sender.sent if s.chat == "nga")
        assert new_york.text.count("Mon 22 Mar 2027, 14:00") == 1, "the deadline once, in the reader's zone"
        assert new_york.text.count("America/New_York") == 1

    @pytest.mark.parametrize(
        ("offset", "deadline", "expected"),
        [
            # Due Friday 22:00 in New York: waits for Monday 08:00 (12:00 UTC), well before the deadline.
            (timedelta(days=3), utc(23, 2), utc(22, 12)),
            # Due Friday 20:00 in New York, deadline Monday 02:00 there: sent when due, out of hours.
            (timedelta(days=2, hours=6), utc(22, 6), utc(20, 0)),
        ],
        ids=["friday-night-to-monday", "deadline-comes-first"],
    )
    async def test_a_friday_night_reminder(
        self, town: Town, offset: timedelta, deadline: datetime, expected: datetime
    ) -> None:
        await town.add_round(a_round(deadline=deadline, reminders=(offset,), audience=("NGA",)))
        town.clock.set(utc(19, 12))
        await town.run_until(deadline, step=timedelta(minutes=15))
        assert town.received() == [(expected, "nga")]

    async def test_after_downtime_only_the_latest_offset_goes_out(self, town: Town) -> None:
        """Down from before the first reminder until 3 hours before the deadline: one reminder each, not three."""
        await town.add_round(a_round())
        town.clock.set(DEADLINE - timedelta(hours=3))
        for _ in range(3):
            await town.tick()
        await town.run_until(DEADLINE + timedelta(hours=1))
        assert sorted(chat for _, chat in town.received()) == ["bra", "fra", "jpn", "nga", "nor"]
        assert {at for at, _ in town.received()} == {DEADLINE - timedelta(hours=3)}
        keys_ = {d.dedupe_key for d in town.world.store.state.deliveries.values()}
        assert all(":PT4H-20270322T180000Z:" in key for key in keys_)

    async def test_an_offset_overtaken_while_waiting_for_working_hours_is_not_sent(self, town: Town) -> None:
        """Deadline Monday 10:00 in New York: the 2-day reminder would wait for Monday 08:00, but by
        then the 4-hour one (due 06:00) is live, so only that one goes, at 08:00."""
        offsets = (timedelta(days=2), timedelta(hours=4))
        await town.add_round(a_round(deadline=utc(22, 14), reminders=offsets, audience=("NGA",)))
        town.clock.set(utc(19, 12))
        await town.run_until(utc(22, 14))
        assert town.received() == [(utc(22, 12), "nga")]
        (delivery,) = town.world.store.state.deliveries.values()
        assert ":PT4H-" in delivery.dedupe_key

    async def test_planning_again_and_again_writes_each_reminder_once(self, town: Town) -> None:
        await town.add_round(a_round())
        town.clock.set(utc(15, 18))
        for _ in range(5):
            await jobs.plan_tick(town.deps)
        assert len(town.world.store.state.deliveries) == 4  # all but Tokyo, which waits for its morning
        town.clock.set(utc(15, 23))
        await jobs.plan_tick(town.deps)
        assert len(town.world.store.state.deliveries) == 5

    async def test_a_delegation_that_submits_after_the_due_moment_but_before_its_morning_is_spared(
        self, town: Town
    ) -> None:
        """Reminders are written when each recipient's moment comes, so they never go out stale."""
        await town.add_round(a_round(audience=("JPN",)))
        await town.run_until(utc(15, 20))
        await town.answer_all_and_submit("JPN")
        await town.run_until(utc(16, 12))
        assert town.received() == []

    async def test_an_extended_deadline_has_reminders_of_its_own(self, town: Town) -> None:
        await town.add_round(a_round(audience=("NGA",)))
        await town.run_until(utc(15, 19))
        async with town.world.uow() as uow:
            await coordination.extend(uow, Actor.operator("cli"), "r", DEADLINE + timedelta(days=7), town.clock())
            await uow.commit()
        await town.run_until(DEADLINE + timedelta(days=7))
        kinds = [(s.at, s.reply.key) for s in town.sender.sent]
        assert kinds == [
            (utc(15, 18), "remind"),  # 7 d before the old deadline
            (utc(15, 20), "deadline"),  # the extension, told at once
            (utc(22, 18), "remind"),  # 7 d before the new one
            (utc(29, 12), "remind"),  # 2 d, due Saturday: Monday 08:00 in New York
            (utc(29, 14), "remind"),  # 4 h
        ]
        assert all("Mon 29 Mar 2027" in s.reply.text for s in town.sender.sent[1:])


class TestOpening:
    async def test_a_round_with_a_future_opening_stays_draft_then_opens_and_invites_once(self, town: Town) -> None:
        """Opens Thursday: nothing before; invitations at opening; the 7-day reminder, due before, never."""
        await town.add_round(a_round(status=RoundStatus.DRAFT, opens=utc(18, 12), audience=("FRA", "NGA")))
        await town.run_until(utc(18, 11, 45))
        assert town.status("r") is RoundStatus.DRAFT
        assert town.received() == []
        await town.run_until(utc(19, 12))
        assert town.status("r") is RoundStatus.OPEN
        assert town.received() == [(utc(18, 12), "fra"), (utc(18, 12), "nga")]
        assert [s.reply.key for s in town.sender.sent] == ["invite", "invite"]
        await town.run_until(DEADLINE)
        reminders = [(s.at, s.chat) for s in town.sender.sent if s.reply.key == "remind"]
        assert reminders == [
            (utc(22, 7), "fra"),  # 2 d, due Saturday: Monday 08:00 in Paris
            (utc(22, 12), "nga"),
            (utc(22, 14), "fra"),  # 4 h
            (utc(22, 14), "nga"),
        ]

    async def test_a_draft_without_an_opening_time_waits_for_a_coordinator(self, town: Town) -> None:
        await town.add_round(a_round(status=RoundStatus.DRAFT))
        await town.run_until(DEADLINE + timedelta(hours=1), step=timedelta(hours=6))
        assert town.world.store.state.rounds["r"].status is RoundStatus.DRAFT
        assert town.received() == []


class TestClosing:
    async def test_the_round_closes_at_its_deadline_and_a_late_answer_is_refused(self, town: Town) -> None:
        """No one closes it: the planner's tick does; one second later the answer is refused."""
        await town.add_round(a_round(reminders=()))
        nor = town.people["NOR"]
        assert keys(await town.world.say(nor, "start")) == ["item"]
        town.clock.set(DEADLINE - timedelta(seconds=1))
        assert (await jobs.plan_tick(town.deps)).closed == ()
        town.clock.set(DEADLINE)
        assert (await jobs.plan_tick(town.deps)).closed == ("r",)
        assert town.world.store.state.rounds["r"].status is RoundStatus.CLOSED
        town.clock.advance(seconds=1)
        refused = await town.world.say(nor, "support")
        assert keys(refused) == ["error.round_closed"]
        assert "answers are frozen" in refused[0].text
        assert town.world.store.state.responses == {}
        assert (await jobs.plan_tick(town.deps)).closed == ()
        assert town.world.store.state.deliveries == {}

    async def test_silence_records_no_objection_apart_from_active_support(self, town: Town) -> None:
        await town.add_round(a_round(mode=RoundMode.SILENCE, reminders=()))
        fra, nor = town.people["FRA"], town.people["NOR"]
        replies = await town.world.press(fra, "Support", await town.world.say(fra, "start"))
        await town.world.press(fra, "Oppose", replies)
        await town.world.press(nor, "Support", await town.world.say(nor, "start"))
        town.clock.set(DEADLINE)
        await jobs.plan_tick(town.deps)

        state = town.world.store.state
        positions = {(who, ref): r.position for (_, who, ref), r in state.responses.items()}
        assert positions == {
            ("FRA", "R1"): Position.SUPPORT,
            ("FRA", "R2"): Position.OPPOSE,
            ("NOR", "R1"): Position.SUPPORT,
            ("NOR", "R2"): Position.NO_OBJECTION,
            **{(code, ref): Position.NO_OBJECTION for code in ("BRA", "JPN", "NGA") for ref in ("R1", "R2")},
        }
        silent = [r for r in state.responses.values() if r.position is Position.NO_OBJECTION]
        assert {(r.channel, r.participant_id, r.updated_at) for r in silent} == {("system", None, DEADLINE)}
        revisions = len(state.revisions)
        assert revisions == 3 + 7

        for _ in range(2):
            await jobs.plan_tick(town.deps)
        async with town.world.uow() as uow:  # a coordinator closes it again, by hand
            await coordination.close_round(uow, Actor.operator("cli"), "r", town.clock())
            await uow.commit()
        assert len(town.world.store.state.revisions) == revisions

    async def test_a_standard_round_records_no_silence(self, town: Town) -> None:
        await town.add_round(a_round(reminders=()))
        town.clock.set(DEADLINE)
        await jobs.plan_tick(town.deps)
        assert town.world.store.state.responses == {}


class TestRules:
    @pytest.mark.parametrize(
        ("offset", "text"),
        [
            (timedelta(days=7), "P7D"),
            (timedelta(hours=4), "PT4H"),
            (timedelta(days=1, hours=12), "P1DT12H"),
            (timedelta(minutes=90), "PT1H30M"),
            (timedelta(seconds=45), "PT45S"),
            (timedelta(0), "PT0S"),
        ],
    )
    def test_offsets_are_named_as_iso_durations(self, offset: timedelta, text: str) -> None:
        assert planner.iso_duration(offset) == text

    def test_the_live_offset_is_the_latest_due(self) -> None:
        round_ = a_round()
        assert planner.live_offset(round_, DEADLINE - timedelta(days=8)) is None
        assert planner.live_offset(round_, DEADLINE - timedelta(days=7)) == timedelta(days=7)
        assert planner.live_offset(round_, DEADLINE - timedelta(days=1)) == timedelta(days=2)
        assert planner.live_offset(round_, DEADLINE - timedelta(minutes=1)) == timedelta(hours=4)

    def test_an_offset_due_before_the_opening_is_never_live(self) -> None:
        round_ = a_round(opens=DEADLINE - timedelta(days=3))
        assert planner.live_offset(round_, DEADLINE - timedelta(days=3)) is None
        assert planner.live_offset(round_, DEADLINE - timedelta(days=2)) == timedelta(days=2)

    def test_the_label_names_offset_and_deadline(self) -> None:
        assert planner.reminder_label(a_round(), timedelta(days=2)) == "P2D-20270322T180000Z"


class TestOpenedByHand:
    async def test_opening_by_hand_late_records_the_opening_so_past_offsets_are_not_sent(self) -> None:
        """Opened one day before the deadline: the 7-day and 2-day reminders are never live."""
        store, clock = MemoryStore(), FixedClock(DEADLINE - timedelta(days=1))
        async with store.uow() as uow:
            await uow.registry.add_stakeholders(STAKEHOLDERS)
            await uow.rounds.add(a_round(status=RoundStatus.DRAFT))
            await coordination.open_round(uow, Actor.operator("cli:test"), "r", clock())
            await uow.commit()
        opened = store.state.rounds["r"]
        assert opened.opens == clock()
        assert planner.live_offset(opened, clock()) is None
        assert planner.live_offset(opened, DEADLINE - timedelta(hours=4)) == timedelta(hours=4)
