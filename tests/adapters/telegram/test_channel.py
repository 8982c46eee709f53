"""The channel's own behaviour: order of updates, the error hook, what it ignores, the press protocol."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from adapters.telegram import Pacer, TelegramChannel, TelegramSender
from bot.domain.model import IncomingMessage, Reply
from bot.i18n.catalogue import text
from tests.adapters.telegram.conftest import World, processed, say
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.pseudo_catalogues import pseudo_catalogues

pytestmark = pytest.mark.fake_server

ANA, BEN = 5001001, 5001002


class SlowEcho:
    """A stand-in for the engine (our own port): echoes; a text starting with "slow" is held until a
    message of another chat has been answered (ten seconds at most: then the chats were not served apart)."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.slow_chats: set[str] = set()
        self.elsewhere = asyncio.Event()

    async def handle(self, message: IncomingMessage) -> list[Reply]:
        if "boom" in (message.text, message.action):
            raise RuntimeError("the database is on fire")
        if message.text.startswith("in "):  # the core answers in the reader's language
            return [Reply(text=f"echo {message.text}", language=message.text.removeprefix("in "))]
        if message.text.startswith("slow"):
            self.slow_chats.add(message.chat)
            await asyncio.wait_for(self.elsewhere.wait(), 10)
        self.order.append(f"{message.chat}:{message.text or message.action}")
        if message.chat not in self.slow_chats:
            self.elsewhere.set()
        return [Reply(text=f"echo {message.text or message.action}")]

    async def replied(self, message: IncomingMessage) -> None:
        """Nothing to note."""


@pytest.fixture
def french(tmp_path: Path) -> Iterator[None]:
    with pseudo_catalogues(tmp_path, ["fr"]):
        yield


@pytest.fixture
def echo() -> SlowEcho:
    return SlowEcho()


@pytest.fixture
async def channel(api: FakeTelegramAPI, echo: SlowEcho) -> AsyncIterator[TelegramChannel]:
    sender = TelegramSender(token=api.token, api_url=api.base_url, pacer=Pacer(chat_period=0.01))
    running = TelegramChannel(token=api.token, api_url=api.base_url, engine=echo, poll_timeout=1, sender=sender)
    async with running.running():
        yield running


class TestOrder:
    async def test_one_chat_in_order_other_chats_meanwhile(
        self, api: FakeTelegramAPI, channel: TelegramChannel, echo: SlowEcho
    ) -> None:
        """A slow update holds back later ones of its chat only."""
        api.say(ANA, "slow one")
        api.say(ANA, "two")
        last = api.say(BEN, "other chat")
        await processed(api, channel, last)
        assert echo.order == [f"{BEN}:other chat", f"{ANA}:slow one", f"{ANA}:two"]
        assert [m["text"] for m in api.messages(str(ANA))] == ["echo slow one", "echo two"]


class TestErrors:
    async def test_an_unexpected_error_is_logged_once_and_apologised_for(
        self, api: FakeTelegramAPI, channel: TelegramChannel, caplog: pytest.LogCaptureFixture
    ) -> None:
        """The error hook logs the traceback (never the token) and the person gets a generic apology."""
        caplog.set_level(logging.INFO)
        (apology,) = await say(api, channel, ANA, "boom")
        assert apology["text"] == "Something went wrong on our side. Please try again in a moment."
        (failure,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert failure.exc_info is not None
        assert "the database is on fire" in caplog.text
        assert api.token not in caplog.text

    async def test_the_apology_is_in_the_language_the_reader_was_last_answered_in(
        self, api: FakeTelegramAPI, channel: TelegramChannel, french: None
    ) -> None:
        await say(api, channel, ANA, "in fr")
        (apology,) = await say(api, channel, ANA, "boom")
        assert apology["text"] == text("fr", "error.generic") != text("en", "error.generic")

    async def test_without_an_answer_yet_the_apology_follows_telegrams_language_hint(
        self, api: FakeTelegramAPI, channel: TelegramChannel, french: None
    ) -> None:
        update = api.text_update(BEN, "boom")
        update["message"]["from"]["language_code"] = "fr-CA"
        await processed(api, channel, api.queue(update))
        assert [m["text"] for m in api.messages(str(BEN))] == [text("fr", "error.generic")]

    async def test_a_press_is_answered_first_even_when_handling_fails(
        self, api: FakeTelegramAPI, channel: TelegramChannel
    ) -> None:
        """answerCallbackQuery comes before any other call for the press."""
        (shown,) = await say(api, channel, ANA, "hello")
        api.queue(api.press_update(ANA, shown, "go:dao"))
        await processed(api, channel, api.queue(api.press_update(ANA, shown, "boom")))
        methods = [c.method for c in api.calls if c.method in ("answercallbackquery", "sendmessage")]
        assert methods[-4:] == ["answercallbackquery", "sendmessage", "answercallbackquery", "sendmessage"]
        assert api.messages(str(ANA))[-1]["text"].startswith("Something went wrong")


class TestIgnored:
    async def test_group_chatter_and_edits_are_ignored(
        self, api: FakeTelegramAPI, channel: TelegramChannel, echo: SlowEcho
    ) -> None:
        """Only commands count in groups; edited messages are not even requested."""
        await processed(api, channel, api.say(ANA, "support, I think", chat=-100123))
        assert echo.order == []
        assert api.messages("-100123") == []
        (polls,) = {tuple(c.params["allowed_updates"]) for c in api.calls_to("getUpdates")}
        assert polls == ("message", "callback_query")

    async def test_a_redelivered_update_reaches_the_core_again_and_the_core_decides(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """After a restart Telegram may send the last batch again: the engine dedupes on update_id."""
        update = api.text_update(ANA, f"/start {await world.invite('FRA')}")
        api.queue(dict(update))
        await processed(api, polling, api.queue(dict(update)))
        assert len(api.messages(str(ANA))) == 1
