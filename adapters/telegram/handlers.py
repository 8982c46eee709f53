"""What the bot does with each update: translate, let the core decide, show the replies.

Registered explicitly on the Application by the channel. A button press is answered before any
work (Telegram stops the client's spinner and a late answer is refused); the pressed message then
loses its keyboard and shows the acknowledgement under the question ("✓ R1 recorded: Support.", with
its "Add a comment" button), so an old button cannot answer twice, while the next question is sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from telegram import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from adapters.telegram import calls
from adapters.telegram.render import MAX_CAPTION, MAX_TEXT, escape, render_one, size
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
            await self._show_pressed(query, message.chat, replies)
            await self.engine.replied(message)

    async def _show_pressed(self, query: CallbackQuery, chat: str, replies: Sequence[Reply]) -> None:
        """The pressed message edited (see `pressed_edit`) and the other replies sent, at once.

        An acknowledgement the edit was to show is sent as a message of its own if the edit fails.
        """
        pressed = query.message
        edit = pressed_edit(pressed, replies) if isinstance(pressed, Message) else None
        if edit is None:
            await self._show(chat, replies)
            return
        rest = [r for r in replies if r is not edit.acknowledges]
        edited, _ = await asyncio.gather(_edit_pressed(query, edit), self._show(chat, rest))
        if not edited and edit.acknowledges is not None:
            await self._show(chat, [edit.acknowledges])

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


@dataclass(frozen=True, slots=True)
class PressedEdit:
    """What the pressed message becomes: its text (or caption) with a line added, and its keyboard.

    `html` None: only the keyboard goes. `acknowledges`: the reply shown by that added line and
    keyboard, which is then not sent as a message of its own.
    """

    html: str | None = None
    caption: bool = False
    markup: InlineKeyboardMarkup | None = None
    acknowledges: Reply | None = None


def pressed_edit(pressed: Message, replies: Sequence[Reply]) -> PressedEdit | None:
    """How the pressed message changes once the press is answered (None: it stays as it is).

    With a choice recorded, the acknowledgement goes under the question it answers ("✓ R1 recorded:
    Support.", with its "Add a comment" button) in place of the old buttons, so an old button cannot
    answer twice and the chat keeps one message per recommendation. If it does not fit there, the
    message shows the short choice ("✓ R1: Support") and the acknowledgement is sent as before. When
    the dialogue moved on to a new screen with buttons, the old buttons go. An error reply leaves
    them, to be pressed again.
    """
    ack = next((r for r in reversed(replies) if r.confirms), None)
    if ack is None:
        return PressedEdit() if any(r.choices for r in replies) else None
    if pressed.text is not None:
        body, caption, limit = pressed.text_html, False, MAX_TEXT
    elif pressed.caption is not None:
        body, caption, limit = pressed.caption_html, True, MAX_CAPTION
    else:
        return PressedEdit()
    shown = render_one(ack)
    if len(shown) == 1 and shown[0].photo is None and not isinstance(shown[0].markup, ForceReply):
        folded = f"{body}\n\n✓ {shown[0].text}"
        if size(folded) <= limit:
            return PressedEdit(folded, caption, shown[0].markup, acknowledges=ack)
    marked = f"{body}\n\n✓ {escape(ack.confirms)}"
    return PressedEdit(marked, caption) if size(marked) <= limit else PressedEdit()


async def _edit_pressed(query: CallbackQuery, edit: PressedEdit) -> bool:
    """Edit the pressed message; False if that failed (a cosmetic loss, unless it acknowledges a reply)."""
    pressed = query.message
    assert isinstance(pressed, Message), "pressed_edit reads an accessible message only"
    bot, chat, number = query.get_bot(), pressed.chat_id, pressed.message_id
    try:
        if edit.html is None:
            await calls.edit_markup(bot, chat, number, None)
        elif edit.caption:
            await calls.edit_caption(bot, chat, number, edit.html, edit.markup)
        else:
            await calls.edit_text(bot, chat, number, edit.html, edit.markup)
    except BadRequest as error:
        if "not modified" in str(error).lower():  # shown already (a redelivered press)
            return True
        log.info("pressed message %s not edited: %s", number, error)
        return False
    except TelegramError as error:  # the answer is stored and the other replies still go out
        log.warning("pressed message %s not edited: %s", number, error)
        return False
    return True
