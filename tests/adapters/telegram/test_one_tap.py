"""Issue 13 (8): a delegate's time is precious. The sample round's 31 recommendations take 31 taps
in Telegram (the next recommendation comes with each answer), plus one to submit; before, each answer
took two (the position, then "No comment")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from adapters.roundfile import load_round_file
from adapters.telegram import TelegramChannel
from bot.domain.model import Position, RoundStatus
from tests.adapters.telegram.conftest import World, make_world, press, say
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

ANA = 5001001
SAMPLE = Path(__file__).parents[3] / "config" / "rounds" / "a61-583.yaml"


@pytest.fixture
def world() -> World:
    return make_world(replace(load_round_file(SAMPLE).round, status=RoundStatus.OPEN))


def buttons(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    assert isinstance(markup, dict)
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def test_the_sample_round_takes_31_taps_and_one_to_submit(
    api: FakeTelegramAPI, polling: TelegramChannel, world: World
) -> None:
    (welcome,) = await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
    assert "31 recommendations" in welcome["text"]
    taps, question = 0, welcome
    while True:
        (following,) = await press(api, polling, ANA, "Support")  # one message per tap: the next one
        taps += 1
        ref = question["text"].split(" · ")[0].split()[-1]  # the pressed question's own reference
        assert question["text"].endswith(f"✓ {ref} recorded: Support.")  # acknowledged where it was asked
        assert buttons(question) == [f"Add a comment on {ref}"]
        if following["text"].startswith("Review"):
            break
        question = following
        assert taps < 40, "the round never ended"
    assert taps == 31
    assert "31 of 31 answered." in following["text"]
    (receipt,) = await press(api, polling, ANA, "Submit for France")
    assert receipt["text"].startswith("Receipt A61-583-FRA-01")
    answers = [r for (_, who, _), r in world.store.state.responses.items() if who == "FRA"]
    assert len(answers) == 31
    assert {r.position for r in answers} == {Position.SUPPORT}


async def test_a_comment_on_an_earlier_answer_is_one_tap_away_and_the_dialogue_goes_on(
    api: FakeTelegramAPI, polling: TelegramChannel, world: World
) -> None:
    """Answer CL-1 and CL-2, then comment on CL-1 from its acknowledgement: the comment goes on CL-1,
    and the dialogue comes back to the first unanswered recommendation."""
    await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
    await press(api, polling, ANA, "Support")
    await press(api, polling, ANA, "Oppose")  # CL-2
    (asked,) = await press(api, polling, ANA, "Add a comment on CL-1")
    assert asked["text"].startswith("Add a comment on CL-1")
    (back,) = await say(api, polling, ANA, "Our capital agrees.")
    assert back["text"].startswith("Comment on CL-1 saved.")
    assert "CL-3 · " in back["text"]
    assert world.store.state.responses["a61-583", "FRA", "CL-1"].comment == "Our capital agrees."
    assert world.store.state.responses["a61-583", "FRA", "CL-2"].comment == ""
