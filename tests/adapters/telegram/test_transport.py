"""adapters/telegram/transport.py: PTB's Bot on aiohttp against the fake Bot API, with PTB's own errors."""

from __future__ import annotations

import asyncio
import socket
import struct
import zlib

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from adapters.telegram.transport import AiohttpRequest
from tests.fakes.telegram_api import FakeTelegramAPI, png_size

pytestmark = pytest.mark.fake_server


def _png() -> bytes:
    """A 1×1 PNG (the fake checks what it is sent)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TestCalls:
    async def test_a_message_with_html_and_a_keyboard_goes_and_comes_back_parsed(self, api: FakeTelegramAPI) -> None:
        """A JSON body of PTB's values (the keyboard JSON-encoded within), as Telegram takes it; PTB parses it."""
        async with Bot(api.token, base_url=api.base_url, request=AiohttpRequest()) as bot:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("Support", callback_data="p:dao:R1:s")]])
            sent = await bot.send_message(42, "<b>R1</b> &amp; more", parse_mode="HTML", reply_markup=markup)
        (shown,) = api.messages("42")
        assert sent.message_id == shown["message_id"]
        assert shown["text"] == "R1 & more"
        assert sent.reply_markup is not None
        assert sent.reply_markup.inline_keyboard[0][0].callback_data == "p:dao:R1:s"
        assert api.calls_to("sendMessage")[0].params["parse_mode"] == "HTML"

    async def test_a_file_goes_as_multipart_with_its_caption(self, api: FakeTelegramAPI) -> None:
        """A chart: the photo's bytes, its name and the other parameters in one multipart body."""
        async with Bot(api.token, base_url=api.base_url, request=AiohttpRequest()) as bot:
            await bot.send_photo(42, _png(), caption="Positions <i>per</i> recommendation", parse_mode="HTML")
        (call,) = api.calls_to("sendPhoto")
        assert png_size(bytes(call.params["photo"])) == (1, 1)
        assert api.messages("42")[0]["caption"] == "Positions per recommendation"


class TestErrors:
    async def test_an_answer_later_than_the_read_timeout_is_timed_out(self, api: FakeTelegramAPI) -> None:
        """TimedOut, as PTB's transport raises it (the sender then tries again)."""
        api.fail("sendMessage", status=None, delay=1.0)
        async with Bot(api.token, base_url=api.base_url, request=AiohttpRequest(read_timeout=0.2)) as bot:
            with pytest.raises(TimedOut):
                await bot.send_message(42, "late")

    async def test_every_connection_busy_past_the_pool_timeout_is_timed_out(self, api: FakeTelegramAPI) -> None:
        """One connection, held by a slow call: the next call waits `pool_timeout`, then TimedOut."""
        api.fail("sendMessage", status=None, delay=1.0, times=1)
        request = AiohttpRequest(connection_pool_size=1, pool_timeout=0.1, read_timeout=5.0)
        async with Bot(api.token, base_url=api.base_url, request=request) as bot:
            slow = asyncio.ensure_future(bot.send_message(42, "slow"))
            await asyncio.sleep(0.2)  # the slow call holds the only connection
            with pytest.raises(TimedOut):
                await bot.send_message(43, "waits for a connection")
            await slow

    async def test_no_server_is_a_network_error_that_does_not_name_the_token(self) -> None:
        """Connection refused: NetworkError; the message never carries the Bot API URL's token."""
        token = "123456:SECRET-token-part"
        request = AiohttpRequest(connect_timeout=1.0)
        await request.initialize()
        try:
            with pytest.raises(NetworkError) as raised:
                await request.post(f"http://127.0.0.1:{_free_port()}/bot{token}/getMe")
        finally:
            await request.shutdown()
        assert not isinstance(raised.value, TimedOut)
        assert "SECRET" not in str(raised.value)

    async def test_a_request_before_initialize_or_after_shutdown_is_refused(self, api: FakeTelegramAPI) -> None:
        """As PTB's transport: a clear error (PTB wraps it in a NetworkError), not a half-open session."""
        request = AiohttpRequest()
        with pytest.raises(NetworkError, match="not initialized"):
            await request.post(f"{api.base_url}{api.token}/getMe")
        await request.initialize()
        await request.shutdown()
        await request.shutdown()  # twice is harmless
        with pytest.raises(NetworkError, match="not initialized"):
            await request.post(f"{api.base_url}{api.token}/getMe")
        await request.initialize()  # and it opens again, as a closed sender does
        assert await request.post(f"{api.base_url}{api.token}/getMe")
        await request.shutdown()
