"""SlackChannel: the Bolt AsyncApp wired to the engine, its HTTP route, Socket Mode, and the Sender."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import aiohttp
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.slack import translate
from adapters.slack.background import Background
from adapters.slack.listeners import Listeners
from adapters.slack.pacing import Pace
from adapters.slack.sender import SlackSender
from bot.domain.errors import ChannelUnavailable
from bot.engine import Engine

log = logging.getLogger(__name__)

CHANNEL = "slack"
EVENTS_PATH = "/slack/events"
#: Slack's requests are a few kilobytes (a form's text at most some 3,000 characters, a message 40,000).
MAX_BODY = 1_000_000
#: On shutdown, how long answers already acknowledged may take to go out.
DRAIN_SECONDS = 10.0


class SlackChannel:
    """Slack for consultbot: `routes()` for HTTP mode, `running()` for Socket Mode, `sender` for pushes.

    Args:
        bot_token: the bot token (xoxb-...).
        signing_secret: verifies every HTTP request (bad signature or stale timestamp: 401).
        engine: the core.
        app_token: an app-level token (xapp-...) turns Socket Mode on.
        api_url: the Web API base URL (GovSlack, or a test server).
        messages_per_second: pace of messages to one channel (Slack allows about 1, with short bursts).
    """

    def __init__(
        self,
        *,
        bot_token: str,
        signing_secret: str,
        engine: Engine,
        app_token: str | None = None,
        api_url: str = "https://slack.com/api/",
        messages_per_second: float = 1.0,
    ) -> None:
        # Retries live in SlackSender alone, where they know about pacing and Retry-After.
        client = self._client = AsyncWebClient(token=bot_token, base_url=api_url.rstrip("/") + "/", retry_handlers=[])
        self.sender = SlackSender(client, pace=Pace(rate=messages_per_second))
        self._background = Background()
        # process_before_response: the listeners return right after ack() and start their own,
        # tracked jobs, so the ack goes out at once and shutdown can wait for the work.
        self.app = AsyncApp(
            name="consultbot",
            client=client,
            signing_secret=signing_secret,
            process_before_response=True,
        )
        Listeners(engine=engine, sender=self.sender, background=self._background).register(self.app)
        self._handler = AsyncSlackRequestHandler(self.app)
        self._verifier = SignatureVerifier(signing_secret)
        self._app_token = app_token
        self._api_url = api_url

    def routes(self) -> list[Route]:
        """POST /slack/events: events, interactive actions, slash commands and view submissions."""
        return [Route(EVENTS_PATH, self._events, methods=["POST"])]

    async def _events(self, request: Request) -> Response:
        body = await request.body()  # Starlette keeps it: Bolt reads the same bytes again
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        # Checked here too, before the body is parsed: a malformed body must not get further unsigned.
        try:
            verified = self._verifier.is_valid_request(body, dict(request.headers))
        except (ValueError, TypeError):  # a timestamp that is no number, a body or signature not text
            verified = False
        if not verified:
            return Response(status_code=401)
        reason = translate.problem(body, request.headers.get("content-type", ""))
        if reason:
            log.info("slack: malformed request refused: %s", reason)
            return Response(status_code=400)
        return await self._handler.handle(request)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Hold the Socket Mode connection (when an app token is set); on exit, let answers go out.

        While running, every Web API call goes through one HTTP session, keeping its connections
        to Slack open (without it the SDK opens a new session, and a new TLS connection, per call).
        """
        session = aiohttp.ClientSession()
        self._client.session = session
        try:
            await self.check()
        except ChannelUnavailable:
            self._client.session = None
            await session.close()
            raise
        socket = AsyncSocketModeHandler(self.app, self._app_token) if self._app_token else None
        if socket is not None:
            # Not start_async(): that one sleeps forever. (Bolt leaves these two unannotated.)
            await socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack: Socket Mode connected")
        try:
            yield
        finally:
            if socket is not None:
                await socket.close_async()  # type: ignore[no-untyped-call]
            await self._background.idle(grace=DRAIN_SECONDS)
            self._client.session = None
            await session.close()

    async def check(self) -> str:
        """Who the bot token speaks for (auth.test); ChannelUnavailable when Slack refuses it or is unreachable."""
        try:
            answer = await self._client.auth_test()
        except SlackApiError as error:
            code = str(error.response.get("error", "")) if error.response is not None else ""
            raise ChannelUnavailable(CHANNEL, f"the Web API refused the bot token ({code or 'error'})") from None
        except (aiohttp.ClientError, TimeoutError) as error:
            host = urlsplit(self._api_url).netloc or self._api_url
            raise ChannelUnavailable(CHANNEL, f"cannot reach the Web API at {host} ({type(error).__name__})") from None
        return f"team {answer.get('team_id', '?')}, bot user {answer.get('user_id', '?')}"

    async def idle(self, grace: float | None = None) -> None:
        """Wait until every acknowledged request has been fully answered (at most `grace` seconds)."""
        await self._background.idle(grace=grace)
