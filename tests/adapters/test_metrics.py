"""/metrics: every family from the first scrape, and counters that match what the platform saw."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest

from adapters.http import build_app
from adapters.scheduler import Scheduler, Timing
from adapters.telegram import TelegramSender
from adapters.telegram.pacing import Pacer
from bot.delivery.telemetry import TELEMETRY, Telemetry
from bot.domain.model import Address, Delivery, DeliveryStatus, Reply
from bot.ports import Deps
from tests.adapters.test_scheduler import eventually
from tests.fakes import FixedClock, MemoryStore
from tests.fakes.telegram_api import FakeTelegramAPI

NOW = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)
FAST = Timing(dispatch_every=0.05, plan_every=0.05, drain_timeout=5)


async def scrape(telemetry: Telemetry) -> str:
    async def healthy() -> bool:
        return True

    async def figures() -> dict[str, float]:
        return {}

    app = build_app([], health=healthy, figures=figures, telemetry=telemetry)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


async def test_the_first_scrape_names_every_family_with_zeros() -> None:
    """Before any message: outbox depth by state and channel, sends, 429s, scheduler runs and lag, DB errors."""
    text = await scrape(Telemetry())
    for line in (
        'consultbot_outbox_deliveries{channel="telegram",state="pending"} 0.0',
        'consultbot_outbox_deliveries{channel="slack",state="dead"} 0.0',
        'consultbot_sends_total{channel="slack"} 0.0',
        'consultbot_rate_limited_total{channel="telegram"} 0.0',
        'consultbot_backoff_seconds_total{channel="telegram"} 0.0',
        'consultbot_scheduler_job_runs_total{job="dispatch",outcome="ok"} 0.0',
        'consultbot_scheduler_job_lag_seconds{job="digest"} 0.0',
        'consultbot_database_errors_total{where="scheduler"} 0.0',
        "# TYPE consultbot_send_failures_total counter",
        "# TYPE consultbot_inbound_updates_total counter",
    ):
        assert line in text, line


async def test_a_fan_out_through_a_429_storm_is_counted_as_the_platform_saw_it(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 reminders to 40 chats; Telegram answers 429 to 12 sends: sends, 429s, waits and depth agree with the fake."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # PTB's own opt-in, as `consultbot run` is started
    store = MemoryStore()
    async with store.uow() as uow:
        for n in range(40):
            reply = Reply(text=f"Reminder {n}: *urgent* @everyone")
            await uow.outbox.add(
                Delivery(kind="reminder", dedupe_key=f"r{n}", address=Address("telegram", str(1000 + n)),
                         reply=reply, due_at=NOW)
            )  # fmt: skip
        await uow.commit()
    before = TELEMETRY.snapshot()
    caplog.set_level(logging.INFO)
    async with FakeTelegramAPI() as api:
        api.fail("sendMessage", status=429, times=12, retry_after=1)
        sender = TelegramSender(token=api.token, api_url=api.base_url, pacer=Pacer(overall=1000, chat_period=0.0))
        async with (
            sender,
            Scheduler(Deps(new_uow=store.uow, clock=FixedClock(NOW)), sender, owner="m", timing=FAST).running(),
        ):
            await eventually(lambda: all(d.status is DeliveryStatus.SENT for d in store.state.deliveries.values()))
            await eventually(lambda: TELEMETRY.value("outbox_deliveries", state="sent", channel="telegram") == 40)
        seen_ok = len(api.calls_to("sendMessage"))
        seen_429 = len([c for c in api.calls_to("sendMessage", ok=False) if c.status == 429])

    def grew(family: str, **labels: str) -> float:
        key = tuple(labels.items())
        return TELEMETRY.value(family, **labels) - before[family].get(key, 0.0)

    assert (seen_ok, seen_429) == (40, 12)
    assert grew("sends", channel="telegram") == seen_ok
    assert grew("rate_limited", channel="telegram") == seen_429
    assert grew("backoff_seconds", channel="telegram") >= 1.0  # each 429 said "retry after 1"
    assert TELEMETRY.value("outbox_deliveries", state="pending", channel="telegram") == 0
    assert grew("scheduler_job_runs", job="dispatch", outcome="ok") >= 1
    text = await scrape(TELEMETRY)
    assert 'consultbot_outbox_deliveries{channel="telegram",state="sent"} 40.0' in text
    # A healthy scheduler is quiet: APScheduler's per-run lines are not at INFO.
    assert not [r for r in caplog.records if r.name.startswith("apscheduler.executors") and r.levelno <= logging.INFO]
