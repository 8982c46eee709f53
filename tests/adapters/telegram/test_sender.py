"""TelegramSender against the fake Bot API: pacing, retries and the errors the dispatcher expects."""

from __future__ import annotations

import itertools
import logging
from collections.abc import AsyncIterator
from random import Random

import pytest
from telegram import Bot

from adapters.telegram import Pacer, TelegramSender
from adapters.telegram.transport import AiohttpRequest
from bot.delivery.retry import RetryPolicy
from bot.domain.errors import PermanentFailure, TemporaryFailure, Unreachable
from bot.domain.model import Address, Reply
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

ANA = Address("telegram", "42")
HELLO = Reply(text="Hello & welcome")


@pytest.fixture
async def sender(api: FakeTelegramAPI) -> AsyncIterator[TelegramSender]:
    """A sender on its own, as the dispatcher uses it from the command line."""
    pacer = Pacer(chat_period=0.05)  # a retry is a new send to the chat: paced like any other
    async with TelegramSender(token=api.token, api_url=api.base_url, first_backoff=0.01, pacer=pacer) as opened:
        yield opened


class TestDelivery:
    async def test_a_reply_is_sent_as_html_and_its_message_id_returned(
        self, api: FakeTelegramAPI, sender: TelegramSender
    ) -> None:
        """The provider id is the Telegram message id; the text arrives escaped."""
        message_id = await sender.send(ANA, HELLO)
        (shown,) = api.messages("42")
        assert message_id == str(shown["message_id"])
        assert (shown["html"], shown["text"]) == ("Hello &amp; welcome", "Hello & welcome")

    async def test_the_username_comes_from_get_me(self, sender: TelegramSender) -> None:
        """For the deep link https://t.me/<username>?start=CODE."""
        assert await sender.username() == "consult_test_bot"

    async def test_a_closed_sender_opens_again_when_used(self, api: FakeTelegramAPI, sender: TelegramSender) -> None:
        """The CLI may close it between commands; the next send reconnects (getMe) by itself."""
        await sender.close()
        await sender.send(ANA, HELLO)
        assert len(api.calls_to("getMe")) == 2
        assert len(api.messages("42")) == 1

    async def test_telegram_down_at_connect_time_is_a_temporary_failure(self, api: FakeTelegramAPI) -> None:
        """Even the first getMe failing is something the dispatcher retries later."""
        api.fail("getMe", status=502)
        with pytest.raises(TemporaryFailure, match="cannot reach the Bot API"):
            await TelegramSender(token=api.token, api_url=api.base_url).send(ANA, HELLO)

    async def test_other_channels_are_refused(self, sender: TelegramSender) -> None:
        """A routing mistake is a bug, not a delivery problem."""
        with pytest.raises(ValueError, match="slack"):
            await sender.send(Address("slack", "C1"), HELLO)


class TestFloodControl:
    async def test_a_429_is_waited_out_and_the_message_sent_once(
        self, api: FakeTelegramAPI, sender: TelegramSender
    ) -> None:
        """retry_after is honoured: the retry comes no sooner, and the chat sees one message."""
        api.fail("sendMessage", retry_after=1)
        await sender.send(ANA, HELLO)
        refused, accepted = api.calls_to("sendMessage", ok=False)
        assert (refused.status, accepted.status) == (429, 200)
        assert accepted.at - refused.at >= 1.0
        assert len(api.messages("42")) == 1

    async def test_a_long_retry_after_goes_back_to_the_outbox(
        self, api: FakeTelegramAPI, sender: TelegramSender
    ) -> None:
        """Beyond max_wait the dispatcher reschedules the row instead of a sender holding it."""
        api.fail("sendMessage", retry_after=600)
        with pytest.raises(TemporaryFailure) as caught:
            await sender.send(ANA, HELLO)
        assert caught.value.retry_after == 600
        assert api.messages("42") == []


