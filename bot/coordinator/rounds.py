"""Coordinator use cases: create, open, extend, close, remind, status, invite. Each is audited.

The functions work inside a unit of work the caller opened (the Engine for chat); `Coordination`
wraps each in its own unit of work for the command line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from bot.domain import audience
from bot.domain.errors import (
    BadInput,
    BadRoundFile,
    Conflict,
    EmptyRound,
    NoSubmission,
    NotAllowed,
    RoundNotOpen,
    UnknownRound,
)
from bot.domain.model import (
    Actor,
    AuditEntry,
    DelegationProgress,
    Position,
    Response,
    Revision,
    Role,
    Round,
    RoundMode,
    RoundStatus,
    Stakeholder,
    person,
)
from bot.outreach import joining, mailing, pushes
from bot.ports import Deps, UnitOfWork
from bot.records import exports, status

T = TypeVar("T")

#: The channel of what the system records by itself (silence at the deadline).
SYSTEM = "system"
#: No deadline may lie after this year (round files hold the same limit).
LAST_YEAR = 2100


def require(actor: Actor, *roles: Role) -> None:
    """Refuse unless the actor holds one of the roles."""
    if not actor.roles.intersection(roles):
        raise NotAllowed()


async def audit(uow: UnitOfWork, actor: Actor, action: str, target: str, at: datetime, detail: str = "") -> None:
    """Record a coordinator action."""
    await uow.audit.record(
        AuditEntry(actor=actor.name, action=action, target=target, channel=actor.channel, at=at, detail=detail)
    )


async def get_round(uow: UnitOfWork, slug: str) -> Round:
    """A round by slug, or UnknownRound."""
    round_ = await uow.rounds.get(slug)
    if round_ is None:
        raise UnknownRound(slug=slug)
    return round_


async def held(uow: UnitOfWork, slug: str) -> Round:
    """A round by slug, its row locked for this transaction as it was read (Conflict if it changed meanwhile).

    Every lifecycle change goes through it, so an `extend` and the scheduler's close at the deadline
    never both win: the second waits for the first, finds the round changed, and is tried again.
    """
    round_ = await get_round(uow, slug)
    if not await uow.rounds.hold(slug, status=round_.status, deadline=round_.deadline):
        raise Conflict()
    return round_


async def create(
    uow: UnitOfWork,
    actor: Actor,
    round_: Round,
    now: datetime,
    lines: Mapping[str, int] | None = None,
    *,
    action: str = "create",
) -> Round:
    """Store a new round (draft), refusing it with every problem found."""
    require(actor, Role.COORDINATOR)
    lines = lines or {}
    problems: list[tuple[int, str]] = []
    if await uow.rounds.get(round_.slug) is not None:
        problems.append((lines.get("slug", 0), f"a round with slug “{round_.slug}” exists already"))
    stakeholders = await uow.registry.stakeholders()
    for index, entry in enumerate(round_.audience):
        if entry in audience.unknown_entries([entry], stakeholders):
            problems.append(
                (
                    lines.get(f"audience.{index}", lines.get("audience", 0)),
                    f"audience: “{entry}” is neither a group nor a stakeholder",
                )
            )
    if round_.deadline <= now:
        problems.append((lines.get("deadline", 0), "deadline: already past"))
    problems += [(lines.get("facilitators", 0), p) for p in _facilitator_problems(round_, stakeholders)]
    if problems:
        raise BadRoundFile(sorted(problems))
    await uow.rounds.add(round_)
    await uow.followup.set_facilitators(round_.slug, dict(round_.facilitators))
    await audit(uow, actor, action, round_.slug, now)
    return round_


def _facilitator_problems(round_: Round, stakeholders: Sequence[Stakeholder]) -> list[str]:
    """What is wrong with a round's facilitators: a section the round lacks, an unknown code."""
    sections = {r.section for r in round_.recommendations}
    codes = {s.code for s in stakeholders}
    problems = []
    for section, who in round_.facilitators:
        if section not in sections:
            problems.append(f"facilitators: “{section}” is not a section of this round")
        if "@" not in who and who not in codes:
            problems.append(f"facilitators: “{who}” is neither a stakeholder code nor an e-mail")
    return problems


