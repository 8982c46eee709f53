"""Markup in round texts, names and comments arrives escaped: shown as typed, never as formatting."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.telegram import Pacer, TelegramChannel, TelegramSender
from tests.adapters.telegram.conftest import World, a_round, make_world, press, processed, say
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

ANA = 5001001
TITLE = 'Delivering <b>as</b> One & <a href="https://evil.example">more</a>'
TEXT = "Merge funds & programmes <i>now</i>; see <a href='https://evil.example'>this</a>."
COMMENT = 'We <b>strongly</b> agree & add <a href="https://evil.example">notes</a>.'


@pytest.fixture
def world() -> World:
    """A round whose title and text hold HTML and ampersands."""
    return make_world(a_round(title=TITLE, text=TEXT, items=2))


@pytest.fixture
async def polling(api: FakeTelegramAPI, world: World) -> AsyncIterator[TelegramChannel]:
    sender = TelegramSender(token=api.token, api_url=api.base_url, pacer=Pacer(chat_period=0.05))
    channel = TelegramChannel(token=api.token, api_url=api.base_url, engine=world.engine, poll_timeout=1, sender=sender)
    async with channel.running():
        yield channel


def formatting(message: dict[str, object]) -> list[tuple[str, str]]:
    """The formatted spans Telegram made of a message: (entity type, text)."""
    text = str(message["text"])
    entities = message.get("entities") or []
    assert isinstance(entities, list)
    return [(e["type"], text[e["offset"] : e["offset"] + e["length"]].replace("\u2060", "")) for e in entities]


class TestEscaping:
    async def test_round_text_user_name_and_comment_arrive_as_typed(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """Telegram parses our HTML without error and shows the markup literally; only our titles are bold."""
        code = await world.invite("FRA")
        (welcome,) = await say(api, polling, ANA, f"/start {code}")
        assert "Merge funds & programmes <i>now</i>; see <a href='https://evil.example'>this</a>." in welcome["shown"]
        assert "&amp; programmes &lt;i&gt;now&lt;/i&gt;" in welcome["html"].replace("\u2060", "")
        assert formatting(welcome) == [("bold", "R1 · Recommendation 1")]

        await press(api, polling, ANA, "Support")
        await press(api, polling, ANA, "Add a comment on R1")
        await say(api, polling, ANA, COMMENT)
        (review,) = await press(api, polling, ANA, "Oppose")
        assert f"comment: {COMMENT}" in review["shown"]
        assert formatting(review) == [("bold", f"Review · France · {TITLE}")]
        assert "text_link" not in str(review["entities"])
        assert world.store.state.responses["dao", "FRA", "R1"].comment == COMMENT

    async def test_a_name_with_markup_is_shown_as_typed(
        self, api: FakeTelegramAPI, polling: TelegramChannel, world: World
    ) -> None:
        """The Telegram profile name goes into the welcome text."""
        code = await world.invite("FRA")
        before = len(api.messages(str(ANA)))
        update = api.text_update(ANA, f"/start {code}", name="<b>Ana</b> &amp;Co")
        await processed(api, polling, api.queue(update))
        (welcome,) = api.messages(str(ANA))[before:]
        assert welcome["shown"].startswith("Welcome, <b>Ana</b> &amp;Co.")
        assert formatting(welcome) == [("bold", "R1 · Recommendation 1")]
