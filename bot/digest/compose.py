"""The digest's use cases inside a unit of work: build it, keep its snapshot, compose, send.

A digest that goes out (scheduled, or `consultbot digest --send`) stores a snapshot per round in
the same transaction as its deliveries; the next digest compares with the latest snapshot, so
"changed since" is exact. A preview (chat `digest`, `consultbot digest` without --send) stores
nothing.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from bot.coordinator import followup
from bot.coordinator.rounds import audit, get_round, record_sheets, require
from bot.digest import chat
from bot.digest.changes import snapshot_of
from bot.digest.compute import VIEWS, round_digest, tallies
from bot.domain import audience
from bot.domain.model import Actor, Address, DelegationState, Delivery, Position, Reply, Role, Round, RoundStatus
from bot.i18n.timefmt import NEW_YORK
from bot.planning.jobs import DEFAULT_LANGUAGE, Compose
from bot.ports import Chart, UnitOfWork, Workbook
from bot.records import status
from bot.records.digest_values import Coverage, Digest, PositionCount, Roster, RoundDigest

#: The newest changed positions and comments fetched per round.
LATEST = 10
#: What the digest is for: its delivery kind and its audit action.
KIND = "digest"

SlotOf = Callable[[datetime], datetime | None]


async def build(
    uow: UnitOfWork,
    now: datetime,
    *,
    slug: str | None = None,
    zone: str = NEW_YORK,
    exclude_key: str = "",
    channels: Collection[str] | None = None,
) -> Digest:
    """The digest of every open round (or of the round `slug`, open or not), as of `now`.

    Args:
        exclude_key: a snapshot key to ignore when looking for the previous digest (the digest
            of a scheduled slot run again compares with the one before it, not with itself).
        channels: the channels configured now: messages waiting for any other are delivery
            problems (None: not known, none reported).
    """
    roster = await uow.reports.roster()
    every = await uow.rounds.list()
    if slug is not None:
        rounds = [await get_round(uow, slug)]
    else:
        rounds = sorted((r for r in every if r.status is RoundStatus.OPEN), key=lambda r: (r.deadline, r.slug))
    upcoming = sorted(
        (r for r in every if r.status is RoundStatus.DRAFT and r.opens is not None and r.opens > now),
        key=lambda r: (r.opens or now, r.slug),
    )
    digests = [await round_of(uow, r, roster, now, exclude_key=exclude_key, channels=channels) for r in rounds]
    return Digest(at=now, zone=zone, rounds=tuple(digests), upcoming=tuple(upcoming) if slug is None else ())


async def round_of(
    uow: UnitOfWork,
    round_: Round,
    roster: Roster,
    now: datetime,
    *,
    exclude_key: str = "",
    channels: Collection[str] | None = None,
) -> RoundDigest:
    """One round's digest: the coordinator's report, storage's counts, and what changed.

    The report is built from the same rows as `consultbot round status` (the audience's
    participants and their identities, the delegations' progress), read in bulk by Reports.
    """
    slug = round_.slug
    stakeholders = roster.stakeholders
    members = {s.code for s in audience.members(round_, stakeholders)}
    participants = [p for p in roster.participants if p.stakeholder in members]
    ids = {p.id for p in participants}
    identities = [i for i in roster.identities if i.participant_id in ids]
    progress = await uow.responses.progress(slug)
    # Member States (and observers) take positions; the others' views are counted apart, never mixed.
    states = [s for s in stakeholders if audience.takes_position(s)]
    views = followup.views_of(round_, stakeholders)
    waiting = await uow.outbox.stranded(slug, channels) if channels is not None else []
    report = status.build(round_, states, progress, participants, identities, await uow.outbox.dead(slug), waiting)
    view_counts = await followup.submitted_counts(uow, round_, views) if views else {}
    counts = _without(await uow.reports.positions(slug), view_counts)
    previous = await uow.snapshots.latest(slug, exclude_key=exclude_key)
    activity = await uow.reports.activity(slug, previous.taken_at if previous else None, limit=LATEST)
    if views:  # what changed, as the Member States' (and observers') activity alone
        heard = {s.code for s in views}
        answers, moved, comments = await followup.activity_of(uow, slug, views, activity.since)
        activity = replace(
            activity,
            answers=activity.answers - answers,
            positions=activity.positions - moved,
            comments=activity.comments - comments,
            submissions=tuple(c for c in activity.submissions if c.stakeholder not in heard),
            latest=tuple(c for c in activity.latest if c.stakeholder not in heard),
        )
    found = round_digest(report, counts, activity, previous, now)
    state_counts: dict[str, Counter[Position]] = {}
    for count in counts:
        state_counts.setdefault(count.ref, Counter())[count.position] += count.count
    extra = await followup.digest_sections(uow, round_, state_counts, previous.taken_at if previous else None)
    if not views:
        return replace(found, extra=extra)
    view_report = status.build(round_, views, progress, [], [], [])
    return replace(
        found,
        views=Coverage(
            group=VIEWS,
            total=view_report.total(views=True),
            submitted=view_report.count(DelegationState.SUBMITTED, views=True),
            in_progress=view_report.count(DelegationState.IN_PROGRESS, views=True),
            not_started=view_report.count(DelegationState.NOT_STARTED, views=True),
            regional=False,
        ),
        view_tallies=tallies(
            round_, [PositionCount(ref=r, position=p, count=n) for r, c in view_counts.items() for p, n in c.items()]
        ),
        extra=extra,
    )


def _without(counts: Sequence[PositionCount], views: Mapping[str, Counter[Position]]) -> list[PositionCount]:
    """Storage's counts (every delegation) less the other stakeholders' views: Member States' positions."""
    found = []
    for count in counts:
        left = count.count - views.get(count.ref, Counter()).get(count.position, 0)
        if left > 0:
            found.append(PositionCount(ref=count.ref, position=count.position, count=left))
    return found


async def record(uow: UnitOfWork, digest: Digest, key: str) -> int:
    """Store the snapshot of every round of a digest that goes out; returns how many were new."""
    stored = 0
    for round_digest_ in digest.rounds:
        stored += await uow.snapshots.add(snapshot_of(round_digest_, key=key, at=digest.at))
    return stored


def slot_key(slot: datetime) -> str:
    """The snapshot key of a scheduled digest, e.g. "slot:2027-03-08T1400Z" (the same slot, the same key)."""
    return f"slot:{slot.astimezone(UTC):%Y-%m-%dT%H%MZ}"


def sent_key(now: datetime) -> str:
    """The snapshot key of a digest sent by hand, e.g. "sent:2027-03-08T143005Z"."""
    return f"sent:{now.astimezone(UTC):%Y-%m-%dT%H%M%SZ}"


def composer(
    *,
    chart: Chart | None = None,
    slot_of: SlotOf | None = None,
    zone: str = NEW_YORK,
    workbook: Workbook | None = None,
    channels: Collection[str] | None = None,
) -> Compose:
    """The scheduler's `compose` (bot.planning.jobs.Compose): the digest as one Reply per language, its snapshots
    stored.

    The digest is built once; its text and chart are written in each language asked for.

    Args:
        chart: draws each round's chart (the first round's goes out as the Reply's image).
        slot_of: the scheduled slot a run at `now` belongs to (adapters.scheduler.latest_slot on
            the digest trigger). With it, a slot's digest run again (at a restart, on another
            replica) keeps the slot's first snapshot instead of storing a new one; without it,
            every run stores one.
    """

    async def compose(uow: UnitOfWork, now: datetime, languages: Sequence[str] = ("en",)) -> Mapping[str, Reply]:
        slot = slot_of(now) if slot_of is not None else None
        key = slot_key(slot) if slot is not None else sent_key(now)
        digest = await build(uow, now, zone=zone, exclude_key=key, channels=channels)
        replies = await written(digest, languages, chart)  # before the first write: no lock held meanwhile
        files = await exports_of(uow, workbook, digest)
        await record(uow, digest, key)
        await followup.area_digests(uow, now, key)  # each facilitator's own area, once per slot
        return {language: replace(reply, attachments=files) for language, reply in replies.items()}

    return compose


async def written(digest: Digest, languages: Iterable[str], chart: Chart | None) -> dict[str, Reply]:
    """The digest as one Reply in each language, each with the first round's chart in that language."""
    replies = {}
    for language in dict.fromkeys(languages):
        images = await charts(chart, digest, first=True, language=language)
        replies[language] = chat.reply(digest, image=images[0] if images else None, language=language)
    return replies


async def exports_of(uow: UnitOfWork, workbook: Workbook | None, digest: Digest) -> tuple[tuple[str, bytes], ...]:
    """Each round's export as an XLSX file to attach, (file name, bytes); none without a workbook writer."""
    if workbook is None or not digest.rounds:
        return ()
    return tuple([(f"{r.round.slug}.xlsx", await workbook(await record_sheets(uow, r.round))) for r in digest.rounds])


async def charts(
    chart: Chart | None, digest: Digest, *, first: bool = False, language: str = "en"
) -> tuple[bytes, ...]:
    """Each round's chart (only the first round's if `first`) in `language`, drawn in a worker thread.

    Drawing a long round takes about a second of CPU: in a thread, the event loop keeps serving
    chats meanwhile.
    """
    if chart is None:
        return ()
    rounds = digest.rounds[:1] if first else digest.rounds
    return tuple([await asyncio.to_thread(chart, r, language) for r in rounds])


async def preview(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    *,
    slug: str | None = None,
    zone: str = NEW_YORK,
    channels: Collection[str] | None = None,
) -> Digest:
    """The digest on demand, for coordinators and digest readers; nothing is stored."""
    require(actor, Role.COORDINATOR, Role.DIGEST)
    return await build(uow, now, slug=slug, zone=zone, channels=channels)


async def send(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime,
    recipients: Sequence[Address],
    *,
    slug: str | None = None,
    zone: str = NEW_YORK,
    chart: Chart | None = None,
    languages: Mapping[Address, str] | None = None,
    workbook: Workbook | None = None,
    channels: Collection[str] | None = None,
) -> tuple[Digest, int]:
    """Queue the digest now to every recipient, each in their language (English when not given), and
    store its snapshots (audited); returns it and the count."""
    require(actor, Role.COORDINATOR, Role.DIGEST)
    key = sent_key(now)
    digest = await build(uow, now, slug=slug, zone=zone, exclude_key=key, channels=channels)
    wanted = {address: (languages or {}).get(address, DEFAULT_LANGUAGE) for address in recipients}
    replies = await written(digest, wanted.values(), chart)  # before the first write: no lock held meanwhile
    files = await exports_of(uow, workbook, digest)
    await record(uow, digest, key)
    queued = 0
    for address in recipients:
        dedupe = f"{KIND}:{key}:{address.channel}:{address.chat}"
        reply = replace(replies[wanted[address]], attachments=files)
        queued += await uow.outbox.add(Delivery(kind=KIND, dedupe_key=dedupe, address=address, reply=reply, due_at=now))
    await audit(uow, actor, KIND, slug or "open rounds", now, f"{queued} recipients")
    return digest, queued