@dataclass(frozen=True, slots=True, kw_only=True)
class Opened:
    """What `open` did: invitations queued, or nothing because the round was open already."""

    round: Round
    invited: int = 0
    already: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Closed:
    """What `close` did: closed now, or nothing because the round was closed already."""

    round: Round
    already: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Moved:
    """What a deadline move did: the round as it is now, how many notices were queued."""

    round: Round
    previous: datetime
    notified: int = 0
    unchanged: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Reminded:
    """What `remind` did, delegation by delegation."""

    queued: int
    reminded: tuple[str, ...]
    submitted: tuple[str, ...]
    unreachable: tuple[str, ...]
    already: int = 0


async def open_round(uow: UnitOfWork, actor: Actor | None, slug: str, now: datetime) -> int:
    """Open a round; the number of invitations queued (0 when it was open already)."""
    return (await open_(uow, actor, slug, now)).invited


async def open_(uow: UnitOfWork, actor: Actor | None, slug: str, now: datetime) -> Opened:
    """Open a draft and invite the participants of delegations that have not submitted.

    An open round stays as it is (nothing queued, nothing audited); a closed one is re-opened
    only by `reopen`, with a new deadline.
    """
    if actor is not None:
        require(actor, Role.COORDINATOR)
    round_ = await held(uow, slug)
    if round_.status is RoundStatus.OPEN:
        return Opened(round=round_, already=True)
    if round_.status is RoundStatus.CLOSED:
        raise BadInput(
            "closed", key="error.bad_input", reason=f"Round {slug} is closed: re-open it with "
            f"`consultbot round reopen {slug} --until DATETIME`."
        )  # fmt: skip
    if round_.deadline <= now:
        raise BadInput(
            "past", key="error.bad_input",
            reason=f"Round {slug}'s deadline has passed: move it first with `consultbot round extend {slug} DATETIME`.",
        )  # fmt: skip
    await uow.rounds.set_status(slug, RoundStatus.OPEN)
    # Reminders count from the moment the round really opens: an offset due before it (even when
    # the file's `opens` is in the past) is not sent, since the invitation carries the deadline.
    await uow.rounds.set_opens(slug, now)
    opened = replace(round_, status=RoundStatus.OPEN, opens=now)
    invited = await pushes.invitations(uow, opened, now)
    if actor is not None:
        await audit(uow, actor, "open", slug, now, f"{invited} invitations")
    return Opened(round=opened, invited=invited)


async def close_round(uow: UnitOfWork, actor: Actor | None, slug: str, now: datetime) -> None:
    """Close a round: answers are frozen from now on (`actor` None: the scheduler, at the deadline)."""
    await close_(uow, actor, slug, now)


async def invite_contacts(uow: UnitOfWork, deps: Deps, actor: Actor | None, slug: str, now: datetime) -> int:
    """Queue an invitation e-mail to every contact of an open round's audience who has not joined a chat.

    The step `round open` (and the planner's opening) adds after open_; `invite --round SLUG --all`
    runs it alone. Each contact gets one per round, however often it runs; returns how many are new
    (none when no mail channel is configured).
    """
    if actor is not None:
        require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    if round_.status is not RoundStatus.OPEN:
        raise RoundNotOpen(title=round_.title, status=round_.status.value)
    if not deps.mail:
        return 0
    queued = await mailing.invitations(uow, deps, round_, now)
    if actor is not None and queued:
        await audit(uow, actor, "invite-contacts", slug, now, f"{queued} invitation e-mails")
    return queued


