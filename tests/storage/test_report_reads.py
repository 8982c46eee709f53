"""SqlReports' bulk reads on SQLite and PostgreSQL: each gives what the slower read it replaces gives.

The digest reads the roster through Reports, the export reads its lines through
Reports.response_lines (storage/export_stream.py); these tests hold them to the registry's reads
and to each delegation's responses read one by one, on the same rows.
"""

from __future__ import annotations

import inspect
import random
from dataclasses import replace
from datetime import UTC, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import ports
from bot.coordinator.rounds import revision_of
from bot.domain.model import (
    Identity,
    NewParticipant,
    Position,
    Response,
    Role,
    Stakeholder,
    Submission,
    SubmittedAnswer,
)
from bot.ports import UnitOfWork
from bot.records.exports import ResponseLine
from storage import create_session_factory, export_stream
from storage.reports import SqlReports
from tests.fakes import MemoryStore
from tests.storage.conftest import NOW, NewUow, sample_round, seed

SLUG = "doa-2026"


def test_new_reads_match_the_port() -> None:
    """Same parameters as bot.ports.Reports; roster is a coroutine, lines an async generator."""
    for name in ("roster", "response_lines"):
        wanted, given = getattr(ports.Reports, name), getattr(SqlReports, name)
        assert list(inspect.signature(given).parameters) == list(inspect.signature(wanted).parameters)
    assert inspect.iscoroutinefunction(SqlReports.roster)
    assert inspect.isasyncgenfunction(export_stream.response_lines)


async def _fill(uow: UnitOfWork) -> None:
    """Answers in two rounds (some at a whole second, some not), submissions, an extra stakeholder."""
    await uow.rounds.add(sample_round("other"))
    await uow.registry.add_stakeholders([Stakeholder(code="GHA", name="Ghana", groups=("WEOG", "African States"))])
    ghana = await uow.registry.add_participant(NewParticipant(stakeholder="GHA", role=Role.FOCAL_POINT, name="Ama"))
    await uow.registry.bind_identity(Identity(channel="telegram", account="9", participant_id=ghana.id, chat="9"))
    await uow.registry.bind_identity(Identity(channel="slack", account="U9", participant_id=ghana.id, chat="D9"))
    await uow.registry.mark_unreachable("slack", "D9")
    answers = [
        ("NOR", "R3", Position.OPPOSE, "=1+1", 0),
        ("KEN", "R2", Position.SUPPORT_WITH_AMENDMENTS, "", 123_456),
        ("NOR", "R1", Position.NO_POSITION, "Fine, with a caveat.", 1),
        ("GHA", "R1", Position.RESERVE, "", 0),
        ("KEN", "R3", Position.SUPPORT, "-", 999_999),
        ("NOR", "R3", Position.RESERVE, "Changed our mind.", 500_000),  # replaces the first
    ]
    for minutes, (who, ref, position, comment, micro) in enumerate(answers):
        at = NOW + timedelta(minutes=minutes, microseconds=micro)
        amendment = "+ by 2030" if position is Position.SUPPORT_WITH_AMENDMENTS else ""
        response = Response(
            round=SLUG, stakeholder=who, ref=ref, position=position, amendment=amendment, comment=comment,
            participant_id=None, channel="telegram", updated_at=at,
        )  # fmt: skip
        await uow.responses.save(response, revision_of(response))
    elsewhere = Response(round="other", stakeholder="UNDP", ref="R2", position=Position.OPPOSE, updated_at=NOW)
    await uow.responses.save(elsewhere, revision_of(elsewhere))
    snapshots = {
        "A-1": (SubmittedAnswer(ref="R3", position=Position.OPPOSE, comment="=1+1"),),
        "A-3": (  # R3 as submitted differs from the draft (reserve): changed since
            SubmittedAnswer(ref="R1", position=Position.NO_POSITION, comment="Fine, with a caveat."),
            SubmittedAnswer(ref="R3", position=Position.SUPPORT),
        ),
    }
    for who, receipt, hour in (("NOR", "A-1", 1), ("UNDP", "A-2", 2), ("NOR", "A-3", 3)):
        await uow.responses.add_submission(
            Submission(round=SLUG, stakeholder=who, receipt=receipt, participant_id=None, channel="console",
                       answered=1, at=NOW + timedelta(hours=hour), answers=snapshots.get(receipt, ()))
        )  # fmt: skip


