"""The digest of a round for the 193 Member States: every figure checked against a known pattern."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from bot.digest import compose
from bot.digest.chat import body
from bot.digest.figures import figures
from bot.domain.model import Position
from bot.records.digest_values import Digest
from tests.fakes import MemoryStore
from tests.unit.digest_scenario import ITEMS, T0, T1, T2, T3, Scenario, member_states

GROUPS_WEEK_ONE = [
    # group, regional, total, submitted, in progress, not started
    ("African Group", True, 54, 10, 5, 39),
    ("Asia-Pacific Group", True, 54, 8, 4, 42),
    ("Eastern European Group", True, 23, 6, 3, 14),
    ("Latin American and Caribbean Group", True, 33, 7, 6, 20),
    ("Western European and Others Group", True, 29, 15, 4, 10),
]
GROUPS_WEEK_TWO = [
    ("African Group", True, 54, 10, 8, 36),
    ("Asia-Pacific Group", True, 54, 8, 4, 42),
    ("Eastern European Group", True, 23, 6, 3, 14),
    ("Latin American and Caribbean Group", True, 33, 7, 6, 20),
    ("Western European and Others Group", True, 29, 16, 3, 10),
]


@pytest.fixture
async def scenario() -> Scenario:
    return Scenario(member_states())


@pytest.fixture
async def store(scenario: Scenario) -> MemoryStore:
    store = MemoryStore()
    await scenario.setup(store.uow)
    await scenario.week_one(store.uow)
    return store


async def sent(store: MemoryStore, now: datetime) -> Digest:
    """The scheduled digest at `now` (its snapshot stored), and the Digest it was built from."""
    async with store.uow() as uow:
        await compose.composer(slot_of=lambda moment: moment)(uow, now, ["en"])
        await uow.commit()
    async with store.uow() as uow:
        return await compose.build(uow, now, exclude_key=compose.slot_key(now))


async def preview(store: MemoryStore, now: datetime) -> Digest:
    async with store.uow() as uow:
        return await compose.build(uow, now)


def groups_of(found: dict[str, object]) -> list[tuple[object, ...]]:
    return [
        (g["group"], g["regional"], g["total"], g["submitted"], g["in_progress"], g["not_started"])
        for g in found["groups"]  # type: ignore[attr-defined]
    ]


def counts_of(found: dict[str, object]) -> dict[str, dict[str, int]]:
    return {t["ref"]: {p.value: t[p.value] for p in Position} for t in found["positions"]}  # type: ignore[attr-defined]


class TestTheFirstDigest:
    async def test_coverage_counts_contested_and_changes_since_the_round_opened(
        self, store: MemoryStore, scenario: Scenario
    ) -> None:
        """Week one: every group's coverage, every count, the contested list (with its tie-breaks)."""
        found = figures(await sent(store, T1))["rounds"][0]
        assert found["coverage"] == {"total": 193, "submitted": 46, "in_progress": 22, "not_started": 125}
        assert groups_of(found) == GROUPS_WEEK_ONE
        assert counts_of(found) == scenario.counts()
        counts = counts_of(found)
        # What was submitted, never drafts: the 22 delegations in progress count nowhere.
        assert counts["R3"] == {**zero(), "support": 21, "oppose": 20, "reserve": 5}
        assert counts["R1"] == {**zero(), "support": 46}
        assert counts["R31"] == {**zero(), "support": 44, "support_with_amendments": 2}
        # R7 and R12: 20 of 46 each; R7 opposes more. R25 and R26: 1 of 46 each; R26 is sixth.
        assert [(c["ref"], c["dissent"], c["answers"]) for c in found["contested"]] == [
            ("R3", 25, 46), ("R7", 20, 46), ("R12", 20, 46), ("R20", 5, 46), ("R25", 1, 46),
        ]  # fmt: skip
        changes = found["changes"]
        assert changes["since"] is None
        assert (changes["answers"], changes["positions"], changes["comments"]) == (46 * ITEMS + 22 * 5, 0, 0)
        assert len(changes["submitted"]) == 46
        assert changes["resubmitted"] == []
        assert sorted(changes["started"]) == sorted(scenario.submitted + scenario.in_progress)

    async def test_delivery_problems_are_named(self, store: MemoryStore) -> None:
        """The unreachable participant and the reminder given up on."""
        found = figures(await preview(store, T1))["rounds"][0]
        assert found["unreachable"] == [{"stakeholder": "FRA", "participant": "Jean Martin", "channel": "telegram"}]
        assert found["dead_deliveries"] == {"reminder": 1}
        assert "Unreachable participants (1): FRA · Jean Martin (telegram)" in body(await preview(store, T1))


