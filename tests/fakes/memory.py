"""Working in-memory fakes of the core's ports: repositories, unit of work, sender, clock.

A unit of work edits a private copy of the store's state; commit publishes it, rollback drops it,
so tests see exactly what a real transaction would have kept.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from bot.domain.errors import Conflict, SendError
from bot.domain.model import (
    MAIL,
    Address,
    AuditEntry,
    BrowserSession,
    Conversation,
    DelegationProgress,
    Delivery,
    DeliveryStatus,
    Identity,
    Invitation,
    NewParticipant,
    Participant,
    Position,
    Question,
    Reply,
    Response,
    Revision,
    Round,
    RoundStatus,
    Stakeholder,
    Submission,
    SubmittedAnswer,
    TrackEntry,
)
from bot.records.digest_values import Activity, Change, ChangeKind, PositionCount, Roster, Snapshot
from bot.records.exports import ResponseLine


@dataclass
class State:
    """Everything the fake database holds."""

    stakeholders: dict[str, Stakeholder] = field(default_factory=dict)
    participants: dict[int, Participant] = field(default_factory=dict)
    identities: dict[tuple[str, str], Identity] = field(default_factory=dict)
    invitations: dict[str, Invitation] = field(default_factory=dict)
    failed_joins: list[tuple[str, str, datetime]] = field(default_factory=list)
    rounds: dict[str, Round] = field(default_factory=dict)
    responses: dict[tuple[str, str, str], Response] = field(default_factory=dict)
    revisions: list[Revision] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    #: The latest submission's answer on each response (storage's responses.submitted_*).
    records: dict[tuple[str, str, str], SubmittedAnswer] = field(default_factory=dict)
    conversations: dict[int, Conversation] = field(default_factory=dict)
    deliveries: dict[int, Delivery] = field(default_factory=dict)
    leases: dict[int, datetime] = field(default_factory=dict)
    claimants: dict[int, str] = field(default_factory=dict)
    inbound: set[tuple[str, str]] = field(default_factory=set)
    inbound_at: dict[tuple[str, str], datetime] = field(default_factory=dict)
    unreplied: dict[tuple[str, str], str] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    sessions: dict[str, BrowserSession] = field(default_factory=dict)
    signing_key: str = ""
    facilitators: dict[str, dict[str, str]] = field(default_factory=dict)
    questions: dict[int, Question] = field(default_factory=dict)
    track: list[TrackEntry] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


class MemoryStore:
    """The committed state, shared by every unit of work made from it."""

    def __init__(self) -> None:
        self.state = State()
        self.commits = 0

    def uow(self) -> FakeUnitOfWork:
        """A new unit of work on this store."""
        return FakeUnitOfWork(self)


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def s(self) -> State:
        return self._uow.state


class FakeRegistry(_Repo):
    async def add_stakeholders(self, stakeholders: Sequence[Stakeholder]) -> None:
        for holder in stakeholders:
            self.s.stakeholders[holder.code] = holder

    async def stakeholder(self, code: str) -> Stakeholder | None:
        return self.s.stakeholders.get(code)

    async def stakeholders(self) -> list[Stakeholder]:
        return sorted(self.s.stakeholders.values(), key=lambda h: h.code)

    async def add_participant(self, participant: NewParticipant) -> Participant:
        made = Participant(
            id=next(self.s.ids), stakeholder=participant.stakeholder, role=participant.role, name=participant.name,
            language=participant.language, timezone=participant.timezone, email=participant.email,
            channel=participant.channel,
        )  # fmt: skip
        self.s.participants[made.id] = made
        return made

    async def participant(self, participant_id: int) -> Participant | None:
        return self.s.participants.get(participant_id)

    async def update_participant(self, participant: Participant) -> None:
        self.s.participants[participant.id] = participant

    async def participants_of(self, stakeholders: Sequence[str]) -> list[Participant]:
        wanted = set(stakeholders)
        return [p for _, p in sorted(self.s.participants.items()) if p.stakeholder in wanted]

    async def contacts(self, stakeholder: str | None = None) -> list[Participant]:
        found = [p for p in self.s.participants.values() if p.email and stakeholder in (None, p.stakeholder)]
        return sorted(found, key=lambda p: (p.stakeholder, p.email))

    async def identity(self, channel: str, account: str) -> Identity | None:
        return self.s.identities.get((channel, account))

    async def reader(self, channel: str, account: str) -> tuple[Identity, Participant | None] | None:
        found = self.s.identities.get((channel, account))
        return None if found is None else (found, self.s.participants.get(found.participant_id))

    async def identities_of(self, participant_ids: Sequence[int]) -> list[Identity]:
        wanted = set(participant_ids)
        found = [i for i in self.s.identities.values() if i.participant_id in wanted]
        return sorted(found, key=lambda i: (i.participant_id, i.channel, i.account))

    async def bind_identity(self, identity: Identity) -> None:
        self.s.identities[(identity.channel, identity.account)] = identity

    async def mark_unreachable(self, channel: str, chat: str) -> None:
        for key, identity in self.s.identities.items():
            if identity.channel == channel and identity.chat == chat:
                self.s.identities[key] = replace(identity, reachable=False)
        if channel == MAIL:
            for pid, person in self.s.participants.items():
                if person.email == chat:
                    self.s.participants[pid] = replace(person, email_reachable=False)

    async def add_invitation(self, invitation: Invitation) -> None:
        self.s.invitations[invitation.code_hash] = invitation

    async def invitation(self, code_hash: str) -> Invitation | None:
        return self.s.invitations.get(code_hash)

    async def use_invitation(self, code_hash: str, at: datetime) -> bool:
        found = self.s.invitations.get(code_hash)
        if found is None or found.used_at is not None:
            return False
        self.s.invitations[code_hash] = replace(found, used_at=at)
        return True

    async def record_failed_join(self, channel: str, account: str, at: datetime) -> None:
        self.s.failed_joins.append((channel, account, at))

    async def failed_joins_since(self, channel: str, account: str, since: datetime) -> int:
        return sum(1 for c, a, at in self.s.failed_joins if (c, a) == (channel, account) and at >= since)


class FakeRounds(_Repo):
    async def add(self, round_: Round) -> None:
        if round_.slug in self.s.rounds:
            raise Conflict()
        self.s.rounds[round_.slug] = round_

    async def get(self, slug: str) -> Round | None:
        return self.s.rounds.get(slug)

    async def list(self) -> list[Round]:
        return sorted(self.s.rounds.values(), key=lambda r: r.deadline, reverse=True)

    async def set_status(self, slug: str, status: RoundStatus) -> None:
        self.s.rounds[slug] = replace(self.s.rounds[slug], status=status)

    async def set_deadline(self, slug: str, deadline: datetime, *, moved_at: datetime | None = None) -> None:
        moved = moved_at or self.s.rounds[slug].deadline_moved_at
        self.s.rounds[slug] = replace(self.s.rounds[slug], deadline=deadline, deadline_moved_at=moved)

    async def set_closed(self, slug: str, *, at: datetime | None, reason: str = "", by: str = "") -> None:
        self.s.rounds[slug] = replace(self.s.rounds[slug], closed_at=at, closed_reason=reason, closed_by=by)

    async def delete(self, slug: str) -> None:
        self.s.rounds.pop(slug, None)

    async def hold(self, slug: str, *, status: RoundStatus, deadline: datetime) -> bool:
        # As the database would see it: what others committed, else this transaction's own new round.
        current = self._uow.store.state.rounds.get(slug) or self.s.rounds.get(slug)
        return current is not None and (current.status, current.deadline) == (status, deadline)

    async def set_opens(self, slug: str, opens: datetime) -> None:
        self.s.rounds[slug] = replace(self.s.rounds[slug], opens=opens)


class FakeResponses(_Repo):
    async def get(self, round_slug: str, stakeholder: str, ref: str) -> Response | None:
        return self.s.responses.get((round_slug, stakeholder, ref))

    async def of_delegation(self, round_slug: str, stakeholder: str) -> list[Response]:
        return [r for (rnd, who, _), r in self.s.responses.items() if (rnd, who) == (round_slug, stakeholder)]

    async def answered(self, round_slug: str, stakeholder: str) -> set[str]:
        return {ref for (rnd, who, ref) in self.s.responses if (rnd, who) == (round_slug, stakeholder)}

    async def save(self, response: Response, revision: Revision) -> None:
        self.s.responses[(response.round, response.stakeholder, response.ref)] = response
        self.s.revisions.append(revision)

    async def save_default(self, response: Response, revision: Revision) -> bool:
        key = (response.round, response.stakeholder, response.ref)
        if key in self.s.responses or key in self._uow.store.state.responses:
            return False
        await self.save(response, revision)
        return True

    async def revisions(self, round_slug: str, stakeholder: str | None = None) -> list[Revision]:
        return [
            r
            for r in self.s.revisions
            if r.round == round_slug and (stakeholder is None or r.stakeholder == stakeholder)
        ]

    async def remove_system_defaults(self, round_slug: str, position: str, channel: str) -> int:
        gone = [
            key
            for key, r in self.s.responses.items()
            if r.round == round_slug and r.position.value == position and r.channel == channel
        ]
        for key in gone:
            del self.s.responses[key]
        return len(gone)

    async def add_submission(self, submission: Submission) -> None:
        if any(s.receipt == submission.receipt for s in self.s.submissions):
            raise Conflict()
        self.s.submissions.append(replace(submission, sequence=len(self.s.submissions) + 1))
        for answer in submission.answers:
            key = (submission.round, submission.stakeholder, answer.ref)
            if key in self.s.responses:
                self.s.records[key] = answer

    async def submission(self, round_slug: str, stakeholder: str) -> Submission | None:
        mine = [s for s in self.s.submissions if (s.round, s.stakeholder) == (round_slug, stakeholder)]
        return mine[-1] if mine else None

    async def submissions(self, round_slug: str) -> list[Submission]:
        return [replace(s, answers=()) for s in self.s.submissions if s.round == round_slug]

    async def lock_delegation(self, round_slug: str, stakeholder: str) -> None:
        return None

    async def count_submissions(self, round_slug: str, stakeholder: str) -> int:
        return sum(1 for s in self.s.submissions if (s.round, s.stakeholder) == (round_slug, stakeholder))

    async def progress(self, round_slug: str) -> list[DelegationProgress]:
        answered: dict[str, int] = {}
        changed: dict[str, bool] = {}
        for key, response in self.s.responses.items():
            rnd, who, _ = key
            if rnd == round_slug:
                answered[who] = answered.get(who, 0) + 1
                record = self.s.records.get(key)
                changed[who] = changed.get(who, False) or (record is not None and not record.same_as(response))
        latest: dict[str, Submission] = {}
        for sub in self.s.submissions:
            if sub.round == round_slug:
                latest[sub.stakeholder] = sub
        codes = sorted(set(answered) | set(latest))
        return [
            DelegationProgress(
                stakeholder=c,
                answered=answered.get(c, 0),
                submitted_at=latest[c].at if c in latest else None,
                receipt=latest[c].receipt if c in latest else "",
                submitted_by=latest[c].submitted_by if c in latest else "",
                changed=changed.get(c, False),
            )
            for c in codes
        ]

    async def stream_revisions(self, round_slug: str) -> AsyncIterator[Revision]:
        for revision in self.s.revisions:
            if revision.round == round_slug:
                yield revision


class FakeConversations(_Repo):
    async def get(self, participant_id: int) -> Conversation | None:
        return self.s.conversations.get(participant_id)

    async def save(self, conversation: Conversation) -> None:
        self.s.conversations[conversation.participant_id] = conversation


class FakeOutbox(_Repo):
    async def add(self, delivery: Delivery) -> bool:
        if any(d.dedupe_key == delivery.dedupe_key for d in self.s.deliveries.values()):
            return False
        made = replace(delivery, id=next(self.s.ids))
        assert made.id is not None
        self.s.deliveries[made.id] = made
        return True

    async def add_many(self, deliveries: Sequence[Delivery]) -> list[str]:
        return [delivery.dedupe_key for delivery in deliveries if await self.add(delivery)]

    async def claim_due(self, *, now: datetime, owner: str, lease_until: datetime, limit: int) -> list[Delivery]:
        claimed: list[Delivery] = []
        for key, d in sorted(self.s.deliveries.items(), key=lambda kv: (kv[1].due_at, kv[0])):
            expired = d.status is DeliveryStatus.SENDING and self.s.leases.get(key, now) < now
            if (d.status is DeliveryStatus.PENDING and d.due_at <= now) or expired:
                updated = replace(d, status=DeliveryStatus.SENDING, attempts=d.attempts + 1)
                self.s.deliveries[key] = updated
                self.s.leases[key] = lease_until
                self.s.claimants[key] = owner
                claimed.append(updated)
            if len(claimed) >= limit:
                break
        return claimed

    async def release(self, owner: str, *, others: bool = False) -> int:
        held = [
            key
            for key, d in self.s.deliveries.items()
            if d.status is DeliveryStatus.SENDING and (others or self.s.claimants.get(key) == owner)
        ]
        for key in held:
            self.s.deliveries[key] = replace(self.s.deliveries[key], status=DeliveryStatus.PENDING)
            self.s.claimants.pop(key, None)
        return len(held)

    async def mark_sent(self, delivery_id: int, *, at: datetime, provider_id: str = "") -> None:
        self.s.deliveries[delivery_id] = replace(self.s.deliveries[delivery_id], status=DeliveryStatus.SENT)

    async def retry(self, delivery_id: int, *, due_at: datetime, error: str, counted: bool = True) -> None:
        d = self.s.deliveries[delivery_id]
        attempts = d.attempts if counted else max(d.attempts - 1, 0)
        self.s.deliveries[delivery_id] = replace(
            d, status=DeliveryStatus.PENDING, due_at=due_at, last_error=error, attempts=attempts
        )

    async def mark_dead(self, delivery_id: int, *, error: str) -> None:
        d = self.s.deliveries[delivery_id]
        self.s.deliveries[delivery_id] = replace(d, status=DeliveryStatus.DEAD, last_error=error)

    async def dead(self, round_slug: str | None = None) -> list[Delivery]:
        return [
            d
            for d in self.s.deliveries.values()
            if d.status is DeliveryStatus.DEAD and (round_slug is None or d.round == round_slug)
        ]

    async def stranded(self, round_slug: str, configured: Collection[str]) -> list[Delivery]:
        waiting = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
        return sorted(
            (
                d
                for d in self.s.deliveries.values()
                if d.status in waiting and d.round == round_slug and d.address.channel not in configured
            ),
            key=lambda d: d.id or 0,
        )

    async def cancel_pending(self, round_slug: str, kind: str) -> int:
        gone = [
            key
            for key, d in self.s.deliveries.items()
            if d.round == round_slug and d.kind == kind and d.status is DeliveryStatus.PENDING
        ]
        for key in gone:
            del self.s.deliveries[key]
        return len(gone)

    async def oldest_due(self, now: datetime) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for d in self.s.deliveries.values():
            if d.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING) and d.due_at <= now:
                channel = d.address.channel
                found[channel] = min(found.get(channel, d.due_at), d.due_at)
        return found

    async def depth(self) -> dict[tuple[str, str], int]:
        found: dict[tuple[str, str], int] = {}
        for d in self.s.deliveries.values():
            key = (d.status.value, d.address.channel)
            found[key] = found.get(key, 0) + 1
        return found


class FakeInbound(_Repo):
    async def take_turn(self, channel: str, chat: str) -> None:
        """One store, one process: nothing to wait for."""

    async def claim(self, channel: str, event_id: str, at: datetime, *, replied: bool | None = None) -> bool:
        if (channel, event_id) in self.s.inbound:
            return False
        await self.mark(channel, event_id, at)
        if replied is False:
            self.s.unreplied[(channel, event_id)] = ""
        return True

    async def keep_replies(self, channel: str, event_id: str, replies: str) -> None:
        if (channel, event_id) in self.s.unreplied:
            self.s.unreplied[(channel, event_id)] = replies

    async def unreplied(self, channel: str, event_id: str) -> str | None:
        return self.s.unreplied.get((channel, event_id))

    async def replied(self, channel: str, event_id: str) -> None:
        self.s.unreplied.pop((channel, event_id), None)

    async def mark(self, channel: str, event_id: str, at: datetime) -> None:
        self.s.inbound.add((channel, event_id))
        self.s.inbound_at[(channel, event_id)] = at

    async def prune(self, before: datetime) -> int:
        old = {key for key, at in self.s.inbound_at.items() if at < before}
        self.s.inbound -= old
        for key in old:
            del self.s.inbound_at[key]
        return len(old)


class FakeAudit(_Repo):
    async def record(self, entry: AuditEntry) -> None:
        self.s.audit.append(entry)

    async def entries(self, limit: int = 100) -> list[AuditEntry]:
        return list(reversed(self.s.audit))[:limit]


class FakeReports(_Repo):
    """The digest's figures counted in Python, with the same rules as storage/reports.py."""

    async def positions(self, round_slug: str) -> list[PositionCount]:
        found: dict[tuple[str, str], int] = {}
        for key, response in self.s.responses.items():
            rnd, _, ref = key
            if rnd != round_slug:
                continue
            record = self.s.records.get(key)
            if record is not None:
                value = record.position.value
            elif response.position is Position.NO_OBJECTION:
                value = response.position.value
            else:
                continue
            found[(ref, value)] = found.get((ref, value), 0) + 1
        return [PositionCount(ref, Position(value), n) for (ref, value), n in sorted(found.items())]

    async def activity(self, round_slug: str, since: datetime | None, *, limit: int) -> Activity:
        before: dict[tuple[str, str], Revision] = {}
        after: dict[tuple[str, str], tuple[int, Revision]] = {}
        for index, rev in enumerate(self.s.revisions):
            if rev.round != round_slug:
                continue
            pair = (rev.stakeholder, rev.ref)
            if since is None or rev.at > since:
                after[pair] = (index, rev)
            else:
                before[pair] = rev
        answers = positions = comments = 0
        moved: list[tuple[datetime, int, int, Change]] = []
        for pair, (index, now) in after.items():
            old = before.get(pair)
            answers += old is None
            if old is not None and old.position is not now.position:
                positions += 1
                change = Change(
                    kind=ChangeKind.POSITION,
                    at=now.at,
                    stakeholder=now.stakeholder,
                    ref=now.ref,
                    before=old.position,
                    after=now.position,
                )
                moved.append((now.at, index, 0, change))
            if now.comment and (old is None or old.comment != now.comment):
                comments += 1
                change = Change(
                    kind=ChangeKind.COMMENT, at=now.at, stakeholder=now.stakeholder, ref=now.ref, comment=now.comment
                )
                moved.append((now.at, index, 1, change))
        moved.sort(key=lambda m: (-m[0].timestamp(), -m[1], m[2]))
        latest: dict[str, list[datetime]] = {}
        for sub in self.s.submissions:
            if sub.round == round_slug:
                latest.setdefault(sub.stakeholder, []).append(sub.at)
        submitted = [
            Change(
                kind=ChangeKind.SUBMISSION, at=max(times), stakeholder=who, first=since is None or min(times) > since
            )
            for who, times in latest.items()
            if since is None or max(times) > since
        ]
        submitted.sort(key=lambda c: (-c.at.timestamp(), c.stakeholder))
        return Activity(
            since=since,
            answers=answers,
            positions=positions,
            comments=comments,
            submissions=tuple(submitted),
            latest=tuple(m[3] for m in moved[:limit]),
        )

    async def roster(self) -> Roster:
        return Roster(
            stakeholders=tuple(await FakeRegistry(self._uow).stakeholders()),
            participants=tuple(p for _, p in sorted(self.s.participants.items())),
            identities=tuple(
                sorted(self.s.identities.values(), key=lambda i: (i.participant_id, i.channel, i.account))
            ),
        )

    async def response_lines(self, round_slug: str) -> AsyncIterator[list[ResponseLine]]:
        batch: list[ResponseLine] = []
        if round_slug not in self.s.rounds:
            return
        for r in self._current(round_slug):
            if batch and batch[-1][0] != r.stakeholder:  # whole delegations, one per batch
                yield batch
                batch = []
            iso = r.updated_at.astimezone(UTC).isoformat()
            record = self.s.records.get((r.round, r.stakeholder, r.ref))
            batch.append(
                (
                    r.stakeholder, r.ref, r.position.value, r.amendment, r.comment, iso, r.channel, r.participant_id,
                    record.position.value if record else None, record.amendment if record else None,
                    record.comment if record else None, r.language, record.language if record else None,
                )
            )  # fmt: skip
        if batch:
            yield batch

    def _current(self, round_slug: str) -> list[Response]:
        """The round's current responses by stakeholder, then recommendation order."""
        order = {r.ref: i for i, r in enumerate(self.s.rounds[round_slug].recommendations)}
        rows = [r for (rnd, _, _), r in self.s.responses.items() if rnd == round_slug]
        return sorted(rows, key=lambda r: (r.stakeholder, order.get(r.ref, 0)))


