"""What the bot does with each update: translate, let the core decide, show the replies.

Registered explicitly on the Application by the channel. A button press is answered before any
work (Telegram stops the client's spinner and a late answer is refused); the pressed message then
loses its keyboard and shows the choice, so an old button cannot answer twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from telegram import CallbackQuery, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from adapters.telegram.render import MAX_CAPTION, MAX_TEXT, escape, size
from adapters.telegram.sender import TelegramSender
from adapters.telegram.translate import to_incoming
from bot.domain.errors import SendError, Unreachable
from bot.domain.model import IncomingMessage, Reply
from bot.i18n import formats
from bot.i18n.catalogue import text

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
#: Chats whose reader's language is remembered for an apology (the most recent ones).
REMEMBERED = 10_000


class Core(Protocol):
    """The core's entry point (bot.engine.Engine matches it)."""

    async def handle(self, message: IncomingMessage) -> list[Reply]: ...

    async def replied(self, message: IncomingMessage) -> None:
        """The replies to `message` are shown."""


class Handlers:
    """The callbacks of the Application: text messages, button presses, errors."""

    def __init__(self, engine: Core, sender: TelegramSender) -> None:
        self.engine = engine
        self.sender = sender
        #: The language of the latest replies shown in each chat: an apology is written in it.
        self.languages: OrderedDict[str, str] = OrderedDict()

    async def on_text(self, update: Update, context: Context) -> None:
        """A text message (commands and "/start CODE" included)."""
        message = to_incoming(update, username=context.bot.username)
        if message is None:
            return
        replies = await self.engine.handle(message)
        if replies:  # none: a redelivery the core has handled (and shown) already
            await self._show(message.chat, replies)
            await self.engine.replied(message)

    async def on_press(self, update: Update, context: Context) -> None:
        """A button press: answer the query at once (while the core decides), then show the outcome.

        The query's answer only stops the button's spinner, so it goes out while the core works;
        taking the old keyboard off and showing the replies are two different messages, sent together.
        """
        query = update.callback_query
        assert query is not None, "registered for callback queries only"
        answered = asyncio.create_task(_answer(query))
        try:
            message = to_incoming(update)
            replies = await self.engine.handle(message) if message is not None else []
        finally:
            await answered
        if message is not None and replies:  # none: a redelivered press the core has handled already
            await asyncio.gather(_close_keyboard(query, replies), self._show(message.chat, replies))
            await self.engine.replied(message)

    async def on_error(self, update: object, context: Context) -> None:
        """The one error hook: log with the traceback, apologise in the chat if there is one."""
        error = context.error
        number = update.update_id if isinstance(update, Update) else None
        log.error("telegram update %s failed: %r", number, error, exc_info=error)
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            return
        user = update.effective_user if isinstance(update, Update) else None
        language = self.languages.get(str(chat.id)) or formats.language_of(user.language_code or "" if user else "")
        apology = Reply(text=text(language, "error.generic"), key="error.generic", language=language)
        try:
            await self.sender.post(str(chat.id), [apology])
        except (SendError, TelegramError) as failure:
            log.warning("apology to telegram chat %s not sent: %s", chat.id, failure)

    async def _show(self, chat: str, replies: Sequence[Reply]) -> None:
        for reply in replies:
            self._remember(chat, reply.language)
        try:
            await self.sender.post(chat, replies)
        except Unreachable as error:  # blocked the bot since writing: nothing to show, nothing to fix
            log.info("telegram chat %s unreachable, replies dropped: %s", chat, error)

    def _remember(self, chat: str, language: str) -> None:
        """Keep the reader's language of a chat (the replies' own; the platform's hint is only a fallback)."""
        if not language:
            return
        self.languages[chat] = language
        self.languages.move_to_end(chat)
        while len(self.languages) > REMEMBERED:
            self.languages.popitem(last=False)


async def _answer(query: CallbackQuery) -> None:
    try:
        await query.answer()
    except TelegramError as error:  # too old, already answered, network: the press still counts
        log.info("callback query %s not answered: %s", query.id, error)


async def _close_keyboard(query: CallbackQuery, replies: Sequence[Reply]) -> None:
    """Take the keyboard off the pressed message once the press has been answered.

    With a choice recorded, the message shows it ("✓ R1: Support"); when the dialogue moved on to a
    new screen with buttons, the old buttons go. An error reply leaves them, to be pressed again.
    """
    pressed = query.message
    confirms = next((r.confirms for r in reversed(replies) if r.confirms), "")
    if not isinstance(pressed, Message) or not (confirms or any(r.choices for r in replies)):
        return
    mark = f"\n\n✓ {escape(confirms)}" if confirms else ""
    try:
        if mark and pressed.text is not None and size(pressed.text_html + mark) <= MAX_TEXT:
            await pressed.edit_text(pressed.text_html + mark, parse_mode=ParseMode.HTML, reply_markup=None)
        elif mark and pressed.caption is not None and size(pressed.caption_html + mark) <= MAX_CAPTION:
            await pressed.edit_caption(pressed.caption_html + mark, parse_mode=ParseMode.HTML, reply_markup=None)
        else:
            await pressed.edit_reply_markup(reply_markup=None)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            log.info("pressed message %s not edited: %s", pressed.message_id, error)
    except TelegramError as error:  # cosmetic: the answer is stored and the replies still go out
        log.warning("pressed message %s not edited: %s", pressed.message_id, error)
