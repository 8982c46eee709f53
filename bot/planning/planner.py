"""The planner: what the passing of time changes, in idempotent passes that the scheduler repeats.

A round opens when its `opens` has come (invitations through the outbox) and closes at its deadline
(recording silence in a silence-procedure round); reminders fall due. Each change commits in its own
unit of work and re-reads the round first, so a pass may be repeated, run on several replicas at
once, or cut short by a restart: dedupe keys and status checks make every effect happen once.

Which reminder goes when:

- An offset is due at `deadline - offset`. Only the *live* offset is sent: the one due most
  recently. An earlier offset that a later one has overtaken is never sent, so a process that was
  down across several due moments sends one reminder, not a burst.
- An offset due before the round opened (`opens`, set to the moment it really opened) is not sent:
  the invitation carries the deadline. Likewise an offset due before the deadline last moved
  (`deadline_moved_at`): the notice of the new deadline carries it.
- Each recipient gets the live offset at the first moment of their working hours, in their own time
  zone and on the working days of their delegation's country (CLDR weekend), at or after its due
  moment, unless the deadline comes first: then at the due moment (bot.i18n.worktime); a reminder
  whose moment passed while nothing ran waits for the next working moment rather than going out
  at night. If the next offset falls due before that moment, that one
  is sent instead.
- The delivery is written when the recipient's moment has come, never ahead of it, so whether the
  delegation has submitted and how far it is are read then; its `due_at` is that moment, and the
  dispatcher sends it on its next tick.
- Dedupe key `remind:{round}:{offset}-{deadline}:{participant}:{channel}`: each is written once,
  whoever plans it. A moved deadline (extend) gets reminders of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.coordinator import rounds as coordination
from bot.domain.errors import Conflict, Unavailable
from bot.domain.model import Participant, Round, RoundStatus
from bot.i18n import worktime
from bot.outreach import pushes
from bot.ports import Deps, UnitOfWork

log = logging.getLogger(__name__)

Step = Callable[[UnitOfWork, str, datetime], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class Planned:
    """What one pass changed."""

    opened: tuple[str, ...] = ()
    closed: tuple[str, ...] = ()
    reminders: int = 0


async def plan(deps: Deps) -> Planned:
    """One pass over every round: open, close and remind whatever is due now."""
    now = deps.clock()
    async with deps.new_uow() as uow:
        rounds = await uow.rounds.list()
    opened: list[str] = []
    closed: list[str] = []
    reminders = 0
    for round_ in rounds:
        try:
            was_opened, was_closed, queued = await _plan_round(deps, round_, now)
        except Unavailable:
            raise  # the database is gone for every round: the tick fails as a whole and is retried
        except Exception:  # one bad round (e.g. stored before its values were checked) must not stop the others
            log.exception("round %s: planning failed; the other rounds go on", round_.slug)
            continue
        opened += [round_.slug] if was_opened else []
        closed += [round_.slug] if was_closed else []
        reminders += queued
    return Planned(opened=tuple(opened), closed=tuple(closed), reminders=reminders)


async def _plan_round(deps: Deps, round_: Round, now: datetime) -> tuple[bool, bool, int]:
    """Open, close or remind one round: (opened, closed, reminders queued)."""

    async def remind_mailing(uow: UnitOfWork, slug: str, now: datetime) -> int:
        return await remind_due(uow, slug, now, mail=deps.mail)

    async def open_and_mail(uow: UnitOfWork, slug: str, now: datetime) -> int:
        opened = await open_due(uow, slug, now)
        if opened:
            await coordination.invite_contacts(uow, deps, None, slug, now)
        return opened

    opened = closed = False
    is_open = round_.status is RoundStatus.OPEN
    if due_to_open(round_, now) and await _in_own_unit(deps, open_and_mail, round_.slug, now):
        opened = is_open = True
    if not is_open:
        return opened, closed, 0
    if round_.deadline <= now:
        closed = bool(await _in_own_unit(deps, close_due, round_.slug, now))
    elif live_offset(round_, now) is not None:
        return opened, closed, await _in_own_unit(deps, remind_mailing, round_.slug, now)
    return opened, closed, 0


async def open_due(uow: UnitOfWork, slug: str, now: datetime) -> int:
    """Open the round if its opening time has come: 1 if opened, else 0."""
    round_ = await uow.rounds.get(slug)
    if round_ is None or not due_to_open(round_, now):
        return 0
    invited = await coordination.open_round(uow, None, slug, now)
    log.info("round %s opened at its opening time; %d invitations queued", slug, invited)
    return 1


async def close_due(uow: UnitOfWork, slug: str, now: datetime) -> int:
    """Close the round if it is open and its deadline has passed: 1 if closed, else 0."""
    round_ = await uow.rounds.get(slug)
    if round_ is None or round_.status is not RoundStatus.OPEN or round_.deadline > now:
        return 0
    await coordination.close_round(uow, None, slug, now)
    log.info("round %s closed at its deadline", slug)
    return 1


async def remind_due(uow: UnitOfWork, slug: str, now: datetime, *, mail: bool = True) -> int:
    """Queue the live offset's reminder for every recipient whose moment has come; returns how many are new."""
    round_ = await uow.rounds.get(slug)
    if round_ is None or not round_.accepts_answers(now):
        return 0
    offset = live_offset(round_, now)
    if offset is None:
        return 0
    due, deadline = round_.deadline - offset, round_.deadline

    def due_for(participant: Participant) -> datetime | None:
        moment = worktime.reminder_moment(max(due, now), deadline, participant.timezone, participant.stakeholder)
        return moment if moment <= now else None

    queued = await pushes.reminders(uow, round_, now, label=reminder_label(round_, offset), due_for=due_for, mail=mail)
    if queued:
        log.info("round %s: %d reminders queued (%s before the deadline)", slug, queued, iso_duration(offset))
    return queued


def due_to_open(round_: Round, now: datetime) -> bool:
    """True for a draft whose opening time has come, while its deadline is still ahead."""
    return round_.status is RoundStatus.DRAFT and round_.opens is not None and round_.opens <= now < round_.deadline


def live_offset(round_: Round, now: datetime) -> timedelta | None:
    """The offset whose reminder may go out now: the one due most recently (None if there is none)."""
    passed = [offset for offset in round_.reminders if offset > timedelta(0) and round_.deadline - offset <= now]
    if not passed:
        return None
    offset = min(passed)
    since = [moment for moment in (round_.opens, round_.deadline_moved_at) if moment is not None]
    if since and round_.deadline - offset < max(since):
        return None
    return offset


def reminder_label(round_: Round, offset: timedelta) -> str:
    """The dedupe label of one offset of one deadline, e.g. "P7D-20270322T180000Z"."""
    return f"{iso_duration(offset)}-{round_.deadline.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def iso_duration(offset: timedelta) -> str:
    """An offset as an ISO 8601 duration: P7D, PT4H, P1DT12H (whole seconds)."""
    hours, rest = divmod(offset.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    days = f"{offset.days}D" if offset.days else ""
    return f"P{days}T{clock}" if clock else f"P{days}" if days else "PT0S"


async def _in_own_unit(deps: Deps, step: Step, slug: str, now: datetime) -> int:
    """Run one step in its own unit of work and commit it; a lost race counts as nothing done."""
    try:
        async with deps.new_uow() as uow:
            done = await step(uow, slug, now)
            await uow.commit()
    except Conflict:
        log.info("round %s: a concurrent writer got there first; the next pass looks again", slug)
        return 0
    return done
