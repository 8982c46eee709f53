"""to_incoming() on recorded Telegram payloads."""

from __future__ import annotations

import json
from pathlib import Path

from telegram import Update

from adapters.telegram import to_incoming
from bot.domain.model import IncomingMessage

FIXTURES = Path(__file__).parents[2] / "fixtures" / "telegram"


def update(name: str) -> Update:
    """A recorded update, read by PTB as it reads Telegram's answers."""
    found = Update.de_json(json.loads((FIXTURES / f"{name}.json").read_text()), bot=None)
    assert found is not None
    return found


class TestToIncoming:
    def test_a_deep_link_start_carries_the_code(self) -> None:
        """t.me/<bot>?start=CODE arrives as "/start CODE" from the user's private chat, with their language."""
        assert to_incoming(update("message_start")) == IncomingMessage(
            channel="telegram",
            account="5001001",
            chat="5001001",
            text="/start q3Vx_Yk2bWn8T1aZ0pLm4g",
            event_id="734001001",
            name="Ana Lima",
            confirms_replies=True,
            locale="fr",
        )

    def test_typed_text_is_passed_verbatim(self) -> None:
        """A reply to a forced-reply prompt is plain text, markup and all (the core stores it as typed)."""
        message = to_incoming(update("message_text"))
        assert message is not None
        assert message.text == "Add <b>where</b> national authorities agree & report."
        assert (message.action, message.event_id) == ("", "734001002")

    def test_a_button_press_becomes_an_action(self) -> None:
        """callback_data is the action; the chat is the pressed message's chat; the update id is the event id."""
        assert to_incoming(update("callback_query")) == IncomingMessage(
            channel="telegram",
            account="5001001",
            chat="5001001",
            action="p:dao:R1:s",
            event_id="734001003",
            name="Ana Lima",
            confirms_replies=True,
            locale="fr",
        )

    def test_edits_and_media_are_left_out(self) -> None:
        """Editing an old message or sending a photo does nothing."""
        assert to_incoming(update("edited_message")) is None
        assert to_incoming(update("photo_message")) is None

    def test_in_groups_only_commands_to_this_bot_count(self) -> None:
        """Chatter in a group is not an answer; "/status@this_bot" is; a command to another bot is not."""
        assert to_incoming(update("group_chatter"), username="consult_test_bot") is None
        assert to_incoming(update("group_command_other_bot"), username="consult_test_bot") is None
        command = to_incoming(update("group_command"), username="Consult_Test_Bot")
        assert command is not None
        assert (command.chat, command.account, command.text) == (
            "-1001234567890",
            "5001002",
            "/status@consult_test_bot dao",
        )
