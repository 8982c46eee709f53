"""The acknowledgement of a press goes under the question it answers, or, when it cannot, as a message.

One tap, one new message (the next question): the pressed question keeps its text, loses its
positions and shows "✓ R1 recorded: Support." with "Add a comment on R1". When the question is too
long to take that line, or the edit fails, nothing of the acknowledgement is lost: it is sent as a
message of its own, as before.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram import Chat, InlineKeyboardMarkup, Message

from adapters.telegram import TelegramChannel
from adapters.telegram.handlers import pressed_edit
from adapters.telegram.render import MAX_CAPTION, MAX_TEXT
from bot.domain.model import Choice, Reply
from tests.adapters.telegram.conftest import World, a_round, make_world, press, say
from tests.fakes.telegram_api import FakeTelegramAPI

ANA = 5001001
ACK = Reply(
    text="R1 recorded: Support.", confirms="R1: Support", choices=(Choice("Add a comment on R1", "cm:dao:R1:x"),)
)
NEXT = Reply(text="R2 · Recommendation 2", choices=(Choice("Support", "p:dao:R2:s"),))


def shown(text: str | None = None, caption: str | None = None) -> Message:
    chat = Chat(ANA, Chat.PRIVATE)
    return Message(1, datetime(2027, 3, 1, tzinfo=UTC), chat, text=text, caption=caption)


def labels(markup: InlineKeyboardMarkup | None) -> list[str]:
    return [b.text for row in markup.inline_keyboard for b in row] if markup else []


class TestPressedEdit:
    def test_the_acknowledgement_and_its_button_go_under_the_question(self) -> None:
        edit = pressed_edit(shown("R1 · Recommendation 1\n\nText & more"), [ACK, NEXT])
        assert edit is not None
        assert edit.acknowledges is ACK
        assert edit.html == "R1 · Recommendation 1\n\nText &amp; more\n\n✓ R1 recorded: Support."
        assert not edit.caption
        assert labels(edit.markup) == ["Add a comment on R1"]

    def test_a_question_too_long_for_the_line_shows_the_short_choice_and_the_acknowledgement_is_sent(self) -> None:
        full = "x" * (MAX_TEXT - len("\n\n✓ R1: Support"))  # room for the short mark, not the whole line
        edit = pressed_edit(shown(full), [ACK, NEXT])
        assert edit is not None
        assert edit.acknowledges is None
        assert edit.html == f"{full}\n\n✓ R1: Support"
        assert edit.markup is None

    def test_no_room_at_all_only_takes_the_buttons_off(self) -> None:
        edit = pressed_edit(shown("x" * MAX_TEXT), [ACK, NEXT])
        assert edit is not None
        assert (edit.html, edit.markup, edit.acknowledges) == (None, None, None)

    def test_a_caption_takes_it_within_a_captions_limit(self) -> None:
        edit = pressed_edit(shown(caption="Chart"), [ACK])
        assert edit is not None
        assert edit.caption
        assert edit.acknowledges is ACK
        assert pressed_edit(shown(caption="x" * MAX_CAPTION), [ACK]) == pressed_edit(shown(text="x" * MAX_TEXT), [ACK])

    def test_a_refusal_leaves_the_buttons_and_a_new_screen_takes_them(self) -> None:
        refusal = Reply(text="That recommendation is closed.", error=True)
        assert pressed_edit(shown("R1"), [refusal]) is None  # to be pressed again
        edit = pressed_edit(shown("R1"), [NEXT])
        assert edit is not None
        assert (edit.html, edit.markup) == (None, None)


@pytest.fixture
def world() -> World:
    return make_world(a_round(items=3))


class TestInTheChat:
    async def test_one_new_message_per_tap(self, api: FakeTelegramAPI, polling: TelegramChannel, world: World) -> None:
        (r1,) = await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
        (r2,) = await press(api, polling, ANA, "Oppose")
        assert r1["text"].endswith("\n\n✓ R1 recorded: Oppose.")
        assert [b["text"] for row in r1["reply_markup"]["inline_keyboard"] for b in row] == ["Add a comment on R1"]
        assert r2["text"].startswith("R2 · ")
        assert [c.method for c in api.calls[-3:]].count("sendmessage") == 1  # R2 alone was sent

    async def test_an_edit_refused_sends_the_acknowledgement_instead(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """Telegram may refuse an edit ("message can't be edited"): the acknowledgement still arrives."""
        (r1,) = await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
        api.fail("editMessageText", status=400, description="Bad Request: message can't be edited")
        (r2, recorded) = await press(api, polling, ANA, "Support")
        assert r2["text"].startswith("R2 · ")
        assert recorded["text"] == "R1 recorded: Support."
        assert [b["text"] for row in recorded["reply_markup"]["inline_keyboard"] for b in row] == [
            "Add a comment on R1"
        ]
        assert "✓" not in r1["text"]

    async def test_the_comment_button_under_the_question_asks_for_the_comment(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        await say(api, polling, ANA, f"/start {await world.invite('FRA')}")
        await press(api, polling, ANA, "Support")
        await press(api, polling, ANA, "Support")  # R2: R1's button is now further up the chat
        (asked,) = await press(api, polling, ANA, "Add a comment on R1")
        assert asked["text"].startswith("Add a comment on R1")
        (back,) = await say(api, polling, ANA, "Our capital agrees.")
        assert back["text"].startswith("Comment on R1 saved.")
        assert world.store.state.responses["dao", "FRA", "R1"].comment == "Our capital agrees."