class FakeSnapshots(_Repo):
    async def add(self, snapshot: Snapshot) -> bool:
        if any((s.round, s.key) == (snapshot.round, snapshot.key) for s in self.s.snapshots):
            return False
        self.s.snapshots.append(snapshot)
        return True

    async def latest(self, round_slug: str, *, exclude_key: str = "") -> Snapshot | None:
        mine = [
            (s.taken_at, i, s) for i, s in enumerate(self.s.snapshots) if s.round == round_slug and s.key != exclude_key
        ]
        return max(mine, key=lambda m: (m[0], m[1]))[2] if mine else None


class FakeBrowserSessions(_Repo):
    async def add(self, session: BrowserSession) -> None:
        if session.token_hash in self.s.sessions:
            raise Conflict()
        self.s.sessions[session.token_hash] = session

    async def get(self, token_hash: str) -> BrowserSession | None:
        return self.s.sessions.get(token_hash)

    async def revoke(self, token_hash: str, at: datetime) -> bool:
        found = self.s.sessions.get(token_hash)
        if found is None or found.revoked_at is not None:
            return False
        self.s.sessions[token_hash] = replace(found, revoked_at=at)
        return True

    async def revoke_of(self, participant_ids: Sequence[int], at: datetime) -> int:
        ended = [s for s in self.s.sessions.values() if s.participant_id in participant_ids and s.live(at)]
        for found in ended:
            self.s.sessions[found.token_hash] = replace(found, revoked_at=at)
        return len(ended)

    async def key(self, candidate: str) -> str:
        self.s.signing_key = self.s.signing_key or candidate
        return self.s.signing_key


