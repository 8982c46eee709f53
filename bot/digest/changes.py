"""What changed since the previous digest: storage's activity joined with the previous snapshot. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.model import DelegationState
from bot.records.digest_values import (
    POSITIONS,
    Activity,
    PositionCount,
    RoundChanges,
    RoundDigest,
    Shift,
    Snapshot,
    Tally,
)


def round_changes(
    activity: Activity,
    previous: Snapshot | None,
    states: Sequence[tuple[str, DelegationState]],
    tallied: Sequence[Tally],
) -> RoundChanges:
    """The changes since `previous` (None: since the round opened).

    Counts of answers, moved positions and comments come from storage (revisions after the
    snapshot's time); delegations that started, and the movement of each recommendation's
    counts, come from comparing the snapshot with now, so they are exact whatever happened between.
    """
    before = previous.state_map() if previous else {}
    members = {code for code, _ in states}
    started = tuple(
        code
        for code, state in states
        if state is not DelegationState.NOT_STARTED
        and before.get(code, DelegationState.NOT_STARTED) is DelegationState.NOT_STARTED
    )
    submissions = [s for s in activity.submissions if s.stakeholder in members]
    return RoundChanges(
        since=previous.taken_at if previous else activity.since,
        started=started,
        submitted=tuple(s for s in submissions if s.first),
        resubmitted=tuple(s for s in submissions if not s.first),
        answers=activity.answers,
        positions=activity.positions,
        comments=activity.comments,
        latest=activity.latest,
        shifts=shifts(previous, tallied),
    )


def shifts(previous: Snapshot | None, tallied: Sequence[Tally]) -> tuple[Shift, ...]:
    """Each recommendation whose counts moved, biggest movement first (ties: the round's order)."""
    old = previous.count_map() if previous else {}
    moved = [
        Shift(tally.ref, tuple(tally.count(p) - old.get((tally.ref, p), 0) for p in POSITIONS)) for tally in tallied
    ]
    order = {tally.ref: index for index, tally in enumerate(tallied)}
    return tuple(sorted((s for s in moved if s.size), key=lambda s: (-s.size, order[s.ref])))


def snapshot_of(digest: RoundDigest, *, key: str, at: datetime) -> Snapshot:
    """What the next digest compares with: this digest's counts and every delegation's state."""
    return Snapshot(
        round=digest.round.slug,
        key=key,
        taken_at=at,
        counts=tuple(
            PositionCount(tally.ref, position, count)
            for tally in digest.tallies
            for position, count in zip(POSITIONS, tally.counts, strict=True)
            if count
        ),
        states=digest.states,
    )
