"""A story: a delegate's comment that tries to format and notify is shown as typed, on Slack and on Telegram.

The comment `*urgent* <!channel> @everyone /start #tag https://x.test` goes through the real engine,
renderers and senders to the strict fake servers, in the delegate's screen, the review and the
digest. Slack must show it in plain_text (no bold, no mention, no emoji); Telegram must find no
mention, command, hashtag or link in it (the fake detects them as Telegram does).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.slack.render import texts
from adapters.slack.sender import SlackSender
from adapters.telegram import TelegramSender
from adapters.telegram.pacing import Pacer
from bot.digest import chat, compose
from bot.domain import actions
from bot.domain.model import (
    Address,
    Identity,
    IncomingMessage,
    NewParticipant,
    Position,
    Recommendation,
    Reply,
    Role,
    Round,
    RoundStatus,
    Stakeholder,
)
from bot.engine import Engine
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.fakes.slack_api import FakeSlackApi, effects
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

COMMENT = "*urgent* <!channel> @everyone /start #tag https://x.test"
NOW = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)


async def screens(channel: str) -> dict[str, list[Reply]]:
    """The delegate's screen showing the comment, the review, and the digest, as the engine gives them."""
    store = MemoryStore()
    async with store.uow() as uow:
        await uow.registry.add_stakeholders([Stakeholder(code="FRA", name="France", groups=("WEOG",))])
        await uow.rounds.add(
            Round(slug="dao", title="Delivering as One", deadline=NOW + timedelta(days=14), status=RoundStatus.OPEN,
                  recommendations=(Recommendation(ref="R1", section="s", title="One UN", text="Text."),))
        )  # fmt: skip
        person = await uow.registry.add_participant(NewParticipant(stakeholder="FRA", role=Role.DELEGATE, name="Ana"))
        await uow.registry.bind_identity(Identity(channel=channel, account="u1", participant_id=person.id, chat="c1"))
        await uow.commit()
    engine = Engine(Deps(new_uow=store.uow, clock=FixedClock(NOW)))
    n = iter(range(100))

    async def say(text: str = "", action: str = "") -> list[Reply]:
        return await engine.handle(
            IncomingMessage(channel=channel, account="u1", chat="c1", text=text, action=action, event_id=f"e{next(n)}")
        )

    await say("start")
    recorded = await say(action=actions.encode("p", "dao", "R1", Position.SUPPORT))
    await say(action=recorded[0].choices[0].action)  # Add a comment on R1
    await say(COMMENT)
    screen = await say("edit R1")
    review = await say("review")
    async with store.uow() as uow:
        digest = await compose.build(uow, NOW + timedelta(days=1))
    return {"screen": screen, "review": review, "digest": [chat.reply(digest)]}


async def test_slack_shows_the_comment_as_typed_everywhere() -> None:
    shown = await screens("slack")
    async with FakeSlackApi() as api:
        from slack_sdk.web.async_client import AsyncWebClient

        sender = SlackSender(AsyncWebClient(token="xoxb-test", base_url=api.base_url))
        for name, replies in shown.items():
            before = len(api.calls)
            for reply in replies:
                await sender.send(Address("slack", "D1"), reply)
            posted = [c for c in api.calls[before:] if c.method == "chat.postMessage"]
            assert all(c.ok for c in posted), name
            assert COMMENT in "\n".join(texts(c.args["blocks"]) for c in posted), name
            assert [effects(c.args) for c in posted] == [[] for _ in posted], name  # no bold, mention, emoji


async def test_telegram_makes_no_entity_of_the_comment_anywhere() -> None:
    shown = await screens("telegram")
    async with FakeTelegramAPI() as api:
        sender = TelegramSender(token=api.token, api_url=api.base_url, pacer=Pacer(overall=1000, chat_period=0.0))
        async with sender:
            for name, replies in shown.items():
                before = len(api.messages("42"))
                for reply in replies:
                    await sender.send(Address("telegram", "42"), reply)
                messages = api.messages("42")[before:]
                assert COMMENT in "\n".join(m["shown"] for m in messages), name
                made = [e for m in messages for e in m["entities"] if e["type"] != "bold"]
                assert made == [], name  # no mention, bot_command, hashtag or url


def test_the_fakes_would_see_the_entities_and_formatting_of_raw_text() -> None:
    """The checks above can fail: the fakes detect what Telegram and Slack would make of the raw comment."""
    from tests.fakes.telegram_api import auto_entities

    assert {e["type"] for e in auto_entities(COMMENT)} == {"mention", "bot_command", "hashtag", "url"}
    assert {kind for kind, _ in effects({"text": COMMENT})} >= {"bold", "mention", "link"}
