"""The Bot API calls of every press whose answer only matters for its message id: sent without PTB's parsing.

PTB's `send_message` and `edit_message_text` turn Telegram's answer into a `telegram.Message`, about
150 µs of CPU each (PTB's `de_json` of the message, its chat, sender and keyboard): with the
answer to the press itself, three of them were a sixth of a press's CPU, and the bot only ever reads
the new message's id. `Bot.do_api_request` (PTB's public call for any method) without a
`return_type` gives Telegram's answer as it came, a dict, with the same request (PTB serialises the
keyboard and options), the same timeouts and the same errors (`BadRequest`, `Forbidden`,
`RetryAfter`...), which the sender and the handlers already translate.

The method names are written in lower case: Telegram's are case-insensitive ("All methods in the Bot
API are case-insensitive", core.telegram.org/bots/api#making-requests), and PTB warns when
`do_api_request` is given the name of a method it has itself (`sendMessage`), to suggest that method.
"""

from __future__ import annotations

from typing import Any

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode

from adapters.telegram.render import Markup

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # a delegate's link in a comment is not the message


async def send_text(bot: Bot, chat: str | int, html: str, markup: Markup | None) -> int:
    """sendMessage with HTML and no link preview; the new message's id."""
    sent: dict[str, Any] = await bot.do_api_request(
        "sendmessage",
        {
            "chat_id": chat,
            "text": html,
            "parse_mode": ParseMode.HTML,
            "reply_markup": markup,
            "link_preview_options": _NO_PREVIEW,
        },
    )
    return int(sent["message_id"])


async def edit_text(bot: Bot, chat: str | int, message: int, html: str, markup: Markup | None) -> None:
    """editMessageText with HTML, no link preview, and `markup` (None takes the keyboard off)."""
    await bot.do_api_request(
        "editmessagetext",
        {
            "chat_id": chat,
            "message_id": message,
            "text": html,
            "parse_mode": ParseMode.HTML,
            "reply_markup": markup,
            "link_preview_options": _NO_PREVIEW,
        },
    )


async def edit_caption(bot: Bot, chat: str | int, message: int, html: str, markup: Markup | None) -> None:
    """editMessageCaption with HTML and `markup` (None takes the keyboard off)."""
    await bot.do_api_request(
        "editmessagecaption",
        {"chat_id": chat, "message_id": message, "caption": html, "parse_mode": ParseMode.HTML, "reply_markup": markup},
    )


async def edit_markup(bot: Bot, chat: str | int, message: int, markup: Markup | None) -> None:
    """editMessageReplyMarkup (None takes the keyboard off)."""
    await bot.do_api_request("editmessagereplymarkup", {"chat_id": chat, "message_id": message, "reply_markup": markup})
