"""A delegate's dialogue with the engine, told as stories."""

from __future__ import annotations

from bot.domain.model import Position, Role, RoundStatus, Step
from tests.unit.conftest import World, keys, texts


class TestAnsweringARound:
    async def test_a_comment_typed_again_is_acknowledged_and_stored_once(self, world: World) -> None:
        """A comment typed again as it stands (the first reply lost in a restart, or a delegate
        re-checking): they are told it is saved already, not shown the next screen alone."""
        fra = await world.person("FRA")
        recorded = await world.press(fra, "Support", await world.say(fra, "start"))
        await world.say(fra, action=recorded[0].choices[0].action)
        assert keys(await world.say(fra, "We welcome this.")) == ["comment.saved", "item"]
        revisions = len(world.store.state.revisions)

        again = await world.press(fra, "Support", await world.say(fra, "edit R1"))
        assert [c.label for c in again[0].choices] == ["Change the comment on R1"]
        await world.say(fra, action=again[0].choices[0].action)
        replies = await world.say(fra, "We welcome this.")
        assert keys(replies) == ["comment.unchanged", "item"]
        assert replies[0].text == "Comment on R1 already saved."
        assert len(world.store.state.revisions) == revisions  # nothing written twice

    async def test_a_delegate_answers_every_recommendation_and_submits(self, world: World) -> None:
        """Start → four recommendations (one with an amendment, one with a comment) → review → submit → receipt."""
        fra = await world.person("FRA")
        replies = await world.say(fra, "start")
        assert keys(replies) == ["item"]
        assert "1 of 4" in replies[0].text
        assert replies[0].title.startswith("R1")
        assert "Summary of A/61/583" in replies[0].text

        replies = await world.press(fra, "Support", replies)
        # One tap: the answer is recorded and the next recommendation comes at once, with
        # "Add a comment" offered on the recorded answer.
        assert keys(replies) == ["recorded", "item"]
        assert replies[0].confirms == "R1: Support"
        assert [c.label for c in replies[0].choices] == ["Add a comment on R1"]
        assert "2 of 4" in replies[1].text
        asked = await world.say(fra, action=replies[0].choices[0].action)
        assert keys(asked) == ["ask.comment"]
        replies = await world.say(fra, "We welcome this.")
        assert keys(replies) == ["comment.saved", "item"]
        assert "2 of 4" in replies[1].text

        replies = await world.press(fra, "Support with amendments", replies)
        assert keys(replies) == ["ask.amendment"]
        assert not replies[0].confirms  # nothing is stored yet, so nothing is shown as chosen
        replies = await world.say(fra, "Add 'where national authorities agree'.")
        assert keys(replies) == ["amendment.saved", "item"]
        assert "3 of 4" in replies[-1].text

        replies = await world.press(fra, "Oppose", replies)
        replies = await world.press(fra, "Reserve", replies)
        assert keys(replies) == ["recorded", "review"]
        assert "4 of 4 answered" in replies[1].text
        assert "amendment: Add 'where national authorities agree'." in replies[1].text

        replies = await world.press(fra, "Submit for France", replies)
        assert keys(replies) == ["receipt"]
        assert "DAO-FRA-01" in replies[0].title

        state = world.store.state
        answers = {k[2]: r for k, r in state.responses.items() if k[1] == "FRA"}
        assert {ref: r.position for ref, r in answers.items()} == {
            "R1": Position.SUPPORT,
            "R2": Position.SUPPORT_WITH_AMENDMENTS,
            "R3": Position.OPPOSE,
            "R4": Position.RESERVE,
        }
        assert answers["R1"].comment == "We welcome this."
        assert answers["R2"].amendment == "Add 'where national authorities agree'."
        assert len(state.submissions) == 1

    async def test_typed_positions_are_understood(self, world: World) -> None:
        """A delegate in a hurry may type the position instead of pressing a button."""
        fra = await world.person("FRA")
        await world.say(fra, "start")
        replies = await world.say(fra, "no position")
        assert replies[0].text == "R1 recorded: No position."

    async def test_an_old_button_answers_its_own_item_not_the_current_one(self, world: World) -> None:
        """Pressing R1's buttons while on R3 changes R1 only."""
        fra = await world.person("FRA")
        first = await world.say(fra, "start")
        replies = await world.press(fra, "Support", first)
        replies = await world.press(fra, "Skip", replies)
        await world.press(fra, "Oppose", first)
        positions = {k[2]: r.position for k, r in world.store.state.responses.items()}
        assert positions == {"R1": Position.OPPOSE}

    async def test_back_and_skip_move_between_recommendations(self, world: World) -> None:
        """Skip leaves an item unanswered; back returns to it."""
        fra = await world.person("FRA")
        replies = await world.say(fra, "start")
        replies = await world.press(fra, "Skip", replies)
        assert replies[0].title.startswith("R2")
        replies = await world.press(fra, "Back", replies)
        assert replies[0].title.startswith("R1")
        assert world.store.state.responses == {}

    async def test_edit_shows_the_current_answer(self, world: World) -> None:
        """`edit R1` shows R1 with its stored position marked."""
        fra = await world.person("FRA")
        await world.press(fra, "Oppose", await world.say(fra, "start"))
        replies = await world.say(fra, "edit r1")
        assert "Your delegation's answer: Oppose" in replies[0].text
        assert any(c.label == "✓ Oppose" for c in replies[0].choices)


