"""Every screen and digest of the stress rounds, through the real renderers, checked against the platforms' rules.

The rules are the strict fakes' own checks (tests/fakes): Telegram's HTML parser, UTF-16 lengths,
callback data, keyboards, photo dimensions and the entities it would find by itself; Slack's Block
Kit models (slack_sdk's validators), the 50-block and ~12,000-character budgets and modal limits.

The stress rounds: the sample round (A/61/583); a round at the round-file limits (150
recommendations with 200-character sections and titles and 4,000-character texts); texts in Arabic,
Chinese, Russian and emoji; 193 delegations. A delegate of each channel walks every recommendation,
amending and commenting at the longest the channel accepts, with text that tries to format and
notify; then the review, the receipt, and the digest of the rounds (text and chart).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardMarkup

from adapters.chart import render_png
from adapters.registryfile import load_registry
from adapters.roundfile import load_round_file
from adapters.slack import render as slack
from adapters.telegram.render import render as render_telegram
from bot.coordinator.rounds import revision_of
from bot.dialogue.answering import input_limit
from bot.dialogue.text import cut_at
from bot.digest import chat, compose
from bot.domain import actions
from bot.domain.model import (
    Identity,
    IncomingMessage,
    NewParticipant,
    Position,
    Recommendation,
    Reply,
    Response,
    Role,
    Round,
    RoundStatus,
    Submission,
)
from bot.engine import Engine
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore
from tests.fakes import slack_api as slack_rules
from tests.fakes import telegram_api as telegram_rules

pytestmark = pytest.mark.slow  # about a minute and a half: two walks of 200 screens on the in-memory store

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)
ANSWERING = 40  # delegations with answers (of 193): enough for every kind of line in the digest
NASTY = "*urgent* <!channel> @everyone /start #tag https://x.test _it_ ~st~ `code` :flag-fr: > quote"
SCRIPTS = {
    "arabic": "توصية الفريق بشأن اتساق منظومة الأمم المتحدة على نطاق المنظومة",
    "chinese": "联合国全系统一致性高级别小组关于发展、人道主义援助和环境领域的建议",
    "russian": "Рекомендация Группы высокого уровня по общесистемной слаженности Организации",
    "emoji": "👨‍👩‍👧‍👦 🇫🇷 👍🏽 🏳️‍🌈 ✊🏿 🧑🏽‍💻 e\u0301",
}


def filled(seed: str, length: int) -> str:
    """`seed` repeated to exactly `length` code points at most, cut between graphemes."""
    return cut_at((seed + " ") * (length // max(1, len(seed)) + 2), length)


def limits_round() -> Round:
    """150 recommendations at the round-file limits, in every script, with text that tries to format."""
    mixed = " ".join([NASTY, *SCRIPTS.values()])
    items = tuple(
        Recommendation(
            ref=f"REC-{i:03d}.{i % 10}"[:12],
            section=filled(f"Section {i} " + list(SCRIPTS.values())[i % 4], 200),
            title=filled(f"*Title* {i} " + list(SCRIPTS.values())[(i + 1) % 4], 200),
            text=filled(f"{mixed}\n\n", 4000),
        )
        for i in range(1, 151)
    )
    return Round(
        slug="limits", title=filled(f"*Round* `{NASTY}` " + SCRIPTS["arabic"], 200), deadline=T0 + timedelta(days=20),
        recommendations=items, status=RoundStatus.OPEN, document="A/61/583", summaries=True,
        description=filled(mixed, 4000),
    )  # fmt: skip


def script_round(script: str) -> Round:
    text = SCRIPTS[script]
    items = tuple(
        Recommendation(
            ref=f"{script[:2].upper()}{i}", section=text[:40], title=filled(text, 120), text=filled(f"{text}\n", 2000)
        )
        for i in range(1, 6)
    )
    return Round(slug=f"round-{script}", title=filled(text, 150), deadline=T0 + timedelta(days=20),
                 recommendations=items, status=RoundStatus.OPEN)  # fmt: skip


def sample_round() -> Round:
    parsed = load_round_file(ROOT / "config" / "rounds" / "a61-583.yaml").round
    return replace(parsed, deadline=T0 + timedelta(days=28), status=RoundStatus.OPEN)


def stress_rounds() -> list[Round]:
    return [sample_round(), limits_round(), *(script_round(s) for s in SCRIPTS)]


@dataclass
class Walk:
    """What the engine said to one delegate of a channel while answering every round."""

    channel: str
    replies: list[list[Reply]] = field(default_factory=list)


async def walk(engine: Engine, store: MemoryStore, channel: str, stakeholder: str, rounds: list[Round]) -> Walk:
    """Join, then answer every recommendation of every round (amend, comment at the longest), review, submit."""
    async with store.uow() as uow:
        person = await uow.registry.add_participant(
            NewParticipant(stakeholder=stakeholder, role=Role.DELEGATE, name=filled(NASTY + SCRIPTS["emoji"], 80))
        )
        await uow.registry.bind_identity(Identity(channel=channel, account="a1", participant_id=person.id, chat="c1"))
        await uow.commit()
    seen = Walk(channel)
    events = iter(range(1, 10**6))

    async def say(text: str = "", action: str = "") -> list[Reply]:
        message = IncomingMessage(
            channel=channel, account="a1", chat="c1", text=text, action=action, event_id=f"e{next(events)}"
        )
        replies = await engine.handle(message)
        seen.replies.append(replies)
        return replies

    longest = input_limit(channel, engine.deps.max_text)
    words = filled(" ".join([NASTY, *SCRIPTS.values()]), longest)
    for n, round_ in enumerate(rounds):
        replies = await say("start") if n == 0 else await say("rounds")
        go = actions.encode("go", round_.slug)
        if any(c.action == go for r in replies for c in r.choices):
            replies = await say(action=go)
        for i, item in enumerate(round_.recommendations):
            wanted = (Position.SUPPORT_WITH_AMENDMENTS, Position.OPPOSE, Position.SUPPORT)[i % 3]
            press = actions.encode("p", round_.slug, item.ref, wanted)
            if not any(c.action == press for r in replies for c in r.choices):
                break
            replies = await say(action=press)
            if any(r.key == "ask.amendment" for r in replies):
                replies = await say(words)
            add_comment = next((c.action for r in replies for c in r.choices if c.action.startswith("cm:")), "")
            if add_comment and i % 2:  # "Add a comment" on the answer just recorded, at the longest
                await say(action=add_comment)
                replies = await say(words)
            if i == 0 and n == 0:  # Submit with items unanswered: the offer of "No position", then on
                offer = await say(action=actions.encode("sub", round_.slug))
                replies = await say(action=next(c.action for c in offer[-1].choices if c.action.startswith("edit:")))
        await say("review")
        await say(action=actions.encode("sub", round_.slug))
    return seen


async def new_store(rounds: list[Round]) -> tuple[MemoryStore, Engine]:
    """The 193 Member States (and the other stakeholders) and the open rounds."""
    store = MemoryStore()
    members = load_registry(ROOT / "config" / "registry" / "stakeholders.yaml")
    assert len([m for m in members if m.kind == "member_state"]) == 193
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(members)
        for round_ in rounds:
            await uow.rounds.add(round_)
        await uow.commit()
    clock = FixedClock(T0 + timedelta(days=1))
    return store, Engine(Deps(new_uow=store.uow, clock=clock, chart=render_png))


async def answer_for_many(store: MemoryStore, rounds: list[Round]) -> None:
    """Answers, comments that try to format, and submissions of many delegations (for the digest)."""
    async with store.uow() as uow:
        states = [s for s in await uow.registry.stakeholders() if s.kind == "member_state"]
        for n, member in enumerate(states[:ANSWERING]):
            for round_ in rounds:
                for i, item in enumerate(round_.recommendations):
                    if (n + i) % 5 == 4:
                        continue
                    comment = filled(NASTY + " " + SCRIPTS["chinese"], 300) if (n + i) % 7 == 0 else ""
                    response = Response(round=round_.slug, stakeholder=member.code, ref=item.ref,
                                        position=list(Position)[(n + i) % len(Position)], comment=comment,
                                        updated_at=T0 + timedelta(minutes=n))  # fmt: skip
                    await uow.responses.save(response, revision_of(response))
                if n % 2 == 0:
                    await uow.responses.add_submission(
                        Submission(round=round_.slug, stakeholder=member.code, receipt=f"{member.code}-{round_.slug}",
                                   participant_id=None, channel="console", answered=len(round_.recommendations),
                                   at=T0 + timedelta(hours=1))
                    )  # fmt: skip
        await uow.commit()


@dataclass(frozen=True)
class Payload:
    where: str
    body: dict[str, Any]


def telegram_payloads(replies: list[Reply]) -> Iterator[Payload]:
    for message in render_telegram(replies):
        markup = message.markup.to_dict() if isinstance(message.markup, InlineKeyboardMarkup) else None
        document = getattr(message, "document", False)  # getattr: the test also runs against older renderers
        kind = "document" if document else "photo" if message.photo is not None else "text"
        yield Payload(kind, {"text": message.text, "markup": markup, "photo": message.photo,
                             "preview": getattr(message, "preview", None)})  # fmt: skip


def slack_payloads(reply: Reply) -> Iterator[Payload]:
    for message in slack.messages(reply):
        yield Payload("message", {"text": message.text, "blocks": message.blocks})
        if reply.confirms:
            answered = slack.answered({"text": message.text, "blocks": message.blocks}, reply.confirms)
            yield Payload("message", {"text": answered.text, "blocks": answered.blocks})
    if reply.prompt is not None and reply.prompt_action:
        yield Payload("view", slack.form(reply.prompt, reply.prompt_action, reply.prompt_ref))


def telegram_problems(payload: Payload) -> list[str]:
    """What Telegram would refuse or turn into entities (mentions, links...) in one payload."""
    body = payload.body
    try:
        entities = telegram_rules.check_message(body["text"], caption=payload.where != "text", markup=body["markup"])
        if payload.where == "photo":
            width, height = telegram_rules.png_size(body["photo"])
            telegram_rules.check_photo(width, height)
            if max(width, height) > telegram_rules.PHOTO_KEPT:
                return [f"photo {width}x{height} shrunk by Telegram to {telegram_rules.PHOTO_KEPT} on its long side"]
        if payload.where == "document":
            width, height = telegram_rules.png_size(body["preview"])
            telegram_rules.check_photo(width, height)
    except telegram_rules.ApiError as error:
        return [f"{payload.where}: {error.description}"]
    made = [e for e in entities if e.get("auto")]
    return [f"entities {[(e['type'], e['offset']) for e in made]} in {body['text'][:80]!r}"] if made else []


def slack_problems(payload: Payload) -> list[str]:
    """What Slack would refuse, or format and notify, in one payload."""
    try:
        if payload.where == "view":
            slack_rules.check_view(payload.body)
            return []
        slack_rules.check_message(payload.body)
    except slack_rules.Refused as refused:
        return [str(refused)[:200]]
    effects = slack_rules.effects(payload.body)
    return [f"formats {effects[:4]}"] if effects else []


@pytest.fixture(scope="module")
def world() -> tuple[dict[str, Walk], list[Reply]]:
    """Both channels' walks and the digest replies (built once: they are the slow part)."""

    async def build() -> tuple[dict[str, Walk], list[Reply]]:
        rounds = stress_rounds()
        store, engine = await new_store(rounds)
        walks = {
            "slack": await walk(engine, store, "slack", "FRA", rounds),
            "telegram": await walk(engine, store, "telegram", "DEU", rounds),
        }
        await answer_for_many(store, rounds)
        async with store.uow() as uow:
            digest = await compose.build(uow, T0 + timedelta(days=8))
        images = [render_png(r) for r in digest.rounds]
        digests = [chat.reply(digest, image=images[1]), *chat.replies(digest, images=images)]
        return walks, digests

    return asyncio.run(build())


