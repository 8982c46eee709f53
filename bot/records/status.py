"""The coordinator's view of a round: every delegation's state, by regional group."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain import audience
from bot.domain.model import (
    MAIL,
    DelegationProgress,
    DelegationState,
    Delivery,
    Identity,
    Participant,
    Round,
    Stakeholder,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DelegationRow:
    """One delegation in a round."""

    stakeholder: str
    name: str
    groups: tuple[str, ...]
    state: DelegationState
    answered: int
    total: int
    receipt_at: str = ""
    participants: int = 0
    reachable: int = 0
    #: The latest submission (the record): its receipt, when and by whom ("" / None when none).
    receipt: str = ""
    submitted_at: datetime | None = None
    submitted_by: str = ""
    #: The drafts differ from the latest submission: changed and not submitted again.
    changed_since_submission: bool = False
    #: The stakeholder's kind; only Member States and observers take positions, others give views.
    kind: str = audience.MEMBER_STATE

    @property
    def takes_position(self) -> bool:
        """True for Member States and observers; their counts are never mixed with the others' views."""
        return self.kind in audience.POSITION_KINDS


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupRow:
    """Coverage of one regional group."""

    group: str
    total: int
    submitted: int
    in_progress: int
    not_started: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LostContact:
    """A participant the bot can no longer write to."""

    stakeholder: str
    participant: str
    channel: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Stranded:
    """Messages for one person waiting for a channel that is no longer configured (an identity on
    Telegram, then Telegram switched off): they go nowhere until it is configured again."""

    stakeholder: str
    participant: str
    channel: str
    #: The kind of each waiting message (invitation, reminder, ...), oldest first.
    kinds: tuple[str, ...]
    #: What the coordinator can do about it.
    remedy: str = ""


def remedy_for(channel: str) -> str:
    """What to do about messages waiting for a channel that is not configured."""
    return (
        f"configure {channel} again (they go out then), or reach this person another way "
        f"(consultbot invite, or a contact's e-mail); they are given up after their last attempt"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundReport:
    """Everything `round status` shows."""

    round: Round
    delegations: tuple[DelegationRow, ...]
    groups: tuple[GroupRow, ...]
    unreachable: tuple[LostContact, ...]
    dead_deliveries: tuple[Delivery, ...]
    #: Deliveries waiting for a channel no longer configured, by person and channel.
    stranded: tuple[Stranded, ...] = ()

    def count(self, state: DelegationState, *, views: bool = False) -> int:
        """How many delegations taking positions (Member States, observers) are in this state; with
        `views`, how many other stakeholders (views) are. The two are never added together."""
        return sum(1 for d in self.delegations if d.state is state and d.takes_position is not views)

    def total(self, *, views: bool = False) -> int:
        """How many delegations take positions (with `views`: how many other stakeholders give views)."""
        return sum(1 for d in self.delegations if d.takes_position is not views)

    @property
    def changed_since_submission(self) -> int:
        """How many delegations have drafts that differ from what they submitted."""
        return sum(1 for d in self.delegations if d.changed_since_submission)


def build(
    round_: Round,
    stakeholders: Sequence[Stakeholder],
    progress: Sequence[DelegationProgress],
    participants: Sequence[Participant],
    identities: Sequence[Identity],
    dead: Sequence[Delivery],
    waiting: Sequence[Delivery] = (),
) -> RoundReport:
    """Join the audience with what storage counted (`waiting`: deliveries stranded on a channel that
    is not configured)."""
    by_code = {p.stakeholder: p for p in progress}
    people: dict[str, list[Participant]] = defaultdict(list)
    for participant in participants:
        people[participant.stakeholder].append(participant)
    ids_of: dict[int, list[Identity]] = defaultdict(list)
    for identity in identities:
        ids_of[identity.participant_id].append(identity)
    total = len(round_.recommendations)
    rows: list[DelegationRow] = []
    lost: list[LostContact] = []
    for holder in audience.members(round_, stakeholders):
        counted = by_code.get(holder.code)
        answered = counted.answered if counted else 0
        state = (
            DelegationState.SUBMITTED
            if counted and counted.submitted_at
            else DelegationState.IN_PROGRESS
            if answered
            else DelegationState.NOT_STARTED
        )
        mine = people.get(holder.code, [])
        reachable = sum(
            1 for p in mine if any(i.reachable for i in ids_of.get(p.id, [])) or (p.email and p.email_reachable)
        )
        for p in mine:
            lost.extend(
                LostContact(stakeholder=holder.code, participant=p.name or f"participant {p.id}", channel=i.channel)
                for i in ids_of.get(p.id, [])
                if not i.reachable
            )
            if p.email and not p.email_reachable:  # a mail server refused the contact's address
                lost.append(LostContact(stakeholder=holder.code, participant=p.name or p.email, channel=MAIL))
        rows.append(
            DelegationRow(
                stakeholder=holder.code,
                name=holder.name,
                groups=holder.groups,
                state=state,
                answered=answered,
                total=total,
                receipt_at=counted.submitted_at.isoformat() if counted and counted.submitted_at else "",
                participants=len(mine),
                reachable=reachable,
                receipt=counted.receipt if counted else "",
                submitted_at=counted.submitted_at if counted else None,
                submitted_by=counted.submitted_by if counted else "",
                changed_since_submission=bool(counted and counted.submitted_at and counted.changed),
                kind=holder.kind,
            )
        )
    return RoundReport(
        round=round_,
        delegations=tuple(rows),
        groups=tuple(by_group(rows)),
        unreachable=tuple(lost),
        dead_deliveries=tuple(dead),
        stranded=stranded(waiting, participants),
    )


def stranded(waiting: Sequence[Delivery], participants: Sequence[Participant]) -> tuple[Stranded, ...]:
    """Waiting deliveries grouped by person and channel, in the order they were queued."""
    known = {p.id: p for p in participants}
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for delivery in waiting:
        person = known.get(delivery.participant_id) if delivery.participant_id is not None else None
        who = (person.name or f"participant {person.id}") if person else delivery.address.chat
        key = (person.stakeholder if person else "", who, delivery.address.channel)
        grouped.setdefault(key, []).append(delivery.kind)
    return tuple(
        Stranded(stakeholder=code, participant=who, channel=channel, kinds=tuple(kinds), remedy=remedy_for(channel))
        for (code, who, channel), kinds in grouped.items()
    )


def by_group(rows: Sequence[DelegationRow]) -> list[GroupRow]:
    """Coverage per group, in order of first appearance (a delegation counts in each of its groups)."""
    tally: dict[str, list[DelegationRow]] = defaultdict(list)
    for row in rows:
        for group in row.groups or ("(no group)",):
            tally[group].append(row)
    return [
        GroupRow(
            group=group,
            total=len(members),
            submitted=sum(1 for m in members if m.state is DelegationState.SUBMITTED),
            in_progress=sum(1 for m in members if m.state is DelegationState.IN_PROGRESS),
            not_started=sum(1 for m in members if m.state is DelegationState.NOT_STARTED),
        )
        for group, members in sorted(tally.items())
    ]
