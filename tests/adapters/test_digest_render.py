"""The digest through the real channel renderers: within Telegram's and Slack's limits, nothing lost.

Rounds of 31 and of 150 recommendations, 193 delegations with long names, a busy week (every
kind of change, long comments), 120 unreachable participants: the worst a digest has to carry.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from adapters.chart import render_png
from adapters.slack import render as slack
from adapters.telegram.render import MAX_CAPTION, MAX_TEXT, render, size
from bot.coordinator.rounds import revision_of
from bot.digest import chat, compose
from bot.domain.model import (
    Identity,
    NewParticipant,
    Position,
    Recommendation,
    Response,
    Role,
    Round,
    RoundStatus,
    Stakeholder,
    Submission,
)
from bot.records.digest_values import Digest
from tests.fakes import MemoryStore

T0 = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)
GROUPS = (
    "African Group",
    "Asia-Pacific Group",
    "Eastern European Group",
    "Latin American and Caribbean Group",
    "Western European and Others Group",
)
CHOSEN = (Position.SUPPORT, Position.SUPPORT_WITH_AMENDMENTS, Position.OPPOSE, Position.RESERVE, Position.NO_POSITION)


def delegations() -> list[Stakeholder]:
    """193 Member States with long names (the longest real ones are about 50 characters)."""
    return [
        Stakeholder(
            code=f"M{n:03d}",
            name=f"The Plurinational and Federal Republic of Member State {n:03d}",
            groups=(GROUPS[n % 5],),
        )
        for n in range(193)
    ]


async def busy_digest(items: int) -> Digest:
    """A round of `items` recommendations after a busy week, compared with the previous digest."""
    store = MemoryStore()
    members = delegations()
    round_ = Round(
        slug="busy",
        title="Delivering as One (A/61/583): positions on the Panel's recommendations " * 2,
        deadline=T0 + timedelta(days=20),
        recommendations=tuple(
            Recommendation(ref=f"REC-{i:03d}", section="s", title=f"A long title of recommendation {i} " * 3, text="x")
            for i in range(1, items + 1)
        ),
        status=RoundStatus.OPEN,
    )
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(members)
        await uow.rounds.add(round_)
        for n, member in enumerate(members[:120]):
            person = await uow.registry.add_participant(
                NewParticipant(stakeholder=member.code, role=Role.DELEGATE, name=f"Delegate number {n} of a mission")
            )
            identity = Identity(
                channel="telegram", account=str(n), participant_id=person.id, chat=str(n), reachable=False
            )
            await uow.registry.bind_identity(identity)
        for week, at in enumerate((T0, T0 + timedelta(days=7))):
            if week == 1:
                await compose.composer(slot_of=lambda now: now)(uow, at - timedelta(days=1), ["en"])
            for n, member in enumerate(members[: 60 + 40 * week]):
                for i, item in enumerate(round_.recommendations):
                    position = CHOSEN[(n + i + week * (n % 3)) % 5]
                    comment = "A long comment with <tags> & *stars* " * 30 if (n + i) % 7 == week else ""
                    response = Response(round="busy", stakeholder=member.code, ref=item.ref, position=position,
                                        comment=comment, updated_at=at + timedelta(minutes=n))  # fmt: skip
                    await uow.responses.save(response, revision_of(response))
                if n % 2 == 0:
                    await uow.responses.add_submission(
                        Submission(round="busy", stakeholder=member.code, receipt=f"{member.code}-{week}",
                                   participant_id=None, channel="console", answered=items, at=at + timedelta(hours=1))
                    )  # fmt: skip
        await uow.commit()
        return await compose.build(uow, T0 + timedelta(days=8))


@pytest.fixture(scope="module", params=[31, 150], ids=["31-recommendations", "150-recommendations"])
def digest(request: pytest.FixtureRequest) -> Digest:
    """Built once per size (a sync fixture, so it may run its own event loop)."""
    return asyncio.run(busy_digest(request.param))


@pytest.fixture(scope="module")
def image(digest: Digest) -> bytes:
    """The first round's chart, drawn once per size."""
    return render_png(digest.rounds[0])


class TestTelegram:
    def test_every_message_and_the_caption_fit(self, digest: Digest, image: bytes) -> None:
        """HTML ≤ 4,096 per message, the photo's caption ≤ 1,024; the chart goes as a photo."""
        messages = render([chat.reply(digest, image=image)])
        assert messages[0].photo is not None
        assert size(messages[0].text) <= MAX_CAPTION
        for message in messages[1:]:
            assert message.photo is None
            assert 0 < size(message.text) <= MAX_TEXT
        shown = "\n".join(m.text for m in messages)
        assert "submitted" in messages[1].text.split("\n")[1]  # the lead comes first
        assert f"{digest.rounds[0].tallies[-1].ref}: " in shown  # the last recommendation is there
        assert "&lt;tags&gt; &amp;" in shown  # user text escaped

    def test_the_chat_answer_puts_the_text_before_the_chart(self, digest: Digest, image: bytes) -> None:
        """On demand: text messages first, then the chart with a short caption."""
        messages = render(chat.replies(digest, images=[image]))
        assert [m.photo is not None for m in messages][-1]
        assert all(m.photo is None for m in messages[:-1])
        assert size(messages[-1].text) <= MAX_CAPTION


class TestSlack:
    def test_blocks_and_sections_within_limits(self, digest: Digest, image: bytes) -> None:
        """≤ 50 blocks per message, section text ≤ 3,000, a short notification text."""
        posted = slack.messages(chat.reply(digest, image=image))
        for message in posted:
            assert 0 < len(message.blocks) <= slack.BLOCKS_LIMIT
            assert len(message.text) <= slack.FALLBACK_LIMIT
            assert slack.text_size(message.blocks) <= slack.TEXT_BUDGET
            for block in message.blocks:
                assert block["text"]["type"] == "plain_text"
                assert len(block["text"]["text"]) <= slack.SECTION_LIMIT
        shown = "\n".join(slack.texts(m.blocks) for m in posted)
        assert f"{digest.rounds[0].tallies[-1].ref}: " in shown
        assert "<tags> & *stars*" in shown  # as typed, in plain_text


def test_193_delegations_are_shortened_not_dropped(digest: Digest) -> None:
    """93 not started and 120 unreachable: named by group, a few each, with how many more."""
    text = chat.body(digest)
    assert "Not started (93)" in text
    assert "and 13 more" in text  # 19 of a group not started: 5 named, 14... one group has 13 more
    assert "Unreachable participants (120): " in text
    assert "and 110 more" in text
