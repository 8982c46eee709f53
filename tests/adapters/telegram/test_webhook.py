"""Webhook mode: our HTTP app (adapters.http) serves POST /telegram/webhook, driven through httpx.ASGITransport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest

from adapters.http import build_app
from adapters.telegram import Pacer, TelegramChannel, TelegramSender
from bot.domain.model import IncomingMessage, Position
from tests.adapters.telegram.conftest import World
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

SECRET = "s3cret-Token_for-tests"
URL = "https://consult.example.org/telegram/webhook"
ANA = 5001001


async def healthy() -> bool:
    return True


async def no_figures() -> Mapping[str, float]:
    return {}


def channel_for(api: FakeTelegramAPI, world: World) -> TelegramChannel:
    sender = TelegramSender(token=api.token, api_url=api.base_url, pacer=Pacer(chat_period=0.05))
    return TelegramChannel(
        token=api.token,
        api_url=api.base_url,
        engine=world.engine,
        webhook_url=URL,
        webhook_secret=SECRET,
        sender=sender,
    )


@pytest.fixture
async def webhook(api: FakeTelegramAPI, world: World) -> AsyncIterator[TelegramChannel]:
    channel = channel_for(api, world)
    async with channel.running():
        yield channel


@pytest.fixture
async def http(webhook: TelegramChannel) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(webhook.routes(), health=healthy, figures=no_figures)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def post(http: httpx.AsyncClient, update: dict[str, Any], secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return (await http.post("/telegram/webhook", content=json.dumps(update), headers=headers)).status_code


class TestWebhook:
    async def test_the_webhook_is_registered_with_its_secret_and_nothing_polls(
        self, api: FakeTelegramAPI, webhook: TelegramChannel
    ) -> None:
        """setWebhook(url, secret_token); no getUpdates in webhook mode."""
        assert api.webhook == {"url": URL, "secret_token": SECRET}
        assert api.calls_to("getUpdates") == []

    async def test_a_correct_secret_is_processed_before_200(
        self, api: FakeTelegramAPI, http: httpx.AsyncClient, world: World
    ) -> None:
        """The update is handled and answered by the time Telegram gets its 200."""
        code = await world.invite("FRA")
        assert await post(http, api.text_update(ANA, f"/start {code}")) == 200
        (welcome,) = api.messages(str(ANA))
        assert welcome["text"].startswith("Welcome, Ana Lima.")
        assert [i.account for i in world.store.state.identities.values()] == [str(ANA)]

    @pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", SECRET.upper()])
    async def test_a_missing_or_wrong_secret_gets_401_and_changes_nothing(
        self, api: FakeTelegramAPI, http: httpx.AsyncClient, world: World, secret: str | None
    ) -> None:
        """Nothing is processed, stored or sent."""
        code = await world.invite("FRA")
        commits, calls = world.store.commits, len(api.calls)
        assert await post(http, api.text_update(ANA, f"/start {code}"), secret) == 401
        assert (world.store.commits, len(api.calls)) == (commits, calls)
        assert world.store.state.identities == {}

    async def test_the_same_update_twice_has_one_effect(
        self, api: FakeTelegramAPI, http: httpx.AsyncClient, world: World
    ) -> None:
        """Telegram redelivers when it missed our 200: one join, one answer, one set of replies."""
        code = await world.invite("FRA")
        start = api.text_update(ANA, f"/start {code}")
        assert [await post(http, start), await post(http, start)] == [200, 200]
        (item,) = api.messages(str(ANA))
        press = api.press_update(ANA, item, "p:dao:R1:s")
        commits = world.store.commits
        assert [await post(http, press), await post(http, press)] == [200, 200]
        # The answer. Its note "replies shown" waits for the next transaction (bot/delivery/shown.py),
        # and the redelivery, which finds the note waiting in this process, shows nothing again.
        assert world.store.commits == commits + 1
        assert world.engine.shown.waiting("telegram", str(press["update_id"]))
        assert len(world.store.state.revisions) == 1
        assert world.store.state.responses["dao", "FRA", "R1"].position is Position.SUPPORT
        (item_now, r2) = api.messages(str(ANA))  # the item, "R1 recorded" under it (edited once), then R2
        assert item_now["text"].endswith("✓ R1 recorded: Support.")
        assert r2["text"].startswith("R2 · ")
        assert len(api.calls_to("editMessageText")) == 1
        assert len(api.calls_to("answerCallbackQuery", ok=False)) == 2  # every press is answered

    async def test_a_redelivery_whose_replies_were_never_shown_shows_those_replies(
        self, api: FakeTelegramAPI, http: httpx.AsyncClient, world: World
    ) -> None:
        """A process recorded the press and died before its replies went out: Telegram's redelivery
        (or the next leader's poll) records nothing again but shows the replies the press had, the
        acknowledgement included ("R1 recorded: Support."), not only where the person is now."""
        press = await _handled_before_a_crash(api, http, world)
        assert await post(http, press) == 200
        assert len(world.store.state.revisions) == 1
        pressed, shown = api.messages(str(ANA))
        assert pressed["text"].endswith("✓ R1 recorded: Support.")  # under the question it answers
        assert shown["text"].startswith("R2 · ")  # one tap per answer: then the next one
        assert await post(http, press) == 200  # shown now: a third delivery shows nothing
        assert len(api.messages(str(ANA))) == 2
        assert len(api.calls_to("editMessageText")) == 1

    async def test_a_mark_without_kept_replies_shows_the_current_screen(
        self, api: FakeTelegramAPI, http: httpx.AsyncClient, world: World
    ) -> None:
        """A mark left before replies were kept (or for replies with a file): the current screen."""
        press = await _handled_before_a_crash(api, http, world)
        world.store.state.unreplied[("telegram", str(press["update_id"]))] = ""  # nothing kept
        assert await post(http, press) == 200
        (shown,) = api.messages(str(ANA))[1:]
        assert shown["text"].startswith("R2 · ")

    @pytest.mark.parametrize("body", ["{not json", "[]", '{"message": {}}', '{"update_id": "7"}'])
    async def test_a_malformed_body_gets_400_and_changes_nothing(
        self, api: FakeTelegramAPI, http: httpx.AsyncClient, world: World, body: str
    ) -> None:
        """Only well-formed updates are processed."""
        commits, calls = world.store.commits, len(api.calls)
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
        response = await http.post("/telegram/webhook", content=body, headers=headers)
        assert response.status_code == 400
        assert (world.store.commits, len(api.calls)) == (commits, calls)

    async def test_before_the_channel_runs_the_route_answers_503(self, api: FakeTelegramAPI, world: World) -> None:
        """Telegram retries later; nothing is lost."""
        channel = channel_for(api, world)
        app = build_app(channel.routes(), health=healthy, figures=no_figures)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            assert await post(client, api.text_update(ANA, "hello")) == 503

    def test_polling_mode_has_no_route(self, api: FakeTelegramAPI, world: World) -> None:
        """Long polling needs no HTTP route."""
        assert TelegramChannel(token=api.token, api_url=api.base_url, engine=world.engine).routes() == []

    @pytest.mark.parametrize("secret", [None, "", "has space", "x" * 257])
    def test_webhook_mode_needs_a_valid_secret(self, world: World, secret: str | None) -> None:
        """An unauthenticated webhook would let anyone speak as any delegate; Telegram refuses odd secrets."""
        with pytest.raises(ValueError, match="secret"):
            TelegramChannel(token="1:x", engine=world.engine, webhook_url=URL, webhook_secret=secret)


async def _handled_before_a_crash(api: FakeTelegramAPI, http: httpx.AsyncClient, world: World) -> dict[str, Any]:
    """A delegate joined and pressed Support on R1; the engine handled the press, and the process
    died before its replies were shown. Returns the press, for Telegram to deliver again."""
    code = await world.invite("FRA")
    await post(http, api.text_update(ANA, f"/start {code}"))
    (item,) = api.messages(str(ANA))
    press = api.press_update(ANA, item, "p:dao:R1:s")
    handled = IncomingMessage(
        channel="telegram", account=str(ANA), chat=str(ANA), action="p:dao:R1:s",
        event_id=str(press["update_id"]), confirms_replies=True,
    )  # fmt: skip
    assert await world.engine.handle(handled)
    return press