class TestRestartResumes:
    async def test_the_conversation_resumes_where_it_was(self, world: World) -> None:
        """A new engine on the same store (a restart) shows the same recommendation again."""
        fra = await world.person("FRA")
        replies = await world.press(fra, "Support", await world.say(fra, "start"))
        assert replies[-1].title.startswith("R2")
        from bot.engine import Engine

        world.engine = Engine(world.engine.deps)
        replies = await world.say(fra, "start")
        assert replies[0].title.startswith("R2")

    async def test_an_amendment_prompt_survives_a_restart(self, world: World) -> None:
        """Waiting for an amendment, the next text is the amendment, even after a restart."""
        fra = await world.person("FRA")
        await world.press(fra, "Support with amendments", await world.say(fra, "start"))
        assert world.store.state.conversations[fra.id].step is Step.AMENDMENT
        replies = await world.say(fra, "continue")
        assert keys(replies) == ["ask.amendment"]


class TestSubmitting:
    async def test_submit_with_unanswered_items_offers_no_position_and_asks_first(self, world: World) -> None:
        """Submitting early lists what is missing, stores nothing, and offers "No position" on the
        rest in one confirmed step."""
        fra = await world.person("FRA")
        await world.press(fra, "Support", await world.say(fra, "start"))
        replies = offer = await world.say(fra, "submit")
        assert keys(replies) == ["submit.unanswered"]
        assert "R2, R3, R4" in replies[0].text
        assert world.store.state.submissions == []
        assert len(world.store.state.responses) == 1
        replies = await world.press(fra, "Mark 3 “No position” and submit", replies)
        assert keys(replies) == ["receipt"]
        positions = {k[2]: r.position for k, r in world.store.state.responses.items() if k[1] == "FRA"}
        assert positions == {
            "R1": Position.SUPPORT,
            "R2": Position.NO_POSITION,
            "R3": Position.NO_POSITION,
            "R4": Position.NO_POSITION,
        }
        [submission] = world.store.state.submissions
        assert [a.position for a in submission.answers].count(Position.NO_POSITION) == 3
        again = await world.press(fra, "Mark 3 “No position” and submit", offer)
        assert keys(again) == ["receipt"]  # pressed twice: the same receipt, nothing more
        assert again[0].title == replies[0].title
        assert len(world.store.state.submissions) == 1

    async def test_the_review_offers_submit_with_gaps_too(self, world: World) -> None:
        """The review's Submit leads to the same offer when items are unanswered."""
        fra = await world.person("FRA")
        await world.press(fra, "Oppose", await world.say(fra, "start"))
        replies = await world.press(fra, "Submit for France", await world.say(fra, "review"))
        assert keys(replies) == ["submit.unanswered"]
        replies = await world.press(fra, "Review all", replies)
        assert keys(replies) == ["review"]
        assert world.store.state.submissions == []

    async def test_only_the_focal_point_submits_when_there_is_one(self, world: World) -> None:
        """With a focal point, a plain delegate cannot submit; the focal point can."""
        delegate = await world.person("NOR")
        focal = await world.person("NOR", Role.FOCAL_POINT, name="Ms Focal")
        replies = await world.say(delegate, "start")
        for _ in range(4):
            replies = await world.press(delegate, "Support", replies)
        assert "Only your delegation's focal point may submit (Ms Focal)" in replies[-1].text
        assert not any("Submit" in c.label for c in replies[-1].choices)
        assert (await world.say(delegate, "submit"))[0].key == "error.not_allowed"
        replies = await world.say(focal, "submit")
        assert replies[0].key == "receipt"

    async def test_resubmission_issues_a_new_receipt(self, world: World) -> None:
        """Answers stay editable; submitting again gives receipt 02."""
        fra = await world.person("FRA")
        replies = await world.say(fra, "start")
        for _ in range(4):
            replies = await world.press(fra, "Support", replies)
        await world.say(fra, "submit")
        world.clock.advance(hours=1)
        await world.press(fra, "Oppose", await world.say(fra, "edit R3"))
        review = await world.say(fra, "review")
        assert "changed since that submission" in review[0].text
        replies = await world.say(fra, "submit")
        assert "DAO-FRA-02" in replies[0].title


