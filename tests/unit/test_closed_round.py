"""A closed round says so at once, before anything else, and offers no button."""

from __future__ import annotations

from bot.coordinator import rounds as coordination
from bot.dialogue import screens
from bot.domain.model import Actor, Role
from tests.unit.conftest import World, keys, sample_round

OPERATOR = Actor.operator("cli:test")


async def close(world: World) -> None:
    async with world.uow() as uow:
        await coordination.close_(uow, OPERATOR, "dao", world.clock())
        await uow.commit()


class TestAClosedRound:
    async def test_a_delegate_is_told_first_and_sees_no_button(self, world: World) -> None:
        """Start, review, edit and a stale button: the closure comes first; no reply carries a button."""
        fra = await world.person("FRA")
        await world.person("FRA", Role.FOCAL_POINT, name="Ms Focal")
        first = await world.say(fra, "start")
        stale = next(c.action for c in first[0].choices if c.action.startswith("p:"))
        await close(world)
        for said in ("start", "review", "edit R2"):
            replies = await world.say(fra, said)
            assert replies[0].text.startswith("The round “Delivering as One” closed on"), said
            assert all(not r.choices for r in replies), said
            assert "()" not in "\n".join(r.text for r in replies), "never an empty list of focal points"
        pressed = await world.say(fra, action=stale)
        assert keys(pressed) == ["error.round_closed"]
        assert world.store.state.responses == {}

    async def test_the_focal_point_message_names_someone_or_says_how_to_appoint_one(self) -> None:
        """Without a focal point the review says who appoints one, never "()"."""
        reply = screens.review(
            "en",
            sample_round(),
            {},
            delegation="France",
            submission=None,
            may_submit=False,
            focal_points=[],
            zone="Europe/Paris",
            now=sample_round().deadline.replace(year=2027, month=3, day=2),
        )
        assert "()" not in reply.text
        assert "invite CODE --role focal_point" in reply.text
