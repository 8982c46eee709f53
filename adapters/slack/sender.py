"""SlackSender: everything consultbot says to Slack's Web API, paced, retried, errors named.

It is the core's `Sender` (the dispatcher's deliveries) and the app's voice (replies, updated
messages, forms, direct-message channels). A 429 whose Retry-After is short is waited out here;
a longer one raises TemporaryFailure(retry_after=...) so the dispatcher reschedules the delivery
instead of holding a worker. Errors that mean the person cannot be reached raise Unreachable.
Errors that mean our payload is wrong (`msg_blocks_too_long`, `invalid_blocks`, `msg_too_long`...)
are bugs: logged as errors, counted, and raised as PayloadRefused (a PermanentFailure), so that the
delivery dies at once with its reason and an interactive answer ends in an apology, not silence.
Every send, failure, 429 and second waited is counted for /metrics (bot.delivery.telemetry).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack import render
from adapters.slack.pacing import Pace
from bot.delivery.retry import RetryPolicy
from bot.delivery.telemetry import TELEMETRY
from bot.domain.errors import PermanentFailure, TemporaryFailure, Unreachable
from bot.domain.model import Address, Reply

log = logging.getLogger(__name__)

#: Errors after which writing to that person is pointless (the dispatcher marks them unreachable).
UNREACHABLE = frozenset(
    {
        "account_inactive",
        "channel_not_found",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "not_in_channel",
        "cannot_dm_bot",
        "messages_tab_disabled",
        "team_access_not_granted",
    }
)
#: Errors that mean the payload we built breaks Slack's rules: a bug of ours, never worth a retry.
PAYLOAD_BUGS = frozenset(
    {"msg_blocks_too_long", "invalid_blocks", "msg_too_long", "invalid_blocks_format", "invalid_arguments", "no_text"}
)
#: Errors worth trying again at once (besides 429, HTTP 5xx and network errors).
TRANSIENT = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"})

Call = Callable[[], Awaitable[AsyncSlackResponse]]
CHANNEL = "slack"


class PayloadRefused(PermanentFailure):
    """Slack refused a message or view we built: a bug to fix, reported loudly."""


class SlackSender:
    """Speaks to the Web API through one AsyncWebClient."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        pace: Pace | None = None,
        max_wait: float = 5.0,
        attempts: int = 3,
        backoff: float = 0.5,
        flood_budget: float = 120.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.client = client
        self.pace = pace or Pace()
        # A 429 is an order to wait, not a failed attempt: short ones are waited out, up to
        # flood_budget seconds in all, so that no answer is dropped in a storm of them.
        self.retry = retry or RetryPolicy(
            attempts=attempts, first_delay=backoff, max_wait=max_wait, flood_budget=flood_budget
        )
        self._direct: dict[str, str] = {}

    async def send(self, address: Address, reply: Reply) -> str:
        """Post the reply (split if long, its image uploaded); returns the first message's ts."""
        first = ""
        for message in render.messages(reply):
            await self.pace.wait(address.chat)
            post = functools.partial(
                self.client.chat_postMessage,
                channel=address.chat,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
            response = await self._call(post, channel=address.chat)
            first = first or str(response.get("ts") or "")
        if reply.image:
            await self.pace.wait(address.chat)
            upload = functools.partial(
                self.client.files_upload_v2,
                channel=address.chat,
                file=reply.image,
                filename="chart.png",
                title=reply.title or "chart",
            )
            await self._call(upload, channel=address.chat)
        return first

    async def update(self, channel: str, ts: str, message: render.Message) -> None:
        """Replace a message the bot posted (an answered question loses its buttons)."""
        edit = functools.partial(
            self.client.chat_update, channel=channel, ts=ts, text=message.text, blocks=message.blocks
        )
        await self._call(edit)

    async def open_form(self, trigger_id: str, view: dict[str, Any]) -> None:
        """Open a modal; Slack accepts this only within 3 seconds of the press."""
        call = functools.partial(self.client.views_open, trigger_id=trigger_id, view=view)
        await self._call(call, retry=replace(self.retry, attempts=1, max_wait=0.0))

    async def direct_channel(self, user_id: str) -> str:
        """The bot's direct-message channel with a user (opened once, then remembered)."""
        if user_id not in self._direct:
            response = await self._call(functools.partial(self.client.conversations_open, users=user_id))
            self._direct[user_id] = str(response["channel"]["id"])
        return self._direct[user_id]

    def known_direct_channel(self, user_id: str) -> str:
        """The direct-message channel with a user if it was opened already, else "" (no API call)."""
        return self._direct.get(user_id, "")

    async def respond(self, response_url: str, reply: Reply) -> None:
        """Answer a slash command for the asker's eyes only (works in channels the bot is not in)."""
        webhook = AsyncWebhookClient(response_url)
        for message in render.messages(reply):
            try:
                result = await webhook.send(text=message.text, blocks=message.blocks, response_type="ephemeral")
            except (aiohttp.ClientError, TimeoutError) as error:
                raise TemporaryFailure(f"response_url unreachable: {error!r}") from error
            if result.status_code != 200:
                raise TemporaryFailure(f"response_url answered {result.status_code}")

    async def _call(self, call: Call, *, channel: str = "", retry: RetryPolicy | None = None) -> AsyncSlackResponse:
        """Run one Web API call: wait out short 429s, retry transient failures, name the error."""
        tries = (retry or self.retry).start()
        while True:
            try:
                response = await call()
            except SlackApiError as error:
                try:
                    failure, again = _classify(error)
                except (Unreachable, PayloadRefused) as final:
                    TELEMETRY.add("send_failures", channel=CHANNEL, cause=_cause(final))
                    raise
            except (aiohttp.ClientError, TimeoutError) as error:
                failure, again = TemporaryFailure(f"network: {error!r}"), True
            else:
                if channel:
                    TELEMETRY.add("sends", channel=CHANNEL)
                return response
            if failure.retry_after is not None:
                TELEMETRY.add("rate_limited", channel=CHANNEL)
            if failure.retry_after is not None and channel:
                self.pace.hold(channel, failure.retry_after)
            told = failure.retry_after
            wait = None
            if again:
                wait = tries.failed() if told is None else tries.told_to_wait(told)  # a 429 is no failed attempt
            if wait is None:
                TELEMETRY.add("send_failures", channel=CHANNEL, cause=_cause(failure))
                raise failure
            log.info("slack: %s; trying again in %.1f s", failure, wait)
            TELEMETRY.add("backoff_seconds", wait, channel=CHANNEL)
            await asyncio.sleep(wait)


def _classify(error: SlackApiError) -> tuple[TemporaryFailure, bool]:
    """The failure a Web API error means, and whether trying again at once may help.

    Raises Unreachable for the errors that mean the person cannot be written to.
    """
    response = error.response
    data = response.data if isinstance(response.data, dict) else {}
    code = str(data.get("error") or f"http_{response.status_code}")
    if code in UNREACHABLE:
        raise Unreachable(code) from error
    if code in PAYLOAD_BUGS:
        detail = data.get("response_metadata", {}).get("messages") or data.get("detail") or ""
        log.error("slack refused a payload we built (%s) %s: a bug to fix", code, detail)
        raise PayloadRefused(code) from error
    if response.status_code == 429:
        retry_after = float(response.headers.get("Retry-After", "1") or 1)
        return TemporaryFailure(code, retry_after=retry_after), True
    return TemporaryFailure(code), code in TRANSIENT or response.status_code >= 500


def _cause(failure: Exception) -> str:
    """A short label for /metrics: the Slack error code, or the kind of failure (never a person)."""
    text = str(failure).split(":", 1)[0].strip()
    if isinstance(failure, Unreachable):
        return f"unreachable_{text}" if text.isidentifier() else "unreachable"
    return text if text.replace("_", "").isalnum() and len(text) <= 40 else "other"
