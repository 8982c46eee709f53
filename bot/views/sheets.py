"""What a page shows: a delegation's answers to a round, and a coordinator's overview of the rounds.

Reads only; authorisation is decided here, as for every use case: a delegate sees their own
delegation's rounds, coordinators and digest readers see every round.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.coordinator import rounds as coordination
from bot.domain import audience
from bot.domain.errors import UnknownRound
from bot.domain.model import (
    Actor,
    DelegationState,
    Participant,
    Response,
    Role,
    Round,
    RoundStatus,
    Stakeholder,
    Submission,
)
from bot.i18n import formats
from bot.i18n.content import localize, localized
from bot.ports import UnitOfWork
from bot.records import status
from bot.records.digest_values import PositionCount, Roster
from bot.records.status import RoundReport


@dataclass(frozen=True, slots=True, kw_only=True)
class Sheet:
    """One delegation's answers to one round, as its delegate sees them."""

    round: Round
    stakeholder: Stakeholder
    answers: Mapping[str, Response]
    submission: Submission | None
    focal_points: tuple[str, ...]
    may_submit: bool
    writable: bool
    #: The one-line notice shown with each recommendation's text (an unofficial or missing translation),
    #: by ref; the round itself is in the reader's language where the round file gives it.
    notices: Mapping[str, str] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        """How many recommendations have an answer."""
        return sum(1 for r in self.round.recommendations if r.ref in self.answers)

    @property
    def total(self) -> int:
        """How many recommendations the round has."""
        return len(self.round.recommendations)

    @property
    def changed_since_submission(self) -> bool:
        """True when an answer changed after the latest submission."""
        at = self.submission.at if self.submission else None
        return at is not None and any(r.updated_at > at for r in self.answers.values())

    @property
    def state(self) -> DelegationState:
        """Not started, in progress or submitted."""
        if self.submission is not None:
            return DelegationState.SUBMITTED
        return DelegationState.IN_PROGRESS if self.answers else DelegationState.NOT_STARTED


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundLine:
    """One round in a list: where it stands and how far its audience is."""

    round: Round
    answered: int = 0
    submitted: int = 0
    in_progress: int = 0
    total: int = 0
    state: DelegationState | None = None


async def own_rounds(uow: UnitOfWork, participant: Participant) -> list[RoundLine]:
    """The rounds a delegate's delegation is asked to answer (not drafts), with its own progress."""
    holder = await uow.registry.stakeholder(participant.stakeholder)
    if holder is None:
        return []
    lines = []
    for round_ in await uow.rounds.list():
        if round_.status is RoundStatus.DRAFT or not audience.includes(round_, holder):
            continue
        done = await uow.responses.of_delegation(round_.slug, holder.code)
        submitted = await uow.responses.submission(round_.slug, holder.code)
        state = (
            DelegationState.SUBMITTED
            if submitted
            else DelegationState.IN_PROGRESS
            if done
            else DelegationState.NOT_STARTED
        )
        shown = localize(round_, formats.language_of(participant.language))
        lines.append(RoundLine(round=shown, answered=len(done), total=len(round_.recommendations), state=state))
    return lines


async def sheet(uow: UnitOfWork, participant: Participant, slug: str, now: datetime) -> Sheet:
    """The participant's own delegation's answers to the round `slug` (UnknownRound if not theirs)."""
    holder = await uow.registry.stakeholder(participant.stakeholder)
    round_ = await uow.rounds.get(slug)
    if holder is None or round_ is None or round_.status is RoundStatus.DRAFT or not audience.includes(round_, holder):
        raise UnknownRound(slug=slug)
    answers = {r.ref: r for r in await uow.responses.of_delegation(slug, holder.code)}
    people = await uow.registry.participants_of([holder.code])
    focal = tuple(p.name or f"participant {p.id}" for p in people if p.role is Role.FOCAL_POINT)
    writable = round_.accepts_answers(now)
    language = formats.language_of(participant.language)
    notices = {rec.ref: localized(round_, rec, language).notice for rec in round_.recommendations}
    return Sheet(
        round=localize(round_, language),
        notices=notices,
        stakeholder=holder,
        answers=answers,
        submission=await uow.responses.submission(slug, holder.code),
        focal_points=focal,
        may_submit=writable and (not focal or participant.role is Role.FOCAL_POINT),
        writable=writable,
    )


async def overview(uow: UnitOfWork, actor: Actor) -> list[RoundLine]:
    """Every round with its coverage, for coordinators and digest readers."""
    coordination.require(actor, Role.COORDINATOR, Role.DIGEST)
    lines = []
    roster = await uow.reports.roster()
    for round_ in await uow.rounds.list():
        report = await _report(uow, round_, roster)
        lines.append(
            RoundLine(
                round=round_,
                submitted=report.count(DelegationState.SUBMITTED),
                in_progress=report.count(DelegationState.IN_PROGRESS),
                total=len(report.delegations),
            )
        )
    return lines


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundPage:
    """Everything the coordinator's page of one round shows."""

    report: RoundReport
    positions: tuple[PositionCount, ...]

    def counts(self, ref: str) -> Mapping[str, int]:
        """Delegations per position on one recommendation."""
        return {p.position.value: p.count for p in self.positions if p.ref == ref}


async def round_page(uow: UnitOfWork, actor: Actor, slug: str) -> RoundPage:
    """The coordinator's view of one round: delegations, positions, delivery problems."""
    coordination.require(actor, Role.COORDINATOR, Role.DIGEST)
    round_ = await coordination.get_round(uow, slug)
    report = await _report(uow, round_, await uow.reports.roster())
    return RoundPage(report=report, positions=tuple(await uow.reports.positions(slug)))


async def _report(uow: UnitOfWork, round_: Round, roster: Roster) -> RoundReport:
    """`round status`'s report, read in bulk as the digest reads it (the counts from the index alone)."""
    members = {s.code for s in audience.members(round_, roster.stakeholders)}
    participants = [p for p in roster.participants if p.stakeholder in members]
    ids = {p.id for p in participants}
    identities = [i for i in roster.identities if i.participant_id in ids]
    return status.build(
        round_,
        roster.stakeholders,
        await uow.responses.progress(round_.slug),
        participants,
        identities,
        await uow.outbox.dead(round_.slug),
    )


async def delegation_sheet(uow: UnitOfWork, actor: Actor, slug: str, code: str, now: datetime) -> Sheet:
    """One delegation's answers, for coordinators and digest readers (read only)."""
    coordination.require(actor, Role.COORDINATOR, Role.DIGEST)
    holder = await uow.registry.stakeholder(code)
    round_ = await uow.rounds.get(slug)
    if holder is None or round_ is None or not audience.includes(round_, holder):
        raise UnknownRound(slug=slug)
    return Sheet(
        round=round_,
        stakeholder=holder,
        answers={r.ref: r for r in await uow.responses.of_delegation(slug, holder.code)},
        submission=await uow.responses.submission(slug, holder.code),
        focal_points=(),
        may_submit=False,
        writable=False,
    )
