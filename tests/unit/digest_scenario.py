"""A consultation of the 193 Member States with a known pattern of answers, for the digest's tests.

The Member States and their five regional groups come from config/registry/stakeholders.yaml, read
with the standard library (tests/unit imports no SDK). The pattern, by regional group (the first
delegations of each group by code):

    group                                submitted  in progress  not started
    African Group (54)                        10          5           39
    Asia-Pacific Group (54)                    8          4           42
    Eastern European Group (23)                6          3           14
    Latin American and Caribbean Group (33)    7          6           20
    Western European and Others Group (29)    15          4           10

Submitted delegations (46; `j` is their rank by code) answer all 31 recommendations: support,
except R3 (j<20 oppose, j<25 reserve), R7 (j<10 oppose, j<20 reserve), R12 (j<20 reserve), R20 (j<5
oppose, j<10 no position), R25 (j=0 oppose), R26 (j=0 reserve), R31 (j<2 support with amendments).
Delegations in progress answer R1-R5: no position, except R3: support.

Week two (after the first digest) is `week_two()`; `current` models every position independently
of the code under test, so tests can count what the digest should say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.coordinator.rounds import revision_of
from bot.domain.model import (
    Address,
    Delivery,
    Identity,
    NewParticipant,
    Position,
    Recommendation,
    Reply,
    Response,
    Role,
    Round,
    RoundStatus,
    Stakeholder,
    Submission,
    SubmittedAnswer,
)
from bot.ports import UnitOfWork

REGISTRY = Path(__file__).resolve().parents[2] / "config" / "registry" / "stakeholders.yaml"
SLUG = "dao"
ITEMS = 31
T0 = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
T1 = T0 + timedelta(days=1)  # the first digest
T2 = T0 + timedelta(days=7)  # the second, a week later
T3 = T2 + timedelta(days=7)  # the third, after a quiet week
PLAN = {
    "African Group": (10, 5),
    "Asia-Pacific Group": (8, 4),
    "Eastern European Group": (6, 3),
    "Latin American and Caribbean Group": (7, 6),
    "Western European and Others Group": (15, 4),
}
SUP, AMD, OPP, RES, NOP = (
    Position.SUPPORT,
    Position.SUPPORT_WITH_AMENDMENTS,
    Position.OPPOSE,
    Position.RESERVE,
    Position.NO_POSITION,
)


def member_states() -> list[Stakeholder]:
    """The 193 Member States with their regional group (the code stands for the name)."""
    text = REGISTRY.read_text(encoding="utf-8")
    block = text.split("\nregional_groups:", 1)[1].split("\nother_groups:", 1)[0]
    found = [
        Stakeholder(code=code, name=code, groups=(group,))
        for group, codes in re.findall(r"^\s+([A-Z][\w -]+):\s*\[([^\]]*)\]", block, flags=re.M)
        for code in re.findall(r"\b[A-Z]{3}\b", codes)
    ]
    assert len(found) == 193, len(found)
    return sorted(found, key=lambda s: s.code)


def the_round() -> Round:
    """An open round of 31 recommendations for every Member State."""
    return Round(
        slug=SLUG,
        title="Delivering as One",
        deadline=T0 + timedelta(days=28),
        recommendations=tuple(
            Recommendation(ref=f"R{i}", section="Country level", title=f"Recommendation {i}", text=f"Text {i}.")
            for i in range(1, ITEMS + 1)
        ),
        status=RoundStatus.OPEN,
    )


def submitted_position(j: int, item: int) -> Position:
    """What the j-th submitted delegation (by code) holds on recommendation `item` (1-based)."""
    rules: dict[int, Position] = {
        3: OPP if j < 20 else RES if j < 25 else SUP,
        7: OPP if j < 10 else RES if j < 20 else SUP,
        12: RES if j < 20 else SUP,
        20: OPP if j < 5 else NOP if j < 10 else SUP,
        25: OPP if j == 0 else SUP,
        26: RES if j == 0 else SUP,
        31: AMD if j < 2 else SUP,
    }
    return rules.get(item, SUP)


@dataclass
class Scenario:
    """The delegations of each state, and a model of every position (written alongside the store)."""

    members: list[Stakeholder]
    groups: dict[str, list[str]] = field(default_factory=dict)
    submitted: list[str] = field(default_factory=list)
    in_progress: list[str] = field(default_factory=list)
    not_started: dict[str, list[str]] = field(default_factory=dict)
    current: dict[tuple[str, str], Position] = field(default_factory=dict)
    #: What each delegation submitted last (the record the digest counts), by (code, ref).
    record: dict[tuple[str, str], Position] = field(default_factory=dict)
    texts: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for member in self.members:
            self.groups.setdefault(member.groups[0], []).append(member.code)
        for group, (done, busy) in PLAN.items():
            codes = sorted(self.groups[group])
            self.submitted += codes[:done]
            self.in_progress += codes[done : done + busy]
            self.not_started[group] = codes[done + busy :]
        self.submitted.sort()
        self.in_progress.sort()

    async def setup(self, new_uow: Callable[[], UnitOfWork]) -> None:
        """Stakeholders, the round, an unreachable participant of FRA, a reminder given up on."""
        async with new_uow() as uow:
            await uow.registry.add_stakeholders(self.members)
            await uow.rounds.add(the_round())
            person = await uow.registry.add_participant(
                NewParticipant(stakeholder="FRA", role=Role.DELEGATE, name="Jean Martin")
            )
            await uow.registry.bind_identity(
                Identity(channel="telegram", account="42", participant_id=person.id, chat="42", reachable=False)
            )
            await uow.outbox.add(
                Delivery(kind="reminder", dedupe_key="reminder:dao:FRA", address=Address("telegram", "42"),
                         reply=Reply(text="Reminder"), due_at=T0, round=SLUG)
            )  # fmt: skip
            for claimed in await uow.outbox.claim_due(now=T0, owner="test", lease_until=T1, limit=10):
                assert claimed.id is not None
                await uow.outbox.mark_dead(claimed.id, error="blocked")
            await uow.commit()

    async def week_one(self, new_uow: Callable[[], UnitOfWork]) -> None:
        """The answers and submissions before the first digest."""
        at = T0 + timedelta(hours=1)
        async with new_uow() as uow:
            for j, code in enumerate(self.submitted):
                for item in range(1, ITEMS + 1):
                    position = submitted_position(j, item)
                    amendment = "Replace 2012 by 2015." if position is AMD else ""
                    await self.answer(uow, code, f"R{item}", position, at, amendment=amendment)
                await self.submit(uow, code, T0 + timedelta(hours=2), 1)
            for code in self.in_progress:
                for item in range(1, 6):
                    await self.answer(uow, code, f"R{item}", SUP if item == 3 else NOP, at)
            await uow.commit()

    async def week_two(self, new_uow: Callable[[], UnitOfWork]) -> None:
        """After the first digest: three starts, a first submission, two moves, a flip-flop, comments."""
        africa = self.not_started["African Group"]
        weog = self.in_progress_of("Western European and Others Group")[0]
        j0, j1, j3, j4 = (self.submitted[j] for j in (0, 1, 3, 4))
        async with new_uow() as uow:
            await self.answer(uow, africa[0], "R1", SUP, T1 + timedelta(hours=1))
            await self.answer(uow, africa[1], "R1", SUP, T1 + timedelta(hours=2), comment="We welcome this.")
            await self.answer(uow, africa[2], "R1", SUP, T1 + timedelta(hours=3))
            for item in range(6, ITEMS + 1):
                await self.answer(uow, weog, f"R{item}", SUP, T1 + timedelta(hours=4))
            await self.submit(uow, weog, T1 + timedelta(hours=5), 1)
            await self.answer(uow, j0, "R3", SUP, T1 + timedelta(hours=6))
            await self.submit(uow, j0, T1 + timedelta(hours=7), 2)
            await self.answer(uow, j1, "R7", RES, T1 + timedelta(hours=8))
            await self.answer(uow, j3, "R20", OPP, T1 + timedelta(hours=9), comment="Needs more time.")
            await self.answer(uow, j4, "R1", OPP, T1 + timedelta(hours=10))
            await self.answer(uow, j4, "R1", SUP, T1 + timedelta(hours=11))
            await uow.commit()

    def in_progress_of(self, group: str) -> list[str]:
        """The delegations of a group that were in progress after week one."""
        return [code for code in self.in_progress if code in self.groups[group]]

    async def answer(
        self, uow: UnitOfWork, code: str, ref: str, position: Position, at: datetime, *, amendment: str = "",
        comment: str = "",
    ) -> None:  # fmt: skip
        """Store an answer, and note it in the model."""
        response = Response(round=SLUG, stakeholder=code, ref=ref, position=position, amendment=amendment,
                            comment=comment, channel="console", updated_at=at)  # fmt: skip
        await uow.responses.save(response, revision_of(response))
        self.current[(code, ref)] = position
        self.texts[(code, ref)] = (amendment, comment)

    async def submit(self, uow: UnitOfWork, code: str, at: datetime, number: int) -> None:
        """Store a submission with a unique receipt."""
        mine = sorted((ref, position) for (who, ref), position in self.current.items() if who == code)
        answers = tuple(
            SubmittedAnswer(ref=ref, position=position, amendment=self.texts[(code, ref)][0],
                            comment=self.texts[(code, ref)][1])
            for ref, position in mine
        )  # fmt: skip
        await uow.responses.add_submission(
            Submission(round=SLUG, stakeholder=code, receipt=f"DAO-{code}-{number:02d}", participant_id=None,
                       channel="console", answered=len(mine), at=at, answers=answers)
        )  # fmt: skip
        self.record.update({(code, ref): position for ref, position in mine})

    def counts(self) -> dict[str, dict[str, int]]:
        """Per recommendation, how many delegations hold each position as submitted (the model's count)."""
        found = {f"R{i}": {p.value: 0 for p in Position} for i in range(1, ITEMS + 1)}
        for (_, ref), position in self.record.items():
            found[ref][position.value] += 1
        return found
