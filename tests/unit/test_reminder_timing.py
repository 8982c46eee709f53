"""When reminders go, after an opening in the past and after an extension (issue 21, "Messages that mislead")."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.coordinator import rounds as coordination
from bot.domain.model import Actor, Address, Identity, NewParticipant, Reply, Role, RoundStatus
from bot.i18n.worktime import is_working
from bot.planning import jobs
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.unit.conftest import STAKEHOLDERS, sample_round

OPERATOR = Actor.operator("cli:test")
PARIS = "Europe/Paris"
FRIDAY = datetime(2027, 3, 5, 16, 0, tzinfo=UTC)  # 17:00 in Paris


@dataclass
class Clocked:
    """A sender noting the clock of each message."""

    clock: FixedClock
    sent: list[tuple[datetime, Reply]] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        self.sent.append((self.clock(), reply))
        return str(len(self.sent))


async def world(round_changes: dict[str, object], now: datetime) -> tuple[MemoryStore, FixedClock, Deps, Clocked]:
    store, clock = MemoryStore(), FixedClock(now)
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(replace(sample_round(), **round_changes))  # type: ignore[arg-type]
        person = await uow.registry.add_participant(
            NewParticipant(stakeholder="FRA", role=Role.DELEGATE, timezone=PARIS)
        )
        await uow.registry.bind_identity(
            Identity(channel="console", account="fra", participant_id=person.id, chat="fra")
        )
        await uow.commit()
    return store, clock, Deps(new_uow=store.uow, clock=clock), Clocked(clock)


async def ticks(deps: Deps, sender: Clocked, clock: FixedClock, hours: int) -> None:
    for _ in range(hours):
        await jobs.plan_tick(deps)
        await jobs.dispatch_tick(deps, sender, owner="t")
        clock.advance(hours=1)


class TestReminderTiming:
    async def test_a_round_whose_opening_is_past_sends_no_reminder_due_before_its_invitation(self) -> None:
        """`opens` ten days ago, opened by hand now with the 7-day offset already due: the invitation only."""
        now = FRIDAY
        store, clock, deps, sender = await world(
            {
                "status": RoundStatus.DRAFT,
                "opens": now - timedelta(days=10),
                "deadline": now + timedelta(days=5),
                "reminders": (timedelta(days=7),),
            },
            now,
        )
        async with store.uow() as uow:
            await coordination.open_(uow, OPERATOR, "dao", now)
            await uow.commit()
        await ticks(deps, sender, clock, 3)
        assert [reply.key for _, reply in sender.sent] == ["invite"]

    async def test_after_an_extension_no_reminder_goes_out_in_the_night(self) -> None:
        """Extended at 00:30 on a Sunday in Paris to a deadline whose 2-day reminder fell due on Friday:
        the notice of the new deadline carries it; no reminder goes out at night (it did, at once)."""
        saturday_night = datetime(2027, 3, 6, 23, 30, tzinfo=UTC)  # Sunday 00:30 in Paris
        store, clock, deps, sender = await world(
            {
                "deadline": datetime(2027, 3, 7, 10, 0, tzinfo=UTC),
                "reminders": (timedelta(days=2),),
                "opens": FRIDAY - timedelta(days=5),
            },
            saturday_night,
        )
        async with store.uow() as uow:
            await coordination.move_deadline(uow, OPERATOR, "dao", datetime(2027, 3, 7, 14, 0, tzinfo=UTC), clock())
            await uow.commit()
        await ticks(deps, sender, clock, 16)
        assert [reply.key for _, reply in sender.sent] == ["deadline"]
        assert not [at for at, reply in sender.sent if reply.key == "remind" and not is_working(at, PARIS)]
