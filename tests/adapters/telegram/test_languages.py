"""Telegram in the reader's language: the user's language_code at join, /language CODE, and a bad code."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from adapters.telegram import TelegramChannel
from bot.domain.model import Position
from bot.i18n import formats
from bot.i18n.catalogue import position_label, text
from tests.adapters.telegram.conftest import World, processed, say
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

ANA = 5001001


async def say_in(
    api: FakeTelegramAPI, channel: TelegramChannel, user: int, said: str, language_code: str
) -> list[dict[str, Any]]:
    """A user whose Telegram app is set to `language_code` types `said`."""
    update = api.text_update(user, said)
    update["message"]["from"]["language_code"] = language_code
    before = len(api.messages(str(user)))
    await processed(api, channel, api.queue(update))
    return api.messages(str(user))[before:]


def language_of(world: World) -> str:
    (person,) = world.store.state.participants.values()
    return person.language


class TestTelegramLanguages:
    async def test_the_apps_language_chooses_at_join(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        code = await world.invite("FRA")
        (welcome,) = await say_in(api, polling, ANA, f"/start {code}", "es")
        assert language_of(world) == "es"
        labels = [b["text"] for row in welcome["reply_markup"]["inline_keyboard"] for b in row]
        assert position_label("es", Position.SUPPORT) in labels
        assert formats.country("FRA", "es") in welcome["text"]

    async def test_a_bad_join_code_answers_in_the_apps_language(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        (refused,) = await say_in(api, polling, ANA, "/start NOPE-NOPE", "fr")
        assert refused["text"] == text("fr", "join.bad_code")

    async def test_an_unknown_code_lists_the_six_and_changes_nothing(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        code = await world.invite("FRA")
        await say(api, polling, ANA, f"/start {code}")
        before = copy.deepcopy(world.store.state.participants)
        for bad in ("/language xx", "/language", "/language en fr"):
            (refused,) = await say(api, polling, ANA, bad)
            assert refused["text"].startswith("That language is not available.")
            assert all(f"{code} (" in refused["text"] for code in formats.LANGUAGES)
        assert world.store.state.participants == before

    async def test_language_zh_then_the_dialogue_in_chinese(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        code = await world.invite("FRA")
        await say(api, polling, ANA, f"/start {code}")
        (done,) = await say(api, polling, ANA, "/language zh")
        assert done["text"] == text("zh", "language.set", language="中文")
        (status,) = await say(api, polling, ANA, "/status")
        assert formats.day(world.store.state.rounds["dao"].deadline, "America/New_York", "zh") in status["text"]
