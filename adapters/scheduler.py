"""The clock of consultbot: one APScheduler 3 `AsyncIOScheduler` ticking bot.planning.jobs (the only apscheduler
import).

Three jobs, kept in memory and re-created with fixed ids at every start (nothing of the scheduler's
survives a restart; all state is in our tables, so nothing needs to):

- `dispatch`: sends due deliveries (every few seconds);
- `plan`: opens and closes rounds and queues due reminders (every half minute);
- `digest`: queues the weekly digest on its crontab, in its own time zone.

All three also run once at start: a digest missed while the process was down goes out then, once
(its dedupe key names the slot); a digest that fails is tried again a few minutes later, not a week
later. Jobs are idempotent, so several replicas may each run a scheduler
on one database. Leaving `running()` stops new runs and waits for those in flight (a dispatch
finishes its sends and records them) before the scheduler shuts down.

Every run is counted for /metrics (bot.delivery.telemetry: runs by job and outcome, how late each started,
database errors), and after each dispatch the outbox's depth by state and channel is read. A
healthy scheduler is quiet: APScheduler's per-run lines ("Running job", "executed successfully")
are DEBUG; its warnings and errors still show.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.delivery.dispatch import DispatchPolicy, take_back
from bot.delivery.telemetry import TELEMETRY
from bot.digest.compose import composer
from bot.domain.errors import Unavailable
from bot.domain.model import Address
from bot.planning import jobs
from bot.ports import Deps, Sender, SentLog

log = logging.getLogger(__name__)

DISPATCH, PLAN, DIGEST = "dispatch", "plan", "digest"
JOB_IDS = (DISPATCH, PLAN, DIGEST)
#: A one-off job that tries a failed digest again (the weekly one would wait a week).
DIGEST_RETRY = "digest:retry"

_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# How far back to look for the latest digest slot: the first window holding one wins, so frequent
# schedules are found in a short window and rare ones (monthly, yearly, 29 February) still are.
_LOOKBACK = tuple(timedelta(days=days) for days in (1 / 24, 1, 8, 32, 367, 8 * 366))


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """When the jobs run."""

    dispatch_every: float = 1.0  # seconds (an idle run is one indexed query: what is due goes within a second)
    plan_every: float = 30.0  # seconds
    digest_cron: str = "0 9 * * MON"  # minute hour day month day-of-week, crontab style
    digest_timezone: str = "America/New_York"
    misfire_grace: int = 3600  # seconds late a run may still start (after a pause, a slow start)
    drain_timeout: float = 30.0  # seconds to wait for runs in flight at shutdown
    digest_retry: float = 300.0  # seconds before a failed digest is tried again


class Scheduler:
    """One AsyncIOScheduler running bot.planning.jobs on the caller's event loop (enter `running()`)."""

    def __init__(
        self,
        deps: Deps,
        sender: Sender,
        *,
        owner: str | None = None,
        recipients: Sequence[Address] = (),
        languages: Mapping[Address, str] | None = None,
        compose: jobs.Compose | None = None,
        timing: Timing | None = None,
        policy: DispatchPolicy | None = None,
        sent_log: SentLog | None = None,
        take_over: Callable[[], Sequence[SentLog]] | None = None,
    ) -> None:
        """Build the scheduler; nothing runs until `running()` is entered.

        Args:
            owner: names this process in outbox claims (default host:pid); no other live process may
                use the same name, since rows held under it are taken back at start.
            recipients: where the digest goes (CONSULTBOT_DIGEST_RECIPIENTS).
            languages: the language each recipient reads the digest in (English when not given).
            compose: the digest's content; None: bot.digest.compose.composer() (no chart, no workbook).
            policy: the dispatcher's batch size, lease, retries and concurrency.
            sent_log: notes each delivery a platform accepted until the outbox records it, so that a
                restart after a kill records it instead of sending it again.
            take_over: for a replica that has just become the leader: the other replicas' sent logs
                it can read; the rows any other owner holds are taken back at start (bot.delivery.dispatch.take_back).
        """
        self.take_over = take_over
        self.deps = deps
        self.sender = sender
        self.owner = owner or default_owner()
        self.recipients = tuple(recipients)
        self.languages = dict(languages or {})
        self.compose = compose or composer()
        self.timing = timing or Timing()
        self.policy = policy or DispatchPolicy()
        self.sent_log = sent_log
        self.digest_trigger = crontab_trigger(self.timing.digest_cron, self.timing.digest_timezone)
        self._scheduler = AsyncIOScheduler(
            jobstores={"default": MemoryJobStore()},
            job_defaults={"misfire_grace_time": self.timing.misfire_grace, "coalesce": True, "max_instances": 1},
            timezone=UTC,
        )
        self._in_flight: set[asyncio.Task[object]] = set()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Scheduler]:
        """Start the jobs (each runs once at once); on leaving, wait for runs in flight, then stop."""
        # Rows a killed predecessor under this owner name held go back out now, not when their lease ends.
        others = self.take_over() if self.take_over is not None else None
        await take_back(self.deps, owner=self.owner, sent_log=self.sent_log, take_over=others)
        _quiet_apscheduler()
        self._scheduler.add_listener(_note_lag, EVENT_JOB_SUBMITTED)
        self._scheduler.start()
        try:
            self._install()
            log.info("scheduler started as %s: %s", self.owner, ", ".join(self.job_ids()))
            yield self
        finally:
            await self._stop()

    def job_ids(self) -> list[str]:
        """The ids of the scheduled jobs, sorted."""
        return sorted(job.id for job in self._scheduler.get_jobs())

    def _install(self) -> None:
        """(Re-)create the jobs under fixed ids: a second start replaces them, never duplicates."""
        now = datetime.now(UTC)
        every = self.timing
        for job_id, work, trigger in (
            (DISPATCH, self._dispatch, IntervalTrigger(seconds=every.dispatch_every, timezone=UTC)),
            (PLAN, self._plan, IntervalTrigger(seconds=every.plan_every, timezone=UTC)),
            (DIGEST, self._digest, self.digest_trigger),
        ):
            self._scheduler.add_job(work, trigger, id=job_id, name=job_id, replace_existing=True, next_run_time=now)
        if self._scheduler.get_job(DIGEST_RETRY) is not None:
            self._scheduler.remove_job(DIGEST_RETRY)  # the digest job runs at start anyway

    async def _stop(self) -> None:
        self._scheduler.pause()
        # The asyncio executor cancels coroutine jobs at shutdown whatever `wait` says: let them end first.
        in_flight = set(self._in_flight)
        if in_flight:
            log.info("scheduler stopping: waiting for %d job(s) in flight", len(in_flight))
            _, late = await asyncio.wait(in_flight, timeout=self.timing.drain_timeout)
            if late:
                log.warning("scheduler stopping: %d job(s) still running are cancelled", len(late))
        self._scheduler.shutdown(wait=True)
        await asyncio.sleep(0)  # AsyncIOScheduler.shutdown() runs on the loop's next turn
        log.info("scheduler stopped")

    async def _dispatch(self) -> None:
        try:
            await self._tracked(
                jobs.dispatch_tick(
                    self.deps, self.sender, owner=self.owner, policy=self.policy, sent_log=self.sent_log
                ),
                DISPATCH,
            )
            await self._tracked(self._read_depth(), DISPATCH, counted=False)
        except Unavailable as error:  # a database outage: the next run, seconds later, tries again
            log.warning("dispatch: %s; trying again at the next run", error)

    async def _read_depth(self) -> None:
        async with self.deps.new_uow() as uow:
            depth = await uow.outbox.depth()
        TELEMETRY.replace("outbox_deliveries", {(("state", s), ("channel", c)): n for (s, c), n in depth.items()})

    async def _plan(self) -> None:
        try:
            await self._tracked(jobs.plan_tick(self.deps), PLAN)
        except Unavailable as error:
            log.warning("plan: %s; trying again at the next run", error)

    async def _digest(self) -> None:
        slot = latest_slot(self.digest_trigger, self.deps.clock())
        if slot is None:
            return
        try:
            await self._tracked(
                jobs.digest_tick(
                    self.deps, slot=slot, recipients=self.recipients, compose=self.compose, languages=self.languages
                ),
                DIGEST,
            )
        except Exception:  # the scheduler's one error hook for the digest: log it, try the same slot again soon
            log.exception("digest of %s failed; trying again in %g s", slot.isoformat(), self.timing.digest_retry)
            retry_at = datetime.now(UTC) + timedelta(seconds=self.timing.digest_retry)
            self._scheduler.add_job(
                self._digest, DateTrigger(run_date=retry_at), id=DIGEST_RETRY, name=DIGEST_RETRY, replace_existing=True
            )

    async def _tracked(self, work: Awaitable[object], job: str, *, counted: bool = True) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._in_flight.add(task)
        outcome = "ok"
        try:
            await work
        except Unavailable:
            outcome = "database_unavailable"
            TELEMETRY.add("database_errors", where="scheduler")
            raise
        except Exception:
            outcome = "error"
            raise
        finally:
            self._in_flight.discard(task)
            if counted or outcome != "ok":
                TELEMETRY.add("scheduler_job_runs", job=job, outcome=outcome)


