"""The baseline survey bot, written the way python-telegram-bot's examples teach it.

A `ConversationHandler` walks each user through the questions, answers live in `context.user_data`,
and `PicklePersistence` (library defaults: written every 60 s and at shutdown) keeps both the
answers and the conversation states. Each press costs the same Bot API calls as consultbot's:
answerCallbackQuery, editMessageText on the pressed message (the choice shown, buttons gone) and
sendMessage with the next question and its keyboard.
"""

from __future__ import annotations

import html
import itertools
import json
import time
import warnings
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    PicklePersistence,
)
from telegram.request import BaseRequest, RequestData
from telegram.warnings import PTBUserWarning

ANSWERING = 0
POSITIONS = {"s": "Support", "sa": "Support with amendments", "o": "Oppose", "r": "Reserve", "n": "No position"}


class SurveyBot:
    """The questions and the two callbacks of the survey."""

    def __init__(self, slug: str, questions: list[tuple[str, str, str]]) -> None:
        self.slug = slug
        self.questions = questions  # (ref, title, text)
        self.index = {ref: i for i, (ref, _, _) in enumerate(questions)}

    def question(self, i: int) -> tuple[str, InlineKeyboardMarkup]:
        """The text and keyboard of question i."""
        ref, title, text = self.questions[i]
        body = (
            f"<b>{html.escape(ref)} · {html.escape(title)}</b>\n{i + 1} of {len(self.questions)}\n\n{html.escape(text)}"
        )
        buttons = [
            InlineKeyboardButton(label, callback_data=f"p:{self.slug}:{ref}:{code}")
            for code, label in POSITIONS.items()
        ]
        return body, InlineKeyboardMarkup([buttons[:2], buttons[2:]])

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        """/start: the first question."""
        assert update.effective_message is not None
        text, keyboard = self.question(0)
        await update.effective_message.reply_html(text, reply_markup=keyboard)
        return ANSWERING

    async def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        """A press: store the answer, show it on the pressed message, ask the next question."""
        query = update.callback_query
        assert query is not None
        assert query.data is not None
        assert context.user_data is not None
        await query.answer()
        _, _, ref, code = query.data.split(":")
        answers = context.user_data.setdefault("answers", {})
        answers[ref] = {
            "position": code,
            "at": time.time(),
            "chat": update.effective_chat.id if update.effective_chat else 0,
        }
        message = query.message
        shown = getattr(message, "text_html", "") or ""
        await query.edit_message_text(f"{shown}\n\n✓ {ref}: {POSITIONS[code]}", parse_mode=ParseMode.HTML)
        following = self.index[ref] + 1
        assert message is not None
        if following >= len(self.questions):
            await context.bot.send_message(message.chat.id, f"Thank you: {len(answers)} answers recorded.")
            return ConversationHandler.END
        text, keyboard = self.question(following)
        await context.bot.send_message(message.chat.id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        return ANSWERING


def build(
    *,
    token: str,
    base_url: str,
    persistence: Path,
    slug: str,
    questions: list[tuple[str, str, str]],
    request: BaseRequest | None = None,
) -> Application:  # type: ignore[type-arg]
    """The survey Application: ConversationHandler + PicklePersistence, library defaults otherwise."""
    bot = SurveyBot(slug, questions)
    builder = ApplicationBuilder().token(token).base_url(base_url).persistence(PicklePersistence(persistence))
    if request is not None:
        builder = builder.request(request)
    app = builder.build()
    with warnings.catch_warnings():
        # "per_message=False: CallbackQueryHandler will not be tracked for every message": as intended.
        warnings.simplefilter("ignore", PTBUserWarning)
        survey = ConversationHandler(
            entry_points=[CommandHandler("start", bot.start), CallbackQueryHandler(bot.answer, pattern=r"^p:")],
            states={ANSWERING: [CallbackQueryHandler(bot.answer, pattern=r"^p:")]},
            fallbacks=[],
            name="survey",
            persistent=True,
        )
    app.add_handler(survey)
    return app


class LocalRequest(BaseRequest):
    """A Bot API that answers in-process, without HTTP: for the "no HTTP" comparison."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer like the Bot API: getMe, answerCallbackQuery, sendMessage, editMessageText."""
        name = url.rsplit("/", 1)[-1].lower()
        params = request_data.parameters if request_data else {}
        result: Any = True
        if name == "getme":
            result = {"id": 1, "is_bot": True, "first_name": "Survey", "username": "survey_bot"}
        elif name in ("sendmessage", "editmessagetext"):
            chat = int(str(params.get("chat_id", 0) or 0))
            result = {
                "message_id": int(str(params.get("message_id", 0) or next(self._ids))),
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private"},
                "text": str(params.get("text", "")),
            }
        return 200, json.dumps({"ok": True, "result": result}).encode()
