"""The digest as frozen values: what storage aggregates, what a digest holds, what a snapshot keeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.domain.model import DelegationState, Identity, Participant, Position, Round, Stakeholder
from bot.i18n import formats
from bot.records.status import LostContact, Stranded

#: Every position, in the order counts are kept (Position's own order).
POSITIONS: tuple[Position, ...] = tuple(Position)
#: Positions that count as an answer given (silence recorded at the deadline does not).
ANSWERS: tuple[Position, ...] = tuple(p for p in Position if p is not Position.NO_OBJECTION)
#: The positions that make a recommendation contested.
DISSENT: tuple[Position, ...] = (Position.OPPOSE, Position.RESERVE)


class Extra(Protocol):
    """A section another part of the core adds to a round's digest (bot/coordinator/followup.py), written per reader."""

    def written(self, language: str) -> tuple[str, tuple[str, ...]]:
        """The heading and the lines in the reader's language."""
        ...


class ChangeKind(StrEnum):
    """What kind of change a listed change is."""

    POSITION = "position"  # a delegation moved from one position to another
    COMMENT = "comment"  # a new or rewritten comment
    SUBMISSION = "submission"  # a delegation submitted (first time, or again)


@dataclass(frozen=True, slots=True)
class PositionCount:
    """How many delegations hold `position` on recommendation `ref` (storage's GROUP BY)."""

    ref: str
    position: Position
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One change worth naming: a moved position, a new comment, a submission."""

    kind: ChangeKind
    at: datetime
    stakeholder: str
    ref: str = ""
    before: Position | None = None
    after: Position | None = None
    comment: str = ""
    first: bool = False  # a submission: the delegation's first in this round


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """What storage found after a moment (`since`; None: ever), counted in SQL.

    A (delegation, recommendation) pair counts once however often it changed: its state before
    `since` is compared with its state now, so a position changed and changed back is no change.
    """

    since: datetime | None
    answers: int = 0  # pairs answered for the first time
    positions: int = 0  # pairs whose position differs from the one held before
    comments: int = 0  # pairs whose comment is new or different
    submissions: tuple[Change, ...] = ()  # every delegation that submitted, newest first
    latest: tuple[Change, ...] = ()  # the newest changed positions and comments, newest first


@dataclass(frozen=True, slots=True, kw_only=True)
class Roster:
    """Who the digest's coverage is about, read in bulk (storage's Reports.roster).

    Every stakeholder (ordered by code, groups in their order), every participant (by id) and
    every chat identity (by participant id, channel, account): the digest keeps those of each
    round's audience, as the registry's participants_of and identities_of would.
    """

    stakeholders: tuple[Stakeholder, ...]
    participants: tuple[Participant, ...]
    identities: tuple[Identity, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """What a sent digest saw of one round, so that the next one says exactly what changed."""

    round: str
    key: str  # unique per round: "slot:2027-03-08T1400Z" (scheduled), "sent:..." (by hand)
    taken_at: datetime
    counts: tuple[PositionCount, ...]
    states: tuple[tuple[str, DelegationState], ...]

    def count_map(self) -> dict[tuple[str, Position], int]:
        """The counts by (recommendation, position)."""
        return {(c.ref, c.position): c.count for c in self.counts}

    def state_map(self) -> dict[str, DelegationState]:
        """The delegations' states by stakeholder code."""
        return dict(self.states)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tally:
    """The positions held on one recommendation now."""

    ref: str
    title: str
    counts: tuple[int, ...]  # one per position, in POSITIONS order

    def count(self, position: Position) -> int:
        """How many delegations hold this position."""
        return self.counts[POSITIONS.index(position)]

    @property
    def answers(self) -> int:
        """Answers given (every position but silence)."""
        return sum(self.count(p) for p in ANSWERS)

    @property
    def dissent(self) -> int:
        """Oppose plus reserve."""
        return sum(self.count(p) for p in DISSENT)

    @property
    def share(self) -> float:
        """Oppose plus reserve as a share of the answers given (0 when none)."""
        return self.dissent / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    """How far the delegations of a group (or all of them) are."""

    group: str
    total: int
    submitted: int
    in_progress: int
    not_started: int
    regional: bool = True  # False for other groups (a delegation's first group is its regional one)


@dataclass(frozen=True, slots=True)
class Shift:
    """How the counts on one recommendation moved since the previous digest."""

    ref: str
    deltas: tuple[int, ...]  # one per position, in POSITIONS order

    @property
    def size(self) -> int:
        """Total movement (the sum of the absolute changes)."""
        return sum(abs(d) for d in self.deltas)


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundChanges:
    """What changed in a round since the previous digest (or since it opened, for the first)."""

    since: datetime | None
    started: tuple[str, ...] = ()  # delegations that gave their first answers
    submitted: tuple[Change, ...] = ()  # first submissions, newest first
    resubmitted: tuple[Change, ...] = ()  # submissions of a delegation that had submitted before
    answers: int = 0
    positions: int = 0
    comments: int = 0
    latest: tuple[Change, ...] = ()  # newest changed positions and comments, newest first
    shifts: tuple[Shift, ...] = ()  # biggest movements first

    @property
    def quiet(self) -> bool:
        """True when nothing at all happened."""
        return not (self.answers or self.positions or self.comments or self.submitted or self.resubmitted)


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundDigest:
    """Everything the digest says about one open round."""

    round: Round
    at: datetime
    overall: Coverage
    groups: tuple[Coverage, ...]
    tallies: tuple[Tally, ...]
    contested: tuple[Tally, ...]
    changes: RoundChanges
    not_started: tuple[tuple[str, tuple[str, ...]], ...]  # (group, names), every group with someone
    unreachable: tuple[LostContact, ...]
    dead: tuple[tuple[str, int], ...]  # deliveries given up on, by kind
    next_reminder: datetime | None = None
    names: Mapping[str, str] = field(default_factory=dict)  # stakeholder code -> name
    states: tuple[tuple[str, DelegationState], ...] = ()  # for the next snapshot
    #: Delegations whose drafts differ from what they submitted (changes not submitted): the
    #: tallies count what was submitted, never drafts.
    unsubmitted: int = 0
    nobody: tuple[str, ...] = ()  # delegations yet to submit with no participant the bot can reach
    #: Messages waiting for a channel that is no longer configured (status.Stranded), by person.
    stranded: tuple[Stranded, ...] = ()
    #: Other stakeholders (UN entities, intergovernmental bodies, NGOs) give views, not positions:
    #: everything above counts Member States and observers only; the views are counted here, apart.
    views: Coverage | None = None
    view_tallies: tuple[Tally, ...] = ()
    #: Sections the follow-up adds (bot/coordinator/followup.py), written in each reader's language.
    extra: tuple[Extra, ...] = ()

    def name(self, code: str, language: str = "en") -> str:
        """A delegation's name in the reader's language (the registry's in English; its code if unknown)."""
        return formats.country(code, language, name=self.names.get(code, code))

    def named(self, name: str, language: str) -> str:
        """A delegation known by its registry name, named in the reader's language."""
        codes = {shown: code for code, shown in self.names.items()}
        return self.name(codes[name], language) if name in codes else name


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    """The digest of every open round at a moment, read in one time zone."""

    at: datetime
    zone: str
    rounds: tuple[RoundDigest, ...]
    upcoming: tuple[Round, ...] = ()  # drafts that open later

    @property
    def quiet(self) -> bool:
        """True when no round saw any activity."""
        return all(r.changes.quiet for r in self.rounds)