def test_the_walks_reach_every_screen(world: tuple[dict[str, Walk], list[Reply]]) -> None:
    """The walks do what they claim: every recommendation shown, amended, reviewed, submitted."""
    walks, digests = world
    for seen in walks.values():
        keys = [r.key for replies in seen.replies for r in replies]
        assert keys.count("item") >= sum(len(r.recommendations) for r in stress_rounds())
        assert keys.count("review") >= 6
        assert keys.count("receipt") == 6
        assert "amendment.saved" in keys
        assert "comment.saved" in keys
        assert "submit.unanswered" in keys
    assert [r.image is not None for r in digests].count(True) == 1 + 6


def test_every_telegram_payload_is_accepted_and_makes_no_entity(world: tuple[dict[str, Walk], list[Reply]]) -> None:
    walks, digests = world
    problems = [
        problem
        for replies in [*walks["telegram"].replies, *([d] for d in digests)]
        for payload in telegram_payloads(replies)
        for problem in telegram_problems(payload)
    ]
    assert problems == [], f"{len(problems)} problems, e.g. {problems[:5]}"


def test_every_slack_payload_is_accepted_and_formats_nothing(world: tuple[dict[str, Walk], list[Reply]]) -> None:
    walks, digests = world
    problems = [
        problem
        for reply in [*(r for replies in walks["slack"].replies for r in replies), *digests]
        for payload in slack_payloads(reply)
        for problem in slack_problems(payload)
    ]
    assert problems == [], f"{len(problems)} problems, e.g. {problems[:5]}"
