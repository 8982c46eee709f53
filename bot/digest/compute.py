"""A round's digest from what storage counted: coverage, tallies, the contested list. Pure functions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction

from bot.digest.changes import round_changes
from bot.domain.model import DelegationState, Position, Round
from bot.records.digest_values import POSITIONS, Activity, Coverage, PositionCount, RoundDigest, Snapshot, Tally
from bot.records.status import DelegationRow, RoundReport

#: How many recommendations the contested list names at most.
TOP_CONTESTED = 5
#: Answers a recommendation needs before its share of objections means anything.
MIN_ANSWERS = 3
#: The group of a delegation that belongs to none.
NO_GROUP = "(no group)"
#: The "group" of the other stakeholders whose views are counted apart (named in the reader's language).
VIEWS = "(views)"


def round_digest(
    report: RoundReport,
    counts: Sequence[PositionCount],
    activity: Activity,
    previous: Snapshot | None,
    now: datetime,
) -> RoundDigest:
    """Everything the digest says about one round, from the coordinator's report and storage's counts."""
    round_ = report.round
    tallied = tallies(round_, counts)
    overall, groups = coverage(report)
    states = tuple((row.stakeholder, row.state) for row in report.delegations)
    return RoundDigest(
        round=round_,
        at=now,
        overall=overall,
        groups=groups,
        tallies=tallied,
        contested=contested(tallied, audience=len(report.delegations)),
        changes=round_changes(activity, previous, states, tallied),
        not_started=not_started(report.delegations),
        unreachable=report.unreachable,
        dead=tuple(sorted(Counter(d.kind for d in report.dead_deliveries).items())),
        next_reminder=next_reminder(round_, now),
        names={row.stakeholder: row.name for row in report.delegations},
        states=states,
        unsubmitted=report.changed_since_submission,
        nobody=tuple(
            row.stakeholder
            for row in report.delegations
            if row.reachable == 0 and row.state is not DelegationState.SUBMITTED
        ),
        stranded=report.stranded,
    )


def tallies(round_: Round, counts: Sequence[PositionCount]) -> tuple[Tally, ...]:
    """One tally per recommendation, in the round's order (zero where nobody holds a position)."""
    found = {(c.ref, c.position): c.count for c in counts}
    return tuple(
        Tally(ref=item.ref, title=item.title, counts=tuple(found.get((item.ref, p), 0) for p in POSITIONS))
        for item in round_.recommendations
    )


def coverage(report: RoundReport) -> tuple[Coverage, tuple[Coverage, ...]]:
    """Coverage overall and per group: regional groups first, then the others, each alphabetical.

    A delegation's first group is its regional group (the registry lists it first); a group that
    is nobody's first (e.g. "Delivering as One pilots") is shown after them.
    """
    rows = report.delegations
    overall = Coverage(
        group="",
        total=len(rows),
        submitted=report.count(DelegationState.SUBMITTED),
        in_progress=report.count(DelegationState.IN_PROGRESS),
        not_started=report.count(DelegationState.NOT_STARTED),
    )
    firsts = {row.groups[0] if row.groups else NO_GROUP for row in rows}
    groups = [
        Coverage(
            group=g.group,
            total=g.total,
            submitted=g.submitted,
            in_progress=g.in_progress,
            not_started=g.not_started,
            regional=g.group in firsts,
        )
        for g in report.groups
    ]
    groups.sort(key=lambda c: (not c.regional, c.group.casefold()))
    return overall, tuple(groups)


def contested(tallied: Sequence[Tally], *, audience: int, top: int = TOP_CONTESTED) -> tuple[Tally, ...]:
    """The most contested recommendations: highest share of oppose + reserve among the answers given.

    "No position" counts as an answer, silence (no objection) does not. Only recommendations with
    at least one objection and MIN_ANSWERS answers (fewer if the audience is smaller) are ranked.
    Ties: more objections first, then more opposition, then the round's order.
    """
    floor = max(1, min(MIN_ANSWERS, audience))
    ranked = [(index, tally) for index, tally in enumerate(tallied) if tally.dissent > 0 and tally.answers >= floor]
    ranked.sort(
        key=lambda it: (-Fraction(it[1].dissent, it[1].answers), -it[1].dissent, -it[1].count(Position.OPPOSE), it[0])
    )
    return tuple(tally for _, tally in ranked[:top])


def not_started(rows: Sequence[DelegationRow]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The names of the delegations that have not started, by regional group (alphabetical)."""
    waiting: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.state is DelegationState.NOT_STARTED:
            waiting[row.groups[0] if row.groups else NO_GROUP].append(row.name)
    return tuple(
        (group, tuple(sorted(names, key=str.casefold)))
        for group, names in sorted(waiting.items(), key=lambda kv: kv[0].casefold())
    )


def next_reminder(round_: Round, now: datetime) -> datetime | None:
    """When the next reminder of the round is due (None if none is left)."""
    ahead = [round_.deadline - offset for offset in round_.reminders if round_.deadline - offset > now]
    return min(ahead, default=None)
