"""The digest's delivery section counts the delegations the bot has nobody to reach in."""

from __future__ import annotations

from bot.digest import compose, lists
from bot.domain.model import Actor
from tests.unit.conftest import World


class TestNobodyToReach:
    async def test_delegations_without_a_reachable_participant_are_counted_and_named(self, world: World) -> None:
        """Only France has a delegate: the four others are named, and "every participant is reachable" is not said."""
        await world.person("FRA")
        async with world.uow() as uow:
            digest = await compose.preview(uow, Actor.operator("cli:test"), world.clock(), slug="dao")
        (found,) = digest.rounds
        assert found.nobody == ("BRA", "JPN", "NGA", "NOR")
        said = lists.problems(found, "en")
        assert said[0].startswith("Delegations with nobody to reach (4): Brazil")
        assert not any("reachable" in line for line in said)
