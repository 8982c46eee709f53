"""What the Slack app does with each request: acknowledge at once, then talk to the engine.

Each listener acks (or returns, for events, which Bolt acks) and hands the slow part (the engine's
unit of work, the Web API calls) to a background job, so Slack gets its answer within 3 seconds
whatever the database does. Only a form submission waits, for at most FORM_BUDGET seconds, so that
an empty or over-long text can be shown inside the form itself.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from adapters.slack import render, translate
from adapters.slack.background import Apology, Background
from adapters.slack.sender import SlackSender
from bot.domain import actions
from bot.domain.errors import SendError
from bot.domain.model import Address, IncomingMessage, Reply
from bot.engine import Engine
from bot.i18n import formats
from bot.i18n.catalogue import text

log = logging.getLogger(__name__)

COMMAND = "/consult"
#: How long a form submission waits for the engine before the form is closed anyway (Slack: 3 s).
FORM_BUDGET = 2.0
#: Chats whose reader's language is remembered for an apology (the most recent ones).
REMEMBERED = 10_000

Body = dict[str, Any]


class Listeners:
    """The listeners of one AsyncApp, bound to the engine and the Web API."""

    def __init__(self, *, engine: Engine, sender: SlackSender, background: Background) -> None:
        self.engine = engine
        self.sender = sender
        self.background = background
        #: The language of the latest replies shown in each chat: an apology is written in it.
        self.languages: OrderedDict[str, str] = OrderedDict()

    def register(self, app: AsyncApp) -> None:
        """Attach every listener to the app (one explicit table, nothing at import)."""
        app.command(COMMAND)(self.on_command)
        app.event("message")(self.on_message)
        app.action(re.compile("^" + re.escape(render.ACTION_PREFIX)))(self.on_press)
        app.view(render.FORM_CALLBACK)(self.on_form)
        app.error(self.on_error)

    # -- listeners: quick, they only ack and start the work ---------------------------------------

    async def on_command(self, ack: AsyncAck, body: Body) -> None:
        """`/consult ...`: ack with nothing, answer later."""
        await ack()
        url = str(body.get("response_url") or "")
        user = str(body["user_id"])
        apology = self._sorry_by_url(url, user, body) if url else self._sorry_to_user(user, body)
        self.background.spawn(self._command(body), apology=apology, turn=user if body.get("user_id") else None)

    async def on_message(self, body: Body, event: Body) -> None:
        """A message event (acked by Bolt): only a person's text in the bot's DM matters."""
        if translate.is_direct_text(event):
            message = translate.message(body)
            apology = self._sorry(message.chat, body)
            self.background.spawn(self._converse(message, apology=apology), apology=apology, turn=message.account)

    async def on_press(self, ack: AsyncAck, body: Body) -> None:
        """A button: ack, then open the form (if the press asks for text) and tell the engine."""
        await ack()
        apology = self._sorry_to(body)
        self.background.spawn(self._press(body, apology), apology=apology, turn=_person(body))

    async def on_form(self, ack: AsyncAck, body: Body) -> None:
        """A submitted form: errors about the text stay in the form; anything else closes it."""
        job = self.background.spawn(self._enter_text(body), apology=self._sorry_to(body), turn=_person(body))
        done, _ = await asyncio.wait({job}, timeout=FORM_BUDGET)
        outcome = job.result() if done else None
        errors = render.form_errors(outcome[1]) if outcome else {}
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        if outcome is not None:
            self.background.spawn(self._show(*outcome))
        elif not done:
            # The database is slow: the form closes now and the answer follows in the DM.
            self.background.spawn(self._show_later(job))

    async def on_error(self, error: Exception, body: Body) -> None:
        """Bolt's error hook: a listener itself failed (before any work was started)."""
        log.error("slack: listener failed on %s", body.get("type", "?"), exc_info=error)

    # -- the work after the ack --------------------------------------------------------------------

    async def _command(self, body: Body) -> None:
        chat = await self.sender.direct_channel(str(body["user_id"]))
        replies = await self.engine.handle(translate.command(body, chat=chat))
        await self._show(chat, replies, response_url=str(body.get("response_url") or ""))

    async def _converse(
        self, message: IncomingMessage, origin: translate.Origin | None = None, *, apology: Apology | None = None
    ) -> None:
        replies = await self.engine.handle(message)
        # Stored: the person's next event may go to the database now, and their replies follow in
        # the order their events were handled. Waiting for the replies here (Slack paces a DM at one
        # message a second) held the next event back for seconds while another replica took a later
        # one at once: one person's presses were then stored out of order across replicas.
        showing = self._show(message.chat, replies, origin=origin)
        self.background.spawn(showing, apology=apology, turn=_replies_of(message.chat))

    async def _press(self, body: Body, apology: Apology) -> None:
        value = translate.pressed(body)
        prompt = actions.asks_for_text(value)
        decoded = actions.decode(value)
        if prompt is not None and decoded is not None:
            # The form sends its text under the pressed action, with what the presser saw (if it says).
            form_action = actions.text_action(prompt, decoded.round, decoded.ref, decoded.seen)
            try:
                # First of all: the trigger expires 3 s after the press.
                form = render.form(prompt, form_action, decoded.ref, render.pressed_language(body))
                await self.sender.open_form(str(body["trigger_id"]), form)
            except SendError as error:
                log.warning("slack: could not open the form: %s", error)
            if value == form_action:
                return  # the button only opens the form; the submission tells the engine
        # The presser's own DM, whatever channel the payload names (a press is answered there anyway).
        chat = await self.sender.direct_channel(translate.user_of(body)[1])
        await self._converse(translate.press(body, chat=chat), translate.origin(body), apology=apology)

    async def _enter_text(self, body: Body) -> tuple[str, list[Reply]]:
        chat = await self.sender.direct_channel(translate.user_of(body)[1])
        message = translate.submission(body, chat=chat, block_id=render.FORM_BLOCK)
        return chat, await self.engine.handle(message)

    async def _show_later(self, job: asyncio.Task[tuple[str, list[Reply]] | None]) -> None:
        outcome = await job
        if outcome is not None:
            await self._show(*outcome)

    async def _show(
        self, chat: str, replies: list[Reply], *, response_url: str = "", origin: translate.Origin | None = None
    ) -> None:
        """Post the replies in the DM; refusals of a slash command go to the asker alone."""
        for reply in replies:
            self._remember(chat, reply.language)
            if reply.confirms and origin is not None:
                await self._confirm(origin, reply.confirms)
            if response_url and render.is_refusal(reply):
                await self.sender.respond(response_url, reply)
            else:
                await self.sender.send(Address(translate.CHANNEL, chat), reply)

    async def _confirm(self, origin: translate.Origin, confirms: str) -> None:
        """Show the choice in place of the buttons, so an old message cannot answer twice."""
        try:
            await self.sender.update(origin.channel, origin.ts, render.answered(origin.message, confirms))
        except SendError as error:
            log.warning("slack: could not update the answered message: %s", error)

    def _sorry(self, chat: str, body: Body) -> Apology:
        async def apologise() -> None:
            await self.sender.send(Address(translate.CHANNEL, chat), self._apology(self._known(chat, body)))

        return apologise

    def _sorry_by_url(self, url: str, user_id: str, body: Body) -> Apology:
        async def apologise() -> None:
            chat = self.sender.known_direct_channel(user_id)
            await self.sender.respond(url, self._apology(self._known(chat, body)))

        return apologise

    def _sorry_to(self, body: Body) -> Apology:
        return self._sorry_to_user(translate.user_of(body)[1], body)

    def _sorry_to_user(self, user_id: str, body: Body) -> Apology:
        async def apologise() -> None:
            chat = await self.sender.direct_channel(user_id)
            await self.sender.send(Address(translate.CHANNEL, chat), self._apology(self._known(chat, body)))

        return apologise

    # -- the reader's language, for what the adapter says itself -----------------------------------

    def _remember(self, chat: str, language: str) -> None:
        if not language:
            return
        self.languages[chat] = language
        self.languages.move_to_end(chat)
        while len(self.languages) > REMEMBERED:
            self.languages.popitem(last=False)

    def _known(self, chat: str, body: Body) -> str:
        """The language of the latest replies in the chat; else the pressed button's, or Slack's locale."""
        if chat in self.languages:
            return self.languages[chat]
        if body.get("actions"):
            return render.pressed_language(body)
        user = body.get("user")
        hint = body.get("locale") or (user.get("locale") if isinstance(user, dict) else "")
        return formats.language_of(str(hint or ""))

    @staticmethod
    def _apology(language: str) -> Reply:
        """ "Something went wrong on our side…" in the reader's language."""
        return Reply(text=text(language, "error.generic"), key="error.generic", language=language)


def _person(body: Body) -> str | None:
    """Who pressed or submitted (an interactive payload's user id), for the order of their jobs."""
    user = body.get("user")
    return str(user["id"]) if isinstance(user, dict) and user.get("id") else None


def _replies_of(chat: str) -> str:
    """The turn of the replies posted in a DM (apart from the person's own turn: see `_converse`)."""
    return f"replies:{chat}"
