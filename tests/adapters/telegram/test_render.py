"""Replies rendered as Telegram HTML messages with inline keyboards."""

from __future__ import annotations

import logging

import pytest
from telegram import ForceReply, InlineKeyboardMarkup

from adapters.telegram.render import MAX_CAPTION, MAX_TEXT, render, size
from bot.domain import actions
from bot.domain.model import CHOOSABLE, Choice, Prompt, Reply


def labels(markup: object) -> list[list[str]]:
    assert isinstance(markup, InlineKeyboardMarkup)
    return [[button.text for button in row] for row in markup.inline_keyboard]


class TestEscaping:
    def test_every_text_is_escaped_and_only_the_title_is_bold(self) -> None:
        """<b>, <a href> and & in the core's text arrive as entities, never as markup."""
        reply = Reply(title='<b>R1</b> & <a href="https://x.example">co</a>', text="Tom & Jerry <i>say</i> 1 < 2")
        (message,) = render([reply])
        assert message.text.replace("\u2060", "") == (
            '<b>&lt;b&gt;R1&lt;/b&gt; &amp; &lt;a href="https://x.example"&gt;co&lt;/a&gt;</b>\n\n'
            "Tom &amp; Jerry &lt;i&gt;say&lt;/i&gt; 1 &lt; 2"
        )

    def test_button_labels_stay_plain(self) -> None:
        """Button labels are not parsed by Telegram, so they are left as written."""
        (message,) = render([Reply(text="x", choices=(Choice("A & <b>", "go:dao"),))])
        assert labels(message.markup) == [["A & <b>"]]


class TestSplitting:
    def test_a_long_text_is_split_on_paragraphs_with_the_buttons_on_the_last_part(self) -> None:
        """Over 4,096 characters: several messages, cut between paragraphs, title first, keyboard last."""
        paragraphs = [f"Paragraph {i}: " + ("lorem ipsum " * 80).strip() for i in range(12)]
        reply = Reply(title="Review", text="\n\n".join(paragraphs), choices=(Choice("Submit", "sub:dao"),))
        messages = render([reply])
        assert len(messages) > 1
        assert all(size(m.text) <= MAX_TEXT for m in messages)
        assert messages[0].text.startswith("<b>Review</b>\n\nParagraph 0")
        assert all(m.text.startswith("Paragraph") for m in messages[1:])
        assert [m.markup is not None for m in messages] == [False] * (len(messages) - 1) + [True]
        rejoined = "\n\n".join(m.text for m in messages).removeprefix("<b>Review</b>\n\n")
        assert rejoined == "\n\n".join(paragraphs)

    def test_escaping_counts_towards_the_limit_and_entities_are_never_cut(self) -> None:
        """A paragraph of 3,000 ampersands (15,000 characters escaped) is cut between whole entities."""
        messages = render([Reply(text="&" * 3000)])
        assert all(size(m.text) <= MAX_TEXT for m in messages)
        assert "".join(m.text for m in messages) == "&amp;" * 3000

    def test_short_replies_without_buttons_join_the_next_one(self) -> None:
        """ "R1 recorded" and the next question arrive as one message (one per second per chat is the limit)."""
        messages = render(
            [
                Reply(text="R1 recorded: Support."),
                Reply(title="R2", text="Text", choices=(Choice("Support", "p:dao:R2:s"),)),
            ]
        )
        assert len(messages) == 1
        assert messages[0].text == "R1 recorded: Support.\n\n<b>R2</b>\n\nText"


class TestKeyboard:
    def test_positions_one_per_row_and_short_navigation_two_per_row(self) -> None:
        """Readable on a phone: five positions stacked, then Back | Skip, then Review."""
        choices = [Choice(p.value, actions.encode("p", "dao", "R2", p)) for p in CHOOSABLE]
        choices += [Choice("◀ Back", "back:dao:R2"), Choice("Skip ▶", "skip:dao:R2"), Choice("Review all", "rev:dao")]
        (message,) = render([Reply(text="R2", choices=tuple(choices))])
        assert labels(message.markup) == [[p.value] for p in CHOOSABLE] + [["◀ Back", "Skip ▶"], ["Review all"]]

    def test_callback_data_over_64_bytes_is_dropped_and_logged(self, caplog: pytest.LogCaptureFixture) -> None:
        """Telegram would refuse the whole message; the button that cannot work is left out instead."""
        too_long = "go:" + "é" * 31  # 65 bytes
        with caplog.at_level(logging.ERROR):
            (message,) = render([Reply(text="x", choices=(Choice("Bad", too_long), Choice("Good", "go:dao")))])
        assert labels(message.markup) == [["Good"]]
        assert "callback data" in caplog.text

    def test_a_prompt_without_buttons_asks_for_a_reply(self) -> None:
        """Waiting for an amendment: the client opens the reply field."""
        (message,) = render([Reply(text="Type the amendment", prompt=Prompt.AMENDMENT)])
        assert isinstance(message.markup, ForceReply)


class TestImages:
    def test_an_image_with_a_short_text_is_one_photo_with_caption_and_buttons(self) -> None:
        """The digest chart with its summary: one sendPhoto."""
        (message,) = render(
            [Reply(title="Digest", text="3 submitted", image=b"png", choices=(Choice("Go", "go:dao"),))]
        )
        assert (message.photo, message.text) == (b"png", "<b>Digest</b>\n\n3 submitted")
        assert labels(message.markup) == [["Go"]]

    def test_a_long_text_leaves_the_caption_for_the_title(self) -> None:
        """Captions hold 1,024 characters: the text follows as messages, the buttons on the last."""
        photo, *rest = render([Reply(title="Digest", text="x " * 800, image=b"png", choices=(Choice("Go", "go:dao"),))])
        assert (photo.photo, photo.text, photo.markup) == (b"png", "<b>Digest</b>", None)
        assert size(photo.text) <= MAX_CAPTION
        assert rest
        assert rest[-1].markup is not None
        assert all(m.photo is None for m in rest)