def _line(r: Response, record: SubmittedAnswer | None) -> ResponseLine:
    iso = r.updated_at.astimezone(UTC).isoformat()
    return (
        r.stakeholder, r.ref, r.position.value, r.amendment, r.comment, iso, r.channel, r.participant_id,
        record.position.value if record else None, record.amendment if record else None,
        record.comment if record else None, r.language, record.language if record else None,
    )  # fmt: skip


async def _expected(uow: UnitOfWork, slug: str) -> list[ResponseLine]:
    """Each delegation's responses (by code, then recommendation order) with the latest submission's
    answer on each (the record)."""
    round_ = await uow.rounds.get(slug)
    if round_ is None:
        return []
    order = {r.ref: i for i, r in enumerate(round_.recommendations)}
    found = []
    for p in await uow.responses.progress(slug):
        latest = await uow.responses.submission(slug, p.stakeholder)
        for r in sorted(await uow.responses.of_delegation(slug, p.stakeholder), key=lambda r: order[r.ref]):
            found.append(_line(r, latest.answer(r.ref) if latest else None))
    return found


class TestProgress:
    async def test_counted_from_the_indexes(self, new_uow: NewUow) -> None:
        """Answered only, answered and submitted, submitted only (UNDP); other rounds apart."""
        await seed(new_uow)
        async with new_uow() as uow:
            await _fill(uow)
            await uow.commit()
        async with new_uow() as uow:
            progress = await uow.responses.progress(SLUG)
            assert [(p.stakeholder, p.answered, p.submitted_at is not None) for p in progress] == [
                ("GHA", 1, False),
                ("KEN", 2, False),
                ("NOR", 2, True),
                ("UNDP", 0, True),
            ]
            assert [(p.stakeholder, p.answered) for p in await uow.responses.progress("other")] == [("UNDP", 1)]
            assert await uow.responses.progress("nosuch") == []


class TestRoster:
    async def test_the_same_as_the_registry(self, new_uow: NewUow) -> None:
        """Stakeholders by code with their groups in order, participants by id, identities reachable or not."""
        await seed(new_uow)
        async with new_uow() as uow:
            await _fill(uow)
            await uow.commit()
        async with new_uow() as uow:
            roster = await uow.reports.roster()
            stakeholders = await uow.registry.stakeholders()
            participants = await uow.registry.participants_of([s.code for s in stakeholders])
            identities = await uow.registry.identities_of([p.id for p in participants])
        assert list(roster.stakeholders) == stakeholders
        assert next(s for s in roster.stakeholders if s.code == "GHA").groups == ("WEOG", "African States")
        assert list(roster.participants) == participants
        assert list(roster.identities) == identities
        assert [i.reachable for i in roster.identities] == [False, True]


