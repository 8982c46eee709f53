"""Coordinator use cases: create, open, extend, close, remind, status, invite. Each is audited.

The functions work inside a unit of work the caller opened (the Engine for chat); `Coordination`
wraps each in its own unit of work for the command line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TypeVar

from bot import audience, exports, joining, pushes, status
from bot.errors import BadInput, BadRoundFile, NotAllowed, RoundNotOpen, UnknownRound
from bot.model import Actor, AuditEntry, Position, Response, Revision, Role, Round, RoundMode, RoundStatus
from bot.ports import Deps, UnitOfWork

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


async def create(
    uow: UnitOfWork, actor: Actor, round_: Round, now: datetime, lines: Mapping[str, int] | None = None
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
    if problems:
        raise BadRoundFile(sorted(problems))
    await uow.rounds.add(round_)
    await audit(uow, actor, "create", round_.slug, now)
    return round_


async def open_round(uow: UnitOfWork, actor: Actor | None, slug: str, now: datetime) -> int:
    """Open a round and queue an invitation to every reachable participant of its audience."""
    if actor is not None:
        require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    if round_.status is RoundStatus.CLOSED:
        raise RoundNotOpen(title=round_.title, status=round_.status.value)
    await uow.rounds.set_status(slug, RoundStatus.OPEN)
    if round_.status is RoundStatus.DRAFT and (round_.opens is None or round_.opens > now):
        # Reminders count from the opening: an offset already past when the round opened is not sent.
        await uow.rounds.set_opens(slug, now)
    invited = await pushes.invitations(uow, round_, now)
    if actor is not None:
        await audit(uow, actor, "open", slug, now, f"{invited} invitations")
    return invited


async def close_round(uow: UnitOfWork, actor: Actor | None, slug: str, now: datetime) -> None:
    """Close a round: answers are frozen from now on."""
    if actor is not None:
        require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    await uow.rounds.set_status(slug, RoundStatus.CLOSED)
    if round_.deadline > now:
        await uow.rounds.set_deadline(slug, now)
    if round_.mode is RoundMode.SILENCE:
        # Read after set_status: on PostgreSQL its row lock makes a concurrent closer wait for this
        # transaction, so it then sees these records and adds none of its own.
        await record_silence(uow, round_, now)
    if actor is not None:
        await audit(uow, actor, "close", slug, now)


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
        given = {r.ref for r in await uow.responses.of_delegation(round_.slug, holder.code)} if count else set()
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
            await uow.responses.save(silent, revision_of(silent))
            recorded += 1
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
    )


async def extend(uow: UnitOfWork, actor: Actor, slug: str, deadline: datetime, now: datetime) -> Round:
    """Move the deadline (re-opening a round closed by its deadline)."""
    require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    if deadline <= now:
        raise BadInput("deadline in the past", key="error.bad_input", reason="The new deadline must be in the future.")
    if deadline.year > LAST_YEAR:  # as round files: an absurd date would only overflow later, in the planner
        raise BadInput(
            "deadline absurd", key="error.bad_input", reason=f"The new deadline must be before {LAST_YEAR + 1}."
        )
    await uow.rounds.set_deadline(slug, deadline)
    if round_.status is RoundStatus.CLOSED:
        await uow.rounds.set_status(slug, RoundStatus.OPEN)
    await audit(uow, actor, "extend", slug, now, deadline.isoformat())
    return await get_round(uow, slug)


async def remind(uow: UnitOfWork, actor: Actor, slug: str, now: datetime) -> int:
    """Queue a reminder now to every delegation that has not submitted."""
    require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    if not round_.accepts_answers(now):
        raise RoundNotOpen(title=round_.title, status=round_.status.value)
    count = await pushes.reminders(uow, round_, now, label=f"manual-{now:%Y%m%dT%H%M}")
    await audit(uow, actor, "remind", slug, now, f"{count} reminders")
    return count


async def report(uow: UnitOfWork, actor: Actor, slug: str) -> status.RoundReport:
    """The status of every delegation in a round."""
    require(actor, Role.COORDINATOR, Role.DIGEST)
    round_ = await get_round(uow, slug)
    stakeholders = await uow.registry.stakeholders()
    members = [s.code for s in audience.members(round_, stakeholders)]
    participants = await uow.registry.participants_of(members)
    identities = await uow.registry.identities_of([p.id for p in participants])
    return status.build(
        round_, stakeholders, await uow.responses.progress(slug), participants, identities, await uow.outbox.dead(slug)
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


async def export(uow: UnitOfWork, actor: Actor, slug: str, now: datetime, fmt: str) -> tuple[exports.Sheet, ...]:
    """The round's responses and revisions as sheets streamed from storage (audited)."""
    sheets = await export_sheets(uow, actor, slug)
    await audit(uow, actor, "export", slug, now, fmt)
    return sheets


async def export_sheets(uow: UnitOfWork, actor: Actor, slug: str) -> tuple[exports.Sheet, ...]:
    """The round's sheets, read only (the caller audits the export in a transaction of its own)."""
    require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    stakeholders = {s.code: s for s in await uow.registry.stakeholders()}
    return exports.sheets(uow, round_, stakeholders)


class Coordination:
    """The coordinator use cases, each in its own unit of work (for the command line)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def run(self, work: Callable[[UnitOfWork, datetime], Awaitable[T]]) -> T:
        """Run `work` in a fresh unit of work and commit it."""
        async with self.deps.new_uow() as uow:
            result = await work(uow, self.deps.clock())
            await uow.commit()
            return result

    async def read(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Run read-only `work` in a fresh read-only unit of work (it never blocks writers)."""
        async with (self.deps.new_read_uow or self.deps.new_uow)() as uow:
            return await work(uow)

    async def export(
        self, actor: Actor, slug: str, fmt: str, write: Callable[[UnitOfWork, tuple[exports.Sheet, ...]], Awaitable[T]]
    ) -> T:
        """Audit an export in a short write, then stream its sheets to `write` in a read-only unit of
        work: however slowly `write` goes (a pipe into a pager), no writer waits for it."""
        await self.run(lambda uow, now: export(uow, actor, slug, now, fmt))
        return await self.read(lambda uow: _stream(uow, actor, slug, write))


async def _stream(
    uow: UnitOfWork, actor: Actor, slug: str, write: Callable[[UnitOfWork, tuple[exports.Sheet, ...]], Awaitable[T]]
) -> T:
    return await write(uow, await export_sheets(uow, actor, slug))
