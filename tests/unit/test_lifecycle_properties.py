"""Property: whatever a coordinator does to a round, in any order, as time passes, the lifecycle keeps its word.

Random sequences of open, close, extend (later, earlier without and with --earlier), reopen,
remind, scheduler passes and clock moves, on the in-memory store. After every step:
- a closed round never sends a reminder (checked at the moment each message leaves);
- every invitation, reminder and deadline notice shows the deadline current when it leaves, once;
- the deadline never moves earlier except by `extend --earlier` with a reason;
- open on an open round and close on a closed round change nothing at all;
- a refused command changes nothing at all.
"""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field, replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coordinator import rounds as coordination
from bot.domain.errors import BotError
from bot.domain.model import Actor, Address, Identity, NewParticipant, Reply, Role, RoundStatus
from bot.i18n.timefmt import when_both
from bot.planning import jobs
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.fakes.memory import State
from tests.unit.conftest import STAKEHOLDERS, START, sample_round

OPERATOR = Actor.operator("cli:prop")
ZONES = {"FRA": "Europe/Paris", "NOR": "Europe/Oslo", "BRA": "America/Sao_Paulo", "JPN": "Asia/Tokyo"}

command = st.one_of(
    st.tuples(st.just("open"), st.just(0)),
    st.tuples(st.just("close"), st.just(0)),
    st.tuples(st.just("remind"), st.just(0)),
    st.tuples(st.just("extend"), st.integers(min_value=-300, max_value=300)),  # hours from the deadline
    st.tuples(st.just("earlier"), st.integers(min_value=1, max_value=300)),  # with --earlier and a reason
    st.tuples(st.just("reopen"), st.integers(min_value=1, max_value=400)),  # hours from now
    st.tuples(st.just("tick"), st.just(0)),
    st.tuples(st.just("wait"), st.integers(min_value=1, max_value=96)),  # hours
)


@dataclass
class Watch:
    """A sender that checks each message against the store at the moment it leaves."""

    store: MemoryStore
    problems: list[str] = field(default_factory=list)
    sent: list[Reply] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        round_ = self.store.state.rounds["dao"]
        zone = ZONES[address.chat[:3].upper()]
        if reply.key == "remind" and round_.status is not RoundStatus.OPEN:
            self.problems.append(f"a reminder left while the round was {round_.status.value}")
        if reply.key in ("remind", "deadline", "invite"):
            shown = when_both(round_.deadline, zone)
            if reply.text.count(shown) != 1 or reply.text.count(f"({zone})") != 1:
                self.problems.append(f"{reply.key} without the current deadline once: {reply.text!r}")
        self.sent.append(reply)
        return str(len(self.sent))


def snapshot(state: State) -> tuple[object, ...]:
    """What a command may change: the round, the outbox, the audit, the answers."""
    return copy.deepcopy((state.rounds, state.deliveries, state.audit, state.responses))


async def act(store: MemoryStore, clock: FixedClock, name: str, hours: int) -> None:
    """Run one coordinator command in its own unit of work (nothing kept when it is refused)."""
    now = clock()
    async with store.uow() as uow:
        deadline = store.state.rounds["dao"].deadline
        if name == "open":
            await coordination.open_(uow, OPERATOR, "dao", now)
        elif name == "close":
            await coordination.close_(uow, OPERATOR, "dao", now)
        elif name == "remind":
            await coordination.remind_(uow, OPERATOR, "dao", now)
        elif name == "extend":
            await coordination.move_deadline(uow, OPERATOR, "dao", deadline + timedelta(hours=hours), now)
        elif name == "earlier":
            moment = deadline - timedelta(hours=hours)
            await coordination.move_deadline(uow, OPERATOR, "dao", moment, now, earlier=True, reason="agreed")
        elif name == "reopen":
            await coordination.reopen(uow, OPERATOR, "dao", now + timedelta(hours=hours), now)
        await uow.commit()


async def scenario(steps: list[tuple[str, int]]) -> Watch:
    store, clock = MemoryStore(), FixedClock(START)
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(replace(sample_round(), status=RoundStatus.DRAFT))
        for code, zone in ZONES.items():
            person = await uow.registry.add_participant(
                NewParticipant(stakeholder=code, role=Role.DELEGATE, timezone=zone)
            )
            chat = f"{code.lower()}-{person.id}"
            await uow.registry.bind_identity(
                Identity(channel="console", account=chat, participant_id=person.id, chat=chat)
            )
        await uow.commit()
    deps = Deps(new_uow=store.uow, clock=clock)
    watch = Watch(store)
    for name, hours in steps:
        before = store.state.rounds["dao"]
        state_before = snapshot(store.state)
        if name == "tick":
            await jobs.plan_tick(deps)
            await jobs.dispatch_tick(deps, watch, owner="prop")
        elif name == "wait":
            clock.advance(hours=hours)
        else:
            try:
                await act(store, clock, name, hours)
            except BotError:
                assert snapshot(store.state) == state_before, f"a refused {name} changed something"
                continue
            after = store.state.rounds["dao"]
            if name != "earlier" and name != "reopen":
                assert after.deadline >= before.deadline, f"{name} moved the deadline earlier"
            if name == "open" and before.status is RoundStatus.OPEN:
                assert snapshot(store.state) == state_before, "open on an open round changed something"
            if name == "close" and before.status is RoundStatus.CLOSED:
                assert snapshot(store.state) == state_before, "close on a closed round changed something"
            if name == "close" and before.status is RoundStatus.OPEN:
                assert after.deadline == before.deadline, "closing changed the deadline"
        assert not watch.problems, watch.problems
    return watch


class TestLifecycleProperties:
    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(command, min_size=1, max_size=25))
    def test_any_sequence_of_commands_and_clock_moves_keeps_the_promises(self, steps: list[tuple[str, int]]) -> None:
        """No reminder for a closed round, the current deadline once, never earlier unasked, idempotent open/close."""
        asyncio.run(scenario(steps))

    def test_a_typical_life_sends_invitations_reminders_and_notices(self) -> None:
        """The property is not vacuous: a plain sequence sends each kind of message."""
        steps = [("open", 0), ("tick", 0), ("wait", 170), ("tick", 0), ("extend", 48), ("tick", 0), ("wait", 200)]
        steps += [("tick", 0), ("tick", 0), ("close", 0), ("reopen", 72), ("tick", 0)]
        watch = asyncio.run(scenario(steps))
        assert {"invite", "remind", "deadline"} <= {reply.key for reply in watch.sent}
