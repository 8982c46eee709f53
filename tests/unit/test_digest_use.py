"""The digest's ways out: on demand in chat, on the scheduler's clock, sent by hand; and its rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.coordinator.rounds import revision_of
from bot.digest import compose, lists
from bot.digest.chat import body
from bot.domain.errors import NotAllowed
from bot.domain.model import Actor, Address, Position, Response, Role, Submission, SubmittedAnswer
from bot.engine import Engine
from bot.i18n.catalogue import text
from bot.planning import jobs
from bot.ports import Deps
from bot.records.digest_values import RoundDigest
from tests.pseudo_catalogues import pseudo_catalogues
from tests.unit.conftest import World

SLACK = Address("slack", "C0123")
TELEGRAM = Address("telegram", "-100456")


def fake_chart(digest: RoundDigest, language: str = "en") -> bytes:
    """Stands in for adapters/chart.py: bytes that name the round (and the language, if not English)."""
    return f"PNG:{digest.round.slug}{'' if language == 'en' else ':' + language}".encode()


async def answer(world: World, code: str, ref: str, position: Position, comment: str = "") -> None:
    """The delegation answers and submits (the digest counts what was submitted)."""
    async with world.uow() as uow:
        response = Response(
            round="dao", stakeholder=code, ref=ref, position=position, comment=comment, updated_at=world.clock()
        )
        await uow.responses.save(response, revision_of(response))
        number = await uow.responses.count_submissions("dao", code) + 1
        await uow.responses.add_submission(
            Submission(
                round="dao", stakeholder=code, receipt=f"DAO-{code}-{number:02d}", participant_id=None,
                channel="console", answered=1, at=world.clock(),
                answers=(SubmittedAnswer(ref=ref, position=position, comment=comment),),
            )
        )  # fmt: skip
        await uow.commit()


class TestOnDemandInChat:
    async def test_a_coordinator_gets_the_digest_and_nothing_is_stored(self, world: World) -> None:
        """`digest`: the text (title, lead first); a preview leaves no snapshot."""
        coordinator = await world.person("UNS", Role.COORDINATOR)
        replies = await world.say(coordinator, "digest")
        assert [r.key for r in replies] == ["digest"]
        assert replies[0].title == "Consultation digest · Mon 01 Mar 2027"
        assert replies[0].text.startswith("Delivering as One: deadline Mon 15 Mar 2027")
        assert world.store.state.snapshots == []

    async def test_with_a_chart_the_image_follows_the_text(self, world: World) -> None:
        """The chart function the composition root injects (Deps.chart) draws each round after the text."""
        engine = Engine(replace(world.engine.deps, chart=fake_chart))
        world = replace(world, engine=engine)
        reader = await world.person("UNS", Role.DIGEST)
        replies = await world.say(reader, "digest dao")
        assert [r.image for r in replies] == [None, b"PNG:dao"]
        assert replies[1].title == "Positions and coverage · Delivering as One"

    async def test_a_reader_in_french_gets_the_digest_and_its_chart_in_french(
        self, world: World, tmp_path: Path
    ) -> None:
        engine = Engine(replace(world.engine.deps, chart=fake_chart))
        world = replace(world, engine=engine)
        reader = await world.person("UNS", Role.DIGEST)
        with pseudo_catalogues(tmp_path, ["fr"]):
            await world.say(reader, "language fr")
            replies = await world.say(reader, "digest dao")
            assert [r.image for r in replies] == [None, b"PNG:dao:fr"]
            assert [r.language for r in replies] == ["fr", "fr"]
            assert replies[0].title == text("fr", "digest.title", date="lun. 1 mars 2027")
            assert replies[1].title == text("fr", "digest.chart_title", title="Delivering as One")

    async def test_a_delegate_is_refused(self, world: World) -> None:
        """Only coordinators and digest readers may ask."""
        delegate = await world.person("FRA")
        replies = await world.say(delegate, "digest")
        assert [r.text for r in replies] == ["You are not allowed to do that."]

    async def test_a_digest_reader_finds_the_command_in_help(self, world: World) -> None:
        reader = await world.person("UNS", Role.DIGEST)
        replies = await world.say(reader, "help")
        assert "digest [ROUND]: the digest now" in replies[0].text

    async def test_an_unknown_round_is_named(self, world: World) -> None:
        coordinator = await world.person("UNS", Role.COORDINATOR)
        replies = await world.say(coordinator, "digest nosuch")
        assert [r.text for r in replies] == ["There is no round “nosuch”."]


class TestOnTheSchedulersClock:
    async def test_one_digest_per_slot_with_its_chart_and_one_snapshot(self, world: World) -> None:
        """digest_tick with the composer: every recipient gets the digest and chart, the slot is remembered once."""
        slot = world.clock()
        make = compose.composer(chart=fake_chart, slot_of=lambda now: slot)
        deps = world.engine.deps
        assert await jobs.digest_tick(deps, slot=slot, recipients=[SLACK, TELEGRAM], compose=make) == 2
        world.clock.advance(hours=1)
        assert await jobs.digest_tick(deps, slot=slot, recipients=[SLACK, TELEGRAM], compose=make) == 0
        deliveries = list(world.store.state.deliveries.values())
        assert [d.reply.image for d in deliveries] == [b"PNG:dao", b"PNG:dao"]
        assert deliveries[0].reply.title == "Consultation digest · Mon 01 Mar 2027"
        assert [(s.round, s.key) for s in world.store.state.snapshots] == [("dao", "slot:2027-03-01T1400Z")]

    async def test_the_next_digest_says_what_changed_since_the_last_one(self, world: World) -> None:
        """A week later, the digest compares with the snapshot of the digest that went out."""
        deps = world.engine.deps
        await answer(world, "FRA", "R1", Position.SUPPORT)
        monday = world.clock()
        make = compose.composer(slot_of=lambda now: monday if now < monday + timedelta(days=7) else now)
        await jobs.digest_tick(deps, slot=monday, recipients=[SLACK], compose=make)
        world.clock.advance(days=2)
        await answer(world, "FRA", "R1", Position.OPPOSE, comment="On reflection, no.")
        world.clock.advance(days=5)
        await jobs.digest_tick(deps, slot=world.clock(), recipients=[SLACK], compose=make)
        latest = max(world.store.state.deliveries.values(), key=lambda d: d.id or 0)
        assert "Since Mon 01 Mar 09:00: submitted 0 · started 0 · positions changed 1 · new comments 1." in (
            latest.reply.text
        )
        assert "Wed 03 Mar 09:00 · France · R1: support → oppose" in latest.reply.text
        assert "Biggest shifts: R1 support −1 / oppose +1" in latest.reply.text


class TestSentByHand:
    async def test_send_queues_remembers_and_audits(self, world: World) -> None:
        """`consultbot digest --send`: one delivery per recipient, a snapshot, an audit entry."""
        async with world.uow() as uow:
            found, queued = await compose.send(
                uow, Actor.operator("cli:ops"), world.clock(), [SLACK, TELEGRAM], chart=fake_chart
            )
            await uow.commit()
        assert queued == 2
        assert len(found.rounds) == 1
        assert [s.key for s in world.store.state.snapshots] == ["sent:2027-03-01T140000Z"]
        assert [(e.action, e.target, e.detail) for e in world.store.state.audit] == [
            ("digest", "open rounds", "2 recipients")
        ]

    async def test_send_needs_a_coordinator_or_a_digest_reader(self, world: World) -> None:
        nobody = Actor(name="someone", channel="cli")
        async with world.uow() as uow:
            with pytest.raises(NotAllowed):
                await compose.send(uow, nobody, world.clock(), [SLACK])


class TestRules:
    async def test_a_recommendation_needs_three_answers_to_be_ranked_as_contested(self, world: World) -> None:
        """Two oppositions out of two answers is no trend yet; the third answer makes it one."""
        await answer(world, "FRA", "R1", Position.OPPOSE)
        await answer(world, "NOR", "R1", Position.OPPOSE)
        async with world.uow() as uow:
            assert (await compose.build(uow, world.clock())).rounds[0].contested == ()
        await answer(world, "BRA", "R1", Position.NO_POSITION)
        async with world.uow() as uow:
            contested = (await compose.build(uow, world.clock())).rounds[0].contested
        assert [(t.ref, t.dissent, t.answers) for t in contested] == [("R1", 2, 3)]

    async def test_silence_is_counted_apart_and_is_not_an_answer(self, world: World) -> None:
        """Recorded "no objection" has its own column and does not dilute the contested share."""
        for code, position in (("FRA", Position.OPPOSE), ("NOR", Position.SUPPORT), ("BRA", Position.SUPPORT)):
            await answer(world, code, "R1", position)
        async with world.uow() as uow:
            for code in ("NGA", "JPN"):
                silent = Response(round="dao", stakeholder=code, ref="R1", position=Position.NO_OBJECTION,
                                  channel="system", updated_at=world.clock())  # fmt: skip
                await uow.responses.save(silent, revision_of(silent))
            await uow.commit()
            digest = await compose.build(uow, world.clock(), slug="dao")
        tally = digest.rounds[0].tallies[0]
        assert (tally.count(Position.NO_OBJECTION), tally.answers, tally.dissent) == (2, 3, 1)
        assert lists.position_lines(digest.rounds[0])[0] == "R1: 2 · 0 · 1 · 0 · 0 · 2"
        assert "no position · no objection" in lists.legend(digest.rounds[0], "en")

    async def test_several_open_rounds_lead_with_the_nearest_deadline(self, world: World) -> None:
        """Each round's lead first, nearest deadline first; then each round's details under its name."""
        async with world.uow() as uow:
            round_ = await uow.rounds.get("dao")
            assert round_ is not None
            await uow.rounds.add(
                replace(round_, slug="soon", title="Soon", deadline=round_.deadline - timedelta(days=3))
            )
            await uow.commit()
        make = compose.composer(chart=fake_chart)
        async with world.uow() as uow:
            reply = (await make(uow, world.clock(), ["en"]))["en"]
        leads = reply.text.split("\n\n")[:2]
        assert [lead.split(":")[0] for lead in leads] == ["Soon", "Delivering as One"]
        assert "━━ Soon (soon)" in reply.text
        assert "━━ Delivering as One (dao)" in reply.text
        assert "The chart shows “Soon”." in reply.text
        assert reply.image == b"PNG:soon"

    async def test_rounds_opening_later_are_in_the_deadlines_ahead(self, world: World) -> None:
        """A draft with an opening date shows under "Deadlines ahead"."""
        async with world.uow() as uow:
            round_ = await uow.rounds.get("dao")
            assert round_ is not None
            later = world.clock() + timedelta(days=10)
            await uow.rounds.add(
                replace(round_, slug="next", title="Next round", status=round_.status.DRAFT, opens=later)
            )
            await uow.commit()
            text = body(await compose.build(uow, world.clock()))
        assert "• Next round opens Thu 11 Mar 2027, 09:00 (America/New_York)" in text


def test_a_deps_without_chart_is_text_only() -> None:
    """The seam's default: no chart function, no image."""
    assert Deps.__dataclass_fields__["chart"].default is None
