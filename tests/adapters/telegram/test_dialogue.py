"""A delegate's whole dialogue in Telegram: real PTB, long polling against the fake Bot API."""

from __future__ import annotations

import logging

import pytest

from adapters.telegram import TelegramChannel
from bot.coordinator import rounds as coordination
from bot.delivery.dispatch import dispatch_due
from bot.domain.model import Position, RoundStatus
from tests.adapters.telegram.conftest import World, press, processed, say
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

ANA = 5001001


def keyboard(message: dict[str, object]) -> list[str]:
    """The labels of a message's buttons as shown now."""
    markup = message.get("reply_markup") or {}
    assert isinstance(markup, dict)
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


class TestAnsweringARound:
    async def test_start_answer_every_recommendation_review_submit(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World, caplog: pytest.LogCaptureFixture
    ) -> None:
        """/start CODE → four recommendations by button (an amendment and a comment typed) → review → receipt."""
        code = await world.invite("FRA")
        (welcome,) = await say(api, polling, ANA, f"/start {code}")
        assert welcome["text"].startswith("Welcome, Ana Lima. This account now speaks for France")
        assert "R1 · Recommendation 1" in welcome["text"]
        assert keyboard(welcome)[:2] == ["Support", "Support with amendments"]

        # One tap: R1 is acknowledged under its own question, with "Add a comment", and R2 comes at once.
        (r2,) = await press(api, polling, ANA, "Support")
        assert r2["text"].startswith("R2 · Recommendation 2")
        assert welcome["text"].endswith("\n\n✓ R1 recorded: Support.")
        assert keyboard(welcome) == ["Add a comment on R1"]  # R1's positions are gone: they cannot answer twice

        (asked,) = await press(api, polling, ANA, "Add a comment on R1")
        assert asked["text"] == "Add a comment on R1 if you wish, or continue."
        (r2,) = await say(api, polling, ANA, "We welcome this.")
        assert r2["text"].startswith("Comment on R1 saved.\n\nR2 · Recommendation 2")
        (amend,) = await press(api, polling, ANA, "Support with amendments")
        assert amend["forced"] == {"force_reply": True}  # the reply field opens for the amendment
        assert "✓" not in r2["text"]  # nothing stored yet, so nothing ticked
        assert "Support with amendments" in keyboard(r2)  # and the choice can still be changed
        (saved, r3) = await say(api, polling, ANA, "Add 'where national authorities agree'.")
        assert saved["text"].startswith("R2 recorded: Support with amendments.\nAmendment to R2 saved.")
        assert keyboard(saved) == ["Add a comment on R2"]
        assert r3["text"].startswith("R3 · Recommendation 3")

        await press(api, polling, ANA, "Oppose")
        (review,) = await press(api, polling, ANA, "Reserve")
        assert "4 of 4 answered." in review["text"]
        assert "amendment: Add 'where national authorities agree'." in review["text"]
        (receipt,) = await press(api, polling, ANA, "Submit for France")
        assert receipt["text"].startswith("Receipt DAO-FRA-")

        stored = {ref: r for (_, who, ref), r in world.store.state.responses.items() if who == "FRA"}
        assert {ref: r.position for ref, r in stored.items()} == {
            "R1": Position.SUPPORT,
            "R2": Position.SUPPORT_WITH_AMENDMENTS,
            "R3": Position.OPPOSE,
            "R4": Position.RESERVE,
        }
        assert (stored["R1"].comment, stored["R2"].amendment) == (
            "We welcome this.",
            "Add 'where national authorities agree'.",
        )
        assert {r.channel for r in stored.values()} == {"telegram"}
        assert len(world.store.state.submissions) == 1
        assert all(c.status == 200 for c in api.calls)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    async def test_an_old_button_never_answers_a_later_question(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """R1's keyboard is gone once answered; a stale client's press of it changes R1 only."""
        code = await world.invite("FRA")
        (r1,) = await say(api, polling, ANA, f"/start {code}")
        oppose_r1 = next(b for row in r1["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "Oppose")
        await press(api, polling, ANA, "Support")
        await press(api, polling, ANA, "Reserve")  # R2, now on R3
        with pytest.raises(LookupError):
            api.press(ANA, "Oppose", message=r1)

        await processed(api, polling, api.queue(api.press_update(ANA, r1, oppose_r1["callback_data"])))
        positions = {ref: r.position for (_, _, ref), r in world.store.state.responses.items()}
        assert positions == {"R1": Position.OPPOSE, "R2": Position.RESERVE}

    async def test_typed_position_and_commands_work_too(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """A delegate in a hurry types "support"; "/review" shows the review."""
        await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
        (recorded, _) = await say(api, polling, ANA, "support")
        assert recorded["text"].startswith("R1 recorded: Support.")
        (review,) = await say(api, polling, ANA, "/review")
        assert "1 of 4 answered." in review["text"]


class TestInvitationToAnswer:
    async def test_the_continue_button_of_a_pushed_invitation_opens_the_round(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """Joined before the round opened: the dispatcher pushes the invitation through channel.sender."""
        async with world.store.uow() as uow:
            await uow.rounds.set_status("dao", RoundStatus.DRAFT)
            await uow.commit()
        await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
        async with world.store.uow() as uow:
            assert await coordination.open_round(uow, None, "dao", world.clock()) == 1
            await uow.commit()
        assert (await dispatch_due(world.deps, polling.sender, owner="test")).sent == 1
        assert api.messages(str(ANA))[-1]["text"].startswith("Consultation: Delivering as One")
        (item,) = await press(api, polling, ANA, "Continue")
        assert item["text"].startswith("R1 · Recommendation 1")


class TestJoining:
    async def test_a_wrong_code_binds_nothing(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """A clear message, and the account stays unknown."""
        (answer,) = await say(api, polling, ANA, "/start not-a-code")
        assert answer["text"] == "That invitation code is not valid. Check it, or ask the Secretariat for a new one."
        assert world.store.state.identities == {}

    async def test_a_used_code_binds_nothing(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """A code works once: a second account gets told so."""
        code = await world.invite("FRA")
        await say(api, polling, ANA, f"/start {code}")
        (answer,) = await say(api, polling, 5001002, f"/start {code}")
        assert answer["text"] == "That invitation code has already been used. Ask the Secretariat for a new one."
        assert [i.account for i in world.store.state.identities.values()] == [str(ANA)]

    async def test_an_expired_code_binds_nothing(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """Codes expire (14 days by default)."""
        code = await world.invite("FRA")
        world.clock.advance(days=15)
        (answer,) = await say(api, polling, ANA, f"/start {code}")
        assert answer["text"] == "That invitation code has expired. Ask the Secretariat for a new one."
        assert world.store.state.identities == {}

    async def test_repeated_wrong_codes_are_slowed_down(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """After five wrong codes even a right one waits (the core counts; the adapter only relays)."""
        for attempt in range(5):
            await say(api, polling, ANA, f"/start wrong-{attempt}")
        (answer,) = await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
        assert answer["text"].startswith("Too many wrong codes")
        assert world.store.state.identities == {}

    async def test_start_without_a_code_explains_how_to_join(
        self, api: FakeTelegramAPI, polling: TelegramChannel
    ) -> None:
        """Opening the bot without the deep link."""
        (answer,) = await say(api, polling, ANA, "/start")
        assert "not linked to a delegation" in answer["text"]
