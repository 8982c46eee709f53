"""The delegate's side of the record: the receipt lists what was submitted and can be asked for again;
status and review say when answers changed since; ordering never depends on the clocks of replicas."""

from __future__ import annotations

from bot.domain.model import Participant, Position, Role
from tests.unit.conftest import World, keys


async def answer_all(world: World, who: Participant, position: str = "Support") -> None:
    replies = await world.say(who, "start")
    for _ in range(4):
        replies = await world.press(who, position, replies)


class TestTheReceipt:
    async def test_lists_what_was_submitted_and_comes_back_on_request(self, world: World) -> None:
        """Each reference with its position; amendments and comments counted (long ones not repeated)."""
        fra = await world.person("FRA", name="Marie")
        replies = await world.say(fra, "start")
        replies = await world.press(fra, "Support with amendments", replies)
        replies = await world.say(fra, "Add 2030.")
        await world.say(fra, action=replies[0].choices[0].action)  # Add a comment on R1
        replies = await world.say(fra, "A comment " + "long " * 40)
        for _ in range(3):
            replies = await world.press(fra, "Oppose", replies)
        receipt = await world.say(fra, "submit")
        assert keys(receipt) == ["receipt"]
        body = receipt[0].text
        assert "R1: Support with amendments; amendment “Add 2030.”; comment 209 characters" in body
        assert "R2: Oppose" in body
        assert "1 amendments and 1 comments, as submitted." in body
        assert "Submitted by Marie (delegate)" in body
        again = await world.say(fra, "receipt")
        assert again[0].text == body
        submission = world.store.state.submissions[0]
        assert [(a.ref, a.position) for a in submission.answers][:2] == [
            ("R1", Position.SUPPORT_WITH_AMENDMENTS),
            ("R2", Position.OPPOSE),
        ]
        assert (submission.name, submission.role) == ("Marie", "delegate")

    async def test_no_receipt_before_submitting(self, world: World) -> None:
        fra = await world.person("FRA")
        await world.say(fra, "start")
        replies = await world.say(fra, "receipt")
        assert replies[0].key == "error.no_receipt"
        assert "has not submitted in this round yet" in replies[0].text


class TestChangedSinceSubmitting:
    async def test_status_and_review_say_so_and_the_snapshot_stays(self, world: World) -> None:
        """A change after submitting is a draft: the submission still holds Support; status, review and
        receipt say the answers changed since."""
        fra = await world.person("FRA")
        await answer_all(world, fra)
        await world.say(fra, "submit")
        await world.press(fra, "Oppose", await world.say(fra, "edit R1"))
        status = await world.say(fra, "status")
        assert "submitted" in status[0].text
        assert "Answers changed since that submission" in status[0].text
        review = await world.say(fra, "review")
        assert "Answers changed since that submission" in review[0].text
        assert "Answers changed since that submission" in (await world.say(fra, "receipt"))[0].text
        assert world.store.state.submissions[0].answer("R1").position is Position.SUPPORT  # type: ignore[union-attr]
        await world.press(fra, "Support", await world.say(fra, "edit R1"))  # changed back: no change
        assert "changed since" not in (await world.say(fra, "status"))[0].text


class TestClocksOfReplicas:
    async def test_a_colleagues_change_on_a_replica_whose_clock_is_behind_still_makes_a_new_receipt(
        self, world: World
    ) -> None:
        """Issue 21 (8): replica A's clock runs 5 s ahead. FRA submits there; a colleague changes R3 on a
        replica 5 s behind (its timestamp is earlier than the submission's); Submit again must not hand
        back the old receipt: what changed is compared, not timestamps."""
        fra = await world.person("FRA", Role.FOCAL_POINT)
        colleague = await world.person("FRA", Role.FOCAL_POINT, name="Colleague")
        await answer_all(world, fra)
        world.clock.advance(seconds=5)  # replica A, ahead
        first = await world.say(fra, "submit")
        world.clock.advance(seconds=-10)  # replica B, behind
        await world.press(colleague, "Oppose", await world.say(colleague, "edit R3"))
        world.clock.advance(seconds=1)
        second = await world.say(fra, "submit")
        assert "-01" in first[0].title
        assert "-02" in second[0].title
        assert world.store.state.submissions[-1].answer("R3").position is Position.OPPOSE  # type: ignore[union-attr]

    async def test_submit_pressed_twice_keeps_one_receipt(self, world: World) -> None:
        fra = await world.person("FRA")
        await answer_all(world, fra)
        first = await world.say(fra, "submit")
        world.clock.advance(seconds=-30)
        assert (await world.say(fra, "submit"))[0].title == first[0].title
        assert len(world.store.state.submissions) == 1
