"""The Telegram channel's lifecycle: PTB's Application inside our event loop, polling or webhook.

Never `run_polling()`/`run_webhook()`: they own the loop. `running()` does what they do in steps,
and the composition root enters it in its AsyncExitStack. In webhook mode our HTTP server serves
`routes()`; the secret header is checked in constant time and anything else gets 401 and no effect.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from adapters.telegram.handlers import Core, Handlers
from adapters.telegram.logs import RedactToken
from adapters.telegram.polling import ConfirmingPoller
from adapters.telegram.sender import DEFAULT_API_URL, TelegramSender
from adapters.telegram.transport import AiohttpRequest
from adapters.telegram.unavailable import unavailable
from adapters.telegram.updates import PerChatProcessor

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what setWebhook accepts as secret_token
#: An update is a few kilobytes; anything far larger is not from Telegram.
MAX_BODY = 1_000_000


class TelegramChannel:
    """Delegates answer in Telegram: updates in, replies out, pushes through `sender`."""

    def __init__(
        self,
        *,
        token: str,
        engine: Core,
        api_url: str = DEFAULT_API_URL,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        poll_timeout: float = 10.0,
        concurrency: int = 64,
        sender: TelegramSender | None = None,
        ordered_by_database: bool = False,
    ) -> None:
        """`ordered_by_database`: the database keeps each chat's order across replicas (PostgreSQL);
        webhook updates then go to it at once rather than queue in this process first."""
        if webhook_url and not _SECRET.fullmatch(webhook_secret or ""):
            raise ValueError("webhook mode needs a secret token: 1-256 characters of A-Z, a-z, 0-9, _ and -")
        self._token, self._api_url = token, api_url
        self._webhook_url, self._secret = webhook_url or None, webhook_secret or ""
        self._poll_timeout, self._concurrency = poll_timeout, concurrency
        self._local_order = not (webhook_url and ordered_by_database)
        self.sender = sender or TelegramSender(token=token, api_url=api_url)
        self._handlers = Handlers(engine, self.sender)
        self._app: Application | None = None  # type: ignore[type-arg]
        self._poller: ConfirmingPoller | None = None

    @property
    def application(self) -> Application | None:  # type: ignore[type-arg]
        """PTB's Application while running (tests wait on its update_queue), else None."""
        return self._app

    def routes(self) -> list[Route]:
        """POST /telegram/webhook in webhook mode; nothing when polling."""
        return [Route(WEBHOOK_PATH, self._webhook, methods=["POST"])] if self._webhook_url else []

    async def check(self) -> str:
        """Who the token speaks for (getMe); ChannelUnavailable when refused or unreachable. Not while running."""
        try:
            return f"@{await self.sender.username()}"
        finally:
            await self.sender.close()

    async def username(self) -> str:
        """The bot's @username, for the deep link https://t.me/<username>?start=CODE."""
        return await self.sender.username()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Receive updates until the context ends (long polling, or the webhook registered)."""
        redact = RedactToken(self._token)
        redact.install()  # before ApplicationBuilder's ExtBot logs its URL
        app = self._build()
        try:
            async with _initialized(app, token=self._token, api_url=self._api_url):  # getMe ... shutdown
                await app.start()
                try:
                    self._app = app  # before setWebhook: Telegram may call at once
                    await self._connect(app)
                    yield
                finally:
                    self._app = None
                    if self._poller is not None:
                        await self._poller.stop()
                        self._poller = None
                    await app.stop()
        finally:
            await self.sender.close()
            redact.remove()

    async def _connect(self, app: Application) -> None:  # type: ignore[type-arg]
        try:
            await self._receive(app)
        except TelegramError as error:
            raise unavailable(error, token=self._token, api_url=self._api_url) from None

    async def _receive(self, app: Application) -> None:  # type: ignore[type-arg]
        if self._webhook_url:
            await app.bot.set_webhook(self._webhook_url, secret_token=self._secret, allowed_updates=ALLOWED_UPDATES)
            log.info("telegram: webhook set")
            return
        # Deletes any webhook first; pending updates are kept (dropping them loses what people sent).
        # Not PTB's Updater: it confirms updates before they are processed (adapters/telegram/polling.py).
        self._poller = ConfirmingPoller(app, timeout=self._poll_timeout, allowed_updates=ALLOWED_UPDATES)
        await self._poller.start()
        log.info("telegram: long polling")

    def _build(self) -> Application:  # type: ignore[type-arg]
        builder = (
            ApplicationBuilder()
            .token(self._token)
            .base_url(self._api_url)
            .request(AiohttpRequest())  # PTB's own transport costs three times the CPU per call
            .get_updates_request(AiohttpRequest(connection_pool_size=1))
            .concurrent_updates(PerChatProcessor(self._concurrency, local_order=self._local_order))
            .job_queue(None)  # time belongs to adapters/scheduler.py
            .updater(None)  # polling is ours (adapters/telegram/polling.py); a webhook needs none
        )
        app = builder.build()
        app.add_handler(MessageHandler(filters.TEXT & filters.UpdateType.MESSAGE, self._handlers.on_text))
        app.add_handler(CallbackQueryHandler(self._handlers.on_press))
        app.add_error_handler(self._handlers.on_error)
        return app

    async def _webhook(self, request: Request) -> Response:
        """One update from Telegram: checked, processed, then 200 (Telegram retries a failure)."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not self._secret or not hmac.compare_digest(given, self._secret.encode()):
            return Response(status_code=401)
        app = self._app
        if app is None:
            return Response(status_code=503)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(payload, app.bot)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
            # Only a sender holding the secret gets here; whatever it posted that is not an update is refused.
            log.info("telegram webhook: malformed update refused: %s", type(error).__name__)
            return Response(status_code=400)
        # Through the processor, so that one chat's updates stay in order across requests too.
        await app.update_processor.process_update(update, app.process_update(update))
        return Response(status_code=200)


@asynccontextmanager
async def _initialized(app: Application, *, token: str, api_url: str) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """`async with app:`, with a failed getMe told as ChannelUnavailable (PTB has shut the app down)."""
    try:
        await app.initialize()
    except TelegramError as error:
        await app.shutdown()
        raise unavailable(error, token=token, api_url=api_url) from None
    try:
        yield
    finally:
        await app.shutdown()
