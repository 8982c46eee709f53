"""Property: whatever several delegates of several delegations type or press, the engine keeps its promises."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain import actions
from bot.domain.model import Position, Reply, Role
from bot.engine import Engine
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.unit.conftest import STAKEHOLDERS, START, World, sample_round

TEXTS = [
    "start", "help", "status", "review", "submit", "edit R2", "edit R9", "back", "skip", "support", "oppose",
    "no position", "reserve", "support with amendments", "rounds", "", "   ", "<b>hi</b> & <!channel>",
    "status FRA", "open dao", "close dao", "remind dao", "extend dao 2027-04-01T10:00+00:00", "x" * 5000,
    "\u202etxet\u200b", "🙂🙂", "/start WRONGCODE", "join ABC",
]  # fmt: skip
FORGED = [
    "p:dao:R1:s", "p:dao:R9:s", "p:other:R1:o", "p:dao:R1:zz", "sub:dao", "am:dao:R2", "cm:dao:R3", "go:nope",
    "p:dao:R1:s:extra", "rev:", ":::", "x" * 80,
]  # fmt: skip

step = st.tuples(
    st.integers(min_value=0, max_value=4),  # who
    st.one_of(
        st.tuples(st.just("text"), st.sampled_from(TEXTS)),
        st.tuples(st.just("text"), st.text(max_size=30)),
        st.tuples(st.just("press"), st.integers(min_value=0, max_value=12)),
        st.tuples(st.just("forged"), st.sampled_from(FORGED)),
    ),
    st.integers(min_value=0, max_value=3),  # minutes to let pass
)


async def scenario(steps: list[tuple[int, tuple[str, object], int]]) -> World:
    clock = FixedClock(START)
    store = MemoryStore()
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(sample_round(items=3))
        await uow.commit()
    world = World(store=store, clock=clock, engine=Engine(Deps(new_uow=store.uow, clock=clock)))
    people = [
        await world.person("FRA"),
        await world.person("FRA", Role.FOCAL_POINT),
        await world.person("NOR"),
        await world.person("BRA"),
        await world.person("UNS", Role.COORDINATOR),
    ]
    last: dict[int, list[Reply]] = {}
    for who, (kind, value), minutes in steps:
        clock.advance(minutes=minutes)
        person = people[who]
        if kind == "press":
            choices = [c for r in last.get(who, []) for c in r.choices]
            if not choices:
                continue
            replies = await world.say(person, action=choices[int(str(value)) % len(choices)].action)
        elif kind == "forged":
            replies = await world.say(person, action=str(value), text="free text")
        else:
            replies = await world.say(person, str(value))
        assert all(isinstance(r, Reply) and (r.text or r.title) for r in replies)
        for reply in replies:
            assert all(len(c.action.encode()) <= actions.MAX_BYTES for c in reply.choices)
        if replies:
            last[who] = replies
    return world


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, max_size=40))
def test_random_dialogues_keep_every_promise(steps: list[tuple[int, tuple[str, object], int]]) -> None:
    """Never crashes; nobody writes for another delegation; one response per item; every change has a revision."""
    world = asyncio.run(scenario(steps))
    state = world.store.state
    owner = {p.id: p.stakeholder for p in state.participants.values()}
    for (round_slug, stakeholder, ref), response in state.responses.items():
        assert owner[response.participant_id or 0] == stakeholder, "a delegate wrote another delegation's answer"
        if response.position is Position.SUPPORT_WITH_AMENDMENTS:
            assert response.amendment, "support with amendments always carries the amendment"
        mine = [r for r in state.revisions if (r.round, r.stakeholder, r.ref) == (round_slug, stakeholder, ref)]
        assert mine, "a response without a revision"
        latest = mine[-1]
        assert (latest.position, latest.amendment, latest.comment) == (
            response.position,
            response.amendment,
            response.comment,
        )
    assert len(state.responses) == len({(k[0], k[1], k[2]) for k in state.responses})
    for revision in state.revisions:
        assert owner[revision.participant_id or 0] == revision.stakeholder
    for submission in state.submissions:
        assert owner[submission.participant_id or 0] == submission.stakeholder
    assert all(len(r.comment) <= 4000 and len(r.amendment) <= 4000 for r in state.responses.values())