async def close_(uow: UnitOfWork, actor: Actor | None, slug: str, now: datetime) -> Closed:
    """Close an open round, keeping its deadline; a closed round stays as it is."""
    if actor is not None:
        require(actor, Role.COORDINATOR)
    round_ = await held(uow, slug)
    if round_.status is RoundStatus.CLOSED:
        return Closed(round=round_, already=True)
    if round_.status is RoundStatus.DRAFT:
        raise BadInput(
            "draft", key="error.bad_input",
            reason=f"Round {slug} is a draft, never opened: delete it with `consultbot round delete {slug}`.",
        )  # fmt: skip
    if actor is None and now < round_.deadline:
        raise Conflict()  # the scheduler read a deadline that has moved since (an extend committed first)
    by_hand = actor is not None and now < round_.deadline
    at = now if by_hand else min(now, round_.deadline)
    reason, by = ("hand", actor.name) if by_hand and actor is not None else ("deadline", "")
    await uow.rounds.set_status(slug, RoundStatus.CLOSED)
    await uow.rounds.set_closed(slug, at=at, reason=reason, by=by)
    # Nothing more is sent about a closed round: reminders and deadline notices not yet sent go.
    for kind in (pushes.REMINDER, pushes.DEADLINE):
        await uow.outbox.cancel_pending(slug, kind)
    if round_.mode is RoundMode.SILENCE:
        # Read after set_status: on PostgreSQL its row lock makes a concurrent closer wait for this
        # transaction, so it then sees these records and adds none of its own.
        await record_silence(uow, round_, now)
    if actor is not None:
        await audit(uow, actor, "close", slug, now, reason)
    return Closed(round=replace(round_, status=RoundStatus.CLOSED, closed_at=at, closed_reason=reason, closed_by=by))


async def record_silence(uow: UnitOfWork, round_: Round, now: datetime) -> int:
    """Silence procedure: "no objection" on every recommendation a delegation left unanswered.

    Recorded by the system (channel "system", no participant), apart from active support; answers
    already given are kept, so recording twice adds nothing. Returns how many were recorded.
    """
    answered = {p.stakeholder: p.answered for p in await uow.responses.progress(round_.slug)}
    total = len(round_.recommendations)
    recorded = 0
    for holder in audience.members(round_, await uow.registry.stakeholders()):
        count = answered.get(holder.code, 0)
        if count >= total:
            continue
        given = await uow.responses.answered(round_.slug, holder.code) if count else set()
        for item in round_.recommendations:
            if item.ref in given:
                continue
            silent = Response(
                round=round_.slug,
                stakeholder=holder.code,
                ref=item.ref,
                position=Position.NO_OBJECTION,
                channel=SYSTEM,
                updated_at=now,
            )
            # Never over an answer a delegate committed since the read above (they were acknowledged).
            recorded += await uow.responses.save_default(silent, revision_of(silent))
    return recorded


def revision_of(response: Response) -> Revision:
    """The revision that records a response as it is now."""
    return Revision(
        round=response.round,
        stakeholder=response.stakeholder,
        ref=response.ref,
        position=response.position,
        amendment=response.amendment,
        comment=response.comment,
        participant_id=response.participant_id,
        channel=response.channel,
        at=response.updated_at,
        language=response.language,
    )


async def extend(
    uow: UnitOfWork,
    actor: Actor,
    slug: str,
    deadline: datetime,
    now: datetime,
    *,
    earlier: bool = False,
    reason: str = "",
    mail: bool = True,
    deps: Deps | None = None,
) -> Round:
    """Move the deadline of a draft or open round (see `move_deadline`); the round as it is now."""
    moved = await move_deadline(uow, actor, slug, deadline, now, earlier=earlier, reason=reason, mail=mail, deps=deps)
    return moved.round


async def move_deadline(
    uow: UnitOfWork,
    actor: Actor,
    slug: str,
    deadline: datetime,
    now: datetime,
    *,
    earlier: bool = False,
    reason: str = "",
    mail: bool = True,
    deps: Deps | None = None,
) -> Moved:
    """Move a deadline later; earlier only with `earlier` and a reason. Never re-opens a closed round.

    Every participant of the audience is told once (a dedupe key per deadline), contacts not in a
    chat by e-mail (unless `mail` is False: no mail channel); reminders not yet sent for the old
    deadline are dropped, and the planner plans those of the new one. Invitations not yet sent are
    written again with the new deadline: in chats always, by e-mail when `deps` is given (the
    service's callers give it; `deps.mail` then says whether there is a mail channel).
    """
    require(actor, Role.COORDINATOR)
    round_ = await held(uow, slug)
    if round_.status is RoundStatus.CLOSED:
        raise BadInput(
            "closed", key="error.bad_input",
            reason=f"Round {slug} is closed; `consultbot round reopen {slug} --until DATETIME` re-opens it.",
        )  # fmt: skip
    if deadline <= now:
        raise BadInput("deadline in the past", key="error.bad_input", reason="The new deadline must be in the future.")
    if deadline.year > LAST_YEAR:  # as round files: an absurd date would only overflow later, in the planner
        raise BadInput(
            "deadline absurd", key="error.bad_input", reason=f"The new deadline must be before {LAST_YEAR + 1}."
        )
    if deadline == round_.deadline:
        return Moved(round=round_, previous=round_.deadline, unchanged=True)
    if deadline < round_.deadline:
        if not earlier:
            raise BadInput(
                "earlier", key="error.bad_input",
                reason=f"{deadline.isoformat()} is earlier than the deadline ({round_.deadline.isoformat()}); "
                "to shorten a round, add --earlier --reason TEXT.",
            )  # fmt: skip
        if not reason.strip():
            raise BadInput("no reason", key="error.bad_input", reason="Moving a deadline earlier needs --reason TEXT.")
    return await _set_deadline(
        uow, actor, round_, deadline, now, action="extend", reason=reason.strip(), mail=mail, deps=deps
    )


