"""Replies as Block Kit: escaping and Slack's limits."""

from __future__ import annotations

from adapters.slack import render
from bot.domain.model import Choice, Prompt, Reply


class TestEscaping:
    def test_tokens_that_notify_or_format_are_escaped(self) -> None:
        """&, <, > become entities, so <!channel>, <!here>, <@U123> and links stay text."""
        assert render.escape("<!channel> & <@U123> <https://x|y>") == (
            "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;"
        )

    def test_every_text_of_a_message_is_plain_text_and_the_notification_is_inert(self) -> None:
        """Title and body as plain_text without :emoji: codes; the mrkdwn notification text escaped and inert."""
        [message] = render.messages(Reply(title="<!here> *round* :fr:", text="comment: <!channel> _x_"))
        assert [b["text"] for b in message.blocks] == [
            {"type": "plain_text", "text": "<!here> *round* :fr:", "emoji": False},
            {"type": "plain_text", "text": "comment: <!channel> _x_", "emoji": False},
        ]
        assert "<!" not in message.text
        assert "*r" not in message.text
        assert ":f" not in message.text
        assert message.text.replace("\u200b", "") == "&lt;!here&gt; *round* :fr:"


class TestLimits:
    def test_long_text_is_split_into_sections_of_at_most_3000(self) -> None:
        """Cut at line ends, else between grapheme clusters: no emoji or ZWJ family cut apart."""
        family = "👨\u200d👩\u200d👧\u200d👦"  # 7 code points, one grapheme
        pieces = render.split("&" * 2000 + "\n" + family * 700)
        assert all(len(p) <= 3000 for p in pieces)
        assert "".join(pieces).replace("\n", "") == "&" * 2000 + family * 700
        for piece in pieces:
            emoji = piece.replace("\n", "").replace("&", "")
            assert emoji.count(family) * len(family) == len(emoji)

    def test_buttons_are_cut_to_slack_limits(self) -> None:
        """Labels ≤ 75 characters, at most 25 buttons per actions block, values kept."""
        choices = tuple(Choice("L" * 100, f"go:r{i}") for i in range(30))
        [message] = render.messages(Reply(text="pick", choices=choices))
        actions = [b for b in message.blocks if b["type"] == "actions"]
        assert [len(a["elements"]) for a in actions] == [25, 5]
        labels = [e["text"]["text"] for a in actions for e in a["elements"]]
        assert all(len(label) <= 75 for label in labels)
        ids = [e["action_id"] for a in actions for e in a["elements"]]
        assert len(set(ids)) == 30
        assert all(i.startswith(render.ACTION_PREFIX) for i in ids)

    def test_more_than_fifty_blocks_make_several_messages(self) -> None:
        """Each message holds at most 50 blocks."""
        blocks = [{"type": "section", "text": {"type": "plain_text", "text": "y"}} for _ in range(120)]
        assert [len(chunk) for chunk in render.pack(blocks)] == [50, 50, 20]

    def test_the_text_of_one_message_stays_under_slacks_total_budget(self) -> None:
        """Slack refuses ~12,000 characters of block text in one message (msg_blocks_too_long): split before."""
        text = "\n\n".join("y" * 2999 for _ in range(10))  # 30,000 characters
        posted = render.messages(Reply(title="T", text=text))
        assert [len(m.blocks) for m in posted] == [4, 3, 3, 1]
        assert all(render.text_size(m.blocks) <= render.TEXT_BUDGET < 12_000 for m in posted)


class TestPrompts:
    def test_a_prompt_adds_a_button_that_opens_the_form(self) -> None:
        """ask.comment: "Add a comment…" (value: the text action) beside "No comment"."""
        reply = Reply(
            text="Add a comment on R1 if you wish, or continue.",
            choices=(Choice("No comment ▶", "nc:dao:R1"),),
            prompt=Prompt.COMMENT,
            prompt_action="cm:dao:R1",
        )
        [message] = render.messages(reply)
        buttons = message.blocks[-1]["elements"]
        assert [(b["text"]["text"], b["value"]) for b in buttons] == [
            ("Add a comment…", "cm:dao:R1"),
            ("No comment ▶", "nc:dao:R1"),
        ]

    def test_the_form_carries_its_action_and_a_short_title(self) -> None:
        """private_metadata is the text action; the title fits Slack's 24 characters."""
        view = render.form(Prompt.AMENDMENT, "am:dao:CL-12", "CL-12")
        assert view["private_metadata"] == "am:dao:CL-12"
        assert view["callback_id"] == render.FORM_CALLBACK
        assert len(view["title"]["text"]) <= 24
        assert view["blocks"][0]["element"]["max_length"] == 3000  # Slack's input limit, which the core applies

    def test_only_text_errors_stay_in_the_form(self) -> None:
        """error.empty / error.too_long → errors for the input block; other replies → none."""
        assert render.form_errors([Reply(text="That text is empty.", key="error.empty")]) == {
            "text": "That text is empty."
        }
        assert render.form_errors([Reply(text="closed", key="error.round_closed")]) == {}


class TestAnswered:
    def test_the_answered_message_loses_its_buttons_and_shows_the_choice(self) -> None:
        """chat.update content: the same sections, no actions, a ✓ line (escaped)."""
        message = {"text": "R1", "blocks": [{"type": "section"}, {"type": "actions", "elements": []}]}
        updated = render.answered(message, "R1: Support <b>")
        assert [b["type"] for b in updated.blocks] == ["section", "context"]
        assert updated.blocks[-1]["elements"][0] == {"type": "plain_text", "text": "✓ R1: Support <b>", "emoji": False}

    def test_refusals_are_errors_and_bad_codes(self) -> None:
        """Shown ephemerally to the asker of a slash command."""
        assert render.is_refusal(Reply(text="", key="error.not_allowed", error=True))
        assert render.is_refusal(Reply(text="", key="join.expired_code", error=True))
        assert not render.is_refusal(Reply(text="", key="join.ok"))
