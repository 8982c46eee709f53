"""The reader's working week comes from their country (CLDR weekend), not a fixed Monday–Friday."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.model import Address, Identity, NewParticipant, Reply, Role, Stakeholder
from bot.i18n.worktime import is_working, next_working, workdays
from bot.planning import jobs
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.unit.conftest import STAKEHOLDERS, sample_round

RIYADH, PARIS = "Asia/Riyadh", "Europe/Paris"
SAUDI_ARABIA = Stakeholder(code="SAU", name="Saudi Arabia", groups=("Asia-Pacific Group",))
#: Friday 5 March 2027, 06:00 UTC: 09:00 in Riyadh, 07:00 in Paris.
FRIDAY_MORNING = datetime(2027, 3, 5, 6, 0, tzinfo=UTC)


class TestWorkdays:
    @pytest.mark.parametrize(
        ("country", "weekend"),
        [("SAU", {4, 5}), ("FRA", {5, 6}), ("IRN", {4}), ("ISR", {4, 5}), ("USA", {5, 6})],
    )
    def test_the_weekend_is_the_countrys(self, country: str, weekend: set[int]) -> None:
        """Friday–Saturday in Saudi Arabia, Saturday–Sunday in France, Friday alone in Iran (CLDR)."""
        assert workdays(country) == frozenset(range(7)) - weekend

    @pytest.mark.parametrize("country", ["", "UNDP", "XYZ", "EU", "12"])
    def test_no_country_keeps_monday_to_friday(self, country: str) -> None:
        assert workdays(country) == frozenset(range(5))

    def test_friday_noon_is_rest_in_riyadh_and_work_in_paris(self) -> None:
        friday_noon = datetime(2027, 3, 5, 10, 0, tzinfo=UTC)  # 13:00 Riyadh, 11:00 Paris
        assert not is_working(friday_noon, RIYADH, "SAU")
        assert is_working(friday_noon, PARIS, "FRA")

    def test_sunday_noon_is_work_in_riyadh_and_rest_in_paris(self) -> None:
        sunday_noon = datetime(2027, 3, 7, 10, 0, tzinfo=UTC)
        assert is_working(sunday_noon, RIYADH, "SAU")
        assert not is_working(sunday_noon, PARIS, "FRA")

    def test_thursday_night_in_riyadh_waits_for_sunday(self) -> None:
        thursday_night = datetime(2027, 3, 4, 19, 0, tzinfo=UTC)  # 22:00 in Riyadh
        assert next_working(thursday_night, RIYADH, "SAU") == datetime(2027, 3, 7, 5, 0, tzinfo=UTC)


@dataclass
class Clocked:
    """A sender noting the clock and the chat of each message."""

    clock: FixedClock
    sent: list[tuple[datetime, str, Reply]] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        self.sent.append((self.clock(), address.chat, reply))
        return str(len(self.sent))


async def two_delegations(reminder_due: datetime) -> tuple[FixedClock, Deps, Clocked]:
    """An open round whose one reminder falls due at `reminder_due`; a Saudi and a French delegate."""
    store, clock = MemoryStore(), FixedClock(reminder_due - timedelta(hours=1))
    async with store.uow() as uow:
        await uow.registry.add_stakeholders([*STAKEHOLDERS, SAUDI_ARABIA])
        deadline = reminder_due + timedelta(days=5)
        await uow.rounds.add(replace(sample_round(), deadline=deadline, reminders=(timedelta(days=5),)))
        for code, zone in (("SAU", RIYADH), ("FRA", PARIS)):
            new = NewParticipant(stakeholder=code, role=Role.DELEGATE, timezone=zone)
            person = await uow.registry.add_participant(new)
            await uow.registry.bind_identity(
                Identity(channel="console", account=code, participant_id=person.id, chat=code)
            )
        await uow.commit()
    return clock, Deps(new_uow=store.uow, clock=clock), Clocked(clock)


async def reminded(reminder_due: datetime, hours: int) -> dict[str, datetime]:
    """Tick the planner and the dispatcher hourly; when each delegation got its reminder."""
    clock, deps, sender = await two_delegations(reminder_due)
    for _ in range(hours):
        await jobs.plan_tick(deps)
        await jobs.dispatch_tick(deps, sender, owner="t")
        clock.advance(hours=1)
    return {chat: at for at, chat, reply in sender.sent if reply.key == "remind"}


class TestRemindersKeepTheWorkingWeek:
    async def test_a_saudi_delegation_waits_for_sunday_and_a_french_one_is_reminded_on_friday(self) -> None:
        """Due on Friday morning: France hears on Friday at 08:00 Paris; Saudi Arabia on Sunday at 08:00 Riyadh."""
        sent = await reminded(FRIDAY_MORNING, hours=60)
        assert sent["FRA"] == datetime(2027, 3, 5, 7, 0, tzinfo=UTC)  # Friday 08:00 in Paris
        assert sent["SAU"] == datetime(2027, 3, 7, 5, 0, tzinfo=UTC)  # Sunday 08:00 in Riyadh

    async def test_due_on_sunday_a_saudi_delegation_hears_then_and_a_french_one_on_monday(self) -> None:
        sunday_morning = datetime(2027, 3, 7, 6, 0, tzinfo=UTC)  # 09:00 in Riyadh, 07:00 in Paris
        sent = await reminded(sunday_morning, hours=40)
        assert sent["SAU"] == datetime(2027, 3, 7, 6, 0, tzinfo=UTC)  # at once: Sunday is a working day
        assert sent["FRA"] == datetime(2027, 3, 8, 7, 0, tzinfo=UTC)  # Monday 08:00 in Paris