async def reopen(
    uow: UnitOfWork,
    actor: Actor,
    slug: str,
    until: datetime,
    now: datetime,
    *,
    mail: bool = True,
    deps: Deps | None = None,
) -> Moved:
    """Re-open a closed round until a new deadline (told to every participant of the audience, contacts
    not in a chat by e-mail unless `mail` is False)."""
    require(actor, Role.COORDINATOR)
    round_ = await held(uow, slug)
    if round_.status is RoundStatus.DRAFT:
        raise BadInput(
            "draft", key="error.bad_input",
            reason=f"Round {slug} is a draft, never opened: open it with `consultbot round open {slug}`.",
        )  # fmt: skip
    if round_.status is RoundStatus.OPEN:
        raise BadInput(
            "open", key="error.bad_input",
            reason=f"Round {slug} is open already; move its deadline with `consultbot round extend {slug} DATETIME`.",
        )  # fmt: skip
    if until <= now:
        raise BadInput("deadline in the past", key="error.bad_input", reason="The new deadline must be in the future.")
    if until.year > LAST_YEAR:
        raise BadInput(
            "deadline absurd", key="error.bad_input", reason=f"The new deadline must be before {LAST_YEAR + 1}."
        )
    await uow.rounds.set_status(slug, RoundStatus.OPEN)
    await uow.rounds.set_closed(slug, at=None)
    if round_.mode is RoundMode.SILENCE:
        # The silence is broken: what the system recorded at the close is no answer any more.
        await uow.responses.remove_system_defaults(slug, Position.NO_OBJECTION.value, SYSTEM)
    reopened = replace(round_, status=RoundStatus.OPEN, closed_at=None, closed_reason="", closed_by="")
    return await _set_deadline(uow, actor, reopened, until, now, action="reopen", reason="", mail=mail, deps=deps)


async def _set_deadline(
    uow: UnitOfWork,
    actor: Actor,
    round_: Round,
    deadline: datetime,
    now: datetime,
    *,
    action: str,
    reason: str,
    mail: bool,
    deps: Deps | None,
) -> Moved:
    await uow.rounds.set_deadline(round_.slug, deadline, moved_at=now)
    moved = replace(round_, deadline=deadline, deadline_moved_at=now)
    # What has not left yet would show the old deadline: reminders and notices go (the planner and
    # the notices below carry the new one), invitations are written again with it.
    for kind in (pushes.REMINDER, pushes.DEADLINE):
        await uow.outbox.cancel_pending(round_.slug, kind)
    notified = 0
    if moved.status is RoundStatus.OPEN:
        mail = deps.mail if deps is not None else mail
        if await uow.outbox.cancel_pending(round_.slug, pushes.INVITATION):
            await pushes.invitations(uow, moved, now)
            if deps is not None and mail:  # e-mails with a new code each, since theirs never left
                await mailing.invitations(uow, deps, moved, now)
        notified = await pushes.deadline_notices(uow, moved, now, mail=mail)
    detail = f"{deadline.isoformat()} (was {round_.deadline.isoformat()})" + (f"; reason: {reason}" if reason else "")
    await audit(uow, actor, action, round_.slug, now, detail)
    return Moved(round=moved, previous=round_.deadline, notified=notified)


