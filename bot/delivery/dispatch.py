"""The dispatcher: claim due deliveries, send them, record the outcome, one row at a time.

Claiming is atomic (several replicas may run this at once); sending happens outside any
transaction; each outcome commits on its own, so a crash loses at most the rows in flight, which
come back when their lease expires.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.delivery.retry import RetryPolicy
from bot.domain.errors import PermanentFailure, TemporaryFailure, Unreachable
from bot.domain.model import Delivery
from bot.ports import Deps, Sender, SentLog

log = logging.getLogger(__name__)

#: Eight attempts, 5 s apart at first, doubling up to an hour (with the policy's jitter).
OUTBOX_RETRY = RetryPolicy(attempts=8, first_delay=5.0, max_delay=3600.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class DispatchPolicy:
    """How hard the dispatcher tries."""

    batch: int = 100
    lease: timedelta = timedelta(minutes=5)
    #: When a delivery is tried again (a told wait is no failed attempt) and when it dies: the same
    #: policy as the senders', in outbox time (the senders' own short retries happen within one attempt).
    retry: RetryPolicy = OUTBOX_RETRY
    #: Sends in flight at once. Eight keep Telegram's 30 a second with 250 ms round trips, and bound how
    #: many messages a crash can catch between the platform accepting them and the sent log noting them.
    concurrency: int = 8


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one dispatch pass did."""

    sent: int = 0
    retried: int = 0
    dead: int = 0

    @property
    def claimed(self) -> int:
        """Rows handled in the pass."""
        return self.sent + self.retried + self.dead


async def dispatch_due(
    deps: Deps,
    sender: Sender,
    *,
    owner: str,
    policy: DispatchPolicy | None = None,
    sent_log: SentLog | None = None,
    batches: int = 1,
) -> Outcome:
    """Send what is due now: one batch, or up to `batches` while batches come back full.

    `policy.concurrency` workers send, each one delivery at a time, in the order claimed. Once half
    a batch is left to start, the next batch is claimed while the workers go on sending, so a rate
    limited sender (Telegram's 30 a second) is never left idle waiting for a claim. Rows claimed but
    not yet sent are never sent twice: a process killed holding them gives them back (take_back) or
    their lease runs out; only the sends in flight (at most `concurrency`) are at risk of that.

    If a send or its record fails unexpectedly (the database is out of reach), no further batch is
    claimed, the deliveries already claimed still get their attempt, and then the first error is raised.

    Args:
        sent_log: notes each accepted delivery before the outbox records it, so that a kill in
            between does not send it twice (see take_back).
        batches: how many batches at most (the scheduler's tick takes several: bot.planning.jobs).
    """
    policy = policy or DispatchPolicy()
    if sent_log is not None:
        await _record_noted(deps, sent_log)
    claimed = await _claim(deps, owner, policy)
    if not claimed:
        return Outcome()
    queue: asyncio.Queue[Delivery | None] = asyncio.Queue()
    low_water = policy.batch // 2
    running_low = asyncio.Event()  # set when at most low_water claimed rows wait for a worker
    results: list[str] = []
    errors: list[Exception] = []

    async def worker() -> None:
        while (delivery := await queue.get()) is not None:
            if queue.qsize() <= low_water:
                running_low.set()
            try:
                results.append(await _deliver(deps, sender, delivery, policy, sent_log))
            except Exception as error:  # raised once the claimed rows have had their attempt
                errors.append(error)

    more = len(claimed) >= policy.batch and batches > 1  # further batches may follow
    workers = [
        asyncio.create_task(worker())
        for _ in range(max(1, policy.concurrency if more else min(policy.concurrency, len(claimed))))
    ]
    try:
        taken = 1
        while True:
            for delivery in claimed:
                queue.put_nowait(delivery)
            running_low.clear()  # after the put: a worker may have set it while the claim ran
            if len(claimed) < policy.batch or taken == batches or errors:
                break
            await running_low.wait()
            if errors:
                break
            try:
                claimed = await _claim(deps, owner, policy)
            except Exception as error:  # the rows claimed before still go out
                errors.append(error)
                break
            taken += 1
    except BaseException:  # cancelled: the process is going away; what it holds comes back (take_back)
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    if errors:
        raise errors[0]
    return Outcome(sent=results.count("sent"), retried=results.count("retry"), dead=results.count("dead"))