class TestAfterTheDeadline:
    async def test_answers_after_the_deadline_are_refused_and_nothing_changes(self, world: World) -> None:
        """One second after the deadline, a position is refused with a clear message."""
        fra = await world.person("FRA")
        replies = await world.say(fra, "start")
        world.clock.set(world.store.state.rounds["dao"].deadline)
        refused = await world.press(fra, "Support", replies)
        assert refused[0].key == "error.round_closed"
        assert "answers are frozen" in refused[0].text
        assert world.store.state.responses == {}

    async def test_support_with_amendments_is_never_shown_chosen_before_it_is_stored(self, world: World) -> None:
        """Issue 21: the choice was ticked (✓) at the press; the deadline then passed while the amendment
        was typed, and the stored answer was still the old one. Now nothing is ticked until the
        amendment stores it, and a late amendment is refused plainly."""
        fra = await world.person("FRA")
        await world.press(fra, "Oppose", await world.say(fra, "start"))
        asked = await world.press(fra, "Support with amendments", await world.say(fra, "edit R1"))
        assert [r.confirms for r in asked] == [""]
        assert "until then your delegation's answer is unchanged" in asked[0].text
        assert world.store.state.responses[("dao", "FRA", "R1")].position is Position.OPPOSE
        world.clock.set(world.store.state.rounds["dao"].deadline)
        late = await world.say(fra, "Add 'where national authorities agree'.")
        assert late[0].key == "error.round_closed"
        assert world.store.state.responses[("dao", "FRA", "R1")].position is Position.OPPOSE

    async def test_a_closed_round_refuses_answers(self, world: World) -> None:
        fra = await world.person("FRA")
        replies = await world.say(fra, "start")
        async with world.uow() as uow:
            await uow.rounds.set_status("dao", RoundStatus.CLOSED)
            await uow.commit()
        assert (await world.press(fra, "Support", replies))[0].key == "error.round_closed"