class TestFailures:
    async def test_server_errors_are_retried_with_back_off(self, api: FakeTelegramAPI, sender: TelegramSender) -> None:
        """Two 500s, then the message goes through."""
        api.fail("sendMessage", status=500, times=2)
        await sender.send(ANA, HELLO)
        assert [c.status for c in api.calls_to("sendMessage", ok=False)] == [500, 500, 200]

    async def test_lasting_server_errors_become_a_temporary_failure(
        self, api: FakeTelegramAPI, sender: TelegramSender
    ) -> None:
        """After the last attempt the dispatcher gets TemporaryFailure and backs off itself."""
        api.fail("sendMessage", status=502, times=None)
        with pytest.raises(TemporaryFailure, match="network"):
            await sender.send(ANA, HELLO)
        assert len(api.calls_to("sendMessage", ok=False)) == sender.retry.attempts

    async def test_a_timeout_is_retried(self, api: FakeTelegramAPI) -> None:
        """A request that times out is tried again."""
        request = AiohttpRequest(read_timeout=0.2)
        bot = Bot(api.token, base_url=api.base_url, request=request)
        api.fail("sendMessage", status=502, delay=0.5)  # answers too late for the client
        async with TelegramSender(bot=bot, first_backoff=0.01) as sender:
            await sender.send(ANA, HELLO)
        assert len(api.messages("42")) == 1

    @pytest.mark.parametrize(
        ("status", "description"),
        [
            (403, "Forbidden: bot was blocked by the user"),
            (403, "Forbidden: user is deactivated"),
            (400, "Bad Request: chat not found"),
        ],
    )
    async def test_a_blocked_bot_or_a_vanished_chat_is_unreachable(
        self, api: FakeTelegramAPI, sender: TelegramSender, status: int, description: str
    ) -> None:
        """The dispatcher then marks the identity unreachable instead of retrying."""
        api.fail("sendMessage", status=status, description=description)
        with pytest.raises(Unreachable):
            await sender.send(ANA, HELLO)
        assert len(api.calls_to("sendMessage", ok=False)) == 1

    async def test_a_refused_message_is_not_retried_here(self, api: FakeTelegramAPI, sender: TelegramSender) -> None:
        """Another 400 is reported with Telegram's reason (the outbox records it)."""
        api.fail("sendMessage", status=400, description="Bad Request: can't parse entities")
        with pytest.raises(PermanentFailure, match=r"(?i)can't parse entities"):
            await sender.send(ANA, HELLO)


class TestSecrets:
    async def test_the_token_never_reaches_the_logs(
        self, api: FakeTelegramAPI, caplog: pytest.LogCaptureFixture
    ) -> None:
        """Every Bot API URL holds the token (PTB logs it, httpx would): it is redacted."""
        caplog.set_level(logging.DEBUG)
        api.fail("sendMessage", status=500)
        async with TelegramSender(token=api.token, api_url=api.base_url, first_backoff=0.01) as sender:
            await sender.send(ANA, HELLO)
        assert "sendmessage" in caplog.text.lower()
        assert api.token not in caplog.text
        assert api.token.split(":")[1] not in caplog.text


class TestPacedBatch:
    async def test_several_replies_to_one_chat_are_a_period_apart(self, api: FakeTelegramAPI) -> None:
        """Messages to one chat keep their order and their distance."""
        async with TelegramSender(token=api.token, api_url=api.base_url, pacer=Pacer(chat_period=0.2)) as sender:
            await sender.post("42", [Reply(text="one"), Reply(title="two", text="x " * 2100)])
        calls = api.calls_to("sendMessage")
        assert len(calls) == 3  # "one" cannot join a reply that needs two messages itself
        assert all(later.at - earlier.at >= 0.2 for earlier, later in itertools.pairwise(calls))
        assert [m["text"][:3] for m in api.messages("42")] == ["one", "two", "x x"]


class TestRetryPolicy:
    async def test_the_back_off_comes_from_the_policy_given_with_its_jitter(self, api: FakeTelegramAPI) -> None:
        """bot.delivery.retry.RetryPolicy decides: three attempts, a jittered back-off (one draw) between each two."""
        draws = Draws()
        policy = RetryPolicy(attempts=3, first_delay=0.01, random=draws)
        api.fail("sendMessage", status=500, times=None)
        async with TelegramSender(token=api.token, api_url=api.base_url, retry=policy) as sender:
            with pytest.raises(TemporaryFailure, match="network"):
                await sender.send(ANA, HELLO)
        assert len(api.calls_to("sendMessage", ok=False)) == 3
        assert len(draws.taken) == 2


class Draws:
    """A seeded random source that notes each draw."""

    def __init__(self, seed: int = 3) -> None:
        self._source = Random(seed)
        self.taken: list[float] = []

    def __call__(self) -> float:
        self.taken.append(self._source.random())
        return self.taken[-1]


class TestCharts:
    async def test_a_tall_chart_goes_as_a_document_after_a_phone_sized_preview(
        self, api: FakeTelegramAPI, sender: TelegramSender
    ) -> None:
        """150 recommendations make a 1080x7735 chart: sendPhoto would shrink it to 2,560 px (unreadable).

        The top of it goes as a photo a phone shows whole, with the caption; then the full chart as a file.
        """
        from adapters.chart import render_png
        from tests.adapters.test_chart import round_digest

        chart = render_png(round_digest(150))
        await sender.send(Address("telegram", "7"), Reply(title="Positions", text="", image=chart))
        preview, document = api.messages("7")
        assert preview["caption"] == "Positions"
        assert max(preview["photo"][0]["width"], preview["photo"][0]["height"]) <= 1280
        assert (document["document"]["width"], document["document"]["height"]) == (1080, 7735)
        assert [c.method for c in api.calls if c.method.startswith("send")] == ["sendphoto", "senddocument"]

    async def test_a_short_chart_stays_a_photo(self, api: FakeTelegramAPI, sender: TelegramSender) -> None:
        from adapters.chart import render_png
        from tests.adapters.test_chart import round_digest

        await sender.send(
            Address("telegram", "7"), Reply(title="Positions", text="", image=render_png(round_digest(8)))
        )
        [photo] = api.messages("7")
        assert (photo["photo"][0]["width"], photo["photo"][0]["height"]) == (1080, 1452)