class TestResponseLines:
    @pytest.mark.parametrize("batch", [1, 2, 3, 10_000])
    async def test_the_same_as_the_stream(self, new_uow: NewUow, engine: AsyncEngine, batch: int) -> None:
        """Stakeholder, then recommendation order, whatever the batch; timestamps as isoformat() writes them."""
        await seed(new_uow)
        async with new_uow() as uow:
            await _fill(uow)
            await uow.commit()
        async with new_uow() as uow:
            expected = await _expected(uow, SLUG)
            elsewhere = await _expected(uow, "other")
        async with create_session_factory(engine)() as session, session.begin():
            batches = [b async for b in export_stream.response_lines(session, SLUG, batch=batch)]
            other = [line async for b in export_stream.response_lines(session, "other") for line in b]
            assert [b async for b in export_stream.response_lines(session, "nosuch")] == []
        assert [line for b in batches for line in b] == expected
        assert [(who, ref) for who, ref, *_ in expected] == [
            ("GHA", "R1"), ("KEN", "R2"), ("KEN", "R3"), ("NOR", "R1"), ("NOR", "R3"),
        ]  # fmt: skip
        assert expected[0][5] == NOW.replace(minute=NOW.minute + 3).isoformat()  # a whole second: no fraction
        assert expected[1][5].endswith(".123456+00:00")
        assert other == elsewhere
        codes = [{line[0] for line in b} for b in batches]
        assert len({code for c in codes for code in c}) == sum(len(c) for c in codes)  # a delegation never split
        if batch < 10_000:  # fewer responses than recommendations: one delegation per batch
            assert all(len(c) == 1 for c in codes)
        else:
            assert len(batches) == 1

    async def test_timestamps_sqlalchemy_did_not_write_are_read_as_it_reads_them(
        self, new_uow: NewUow, engine: AsyncEngine
    ) -> None:
        """On SQLite, text of another shape (written by hand, by another tool) is parsed as UTCDateTime does."""
        if engine.dialect.name != "sqlite":
            pytest.skip("SQLite stores timestamps as text")
        await seed(new_uow)
        async with new_uow() as uow:
            await _fill(uow)
            await uow.commit()
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE responses SET updated_at = '2026-03-02 14:31:05' WHERE stakeholder = 'KEN' AND ref = 'R2'")
            )
            await connection.execute(text("UPDATE responses SET updated_at = '2026-03-02' WHERE stakeholder = 'NOR'"))
        async with new_uow() as uow:
            expected = await _expected(uow, SLUG)
            found = [line async for b in uow.reports.response_lines(SLUG) for line in b]
        assert found == expected
        assert [line[5] for line in expected if line[0] != "GHA"] == [
            "2026-03-02T14:31:05+00:00",
            "2026-03-02T14:34:00.999999+00:00",
            "2026-03-02T00:00:00+00:00",
            "2026-03-02T00:00:00+00:00",
        ]

    async def test_through_the_unit_of_work(self, new_uow: NewUow) -> None:
        async with new_uow() as uow:
            await uow.rounds.add(replace(sample_round(), audience=()))
            await uow.commit()
        async with new_uow() as uow:
            assert [b async for b in uow.reports.response_lines(SLUG)] == []


async def test_the_fake_gives_what_storage_gives() -> None:
    """tests.fakes' Reports reads agree with its Responses and Registry (the unit tests rely on them)."""
    store = MemoryStore()
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(
            [Stakeholder(code="KEN", name="Kenya"), Stakeholder(code="NOR", name="Norway")]
        )
        await uow.rounds.add(sample_round())
        await _fill(uow)
        await uow.commit()
    async with store.uow() as uow:
        assert [line async for b in uow.reports.response_lines(SLUG) for line in b] == await _expected(uow, SLUG)
        assert [b async for b in uow.reports.response_lines("nosuch")] == []
        roster = await uow.reports.roster()
        assert list(roster.stakeholders) == await uow.registry.stakeholders()


class TestActivityAgainstTheFake:
    @pytest.mark.parametrize("limit", [1, 2, 3, 50])
    async def test_counts_and_newest_changes_agree(self, new_uow: NewUow, limit: int) -> None:
        """Random answers and comments, changed back and forth: the SQL and the fake find the same changes."""
        rng = random.Random(7)
        saves = []
        for minute in range(60):
            who, ref = rng.choice(["KEN", "NOR", "UNDP"]), rng.choice(["R1", "R2", "R3"])
            position = rng.choice([Position.SUPPORT, Position.OPPOSE, Position.RESERVE])
            comment = rng.choice(["", "", "Fine.", "Not fine."])
            at = NOW + timedelta(minutes=minute // 2)  # two changes a minute: ties on time, ordered by id
            saves.append(
                Response(round=SLUG, stakeholder=who, ref=ref, position=position, comment=comment, updated_at=at)
            )
        await seed(new_uow)
        store = MemoryStore()
        async with store.uow() as fake:
            await fake.rounds.add(sample_round())
            await fake.commit()
        for response in saves:
            for uow in (new_uow(), store.uow()):
                async with uow:
                    await uow.responses.save(response, revision_of(response))
                    await uow.commit()
        for since in (
            None,
            NOW + timedelta(minutes=5),
            NOW + timedelta(minutes=17, seconds=30),
            NOW + timedelta(hours=1),
        ):
            async with new_uow() as uow, store.uow() as fake:
                assert await uow.reports.activity(SLUG, since, limit=limit) == await fake.reports.activity(
                    SLUG, since, limit=limit
                )
