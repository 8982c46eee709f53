"""A channel with forms (the web) sends a whole answer at once; pages read a delegation's sheet.

The core decides by the message's capabilities, never by the channel's name.
"""

from __future__ import annotations

import pytest

from bot.domain.errors import NotAllowed, UnknownRound
from bot.domain.model import FORMS, Actor, IncomingMessage, Participant, Position, Reply, Role
from bot.views import sheets
from tests.unit.conftest import World, keys


async def form(world: World, who: Participant, action: str, event: str, **fields: str) -> list[Reply]:
    account = world.account(who)
    message = IncomingMessage(
        channel="console", account=account, chat=account, action=action, event_id=event, direct=False,
        capabilities=FORMS, fields=tuple(fields.items()),
    )  # fmt: skip
    return await world.engine.handle(message)


class TestWholeAnswers:
    async def test_a_form_stores_position_amendment_and_comment_together(self, world: World) -> None:
        """One message, one revision: the amendment and the comment come with the position."""
        delegate = await world.person("FRA")
        replies = await form(world, delegate, "p:dao:R1:sa", "f1", amendment="Add X.", comment="Capital agrees.")
        assert keys(replies) == ["recorded"]
        response = world.store.state.responses[("dao", "FRA", "R1")]
        assert (response.position, response.amendment, response.comment) == (
            Position.SUPPORT_WITH_AMENDMENTS, "Add X.", "Capital agrees.",
        )  # fmt: skip
        assert len(world.store.state.revisions) == 1
        assert world.store.state.conversations[delegate.id].ref == "R2"  # a chat picks up at the next item

    async def test_the_same_form_posted_twice_has_one_effect(self, world: World) -> None:
        """The second post of a form (same event id) changes nothing."""
        delegate = await world.person("FRA")
        await form(world, delegate, "p:dao:R1:s", "same", comment="first")
        assert await form(world, delegate, "p:dao:R1:o", "same", comment="second") == []
        assert world.store.state.responses[("dao", "FRA", "R1")].comment == "first"

    async def test_support_with_amendments_needs_the_text(self, world: World) -> None:
        """Without the amendment nothing is stored and the reply says why."""
        delegate = await world.person("FRA")
        replies = await form(world, delegate, "p:dao:R1:sa", "f1", comment="no amendment")
        assert keys(replies) == ["error.amendment_needed"]
        assert world.store.state.responses == {}

    async def test_other_positions_keep_no_amendment_and_saving_again_changes_nothing(self, world: World) -> None:
        """An amendment typed with "support" is dropped; the same answer again adds no revision."""
        delegate = await world.person("FRA")
        await form(world, delegate, "p:dao:R1:s", "f1", amendment="ignored")
        again = await form(world, delegate, "p:dao:R1:s", "f2")
        assert keys(again) == ["recorded.unchanged"]
        assert world.store.state.responses[("dao", "FRA", "R1")].amendment == ""
        assert len(world.store.state.revisions) == 1


class TestSheets:
    async def test_a_delegate_sees_their_own_sheet_and_the_focal_point_rule(self, world: World) -> None:
        """Progress, answers and who may submit come from the core."""
        delegate = await world.person("FRA")
        await world.person("FRA", Role.FOCAL_POINT, name="F. Point")
        await form(world, delegate, "p:dao:R1:s", "f1")
        async with world.uow() as uow:
            found = await sheets.sheet(uow, delegate, "dao", world.clock())
            lines = await sheets.own_rounds(uow, delegate)
        assert (found.answered, found.total, found.may_submit, found.focal_points) == (1, 4, False, ("F. Point",))
        assert [(line.round.slug, line.answered, line.total) for line in lines] == [("dao", 1, 4)]

    async def test_an_unknown_round_is_not_shown(self, world: World) -> None:
        """A slug that is not the delegation's round is UnknownRound."""
        delegate = await world.person("FRA")
        async with world.uow() as uow:
            with pytest.raises(UnknownRound):
                await sheets.sheet(uow, delegate, "nope", world.clock())

    async def test_the_overview_is_for_coordinators_and_digest_readers(self, world: World) -> None:
        """A delegate asking for the overview or another delegation's sheet is refused."""
        delegate = await world.person("FRA")
        async with world.uow() as uow:
            as_delegate = Actor(name="d", channel="web", roles=frozenset({delegate.role}))
            with pytest.raises(NotAllowed):
                await sheets.overview(uow, as_delegate)
            with pytest.raises(NotAllowed):
                await sheets.delegation_sheet(uow, as_delegate, "dao", "NOR", world.clock())
            lines = await sheets.overview(uow, Actor.operator("test"))
        assert [(line.round.slug, line.total) for line in lines] == [("dao", 5)]