class FakeFollowup(_Repo):
    async def set_facilitators(self, round_slug: str, facilitators: Mapping[str, str]) -> None:
        self.s.facilitators[round_slug] = dict(facilitators)

    async def facilitators(self, round_slug: str) -> dict[str, str]:
        return dict(self.s.facilitators.get(round_slug, {}))

    async def add_question(self, question: Question) -> Question:
        stored = replace(question, id=next(self.s.ids))
        self.s.questions[stored.id] = stored
        return stored

    async def question(self, question_id: int) -> Question | None:
        return self.s.questions.get(question_id)

    async def update_question(self, question: Question) -> None:
        self.s.questions[question.id] = question

    async def questions(self, round_slug: str) -> list[Question]:
        return [q for q in self.s.questions.values() if q.round == round_slug]

    async def add_track(self, entry: TrackEntry) -> None:
        self.s.track.append(entry)

    async def track(self, round_slug: str) -> list[TrackEntry]:
        return [e for e in self.s.track if e.round == round_slug]


class FakeUnitOfWork:
    """A transaction on a MemoryStore."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.state = State()
        self.registry = FakeRegistry(self)
        self.rounds = FakeRounds(self)
        self.responses = FakeResponses(self)
        self.conversations = FakeConversations(self)
        self.outbox = FakeOutbox(self)
        self.inbound = FakeInbound(self)
        self.audit = FakeAudit(self)
        self.reports = FakeReports(self)
        self.snapshots = FakeSnapshots(self)
        self.sessions = FakeBrowserSessions(self)
        self.followup = FakeFollowup(self)

    async def __aenter__(self) -> Self:
        self.state = copy.deepcopy(self.store.state)
        self._base_inbound = set(self.store.state.inbound)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.state = State()

    async def commit(self) -> None:
        new_marks = self.state.inbound - self._base_inbound
        if new_marks & self.store.state.inbound:
            raise Conflict()
        self.store.state = self.state
        self.store.commits += 1
        self.state = copy.deepcopy(self.state)
        self._base_inbound = set(self.state.inbound)

    async def rollback(self) -> None:
        self.state = copy.deepcopy(self.store.state)


@dataclass
class FakeSender:
    """Records what it sends; can be told to fail for some chats."""

    sent: list[tuple[Address, Reply]] = field(default_factory=list)
    failures: dict[str, SendError] = field(default_factory=dict)

    async def send(self, address: Address, reply: Reply) -> str:
        if address.chat in self.failures:
            raise self.failures[address.chat]
        self.sent.append((address, reply))
        return str(len(self.sent))


class FixedClock:
    """A clock that moves only when told to."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2027, 3, 1, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move forward by a timedelta's keyword arguments."""
        self.now += timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        self.now = moment
