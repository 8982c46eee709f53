"""TelegramSender: the core's Sender port on the Bot API, paced, retried, errors translated.

Outcomes the dispatcher understands:
- 429 (flood control): every send pauses for `retry_after`; a short wait (up to `max_wait`) is
  waited here and the message retried, keeping the batch in order; a longer one becomes
  TemporaryFailure(retry_after=...) so the outbox row is rescheduled instead of holding a slot.
- network errors, timeouts, 5xx: retried with exponential back-off and jitter, then TemporaryFailure.
  Both follow bot.delivery.retry.RetryPolicy (a 429 is not a failed attempt).
- 403 (bot blocked, user deactivated) and "chat not found": Unreachable.
- any other 400 (a message Telegram refuses): PermanentFailure: the row dies at once, with its reason,
  and the person stays reachable.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Sequence
from datetime import timedelta
from types import TracebackType
from typing import Self

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from adapters.telegram import calls
from adapters.telegram.logs import RedactToken
from adapters.telegram.pacing import Pacer
from adapters.telegram.render import Outgoing, render
from adapters.telegram.translate import CHANNEL
from adapters.telegram.transport import AiohttpRequest
from adapters.telegram.unavailable import unavailable
from bot.delivery.retry import RetryPolicy
from bot.delivery.telemetry import TELEMETRY
from bot.domain.errors import PermanentFailure, TemporaryFailure, Unreachable
from bot.domain.model import Address, Reply

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org/bot"
_GONE = ("chat not found", "user is deactivated", "peer_id_invalid", "bot was kicked")


#: HTTP connections to the Bot API: as many as updates handled at once (adapters/telegram/updates.py).
CONNECTIONS = 64


class TelegramSender:
    """Sends replies to Telegram chats; usable with or without the channel running."""

    def __init__(
        self,
        *,
        token: str = "",
        api_url: str = DEFAULT_API_URL,
        bot: Bot | None = None,
        pacer: Pacer | None = None,
        attempts: int = 4,
        first_backoff: float = 0.5,
        max_wait: float = 10.0,
        flood_budget: float = 120.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        if bot is None and not token:
            raise ValueError("TelegramSender needs a token or a Bot")
        self._token, self._api_url = token, api_url
        self._bot = bot  # built on open(), once the token is redacted from the logs
        self._redact = RedactToken(bot.token if bot else token)
        self.pacer = pacer or Pacer()
        # A 429 is not a failed attempt but an order to wait: short ones are waited out, up to
        # flood_budget seconds in all per message, so that no reply is dropped in a storm of them.
        self.retry = retry or RetryPolicy(
            attempts=attempts, first_delay=first_backoff, max_wait=max_wait, flood_budget=flood_budget
        )
        self._lock = asyncio.Lock()
        self._open = False

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def open(self) -> None:
        """Connect (getMe) once; sending opens the sender by itself if needed."""
        async with self._lock:
            if not self._open:
                self._redact.install()  # before Bot() logs its URL
                # PTB's Bot alone has one HTTP connection: replies to chats handled at once would queue on it.
                request = AiohttpRequest(connection_pool_size=CONNECTIONS, pool_timeout=30.0)
                self._bot = self._bot or Bot(
                    self._token,
                    base_url=self._api_url,
                    request=request,
                    get_updates_request=AiohttpRequest(connection_pool_size=1),  # never polls; PTB wants one
                )
                try:
                    await self._bot.initialize()
                except (InvalidToken, NetworkError) as error:  # getMe failed: the channel is unusable now
                    await self._bot.shutdown()  # the connections the failed getMe opened
                    self._redact.remove()
                    raise unavailable(error, token=self._token, api_url=self._api_url) from None
                self._open = True

    async def close(self) -> None:
        """Release the HTTP connections (a later send opens them again)."""
        async with self._lock:
            if self._open and self._bot is not None:
                self._open = False
                await self._bot.shutdown()
                self._redact.remove()

    async def username(self) -> str:
        """The bot's @username (for deep links https://t.me/<username>?start=CODE)."""
        return (await self._opened()).username

    async def send(self, address: Address, reply: Reply) -> str:
        """Send one reply (one or more messages); returns the id of the last message."""
        if address.channel != CHANNEL:
            raise ValueError(f"TelegramSender cannot send to {address.channel!r}")
        ids = await self.post(address.chat, [reply])
        return str(ids[-1]) if ids else ""

    async def post(self, chat: str, replies: Sequence[Reply]) -> list[int]:
        """Send replies to a chat, in order; returns the message ids."""
        bot = await self._opened()  # ChannelUnavailable (a TemporaryFailure) when getMe fails
        return [await self._deliver(bot, chat, message) for message in render(replies)]

    async def _opened(self) -> Bot:
        await self.open()
        assert self._bot is not None
        return self._bot

    async def _deliver(self, bot: Bot, chat: str, message: Outgoing) -> int:
        try:
            sent = await self._attempts(bot, chat, message)
        except Unreachable:
            TELEMETRY.add("send_failures", channel=CHANNEL, cause="unreachable")
            raise
        except PermanentFailure:
            TELEMETRY.add("send_failures", channel=CHANNEL, cause="refused")
            raise
        except TemporaryFailure as failure:
            cause = "flood_control" if failure.retry_after is not None else "network"
            TELEMETRY.add("send_failures", channel=CHANNEL, cause=cause)
            raise
        TELEMETRY.add("sends", channel=CHANNEL)
        return sent

    async def _attempts(self, bot: Bot, chat: str, message: Outgoing) -> int:
        tries = self.retry.start()
        while True:
            try:
                async with self.pacer.slot(chat):
                    return await _request(bot, chat, message)
            except RetryAfter as error:
                seconds = retry_seconds(error)
                TELEMETRY.add("rate_limited", channel=CHANNEL)
                wait = tries.told_to_wait(seconds)
                self.pacer.pause(seconds if wait is None else wait)  # the next slot waits it out
                if wait is None:
                    raise TemporaryFailure(f"flood control: {error}", retry_after=seconds) from error
                log.warning("telegram flood control: pausing sends for %.1f s", wait)
                TELEMETRY.add("backoff_seconds", wait, channel=CHANNEL)
            except Forbidden as error:
                raise Unreachable(str(error)) from error
            except ChatMigrated as error:
                log.warning("telegram chat %s moved to %s", chat, error.new_chat_id)
                chat = str(error.new_chat_id)
                if tries.failed() is None:  # tried again at once, but counted: it cannot go on forever
                    raise TemporaryFailure(f"chat moved again and again: {error}") from error
            except BadRequest as error:
                if any(reason in str(error).lower() for reason in _GONE):
                    raise Unreachable(str(error)) from error
                raise PermanentFailure(f"refused by Telegram: {error}") from error
            except NetworkError as error:  # also TimedOut and 5xx answers
                backoff = tries.failed()
                if backoff is None:
                    raise TemporaryFailure(f"network: {error}") from error
                log.info("telegram send failed (%s), attempt %d of %d", error, tries.failures, self.retry.attempts)
                TELEMETRY.add("backoff_seconds", backoff, channel=CHANNEL)
                await asyncio.sleep(backoff)


async def _request(bot: Bot, chat: str, message: Outgoing) -> int:
    """Send one message; its id."""
    if message.document and message.photo is not None:
        # A tall chart: its top as a photo a phone shows well, then the whole chart as a file.
        if message.preview is not None:
            await bot.send_photo(chat, message.preview, caption=message.text or None, parse_mode=ParseMode.HTML)
        sent = await bot.send_document(chat, message.photo, filename="chart.png", reply_markup=message.markup)
        return sent.message_id
    if message.photo is not None:
        caption = message.text or None
        sent = await bot.send_photo(
            chat, message.photo, caption=caption, parse_mode=ParseMode.HTML, reply_markup=message.markup
        )
        return sent.message_id
    return await calls.send_text(bot, chat, message.text, message.markup)  # the usual case: no Message parsed


def retry_seconds(error: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds, without PTB's deprecation warning about its future type."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
