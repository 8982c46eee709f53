"""SqlReports and SqlSnapshots on SQLite and PostgreSQL: the digest's figures counted in SQL, and its snapshots."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta

import pytest

from bot import ports
from bot.coordinator.rounds import revision_of
from bot.digest import compose
from bot.digest.figures import figures
from bot.domain.errors import UnknownRound
from bot.domain.model import DelegationState, Position, Response, Submission, SubmittedAnswer
from bot.records.digest_values import ChangeKind, PositionCount, Snapshot
from storage.reports import SqlReports, SqlSnapshots
from tests.fakes import MemoryStore
from tests.storage.conftest import NOW, NewUow, seed
from tests.unit.digest_scenario import T1, T2, Scenario, member_states

SLUG = "doa-2026"


async def say(new_uow: NewUow, who: str, ref: str, position: Position, at: datetime, comment: str = "") -> None:
    async with new_uow() as uow:
        response = Response(round=SLUG, stakeholder=who, ref=ref, position=position, comment=comment, updated_at=at)
        await uow.responses.save(response, revision_of(response))
        await uow.commit()


async def submit(
    new_uow: NewUow, who: str, at: datetime, receipt: str, answers: tuple[SubmittedAnswer, ...] = ()
) -> None:
    async with new_uow() as uow:
        await uow.responses.add_submission(
            Submission(round=SLUG, stakeholder=who, receipt=receipt, participant_id=None, channel="console",
                       answered=len(answers) or 1, at=at, answers=answers)
        )  # fmt: skip
        await uow.commit()


def hours(n: float) -> datetime:
    return NOW + timedelta(hours=n)


def test_sql_reports_matches_the_port() -> None:
    """Same methods and parameters as bot.ports.Reports and Snapshots, all async."""
    for port, sql, name in (
        (ports.Reports, SqlReports, "positions"),
        (ports.Reports, SqlReports, "activity"),
        (ports.Snapshots, SqlSnapshots, "add"),
        (ports.Snapshots, SqlSnapshots, "latest"),
    ):
        wanted, given = getattr(port, name), getattr(sql, name)
        assert list(inspect.signature(given).parameters) == list(inspect.signature(wanted).parameters)
        assert inspect.iscoroutinefunction(given)


class TestPositions:
    async def test_counted_per_recommendation_and_position_as_submitted(self, new_uow: NewUow) -> None:
        """GROUP BY over the record: what each delegation submitted last, never drafts; no zero rows;
        "no objection" recorded by silence counts for a delegation that never submitted."""
        await seed(new_uow)
        await say(new_uow, "KEN", "R1", Position.OPPOSE, hours(1))
        await say(new_uow, "NOR", "R1", Position.SUPPORT, hours(1))
        await say(new_uow, "UNDP", "R1", Position.SUPPORT, hours(1))
        await say(new_uow, "UNDP", "R2", Position.RESERVE, hours(1))
        async with new_uow() as uow:
            assert await uow.reports.positions(SLUG) == []  # drafts only
        await submit(new_uow, "KEN", hours(1), "K-1", (SubmittedAnswer(ref="R1", position=Position.OPPOSE),))
        await submit(new_uow, "NOR", hours(1), "N-1", (SubmittedAnswer(ref="R1", position=Position.SUPPORT),))
        await say(new_uow, "KEN", "R1", Position.SUPPORT, hours(2))  # a draft: KEN still opposes
        await submit(new_uow, "NOR", hours(2), "N-2", (SubmittedAnswer(ref="R1", position=Position.RESERVE),))
        async with new_uow() as uow:
            silent = Response(round=SLUG, stakeholder="UNDP", ref="R3", position=Position.NO_OBJECTION,
                              channel="system", updated_at=hours(3))  # fmt: skip
            await uow.responses.save(silent, revision_of(silent))
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.reports.positions(SLUG) == [
                PositionCount("R1", Position.OPPOSE, 1),
                PositionCount("R1", Position.RESERVE, 1),
                PositionCount("R3", Position.NO_OBJECTION, 1),
            ]
            assert await uow.reports.positions("nosuch") == []


class TestActivity:
    async def test_each_pair_compares_its_state_before_and_after(self, new_uow: NewUow) -> None:
        """First answers, moved positions, new comments; a flip-flop is no change; newest first."""
        await seed(new_uow)
        await say(new_uow, "KEN", "R1", Position.SUPPORT, hours(1))
        await say(new_uow, "NOR", "R1", Position.SUPPORT, hours(1), comment="Fine.")
        await say(new_uow, "NOR", "R2", Position.OPPOSE, hours(1))
        since = hours(2)
        await say(new_uow, "KEN", "R1", Position.OPPOSE, hours(3))  # moved
        await say(new_uow, "KEN", "R1", Position.RESERVE, hours(4))  # moved again: one change, oppose lost
        await say(new_uow, "NOR", "R1", Position.SUPPORT, hours(5), comment="Fine.")  # the same: nothing
        await say(new_uow, "NOR", "R2", Position.SUPPORT, hours(6))
        await say(new_uow, "NOR", "R2", Position.OPPOSE, hours(7))  # flip-flop: nothing
        await say(new_uow, "UNDP", "R3", Position.NO_POSITION, hours(8), comment="Later.")  # new, commented
        async with new_uow() as uow:
            found = await uow.reports.activity(SLUG, since, limit=10)
            everything = await uow.reports.activity(SLUG, None, limit=1)
        assert (found.since, found.answers, found.positions, found.comments) == (since, 1, 1, 1)
        assert [(c.kind, c.stakeholder, c.ref, c.before, c.after, c.comment, c.at) for c in found.latest] == [
            (ChangeKind.COMMENT, "UNDP", "R3", None, None, "Later.", hours(8)),
            (ChangeKind.POSITION, "KEN", "R1", Position.SUPPORT, Position.RESERVE, "", hours(4)),
        ]
        assert (everything.answers, everything.positions, everything.comments) == (4, 0, 2)
        assert [c.ref for c in everything.latest] == ["R3"]

    async def test_submissions_first_and_again_newest_first(self, new_uow: NewUow) -> None:
        """A delegation that had submitted before the moment submits again; another submits for the first time."""
        await seed(new_uow)
        await submit(new_uow, "KEN", hours(1), "K-01")
        await submit(new_uow, "KEN", hours(5), "K-02")
        await submit(new_uow, "NOR", hours(4), "N-01")
        await submit(new_uow, "UNDP", hours(1), "U-01")
        async with new_uow() as uow:
            found = await uow.reports.activity(SLUG, hours(2), limit=10)
            everything = await uow.reports.activity(SLUG, None, limit=10)
        assert [(c.stakeholder, c.at, c.first) for c in found.submissions] == [
            ("KEN", hours(5), False),
            ("NOR", hours(4), True),
        ]
        assert [(c.stakeholder, c.first) for c in everything.submissions] == [
            ("KEN", True), ("NOR", True), ("UNDP", True),
        ]  # fmt: skip


class TestSnapshots:
    async def test_stored_once_per_key_and_read_back(self, new_uow: NewUow) -> None:
        """(round, key) is unique; the latest is by time, and one key may be left out."""
        await seed(new_uow)
        first = Snapshot(
            round=SLUG,
            key="slot:a",
            taken_at=hours(1),
            counts=(PositionCount("R1", Position.OPPOSE, 2),),
            states=(("KEN", DelegationState.SUBMITTED), ("NOR", DelegationState.NOT_STARTED)),
        )
        second = Snapshot(round=SLUG, key="slot:b", taken_at=hours(2), counts=(), states=())
        async with new_uow() as uow:
            assert await uow.snapshots.latest(SLUG) is None
            assert await uow.snapshots.add(first)
            assert not await uow.snapshots.add(first)
            assert await uow.snapshots.add(second)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.snapshots.latest(SLUG) == second
            assert await uow.snapshots.latest(SLUG, exclude_key="slot:b") == first
            with pytest.raises(UnknownRound):
                await uow.snapshots.add(Snapshot(round="nosuch", key="k", taken_at=NOW, counts=(), states=()))


class TestTheMemberStatesInSql:
    async def test_the_digest_from_sql_equals_the_digest_from_the_fakes(self, new_uow: NewUow) -> None:
        """The 193-delegation scenario: SQL aggregation gives every figure the in-memory count gives."""
        in_sql, in_memory = Scenario(member_states()), Scenario(member_states())
        store = MemoryStore()
        digests = []
        for scenario, make in ((in_sql, new_uow), (in_memory, store.uow)):
            await scenario.setup(make)
            await scenario.week_one(make)
            async with make() as uow:
                await compose.composer(slot_of=lambda now: now)(uow, T1, ["en"])
                await uow.commit()
            await scenario.week_two(make)
            async with make() as uow:
                digests.append(figures(await compose.build(uow, T2)))
        from_sql, from_memory = digests
        assert from_sql == from_memory
        assert from_sql["rounds"][0]["coverage"] == {
            "total": 193, "submitted": 47, "in_progress": 24, "not_started": 122,
        }  # fmt: skip
        assert from_sql["rounds"][0]["changes"]["positions"] == 2
