"""The fake servers refuse what the real platforms refuse (the rules the stress test relies on)."""

from __future__ import annotations

import pytest

from tests.fakes import slack_api as slack
from tests.fakes import telegram_api as telegram


class TestTelegramRules:
    def test_length_is_counted_in_utf16_code_units(self) -> None:
        """4,096 units: 2,048 emoji (two units each) fit, one more does not."""
        telegram.check_message("😀" * 2048)
        with pytest.raises(telegram.ApiError, match="too long"):
            telegram.check_message("😀" * 2049)

    def test_html_is_parsed_strictly(self) -> None:
        for bad in ("a < b", "Tom & Jerry", "<i>open", "<script>x</script>"):
            with pytest.raises(telegram.ApiError, match="can't parse entities"):
                telegram.check_message(bad)

    def test_callback_data_is_1_to_64_bytes(self) -> None:
        ok = {"inline_keyboard": [[{"text": "Go", "callback_data": "é" * 32}]]}
        telegram.check_message("x", markup=ok)
        too_long = {"inline_keyboard": [[{"text": "Go", "callback_data": "é" * 33}]]}
        with pytest.raises(telegram.ApiError, match="BUTTON_DATA_INVALID"):
            telegram.check_message("x", markup=too_long)

    def test_photo_dimensions(self) -> None:
        telegram.check_photo(1080, 8800)
        for width, height in ((1080, 9000), (100, 2100)):
            with pytest.raises(telegram.ApiError, match="PHOTO_INVALID_DIMENSIONS"):
                telegram.check_photo(width, height)

    def test_mentions_commands_tags_and_links_become_entities_as_in_telegram(self) -> None:
        found = telegram.auto_entities("hi @everyone /start #tag $USD https://x.test a@b.com A/61/583 e.g. 1.5")
        assert sorted(e["type"] for e in found) == ["bot_command", "cashtag", "email", "hashtag", "mention", "url"]
        assert telegram.auto_entities("hi @\u2060everyone /\u2060start #\u2060tag https:\u2060//x.\u2060test") == []


class TestSlackRules:
    def test_block_kit_is_checked_by_slack_sdks_validators(self) -> None:
        header = {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}
        with pytest.raises(slack.Refused, match="invalid_blocks"):
            slack.check_message({"text": "t", "blocks": [header]})
        with pytest.raises(slack.Refused, match="invalid_blocks"):
            slack.check_message({"text": "t", "blocks": [{"type": "no_such_block"}]})

    def test_fifty_blocks_and_twelve_thousand_characters_per_message(self) -> None:
        section = {"type": "section", "text": {"type": "plain_text", "text": "y" * 3000}}
        slack.check_message({"text": "t", "blocks": [section] * 4})  # 12,000
        with pytest.raises(slack.Refused, match="msg_blocks_too_long"):
            slack.check_message({"text": "t", "blocks": [section] * 5})
        small = {"type": "section", "text": {"type": "plain_text", "text": "y"}}
        with pytest.raises(slack.Refused, match="invalid_blocks"):
            slack.check_message({"text": "t", "blocks": [small] * 51})
        with pytest.raises(slack.Refused, match="msg_too_long"):
            slack.check_message({"text": "t" * 40_001})

    def test_modal_limits(self) -> None:
        view = {
            "type": "modal",
            "title": {"type": "plain_text", "text": "A title longer than 24 chars"},
            "blocks": [{"type": "section", "text": {"type": "plain_text", "text": "x"}}],
        }
        with pytest.raises(slack.Refused):
            slack.check_view(view)
        field = {"type": "plain_text_input", "action_id": "t", "max_length": 4000}
        block = {"type": "input", "label": {"type": "plain_text", "text": "L"}, "element": field}
        view = {"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": [block]}
        with pytest.raises(slack.Refused, match="max_length"):
            slack.check_view(view)

    def test_what_mrkdwn_would_format(self) -> None:
        assert slack.effects({"blocks": [{"type": "section", "text": {"type": "plain_text", "text": "*b* <!here>",
                                                                       "emoji": False}}]}) == []  # fmt: skip
        kinds = {k for k, _ in slack.effects({"text": "*b* _i_ ~s~ `c` :fr: <!here>"})}
        assert kinds >= {"bold", "italic", "strike", "code", "emoji", "mention"}
