"""The fake Bot API itself, spoken to over plain HTTP (as the benchmarks may): JSON bodies, limits, HTML."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server


async def call(api: FakeTelegramAPI, method: str, **params: Any) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(f"{api.base_url}{api.token}/{method}", json=params)


class TestFakeApi:
    async def test_json_bodies_and_html_parsing(self, api: FakeTelegramAPI) -> None:
        """Entities come back as Telegram computes them; a stray & is refused like Telegram does."""
        sent = (await call(api, "sendMessage", chat_id=7, text="<b>Hi</b> &amp; bye", parse_mode="HTML")).json()
        assert sent["result"]["text"] == "Hi & bye"
        assert sent["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
        refused = await call(api, "sendMessage", chat_id=7, text="Tom & Jerry", parse_mode="HTML")
        assert (refused.status_code, refused.json()["description"]) == (
            400,
            "Bad Request: can't parse entities: unsupported start tag or stray &",
        )

    async def test_a_wrong_token_is_unauthorized(self, api: FakeTelegramAPI) -> None:
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{api.base_url}999:nope/getMe")
        assert answer.status_code == 401

    async def test_limits_can_be_enforced(self) -> None:
        """With enforce_limits a second message to a chat within a second gets 429 retry_after=1."""
        async with FakeTelegramAPI(enforce_limits=True) as api:
            first = await call(api, "sendMessage", chat_id=7, text="one")
            second = await call(api, "sendMessage", chat_id=7, text="two")
            other = await call(api, "sendMessage", chat_id=8, text="one")
        assert [first.status_code, second.status_code, other.status_code] == [200, 429, 200]
        assert second.json()["parameters"] == {"retry_after": 1}

    async def test_get_updates_confirms_by_offset_and_long_polls(self, api: FakeTelegramAPI) -> None:
        """Updates stay until an offset passes them; an empty poll waits for the next update."""
        first = api.say(7, "hello")
        assert [u["update_id"] for u in (await call(api, "getUpdates", offset=0)).json()["result"]] == [first]
        assert (await call(api, "getUpdates", offset=first + 1)).json()["result"] == []
        assert api.confirmed(first)
        waiting = asyncio.create_task(call(api, "getUpdates", offset=first + 1, timeout=5))
        await api.wait_until(lambda: api.polling == 1)
        later = api.say(7, "again")
        assert [u["update_id"] for u in (await waiting).json()["result"]] == [later]
