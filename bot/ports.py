"""The Protocols the core needs from the outside world, and Deps, their bundle.

Storage implements the repositories and the unit of work; adapters implement Sender; tests
implement all of them in memory (tests/fakes.py). Repositories never commit: the use case that
opened the unit of work does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.domain.model import (
    Address,
    AuditEntry,
    BrowserSession,
    Conversation,
    DelegationProgress,
    Delivery,
    Identity,
    Invitation,
    NewParticipant,
    Participant,
    Question,
    Reply,
    Response,
    Revision,
    Round,
    RoundStatus,
    Stakeholder,
    Submission,
    TrackEntry,
)
from bot.records.digest_values import Activity, PositionCount, Roster, RoundDigest, Snapshot
from bot.records.exports import ResponseLine, Sheet


class Registry(Protocol):
    """Stakeholders, participants, their chat identities and invitations."""

    async def add_stakeholders(self, stakeholders: Sequence[Stakeholder]) -> None:
        """Insert or update stakeholders by code (groups replaced)."""

    async def stakeholder(self, code: str) -> Stakeholder | None: ...

    async def stakeholders(self) -> list[Stakeholder]:
        """Every stakeholder, ordered by code."""

    async def add_participant(self, participant: NewParticipant) -> Participant: ...

    async def participant(self, participant_id: int) -> Participant | None: ...

    async def update_participant(self, participant: Participant) -> None:
        """Store a changed name, language or time zone."""

    async def participants_of(self, stakeholders: Sequence[str]) -> list[Participant]:
        """Participants speaking for any of these stakeholders, ordered by id."""

    async def contacts(self, stakeholder: str | None = None) -> list[Participant]:
        """Participants with an e-mail address (of one stakeholder, or all), by stakeholder then address."""

    async def identity(self, channel: str, account: str) -> Identity | None: ...

    async def reader(self, channel: str, account: str) -> tuple[Identity, Participant | None] | None:
        """The identity of this account on this channel with its participant (None if there is none
        by that id), in one read: what every message starts with. None for an unknown account."""

    async def identities_of(self, participant_ids: Sequence[int]) -> list[Identity]:
        """Every identity of these participants (reachable or not), ordered by participant id."""

    async def bind_identity(self, identity: Identity) -> None:
        """Insert or replace the identity for (channel, account)."""

    async def mark_unreachable(self, channel: str, chat: str) -> None:
        """Flag every identity that writes to this chat as unreachable (blocked, deleted)."""

    async def add_invitation(self, invitation: Invitation) -> None: ...

    async def invitation(self, code_hash: str) -> Invitation | None: ...

    async def use_invitation(self, code_hash: str, at: datetime) -> bool:
        """Mark the invitation used if it is still unused; True only for the one caller that wins."""

    async def record_failed_join(self, channel: str, account: str, at: datetime) -> None: ...

    async def failed_joins_since(self, channel: str, account: str, since: datetime) -> int: ...


class Rounds(Protocol):
    """Rounds with their recommendations."""

    async def add(self, round_: Round) -> None: ...

    async def get(self, slug: str) -> Round | None: ...

    async def list(self) -> list[Round]:
        """Every round, newest deadline first."""

    async def set_status(self, slug: str, status: RoundStatus) -> None: ...

    async def set_deadline(self, slug: str, deadline: datetime, *, moved_at: datetime | None = None) -> None:
        """Move the deadline (`moved_at`: when the move was decided, for the reminders' plan)."""

    async def set_opens(self, slug: str, opens: datetime) -> None:
        """Record when the round opened (a round opened by hand before its `opens`, or without one)."""

    async def set_closed(self, slug: str, *, at: datetime | None, reason: str = "", by: str = "") -> None:
        """Record when, why and by whom the round closed (None: it is open again)."""

    async def delete(self, slug: str) -> None:
        """Remove a round and its recommendations (drafts only: the caller checks)."""

    async def hold(self, slug: str, *, status: RoundStatus, deadline: datetime) -> bool:
        """Lock the round's row for this transaction if it still has this status and deadline;
        False if a concurrent writer changed it since it was read (the caller raises Conflict)."""


class Responses(Protocol):
    """Responses (current positions), their revisions, and submissions."""

    async def get(self, round_slug: str, stakeholder: str, ref: str) -> Response | None: ...

    async def of_delegation(self, round_slug: str, stakeholder: str) -> list[Response]:
        """The delegation's current responses, in no particular order."""

    async def answered(self, round_slug: str, stakeholder: str) -> set[str]:
        """The references the delegation has a current response to (the responses themselves not read)."""

    async def save(self, response: Response, revision: Revision) -> None:
        """Insert or replace the current response and append its revision."""

    async def save_default(self, response: Response, revision: Revision) -> bool:
        """Insert a response only where none exists (never over an answer), with its revision; True if inserted."""

    async def revisions(self, round_slug: str, stakeholder: str | None = None) -> list[Revision]:
        """Revisions in the order they were made."""

    async def add_submission(self, submission: Submission) -> None:
        """Store the submission with its answers, and make them the record of the delegation's responses."""

    async def remove_system_defaults(self, round_slug: str, position: str, channel: str) -> int:
        """Remove the current responses the system recorded (`channel`) with `position`; how many.
        Their revisions stay, as history."""

    async def submission(self, round_slug: str, stakeholder: str) -> Submission | None:
        """The delegation's latest submission (the last stored, whatever the clocks said) with its answers."""

    async def count_submissions(self, round_slug: str, stakeholder: str) -> int: ...

    async def submissions(self, round_slug: str) -> list[Submission]:
        """Every submission of the round in the order stored (their answers left out)."""

    async def lock_delegation(self, round_slug: str, stakeholder: str) -> None:
        """Make other writers of this delegation's answers wait until this transaction ends (two
        submits at once then run one after the other instead of one failing)."""

    async def progress(self, round_slug: str) -> list[DelegationProgress]:
        """Per delegation that answered or submitted: answers counted and latest submission (SQL)."""

    def stream_revisions(self, round_slug: str) -> AsyncIterator[Revision]:
        """Every revision of the round in the order made, fetched in batches."""


class Conversations(Protocol):
    """Where each participant stands."""

    async def get(self, participant_id: int) -> Conversation | None: ...

    async def save(self, conversation: Conversation) -> None: ...


class Outbox(Protocol):
    """Deliveries: written with their cause, claimed and sent by the dispatcher."""

    async def add(self, delivery: Delivery) -> bool:
        """Insert unless the dedupe key exists; True if inserted."""

    async def add_many(self, deliveries: Sequence[Delivery]) -> list[str]:
        """Insert each delivery whose dedupe key does not exist yet (in a few statements, not one per
        row); the dedupe keys inserted, in the order given. A key repeated in `deliveries` is stored once."""

    async def claim_due(self, *, now: datetime, owner: str, lease_until: datetime, limit: int) -> list[Delivery]:
        """Claim pending rows due by `now`, and `sending` rows whose lease expired, for `owner`."""

    async def release(self, owner: str, *, others: bool = False) -> int:
        """Give back as pending the rows `owner` holds (its predecessor died holding them); how many.
        `others`: the rows every other owner holds as well (a new leader: the old one is gone)."""

    async def mark_sent(self, delivery_id: int, *, at: datetime, provider_id: str = "") -> None: ...

    async def oldest_due(self, now: datetime) -> dict[str, datetime]:
        """By channel, the due time of the oldest delivery due by `now` and not sent yet (for /metrics)."""

    async def retry(self, delivery_id: int, *, due_at: datetime, error: str, counted: bool = True) -> None:
        """Give the row back as pending, due again at `due_at`; not `counted`, its claim is no attempt."""

    async def mark_dead(self, delivery_id: int, *, error: str) -> None: ...

    async def dead(self, round_slug: str | None = None) -> list[Delivery]: ...

    async def stranded(self, round_slug: str, configured: Collection[str]) -> list[Delivery]:
        """The round's deliveries still waiting (pending or claimed) for a channel not in `configured`:
        they cannot go until that channel is configured again. Oldest first."""

    async def cancel_pending(self, round_slug: str, kind: str) -> int:
        """Remove the round's deliveries of this kind not yet sent (claimed rows stay); how many."""

    async def depth(self) -> dict[tuple[str, str], int]:
        """How many deliveries there are by (status, channel), for /metrics."""


class Inbound(Protocol):
    """Marks of processed platform events, so that a redelivery is a no-op."""

    async def take_turn(self, channel: str, chat: str) -> None:
        """Wait until no other transaction, in any replica, is handling this chat; hold it until commit."""

    async def claim(self, channel: str, event_id: str, at: datetime, *, replied: bool | None = None) -> bool:
        """Mark the event unless it is marked already; True if this call marked it. `replied=False`:
        its replies are not shown yet (`replied()` says when); None: not followed."""

    async def keep_replies(self, channel: str, event_id: str, replies: str) -> None:
        """Keep the replies (JSON) of an event whose replies are followed, to be shown again if need be."""

    async def unreplied(self, channel: str, event_id: str) -> str | None:
        """For an event handled but whose replies were never said to be shown: the replies kept (JSON;
        "" when none were kept). None: shown, or not followed."""

    async def replied(self, channel: str, event_id: str) -> None:
        """The event's replies are shown."""

    async def prune(self, before: datetime) -> int:
        """Forget marks older than `before` (platforms stop redelivering long before); returns how many."""


class AuditLog(Protocol):
    """Every coordinator action."""

    async def record(self, entry: AuditEntry) -> None: ...

    async def entries(self, limit: int = 100) -> list[AuditEntry]:
        """Newest first."""


class Reports(Protocol):
    """The read side (as cosmicpython's views): what the digest, the export and the status read in
    bulk, aggregated by the database (GROUP BY) or streamed; it never writes."""

    async def positions(self, round_slug: str) -> list[PositionCount]:
        """How many delegations hold each position as submitted, per recommendation (no zero rows); a
        delegation that never submitted counts only the "no objection" recorded by silence."""

    async def activity(self, round_slug: str, since: datetime | None, *, limit: int) -> Activity:
        """What changed after `since` (None: ever): counts, every submission, the `limit` newest changes."""

    async def roster(self) -> Roster:
        """Every stakeholder (by code, with groups), participant (by id) and identity, read in bulk."""

    def response_lines(self, round_slug: str) -> AsyncIterator[Sequence[ResponseLine]]:
        """Every current response of the round (draft and record) for the export, in batches of whole delegations: by
        stakeholder, then the round's recommendation order. Nothing if the round does not exist."""


class Snapshots(Protocol):
    """What each digest showed, so that the next one tells what changed since."""

    async def add(self, snapshot: Snapshot) -> bool:
        """Store the snapshot unless the round has one with its key; True if stored."""

    async def latest(self, round_slug: str, *, exclude_key: str = "") -> Snapshot | None:
        """The round's most recent snapshot (not the one with `exclude_key`), or None."""


class BrowserSessions(Protocol):
    """Browsers signed in by a one-time link, and the key that signs links and cookies."""

    async def add(self, session: BrowserSession) -> None: ...

    async def get(self, token_hash: str) -> BrowserSession | None: ...

    async def revoke(self, token_hash: str, at: datetime) -> bool:
        """End one session (sign-out); True if it was live."""

    async def revoke_of(self, participant_ids: Sequence[int], at: datetime) -> int:
        """End every live session of these participants; how many."""

    async def key(self, candidate: str) -> str:
        """The signing key: the stored one, or `candidate`, stored now if none is."""


class Followup(Protocol):
    """Facilitators per section, delegations' questions, and the follow-up track (bot.coordinator.followup)."""

    async def set_facilitators(self, round_slug: str, facilitators: Mapping[str, str]) -> None:
        """Replace the round's facilitators: section -> stakeholder code or participant e-mail."""

    async def facilitators(self, round_slug: str) -> dict[str, str]: ...

    async def add_question(self, question: Question) -> Question:
        """Store a new question; returned with its id."""

    async def question(self, question_id: int) -> Question | None: ...

    async def update_question(self, question: Question) -> None:
        """Store the answer and publication of a question (by id)."""

    async def questions(self, round_slug: str) -> list[Question]:
        """The round's questions in the order asked."""

    async def add_track(self, entry: TrackEntry) -> None:
        """Append a change of implementation status."""

    async def track(self, round_slug: str) -> list[TrackEntry]:
        """Every change of the round's track in the order made (the last per ref is current)."""


class UnitOfWork(Protocol):
    """One transaction: open it with `async with`, commit explicitly; leaving rolls back."""

    @property
    def registry(self) -> Registry: ...

    @property
    def rounds(self) -> Rounds: ...

    @property
    def responses(self) -> Responses: ...

    @property
    def conversations(self) -> Conversations: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def inbound(self) -> Inbound: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def reports(self) -> Reports: ...

    @property
    def snapshots(self) -> Snapshots: ...

    @property
    def sessions(self) -> BrowserSessions: ...

    @property
    def followup(self) -> Followup: ...

    async def commit(self) -> None:
        """Commit; raise bot.domain.errors.Conflict if a unique key was taken by a concurrent writer."""

    async def rollback(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class SentLog(Protocol):
    """A local note, written the moment a platform accepts a delivery, before the outbox records it.

    A process killed between the two would otherwise send the message again after its restart;
    with the note, the restarted process records it as sent instead (bot.delivery.dispatch.take_back).
    """

    def note(self, delivery_id: int, provider_id: str) -> None:
        """Remember that the platform accepted this delivery (must survive the process being killed)."""

    def done(self, delivery_id: int) -> None:
        """The outbox has recorded it: the note may go."""

    def read(self) -> dict[int, str]:
        """The notes left: delivery id -> provider id."""

    def clear(self) -> None: ...


class Sender(Protocol):
    """Sends one reply to one address; raises bot.domain.errors.Unreachable or TemporaryFailure."""

    async def send(self, address: Address, reply: Reply) -> str:
        """Send and return the provider's message id ("" if none)."""


Clock = Callable[[], datetime]


class Chart(Protocol):
    """Draws a round's digest as an image (adapters/chart.py: PNG, matplotlib).

    Titles, axis labels, the legend and the position names are in `language` (the reader's).
    """

    def __call__(self, digest: RoundDigest, language: str = "en") -> bytes: ...


class Workbook(Protocol):
    """Writes a round's export sheets as the bytes of an XLSX file (the digest e-mail attaches it)."""

    async def __call__(self, sheets: tuple[Sheet, ...]) -> bytes: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class JoinWay:
    """One way to join that an invitation e-mail offers, made from the reader's code.

    `kind` names its catalogue text (`mail.join.{kind}`); `make(code, stakeholder)` turns a code into the
    line or link (the Telegram deep link, the Slack command, the web channel's sign-in link); "" leaves
    it out.
    The composition root builds them from the settings: a new channel adds one.
    """

    kind: str
    make: Callable[[str, str], Awaitable[str]]
    #: True: `make` gives a URL to follow (a button in the e-mail); False: a line to type.
    link: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Deps:
    """What the core is given: a unit-of-work factory and a clock."""

    new_uow: Callable[[], UnitOfWork]
    clock: Clock
    #: A unit of work for reads only, which never takes the database's write lock (SQLite: BEGIN
    #: DEFERRED), so that a slow reader (an export piped into a pager) never blocks writers.
    new_read_uow: Callable[[], UnitOfWork] | None = None
    invitation_days: int = 14
    max_text: int = 4000
    #: Draws the digest's chart; None: digests go out as text only.
    chart: Chart | None = None
    #: How invitation e-mails tell contacts to join, in the order offered.
    join_ways: tuple[JoinWay, ...] = ()
    #: False when no mail channel is configured: contacts are then not sent invitation e-mails
    #: (they would wait in the outbox for a channel that is not there, then die).
    mail: bool = True
    #: Writes a round's export for the digest to carry; None: digests go out without it.
    workbook: Workbook | None = None
    #: The channels configured now; deliveries waiting for any other are delivery problems (round
    #: status, the digest). None: not known (nothing is reported as stranded).
    channels: frozenset[str] | None = None