async def remind(uow: UnitOfWork, actor: Actor, slug: str, now: datetime, *, mail: bool = True) -> int:
    """Queue a reminder now to every delegation that has not submitted; how many were queued."""
    return (await remind_(uow, actor, slug, now, mail=mail)).queued


async def remind_(uow: UnitOfWork, actor: Actor, slug: str, now: datetime, *, mail: bool = True) -> Reminded:
    """Queue a reminder now to every delegation that has not submitted, and say who was not reached."""
    require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    if not round_.accepts_answers(now):
        raise RoundNotOpen(title=round_.title, status=round_.status.value)
    members = [s.code for s in audience.members(round_, await uow.registry.stakeholders())]
    done = {p.stakeholder for p in await uow.responses.progress(slug) if p.submitted_at}
    waiting = [code for code in members if code not in done]
    reachable = {holder.code for holder, _, _ in await pushes.recipients(uow, round_, skip_submitted=True)}
    label = f"manual-{now:%Y%m%dT%H%M}"
    queued = await pushes.reminders(uow, round_, now, label=label, mail=mail)
    planned = sum(1 for _ in await pushes.recipients(uow, round_, skip_submitted=True))
    await audit(uow, actor, "remind", slug, now, f"{queued} reminders")
    return Reminded(
        queued=queued,
        reminded=tuple(code for code in waiting if code in reachable),
        submitted=tuple(code for code in members if code in done),
        unreachable=tuple(code for code in waiting if code not in reachable),
        already=planned - queued,
    )


async def edit(
    uow: UnitOfWork, actor: Actor, round_: Round, now: datetime, lines: Mapping[str, int] | None = None
) -> Round:
    """Replace a draft with a corrected version of its file (refused once the round has opened)."""
    require(actor, Role.COORDINATOR)
    existing = await get_round(uow, round_.slug)
    if existing.status is not RoundStatus.DRAFT:
        raise BadInput(
            "not a draft", key="error.bad_input",
            reason=f"Round {round_.slug} is {existing.status.value}: only a draft can be edited.",
        )  # fmt: skip
    await uow.rounds.delete(round_.slug)
    await create(uow, actor, replace(round_, status=RoundStatus.DRAFT), now, lines, action="edit")
    return round_


async def delete(uow: UnitOfWork, actor: Actor, slug: str, now: datetime) -> Round:
    """Remove a draft (audited); refused once the round has opened."""
    require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    if round_.status is not RoundStatus.DRAFT:
        raise BadInput(
            "not a draft", key="error.bad_input",
            reason=f"Round {slug} is {round_.status.value}: only a draft can be deleted.",
        )  # fmt: skip
    await uow.rounds.delete(slug)
    await audit(uow, actor, "delete", slug, now, round_.title)
    return round_


async def report(
    uow: UnitOfWork, actor: Actor, slug: str, *, channels: Collection[str] | None = None
) -> status.RoundReport:
    """The status of every delegation in a round; with the configured `channels` known, the
    deliveries waiting for any other channel are delivery problems too."""
    require(actor, Role.COORDINATOR, Role.DIGEST)
    round_ = await get_round(uow, slug)
    stakeholders = await uow.registry.stakeholders()
    members = [s.code for s in audience.members(round_, stakeholders)]
    participants = await uow.registry.participants_of(members)
    identities = await uow.registry.identities_of([p.id for p in participants])
    waiting = await uow.outbox.stranded(slug, channels) if channels is not None else []
    return status.build(
        round_,
        stakeholders,
        await uow.responses.progress(slug),
        participants,
        identities,
        await uow.outbox.dead(slug),
        waiting,
    )


async def invite(
    uow: UnitOfWork, deps: Deps, actor: Actor, stakeholder: str, role: Role, **details: str
) -> joining.Issued:
    """Create a participant with a one-time code (audited without the code)."""
    require(actor, Role.COORDINATOR)
    issued = await joining.issue(uow, deps, stakeholder=stakeholder, role=role, **details)
    await audit(
        uow, actor, "invite", issued.participant.stakeholder, deps.clock(), f"{role.value} #{issued.participant.id}"
    )
    return issued


