"""What a database gets without being asked: the shipped registry when it has none; the sample round for `demo`.

The composition root calls `ensure_registry` at every start (and after `db upgrade`); only
`consultbot demo` calls `ensure_sample_round`, so a production database never gets the sample.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from adapters.registryfile import load_registry
from adapters.roundfile import load_round_file
from bot.coordinator import rounds as coordination
from bot.coordinator import stakeholders
from bot.domain.model import Actor, Round, RoundStatus
from bot.ports import Deps

ROOT = Path(__file__).resolve().parents[1]
REGISTRY_FILE = ROOT / "config" / "registry" / "stakeholders.yaml"
SAMPLE_ROUND = ROOT / "config" / "rounds" / "a61-583.yaml"


async def ensure_registry(deps: Deps, file: Path = REGISTRY_FILE) -> list[str]:
    """Load the shipped registry into a database that has no stakeholder; a note saying so, or none."""
    async with deps.new_uow() as uow:
        if await uow.registry.stakeholders():
            return []
        loaded = await stakeholders.load(uow, None, load_registry(file), deps.clock())
        await uow.commit()
    return [f"Loaded the shipped registry: {loaded.total} stakeholders (consultbot registry list)."]


async def ensure_sample_round(deps: Deps, actor: Actor) -> list[str]:
    """Create and open the sample A/61/583 round unless it exists (for `consultbot demo` only)."""
    async with deps.new_uow() as uow:
        now = deps.clock()
        sample = sample_round(now)
        existing = await uow.rounds.get(sample.slug)
        if existing is not None and existing.status is not RoundStatus.DRAFT:
            return []
        if existing is None:
            await coordination.create(uow, actor, sample, now)
        await coordination.open_(uow, actor, sample.slug, now)
        await uow.commit()
    return [
        f"Opened the sample round {sample.slug} ({len(sample.recommendations)} recommendations, "
        f"deadline {sample.deadline:%d %b %Y})."
    ]


def sample_round(now: datetime) -> Round:
    """The A/61/583 sample round; a deadline already past moves four weeks ahead."""
    parsed = load_round_file(SAMPLE_ROUND).round
    if parsed.deadline <= now:
        return replace(parsed, deadline=(now + timedelta(days=28)).replace(microsecond=0))
    return parsed