def _note_lag(event: JobSubmissionEvent) -> None:
    """How late a run starts after the time it was due (the job id names the job)."""
    if event.scheduled_run_times:
        late = (datetime.now(UTC) - event.scheduled_run_times[-1]).total_seconds()
        job = event.job_id if event.job_id in JOB_IDS else DIGEST
        TELEMETRY.set("scheduler_job_lag_seconds", max(0.0, late), job=job)


def _quiet_apscheduler() -> None:
    """APScheduler's executor logs two INFO lines per run (every few seconds): DEBUG unless set otherwise."""
    for name in ("apscheduler.executors.default", "apscheduler.executors"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)


def default_owner() -> str:
    """This process in outbox claims: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def crontab_trigger(expression: str, timezone: str) -> CronTrigger:
    """A CronTrigger for a five-field crontab line, with crontab's day numbers (0 and 7 are Sunday)."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"{expression!r}: a crontab line has five fields: minute hour day month day-of-week")
    minute, hour, day, month, weekdays = fields
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=cron_weekdays(weekdays), timezone=ZoneInfo(timezone)
    )


def cron_weekdays(field: str) -> str:
    """A crontab day-of-week field as day names: APScheduler 3 counts 0 as Monday, crontab as Sunday."""
    if field in ("*", "?"):
        return "*"
    days: set[int] = set()
    for part in field.lower().split(","):
        body, _, step = part.partition("/")
        if body == "*":
            first, last = 0, 6
        elif "-" in body:
            start, _, end = body.partition("-")
            first, last = _cron_day(start), _cron_day(end)
        else:
            first = _cron_day(body)
            last = 6 if step else first
        if last < first:
            raise ValueError(f"day-of-week {part!r}: a range must run forwards (0 or 7 is Sunday)")
        days.update(day % 7 for day in range(first, last + 1, int(step or 1)))
    return ",".join(_CRON_DAYS[day] for day in sorted(days))


def _cron_day(token: str) -> int:
    if token.isdigit() and int(token) <= 7:
        return int(token)
    if token[:3] in _CRON_DAYS:
        return _CRON_DAYS.index(token[:3])
    raise ValueError(f"day-of-week {token!r}: expected 0-7 or sun-sat")


def latest_slot(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The most recent time the trigger fires at or before `now` (None if none in eight years)."""
    for window in _LOOKBACK:
        found: datetime | None = None
        moment: datetime | None = trigger.get_next_fire_time(None, now - window)
        while moment is not None and moment <= now:
            found = moment
            moment = trigger.get_next_fire_time(moment, moment)
        if found is not None:
            return found
    return None
