"""What the scheduler runs: the dispatch tick, the plan tick and the digest tick.

Each opens its own units of work and only plans, enqueues or claims rows; all state is in storage.
Every tick is idempotent (dedupe keys, atomic claims), so running it twice, on several replicas at
once, or again after a restart, has each effect once. adapters/scheduler.py calls them on its
clock; tests call them directly with a FixedClock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.delivery.dispatch import DispatchPolicy, Outcome, dispatch_due
from bot.domain.model import Address, Delivery, Reply
from bot.planning import planner
from bot.ports import Deps, Sender, SentLog, UnitOfWork

#: Builds the digest's content from storage at a moment, one Reply per reader's language asked for
#: (bot/digest provides the real one).
Compose = Callable[[UnitOfWork, datetime, Sequence[str]], Awaitable[Mapping[str, Reply]]]
#: The language of a digest recipient not given one.
DEFAULT_LANGUAGE = "en"

#: Batches one dispatch tick takes at most: a backlog drains over several ticks, and shutdown
#: never waits for more than this many batches.
MAX_PASSES = 10


async def dispatch_tick(
    deps: Deps,
    sender: Sender,
    *,
    owner: str,
    policy: DispatchPolicy | None = None,
    max_passes: int = MAX_PASSES,
    sent_log: SentLog | None = None,
) -> Outcome:
    """Send what is due, batch after batch while batches come back full (at most `max_passes`), the
    next batch claimed while the previous one is still going out (bot.delivery.dispatch.dispatch_due)."""
    return await dispatch_due(deps, sender, owner=owner, policy=policy, sent_log=sent_log, batches=max_passes)


#: How long processed-event marks are kept: Slack retries within minutes and Telegram keeps an
#: update at most 24 hours, so a week is ample and the table stays small.
INBOUND_KEPT = timedelta(days=7)


async def plan_tick(deps: Deps) -> planner.Planned:
    """Open, close and remind whatever is due now (bot.planning.planner); forget old processed-event marks."""
    planned = await planner.plan(deps)
    async with deps.new_uow() as uow:
        await uow.inbound.prune(deps.clock() - INBOUND_KEPT)
        await uow.commit()
    return planned


async def digest_tick(
    deps: Deps,
    *,
    slot: datetime,
    recipients: Sequence[Address],
    compose: Compose,
    languages: Mapping[Address, str] | None = None,
) -> int:
    """Queue the digest of one scheduled slot to every recipient; returns how many are new.

    The dedupe key names the slot, so the digest of a slot goes out once however often, and by
    however many replicas, this runs: the scheduler runs it at start (a digest missed while the
    process was down goes out then, once) and at every scheduled time.

    Args:
        slot: the scheduled time of the digest (the most recent one, not after now).
        compose: the content builder (bot.digest.compose.composer, plugged in by the composition root).
        languages: each recipient's language (CONSULTBOT_DIGEST_RECIPIENTS); English for the others.
            The digest is built once and written in each language asked for.
    """
    if not recipients:
        return 0
    now = deps.clock()
    wanted = {address: (languages or {}).get(address, DEFAULT_LANGUAGE) for address in recipients}
    async with deps.new_uow() as uow:
        replies = await compose(uow, now, sorted(set(wanted.values())))
        queued = await uow.outbox.add_many(
            [
                Delivery(
                    kind="digest",
                    dedupe_key=digest_key(slot, address),
                    address=address,
                    reply=replies[wanted[address]],
                    due_at=now,
                )
                for address in recipients
            ]
        )
        await uow.commit()
    return len(queued)


def digest_key(slot: datetime, address: Address) -> str:
    """E.g. "digest:2026-11-30T1400Z:slack:C0123": one digest per slot and recipient."""
    return f"digest:{slot.astimezone(UTC):%Y-%m-%dT%H%MZ}:{address.channel}:{address.chat}"