class TestCommands:
    async def test_help_lists_the_commands(self, world: World) -> None:
        fra = await world.person("FRA")
        assert "edit REF" in texts(await world.say(fra, "help"))

    async def test_status_shows_my_delegation_progress(self, world: World) -> None:
        fra = await world.person("FRA")
        await world.press(fra, "Support", await world.say(fra, "start"))
        replies = await world.say(fra, "status")
        assert "1 of 4 answered · in progress" in replies[0].text

    async def test_an_unknown_command_gets_a_clear_message(self, world: World) -> None:
        fra = await world.person("FRA")
        await world.say(fra, "review")
        replies = await world.say(fra, "frobnicate")
        assert replies[0].key == "error.unknown_command"
        assert "Type help" in replies[0].text

    async def test_timezone_can_be_set(self, world: World) -> None:
        fra = await world.person("FRA")
        assert (await world.say(fra, "timezone Europe/Paris"))[0].key == "timezone.set"
        assert world.store.state.participants[fra.id].timezone == "Europe/Paris"
        assert (await world.say(fra, "timezone Mars/Olympus"))[0].key == "timezone.bad"


class TestBadInput:
    async def test_a_comment_over_4000_characters_is_refused_and_nothing_stored(self, world: World) -> None:
        """The position stays; the long comment is refused with its length and the limit."""
        fra = await world.person("FRA")
        replies = await world.press(fra, "Support", await world.say(fra, "start"))
        await world.say(fra, action=replies[0].choices[0].action)  # Add a comment on R1
        replies = await world.say(fra, "x" * 4001)
        assert replies[0].key == "error.too_long"
        assert "4001 characters; at most 4000" in replies[0].text
        response = world.store.state.responses[("dao", "FRA", "R1")]
        assert response.comment == ""
        assert len(world.store.state.revisions) == 1

    async def test_an_empty_amendment_is_refused(self, world: World) -> None:
        fra = await world.person("FRA")
        await world.press(fra, "Support with amendments", await world.say(fra, "start"))
        assert (await world.say(fra, "   "))[0].key == "error.empty"
        assert world.store.state.responses == {}


class TestForms:
    async def test_a_form_sends_the_amendment_and_comment_with_their_action(self, world: World) -> None:
        """Slack's modal: the text arrives with an "am"/"cm" action naming the item, wherever the dialogue is."""
        fra = await world.person("FRA")
        await world.say(fra, "start")
        replies = await world.say(fra, action="am:dao:R3", text="Delete the last sentence.")
        assert keys(replies) == ["amendment.saved", "item"]
        await world.say(fra, action="cm:dao:R3", text="As agreed in the group.")
        response = world.store.state.responses[("dao", "FRA", "R3")]
        assert (response.position, response.amendment, response.comment) == (
            Position.SUPPORT_WITH_AMENDMENTS,
            "Delete the last sentence.",
            "As agreed in the group.",
        )


class TestRedelivery:
    async def test_the_same_event_twice_changes_nothing_the_second_time(self, world: World) -> None:
        """A platform retry (same event id) gets no reply and writes nothing."""
        fra = await world.person("FRA")
        replies = await world.say(fra, "start")
        action = next(c.action for c in replies[0].choices if c.label == "Oppose")
        first = await world.say(fra, action=action, event_id="update-77")
        commits = world.store.commits
        second = await world.say(fra, action=action, event_id="update-77")
        assert first
        assert second == []
        assert world.store.commits == commits
        assert len(world.store.state.revisions) == 1


class TestSubmittingTwice:
    async def test_submit_pressed_twice_keeps_one_receipt(self, world: World) -> None:
        """Nothing changed since the last submission: the same receipt again, no second submission."""
        fra = await world.person("FRA")
        replies = await world.say(fra, "start")
        for _ in range(4):
            replies = await world.press(fra, "Support", replies)
        first = await world.say(fra, "submit")
        second = await world.say(fra, "submit")
        assert first[0].title == second[0].title == "Receipt DAO-FRA-01"
        assert len(world.store.state.submissions) == 1
