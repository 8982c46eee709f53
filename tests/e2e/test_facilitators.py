"""A delegate's question reaches the facilitator of its area on another channel, and comes back.

On real storage (SQLite and PostgreSQL): France asks on Telegram; UNDP, which facilitates the
section, is reached on Slack; its answer goes to France only; published, the clarification reaches
Brazil, sits under the recommendation and is listed in the digest. Every step is delivered once,
even when the event is delivered twice and the process restarts between dispatch passes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from bot.coordinator import rounds as coordination
from bot.digest import compose, markdown
from bot.domain.model import Actor, Address, IncomingMessage, Reply, Role
from bot.engine import Engine
from bot.planning import jobs
from tests.dbs import db_url  # noqa: F401 - the fixture
from tests.reliability.world import SEEDER, a_round, deps_for, run, seed

SLUG = "qa"
PEOPLE = [
    ("FRA", Role.DELEGATE, "telegram", "501", "501"),
    ("BRA", Role.DELEGATE, "telegram", "502", "502"),
    ("UNDP", Role.DELEGATE, "slack", "T1:U9", "D9"),
    ("ODSG", Role.DIGEST, "telegram", "503", "503"),
]


@dataclass
class Outbox:
    """What left, by channel and chat."""

    sent: list[tuple[Address, Reply]] = field(default_factory=list)

    async def send(self, address: Address, reply: Reply) -> str:
        self.sent.append((address, reply))
        return str(len(self.sent))

    def to(self, chat: str) -> list[Reply]:
        return [reply for address, reply in self.sent if address.chat == chat]


@dataclass
class Story:
    url: str
    outbox: Outbox
    events: itertools.count[int]
    engines: list[Any]

    def engine(self) -> Engine:
        """A new process's engine on the same database (what a restart gives)."""
        deps, engine = deps_for(self.url)
        self.engines.append(engine)
        return Engine(deps)

    async def say(self, channel: str, account: str, text: str, *, event: str = "") -> list[Reply]:
        chat = "D9" if channel == "slack" else account
        message = IncomingMessage(
            channel=channel, account=account, chat=chat, text=text, event_id=event or str(next(self.events))
        )
        return await self.engine().handle(message)

    async def dispatch(self) -> None:
        deps, engine = deps_for(self.url)
        self.engines.append(engine)
        await jobs.dispatch_tick(deps, self.outbox, owner="story")


@pytest.fixture
async def story(db_url: str) -> AsyncIterator[Story]:  # noqa: F811 - the fixture
    round_ = replace(a_round(SLUG, items=2), facilitators=(("Country level", "UNDP"),))
    await seed(db_url, rounds=[round_], bound=PEOPLE)
    await run(db_url, lambda uow, now: coordination.open_round(uow, SEEDER, SLUG, now))
    found = Story(url=db_url, outbox=Outbox(), events=itertools.count(1), engines=[])
    await found.dispatch()  # the invitations
    found.outbox.sent.clear()
    try:
        yield found
    finally:
        for engine in found.engines:
            await engine.dispose()


class TestAQuestionAndItsAnswer:
    async def test_telegram_to_slack_and_back_to_that_delegation_only_then_published(self, story: Story) -> None:
        """France asks on Telegram, UNDP answers on Slack, France alone hears; published, Brazil sees it."""
        asked = await story.say("telegram", "501", "question R1 Does one leader mean one budget?", event="ev-q")
        assert asked[0].key == "question.sent", asked[0].text
        qid = re.search(r"Q-\d+", asked[0].text).group(0)  # type: ignore[union-attr]
        # The same Telegram update delivered again: no second question.
        assert await story.say("telegram", "501", "question R1 Does one leader mean one budget?", event="ev-q") == []
        await story.dispatch()
        await story.dispatch()  # a second pass (a restarted process) sends nothing again
        to_undp = story.outbox.to("D9")
        assert len(to_undp) == 1
        assert [a.channel for a, r in story.outbox.sent if r is to_undp[0]] == ["slack"]
        assert "Does one leader mean one budget?" in to_undp[0].text
        assert qid in to_undp[0].text
        assert story.outbox.to("502") == []  # Brazil hears nothing of France's question

        answered = await story.say("slack", "T1:U9", f"answer {qid} No: the budget is a separate decision.")
        assert answered[0].key == "question.answer_sent", answered[0].text
        await story.dispatch()
        await story.dispatch()
        assert [r.key for r in story.outbox.to("501")] == ["question.answered"]
        assert "separate decision" in story.outbox.to("501")[0].text
        assert story.outbox.to("502") == []  # the answer goes to the asking delegation only

        brazil = await story.say("telegram", "502", "questions")
        assert "Does one leader" not in brazil[0].text

        published = await story.say("slack", "T1:U9", f"publish {qid}")
        assert published[0].key == "question.published"
        again = await story.say("slack", "T1:U9", f"publish {qid}")
        assert "already" in again[0].text
        await story.dispatch()
        await story.dispatch()
        clarified = story.outbox.to("502")
        assert [r.key for r in clarified] == ["question.clarification"]
        assert "separate decision" in clarified[0].text
        assert len([r for r in story.outbox.to("501") if r.key == "question.clarification"]) == 1

        item = await story.say("telegram", "502", "edit R1")
        assert "separate decision" in item[0].text  # under the recommendation, for another delegation
        assert any(c.label == "Ask a question" for c in item[0].choices)
        brazil = await story.say("telegram", "502", "questions")
        assert "Does one leader" in brazil[0].text

        async def digest(uow: Any, now: Any) -> str:
            reader = Actor(name="DSG office", channel="cli", roles=frozenset({Role.DIGEST}))
            return markdown.markdown(await compose.preview(uow, reader, now, slug=SLUG))

        shown = await run(story.url, digest)
        assert "Clarifications published by the facilitators (1)" in shown
        assert "separate decision" in shown

    async def test_a_question_without_a_facilitator_or_too_long_stores_nothing(self, story: Story) -> None:
        """Over the length limit: the limit is said and nothing is stored or sent."""
        too_long = await story.say("telegram", "501", "question R1 " + "x" * 1001)
        assert too_long[0].error
        assert "at most 1000" in too_long[0].text
        await story.dispatch()
        assert story.outbox.sent == []
        listed = await story.say("telegram", "501", "questions")
        assert listed[0].text == "No questions yet."