class TestAWeekLater:
    async def test_every_figure_and_what_changed_since_the_previous_digest(
        self, store: MemoryStore, scenario: Scenario
    ) -> None:
        """Week two against the first digest's snapshot: exact coverage, counts, changes and contested list."""
        await sent(store, T1)
        await scenario.week_two(store.uow)
        found = figures(await preview(store, T2))["rounds"][0]
        assert found["coverage"] == {"total": 193, "submitted": 47, "in_progress": 24, "not_started": 122}
        assert groups_of(found) == GROUPS_WEEK_TWO
        assert counts_of(found) == scenario.counts()
        counts = counts_of(found)
        # Submitted only: the new first answers on R1, j1's reserve on R7 and j3's opposition on R20 are
        # drafts; j0's change on R3 was submitted again, and WEOG's delegation submitted everything.
        assert counts["R1"] == {**zero(), "support": 46, "no_position": 1}
        assert counts["R3"] == {**zero(), "support": 23, "oppose": 19, "reserve": 5}
        assert counts["R7"] == {**zero(), "support": 27, "oppose": 10, "reserve": 10}
        assert [(c["ref"], c["dissent"], c["answers"]) for c in found["contested"]] == [
            ("R3", 24, 47), ("R7", 20, 47), ("R12", 20, 47), ("R20", 5, 47), ("R25", 1, 47),
        ]  # fmt: skip

        changes = found["changes"]
        africa = scenario.not_started["African Group"][:3]
        weog = scenario.in_progress_of("Western European and Others Group")[0]
        j0, j1, j3 = scenario.submitted[0], scenario.submitted[1], scenario.submitted[3]
        assert changes["since"] == T1.isoformat()
        assert sorted(changes["started"]) == sorted(africa)
        assert [(s["stakeholder"], s["at"]) for s in changes["submitted"]] == [(weog, at(T1, 5))]
        assert [(s["stakeholder"], s["at"]) for s in changes["resubmitted"]] == [(j0, at(T1, 7))]
        # 3 first answers on R1 and 26 by the delegation that finished; a flip-flop is no change.
        assert (changes["answers"], changes["positions"], changes["comments"]) == (29, 2, 2)
        assert [
            (c["kind"], c["stakeholder"], c["ref"], c.get("before"), c.get("after"), c.get("comment"), c["at"])
            for c in changes["latest"]
        ] == [
            ("comment", j3, "R20", None, None, "Needs more time.", at(T1, 9)),
            ("position", j1, "R7", "oppose", "reserve", None, at(T1, 8)),
            ("position", j0, "R3", "oppose", "support", None, at(T1, 6)),
            ("comment", africa[1], "R1", None, None, "We welcome this.", at(T1, 2)),
        ]
        shifts = changes["shifts"]
        assert shifts[0] == {"ref": "R3", "support": 2, "oppose": -1}
        assert shifts[1:5] == [{"ref": f"R{i}", "no_position": 1} for i in (1, 2, 4, 5)]
        assert shifts[5:] == [{"ref": f"R{i}", "support": 1} for i in range(6, ITEMS + 1)]
        assert found["unsubmitted"] == 2  # j1 and j3 changed drafts; j4 changed back: no change

    async def test_the_lead_gives_the_state_of_play_in_four_lines(self, store: MemoryStore, scenario: Scenario) -> None:
        """Deadline, coverage, the week, the contested: before any detail."""
        await sent(store, T1)
        await scenario.week_two(store.uow)
        lead = body(await preview(store, T2)).split("\n\n")[0].splitlines()
        assert lead == [
            "Delivering as One: deadline Mon 29 Mar 2027, 10:00 (America/New_York), 21 days 0 hours left.",
            "47 of 193 delegations submitted (24%) · 24 in progress · 122 not started. 2 with changes not submitted"
            " (positions count what was submitted).",
            "Since Tue 02 Mar 09:00: submitted 1 · started 3 · positions changed 2 · new comments 2.",
            "Most contested: R3 (51%), R7 (43%) and R12 (43%).",
        ]

    async def test_not_started_is_grouped_and_shortened(self, store: MemoryStore, scenario: Scenario) -> None:
        """125 delegations not started: per group, five names and how many more, and where the full list is."""
        text = body(await preview(store, T1))
        africa = scenario.not_started["African Group"]
        assert f"African Group (39): {', '.join(africa[:5])} and 34 more" in text
        assert "The full list: consultbot round status dao" in text


class TestAQuietWeek:
    async def test_a_week_without_activity_says_so(self, store: MemoryStore, scenario: Scenario) -> None:
        """No answer, submission or comment since the last digest: the digest says it, and is not empty."""
        await sent(store, T1)
        await scenario.week_two(store.uow)
        await sent(store, T2)
        quiet = await preview(store, T3)
        assert quiet.quiet
        text = body(quiet)
        assert "A quiet week: no new answers, submissions or comments since Mon 08 Mar 09:00." in text
        assert "Nothing new: no answers, submissions or comments." in text
        assert "47 of 193 delegations submitted" in text
        assert figures(quiet)["rounds"][0]["changes"]["shifts"] == []

    async def test_no_open_round_still_makes_a_digest(self) -> None:
        """Without any round the digest says so instead of being empty."""
        store = MemoryStore()
        async with store.uow() as uow:
            reply = (await compose.composer()(uow, T0, ["en"]))["en"]
        assert reply.text.startswith("No consultation round is open.\n\nA quiet week: nothing to report.")
        assert reply.image is None


class TestSnapshots:
    async def test_a_preview_stores_nothing(self, store: MemoryStore) -> None:
        """Only digests that go out are remembered."""
        await preview(store, T1)
        assert store.state.snapshots == []

    async def test_a_slot_run_again_keeps_its_first_snapshot(self, store: MemoryStore, scenario: Scenario) -> None:
        """A restart runs the slot's digest again: the same content, and no second snapshot."""
        make = compose.composer(slot_of=lambda now: T1)
        async with store.uow() as uow:
            first = (await make(uow, T1, ["en"]))["en"]
            await uow.commit()
        await scenario.week_two(store.uow)
        async with store.uow() as uow:
            again = (await make(uow, T2, ["en"]))["en"]
            await uow.commit()
        assert [s.key for s in store.state.snapshots] == ["slot:2027-03-02T1400Z"]
        assert "Since the round opened" in first.text
        assert "Since the round opened" in again.text

    async def test_json_is_serialisable(self, store: MemoryStore) -> None:
        """The figures are plain JSON."""
        assert json.loads(json.dumps(figures(await preview(store, T1))))["rounds"][0]["slug"] == "dao"


def zero() -> dict[str, int]:
    return {p.value: 0 for p in Position}


def at(moment: datetime, hours: int) -> str:
    return (moment + timedelta(hours=hours)).isoformat()
