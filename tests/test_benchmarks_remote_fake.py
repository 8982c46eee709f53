"""The concurrent benchmark's fake Bot API in a process of its own, and how it finds each chat's next screen."""

from __future__ import annotations

import os
import time

import pytest
from telegram import Bot
from telegram.error import Forbidden

from benchmarks.concurrent import _next_screens
from benchmarks.remote_fake import RemoteCall, RemoteTelegramAPI

TOKEN = "123456:BENCH-token"


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _call(method: str, chat: str, text: str, at: float, status: int = 200) -> RemoteCall:
    return RemoteCall(method=method, status=status, chat=chat, text=text, at=at)


class TestNextScreens:
    def test_the_first_message_showing_r2_after_the_press_sent_or_edited(self) -> None:
        """Acknowledgements, R20, failed calls, earlier calls and other chats are not the next screen."""
        pressed = {"1": 10.0, "2": 10.0, "3": 10.0}
        calls = [
            _call("sendmessage", "1", "<b>R2 · old</b>", 9.0),  # before the press
            _call("answercallbackquery", "", "", 10.1),
            _call("editmessagetext", "1", "<b>R1 · Recommendation 1</b>\n\n✓ R1: Support", 10.2),
            _call("sendmessage", "1", "R1 recorded: Support.", 10.3),
            _call("sendmessage", "1", "<b>R20 · Recommendation 20</b>", 10.4),
            _call("sendmessage", "1", "<b>R2 · Recommendation 2</b>", 10.5, status=429),
            _call("sendmessage", "1", "<b>R2 · Recommendation 2</b>", 10.6),
            _call("editmessagetext", "2", "R1 recorded.\n\n<b>R2 · Recommendation 2</b>", 10.7),  # edited into it
            _call("sendmessage", "2", "<b>R2 · Recommendation 2</b>", 10.8),
            _call("sendmessage", "4", "<b>R2 · Recommendation 2</b>", 10.9),  # nobody pressed there
            _call("sendmessage", "3", "\u2068R2\u2069 · التوصية", 11.0),  # isolates around the ref
            _call("sendmessage", "2", "<b>R2 · Recommendation 2</b>", 10.65),  # arrived first, answered last
        ]
        assert _next_screens(calls, pressed) == {"1": 10.6, "2": 10.65, "3": 11.0}


@pytest.mark.fake_server
class TestRemoteTelegramAPI:
    async def test_the_bot_talks_to_the_child_and_the_parent_reads_what_it_received(self) -> None:
        """Calls, messages and the delay rule live in the child; arrival times are on the parent's clock."""
        async with RemoteTelegramAPI(token=TOKEN) as api:
            assert api._process is not None
            pid = api._process.pid
            async with Bot(TOKEN, base_url=api.base_url) as bot:
                before = time.monotonic()
                await bot.send_message(42, "<b>R1 · first</b>", parse_mode="HTML")
                await api.fail("sendMessage", status=None, times=1, delay=0.2)
                await bot.send_message(42, "R2 next")
                after = time.monotonic()
            assert after - before >= 0.2
            shown = await api.last_messages([42, 43])
            assert set(shown) == {"42"}
            assert shown["42"]["text"] == "R2 next"
            await api.wait_until(lambda: sum(c.method == "sendmessage" for c in api.calls) == 2, within=5)
            sends = [c for c in api.calls if c.method == "sendmessage"]
            assert [c.text for c in sends] == ["<b>R1 · first</b>", "R2 next"]
            assert all(before <= c.at <= after and c.chat == "42" for c in sends)
            await api.check()
        assert _gone(pid)

    async def test_a_failure_inside_stops_the_child_and_check_reports_failed_calls(self) -> None:
        pids: list[int] = []

        async def refused() -> None:
            async with RemoteTelegramAPI(token=TOKEN) as api:
                assert api._process is not None
                pids.append(api._process.pid)
                await api.fail("sendMessage", status=403)
                async with Bot(TOKEN, base_url=api.base_url) as bot:
                    with pytest.raises(Forbidden):
                        await bot.send_message(42, "hello")
                await api.check()

        with pytest.raises(RuntimeError, match="1 Bot API calls failed"):
            await refused()
        assert pids
        assert _gone(pids[0])
