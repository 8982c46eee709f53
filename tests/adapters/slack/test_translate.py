"""Slack payloads (recorded, trimmed) as IncomingMessages."""

from __future__ import annotations

from adapters.slack import translate
from bot.domain.model import IncomingMessage
from tests.adapters.slack.conftest import fixture


class TestCommand:
    def test_the_text_after_the_command_goes_to_the_engine(self) -> None:
        """/consult join CODE → "join CODE" from TEAM:USER, in the user's DM, keyed by the trigger."""
        message = translate.command(fixture("slash_command"), chat="DU1")
        assert message == IncomingMessage(
            channel="slack",
            account="T1:U1",
            chat="DU1",
            text="join CODE",
            event_id="command:1111.2222.placeholder",
            name="anne.delegate",
        )

    def test_slack_entities_are_decoded(self) -> None:
        """Slack sends typed &, <, > as entities; the engine gets what the person typed."""
        body = fixture("slash_command") | {"text": "  status a&amp;b &lt;x&gt; "}
        assert translate.command(body, chat="DU1").text == "status a&b <x>"


class TestMessage:
    def test_a_direct_message_keeps_the_envelope_event_id(self) -> None:
        """message.im → text message in the DM; the event_id dedupes Slack's retries."""
        message = translate.message(fixture("message_im"))
        assert (message.account, message.chat, message.event_id) == ("T1:U1", "DU1", "Ev0MESSAGE1")
        assert message.text == "We welcome this & ask for <!channel> review."

    def test_only_a_persons_plain_direct_message_counts(self) -> None:
        """Edits, bot messages and channel messages are not for the engine."""
        event = fixture("message_im")["event"]
        assert translate.is_direct_text(event)
        assert not translate.is_direct_text(event | {"subtype": "message_changed"})
        assert not translate.is_direct_text(event | {"bot_id": "B1"})
        assert not translate.is_direct_text(event | {"channel_type": "channel"})


class TestPress:
    def test_a_press_carries_the_buttons_value_and_a_stable_key(self) -> None:
        """The action string comes back verbatim; the same delivery gives the same event id."""
        body = fixture("block_actions")
        message = translate.press(body, chat="DU1")
        assert message.action == "p:dao:R1:s"
        assert message.text == ""
        assert message.event_id == "action:1800000000.000002:1800000101.000200"
        assert translate.press(fixture("block_actions"), chat="DU1").event_id == message.event_id

    def test_the_pressed_message_is_known_so_it_can_be_updated(self) -> None:
        """origin() names the message that carried the buttons."""
        origin = translate.origin(fixture("block_actions"))
        assert origin is not None
        assert (origin.channel, origin.ts) == ("DU1", "1800000000.000002")
        assert origin.message["blocks"][-1]["type"] == "actions"

    def test_a_press_outside_a_dm_has_no_direct_channel(self) -> None:
        """Only a D… channel is the bot's DM; elsewhere the app opens the DM itself."""
        body = fixture("block_actions")
        assert translate.direct_channel(body) == "DU1"
        body["channel"]["id"] = body["container"]["channel_id"] = "C0GENERAL"
        assert translate.direct_channel(body) == ""


class TestSubmission:
    def test_a_form_sends_its_text_action_and_the_raw_text(self) -> None:
        """view_submission → the action from private_metadata with the typed text, unescaped."""
        message = translate.submission(fixture("view_submission"), chat="DU1", block_id="text")
        assert message.action == "am:dao:R2"
        assert message.text == "Add 'where national authorities agree' & <!here>."
        assert message.event_id.startswith("view:V0FORM1:")

    def test_a_corrected_text_is_a_new_event_and_a_double_submit_is_not(self) -> None:
        """The event id follows the text, so a fix after an error is not taken for a retry."""
        body = fixture("view_submission")
        first = translate.submission(body, chat="DU1", block_id="text").event_id
        assert translate.submission(fixture("view_submission"), chat="DU1", block_id="text").event_id == first
        body["view"]["state"]["values"]["text"]["text"]["value"] = "Another text"
        assert translate.submission(body, chat="DU1", block_id="text").event_id != first