async def export(
    uow: UnitOfWork, actor: Actor, slug: str, now: datetime, fmt: str, options: exports.Options | None = None
) -> tuple[exports.Sheet, ...]:
    """The round's record (drafts where asked), revisions and receipts as sheets streamed from storage
    (audited). Refused, before anything is written, for a round nobody answered, and for a round with
    no submission unless drafts are asked for."""
    round_, progress = await check_export(uow, actor, slug, now, fmt, options)
    return await record_sheets(uow, round_, options, progress=progress)


async def check_export(
    uow: UnitOfWork, actor: Actor, slug: str, now: datetime, fmt: str, options: exports.Options | None = None
) -> tuple[Round, dict[str, DelegationProgress]]:
    """May this export be made? Refuses an empty round, or one with no submission unless drafts are
    asked for; audits it. The round and its progress, for the sheets."""
    require(actor, Role.COORDINATOR)
    options = options or exports.Options()
    round_ = await get_round(uow, slug)
    progress = {p.stakeholder: p for p in await uow.responses.progress(slug)}
    if not progress:
        raise EmptyRound(slug=slug)
    if not options.drafts and not any(p.receipt for p in progress.values()):
        raise NoSubmission(slug=slug, hint=" Add --drafts to export the drafts.")
    detail = fmt + (" drafts" if options.drafts else "") + (" submitted-only" if options.submitted_only else "")
    await audit(uow, actor, "export", slug, now, detail)
    return round_, progress


async def record_sheets(
    uow: UnitOfWork,
    round_: Round,
    options: exports.Options | None = None,
    *,
    progress: Mapping[str, DelegationProgress] | None = None,
) -> tuple[exports.Sheet, ...]:
    """A round's record as sheets streamed from storage (no check, no audit: the export and the digest
    e-mail's attachment both use it)."""
    slug = round_.slug
    if progress is None:
        progress = {p.stakeholder: p for p in await uow.responses.progress(slug)}
    roster = await uow.reports.roster()
    stakeholders = {s.code: s for s in roster.stakeholders}
    members = sorted(audience.members(round_, roster.stakeholders), key=lambda s: s.code)
    sources = exports.Sources(
        round=round_,
        members=members,
        stakeholders=stakeholders,
        progress=progress,
        people={p.id: person(p.name, p.role.value, p.id) for p in roster.participants},
        lines=uow.reports.response_lines(slug),
        revisions=uow.responses.stream_revisions(slug),
        submissions=await uow.responses.submissions(slug),
    )
    return exports.sheets(sources, options or exports.Options())


class Coordination:
    """The coordinator use cases, each in its own unit of work (for the command line)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def run(self, work: Callable[[UnitOfWork, datetime], Awaitable[T]]) -> T:
        """Run `work` in a fresh unit of work and commit it; once more if a concurrent writer got there first
        (the second try reads what that writer did, and says so if the command no longer applies)."""
        for attempt in (1, 2):
            try:
                async with self.deps.new_uow() as uow:
                    result = await work(uow, self.deps.clock())
                    await uow.commit()
                    return result
            except Conflict:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def read(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Run read-only `work` in a fresh read-only unit of work (it never blocks writers)."""
        async with (self.deps.new_read_uow or self.deps.new_uow)() as uow:
            return await work(uow)

    async def export(
        self,
        actor: Actor,
        slug: str,
        fmt: str,
        write: Callable[[UnitOfWork, tuple[exports.Sheet, ...]], Awaitable[T]],
        options: exports.Options | None = None,
    ) -> T:
        """Check and audit an export in a short write, then stream its sheets to `write` in a read-only
        unit of work: however slowly `write` goes (a pipe into a pager), no writer waits for it."""
        await self.run(lambda uow, now: check_export(uow, actor, slug, now, fmt, options))
        return await self.read(lambda uow: _stream(uow, slug, write, options))


async def _stream(
    uow: UnitOfWork,
    slug: str,
    write: Callable[[UnitOfWork, tuple[exports.Sheet, ...]], Awaitable[T]],
    options: exports.Options | None,
) -> T:
    return await write(uow, await record_sheets(uow, await get_round(uow, slug), options))
