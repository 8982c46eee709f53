"""The registry as data the coordinator manages: load (an upsert that says what changed), list, groups.

Loading never deletes: a stakeholder missing from the file stays, with its answers and people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.coordinator.rounds import audit, require
from bot.domain.errors import BadInput
from bot.domain.model import Actor, Role, Stakeholder
from bot.ports import UnitOfWork

#: The kinds of stakeholder (DESIGN.md, `registry list`).
KINDS = ("member_state", "observer", "un_entity", "intergovernmental_body", "ngo")


@dataclass(frozen=True, slots=True, kw_only=True)
class Loaded:
    """What a registry load changed."""

    added: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str, str], ...] = ()  # code, old name, new name
    moved: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()  # code, old groups, new groups
    kept: tuple[str, ...] = ()  # in the database, not in the file: left as they are
    total: int = 0

    @property
    def changed(self) -> bool:
        """True if the load changed anything."""
        return bool(self.added or self.renamed or self.moved)


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    """A group and how many stakeholders it holds."""

    name: str
    members: int
    regional: bool


async def load(uow: UnitOfWork, actor: Actor | None, stakeholders: Sequence[Stakeholder], now: datetime) -> Loaded:
    """Insert new stakeholders, update names, kinds and groups of known ones; audited when by a person."""
    if actor is not None:
        require(actor, Role.COORDINATOR)
    for holder in stakeholders:
        if holder.kind not in KINDS:
            raise BadInput("kind", key="error.bad_input", reason=f"{holder.code}: unknown kind “{holder.kind}”")
    before = {s.code: s for s in await uow.registry.stakeholders()}
    added = tuple(s.code for s in stakeholders if s.code not in before)
    renamed = tuple(
        (s.code, before[s.code].name, s.name)
        for s in stakeholders
        if s.code in before and before[s.code].name != s.name
    )
    moved = tuple(
        (s.code, before[s.code].groups, s.groups)
        for s in stakeholders
        if s.code in before and set(before[s.code].groups) != set(s.groups)
    )
    named = {s.code for s in stakeholders}
    loaded = Loaded(
        added=added,
        renamed=renamed,
        moved=moved,
        kept=tuple(code for code in sorted(before) if code not in named),
        total=len(stakeholders),
    )
    await uow.registry.add_stakeholders(stakeholders)
    if actor is not None and loaded.changed:
        detail = f"{len(added)} added, {len(renamed)} renamed, {len(moved)} moved"
        await audit(uow, actor, "registry load", "registry", now, detail)
    return loaded


async def listing(uow: UnitOfWork, group: str | None = None) -> list[Stakeholder]:
    """Every stakeholder, or those of one group (BadInput naming the known groups if it is unknown)."""
    everyone = await uow.registry.stakeholders()
    if group is None:
        return everyone
    known = {name.casefold(): name for s in everyone for name in s.groups}
    found = known.get(group.casefold())
    if found is None:
        raise BadInput(
            "group", key="error.bad_input",
            reason=f"There is no group “{group}”. Groups: {', '.join(sorted(set(known.values())))}.",
        )  # fmt: skip
    return [s for s in everyone if found in s.groups]


async def groups(uow: UnitOfWork) -> list[Group]:
    """Every group with its size; regional groups (those of Member States) first."""
    everyone = await uow.registry.stakeholders()
    counts: dict[str, int] = {}
    regional: set[str] = set()
    for holder in everyone:
        for position, name in enumerate(holder.groups):
            counts[name] = counts.get(name, 0) + 1
            if holder.kind == "member_state" and position == 0:
                regional.add(name)
    return sorted(
        (Group(name=name, members=count, regional=name in regional) for name, count in counts.items()),
        key=lambda g: (not g.regional, g.name),
    )