async def _claim(deps: Deps, owner: str, policy: DispatchPolicy) -> list[Delivery]:
    now = deps.clock()
    async with deps.new_uow() as uow:
        claimed = await uow.outbox.claim_due(now=now, owner=owner, lease_until=now + policy.lease, limit=policy.batch)
        await uow.commit()
    return claimed


async def take_back(
    deps: Deps, *, owner: str, sent_log: SentLog | None = None, take_over: Sequence[SentLog] | None = None
) -> int:
    """At start: finish what a killed predecessor under the same owner name left (no lease to wait).

    `take_over` (a replica that has just become the leader, the only one dispatching): the rows any
    other owner holds are given back too, and the sent logs given (the other replicas' on this host)
    are recorded first. A leader killed on another host leaves no log here: what it had just sent,
    within its last instant, goes again (at least once, at most `DispatchPolicy.concurrency` each time).

    Deliveries its sent log names went out: they are recorded as sent. The other rows it held are
    given back as pending and go out now. Only a process that cannot run twice at once under `owner`
    may call this (the composition root names the owner after the host and the HTTP address it listens
    on). What remains is the instant between the platform accepting a message and the note being
    written: a kill exactly then sends that message again (sending is at least once).
    """
    logs = [*([sent_log] if sent_log is not None else []), *(take_over or ())]
    accepted = {delivery: provider for log_ in logs for delivery, provider in log_.read().items()}
    async with deps.new_uow() as uow:
        for delivery_id, provider_id in sorted(accepted.items()):
            await uow.outbox.mark_sent(delivery_id, at=deps.clock(), provider_id=provider_id)
        released = await uow.outbox.release(owner, others=take_over is not None)
        await uow.commit()
    for log_ in logs:
        log_.clear()
    if released or accepted:
        log.warning(
            "a previous process of %s left %d deliveries sent but not recorded, %d unsent: taken back",
            owner, len(accepted), released,
        )  # fmt: skip
    return released


async def _record_noted(deps: Deps, sent_log: SentLog) -> None:
    """Record as sent what the sent log still holds (the database failed when they went out), before
    any claim: their lease may have run out by now, and they must not be sent again."""
    noted = sent_log.read()
    if not noted:
        return
    async with deps.new_uow() as uow:
        for delivery_id, provider_id in sorted(noted.items()):
            await uow.outbox.mark_sent(delivery_id, at=deps.clock(), provider_id=provider_id)
        await uow.commit()
    for delivery_id in noted:
        sent_log.done(delivery_id)


async def _deliver(
    deps: Deps, sender: Sender, delivery: Delivery, policy: DispatchPolicy, sent_log: SentLog | None
) -> str:
    assert delivery.id is not None
    try:
        provider_id = await sender.send(delivery.address, replace(delivery.reply, ref=delivery.dedupe_key))
        if sent_log is not None:
            sent_log.note(delivery.id, provider_id)
    except Unreachable as error:
        log.warning("delivery %s: %s unreachable (%s)", delivery.id, delivery.address.channel, error)
        async with deps.new_uow() as uow:
            await uow.registry.mark_unreachable(delivery.address.channel, delivery.address.chat)
            await uow.outbox.mark_dead(delivery.id, error=f"unreachable: {error}"[:500])
            await uow.commit()
        return "dead"
    except PermanentFailure as error:
        log.error("delivery %s refused by %s: %s", delivery.id, delivery.address.channel, error)
        async with deps.new_uow() as uow:
            await uow.outbox.mark_dead(delivery.id, error=f"refused: {error}"[:500])
            await uow.commit()
        return "dead"
    except TemporaryFailure as error:
        told = error.retry_after  # an order to wait (429): not a failed attempt
        async with deps.new_uow() as uow:
            if told is None and policy.retry.gives_up(delivery.attempts):
                log.error("delivery %s dead after %d attempts: %s", delivery.id, delivery.attempts, error)
                await uow.outbox.mark_dead(delivery.id, error=str(error)[:500])
                outcome = "dead"
            else:
                wait = policy.retry.backoff(delivery.attempts) if told is None else policy.retry.told(told)
                due = deps.clock() + timedelta(seconds=wait)
                await uow.outbox.retry(delivery.id, due_at=due, error=str(error)[:500], counted=told is None)
                outcome = "retry"
            await uow.commit()
        return outcome
    async with deps.new_uow() as uow:
        await uow.outbox.mark_sent(delivery.id, at=deps.clock(), provider_id=provider_id)
        await uow.commit()
    if sent_log is not None:
        sent_log.done(delivery.id)
    return "sent"
