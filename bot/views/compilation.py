"""The compilation: what a Secretariat officer would otherwise assemble by hand from the record.

Only submitted positions (each delegation's latest submission), attributed to the delegation, with
every amendment and comment verbatim; the delegations that did not respond named on one line. The
entries stream in delegation order, in batches, so that a round of any size is compiled in
bounded memory; the writer (adapters/compilation.py) regroups them by recommendation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.coordinator.rounds import audit, get_round, require
from bot.domain import audience
from bot.domain.errors import EmptyRound, NoSubmission
from bot.domain.model import Actor, DelegationProgress, Position, Role, Round, Stakeholder
from bot.ports import UnitOfWork
from bot.records.exports import ResponseLine

#: The order positions are listed in, for each recommendation.
ORDER: tuple[Position, ...] = tuple(Position)
#: A delegation's group when it belongs to none.
NO_GROUP = "(no group)"

#: One submitted answer as the compilation lists it: ref, delegation name, position value,
#: amendment, comment (verbatim).
Entry = tuple[str, str, str, str, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupCoverage:
    """Submitted delegations of one regional group."""

    group: str
    total: int
    submitted: tuple[str, ...]  # names, alphabetical


@dataclass(frozen=True, slots=True, kw_only=True)
class Compilation:
    """Everything the compiled document says, its entries streamed."""

    round: Round
    compiled_at: datetime
    zone: str
    delegations: int  # the audience
    submitted: int
    groups: tuple[GroupCoverage, ...]
    silent: tuple[str, ...]  # names of the delegations that submitted nothing, alphabetical
    entries: AsyncIterator[list[Entry]]
    #: Other stakeholders (UN entities, intergovernmental bodies, NGOs) give views, not positions:
    #: everything above is Member States' (and observers'); the views are compiled apart.
    view_holders: int = 0
    views: tuple[Entry, ...] = ()
    view_submitted: tuple[str, ...] = ()  # names, alphabetical


async def compile_round(uow: UnitOfWork, actor: Actor, slug: str, now: datetime) -> Compilation:
    """The compilation of a round's submitted positions (audited); refused for a round nobody answered
    or where nobody submitted."""
    round_, progress = await check_compile(uow, actor, slug, now)
    return await gather(uow, round_, progress, now)


async def check_compile(
    uow: UnitOfWork, actor: Actor, slug: str, now: datetime
) -> tuple[Round, dict[str, DelegationProgress]]:
    """May this round be compiled? Refuses a round nobody answered or where nobody submitted; audits it.
    The round and its progress, for `gather` (the web runs this in a short write, then gathers and
    writes in a read-only unit of work, as it does exports)."""
    require(actor, Role.COORDINATOR)
    round_ = await get_round(uow, slug)
    progress = {p.stakeholder: p for p in await uow.responses.progress(slug)}
    if not progress:
        raise EmptyRound(slug=slug)
    submitted = sum(1 for p in progress.values() if p.receipt)
    if not submitted:
        raise NoSubmission(slug=slug, hint="")
    await audit(uow, actor, "compile", slug, now, f"{submitted} delegations")
    return round_, progress


async def gather(
    uow: UnitOfWork, round_: Round, progress: Mapping[str, DelegationProgress], now: datetime
) -> Compilation:
    """The compilation of a round already checked (`check_compile`): no check, no audit; its entries
    stream from `uow`, which must stay open while they are read."""
    slug = round_.slug
    submitted = {code for code, p in progress.items() if p.receipt}
    roster = await uow.reports.roster()
    everyone = audience.members(round_, roster.stakeholders)
    members = [s for s in everyone if audience.takes_position(s)]
    others = [s for s in everyone if not audience.takes_position(s)]
    names = {s.code: s.name + (" (observer)" if s.kind == audience.OBSERVER else "") for s in roster.stakeholders}
    views: list[Entry] = []
    for holder in others:
        submission = await uow.responses.submission(slug, holder.code) if holder.code in submitted else None
        for answer in submission.answers if submission else ():
            views.append((answer.ref, holder.name, answer.position.value, answer.amendment, answer.comment))
    return Compilation(
        round=round_,
        compiled_at=now,
        zone=round_.timezone,
        delegations=len(members),
        submitted=sum(1 for s in members if s.code in submitted),
        groups=groups(members, submitted),
        silent=tuple(sorted((s.name for s in members if s.code not in submitted), key=str.casefold)),
        entries=_entries(uow.reports.response_lines(slug), submitted & {s.code for s in members}, names),
        view_holders=len(others),
        views=tuple(views),
        view_submitted=tuple(sorted((s.name for s in others if s.code in submitted), key=str.casefold)),
    )


def groups(members: Sequence[Stakeholder], submitted: set[str]) -> tuple[GroupCoverage, ...]:
    """Submitted delegations by regional group (a delegation's first group), groups alphabetical."""
    total: dict[str, int] = defaultdict(int)
    done: dict[str, list[str]] = defaultdict(list)
    for holder in members:
        group = holder.groups[0] if holder.groups else NO_GROUP
        total[group] += 1
        if holder.code in submitted:
            done[group].append(holder.name)
    return tuple(
        GroupCoverage(group=g, total=total[g], submitted=tuple(sorted(done[g], key=str.casefold)))
        for g in sorted(total, key=str.casefold)
    )


async def _entries(
    lines: AsyncIterator[Sequence[ResponseLine]], submitted: set[str], names: dict[str, str]
) -> AsyncIterator[list[Entry]]:
    async for batch in lines:
        found = [
            (line[1], names.get(line[0], line[0]), line[8], line[9] or "", line[10] or "")
            for line in batch
            if line[8] is not None and line[0] in submitted
        ]
        if found:
            yield found
