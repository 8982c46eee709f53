"""`consultbot run` scraped by Prometheus right after start: the outbox and scheduler families are there."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.test_run import Service, service, slack, telegram  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.fake_server, pytest.mark.slow]  # a live `consultbot run`: `make test-all` (CI)


async def test_the_first_scrape_after_start_has_the_outbox_and_scheduler_families(service: Service) -> None:  # noqa: F811
    async with httpx.AsyncClient() as client:
        text = (await client.get(f"{service.http}/metrics")).text
    for family in (
        "consultbot_outbox_deliveries",
        "consultbot_scheduler_job_runs_total",
        "consultbot_scheduler_job_lag_seconds",
        "consultbot_sends_total",
        "consultbot_send_failures_total",
        "consultbot_rate_limited_total",
        "consultbot_inbound_updates_total",
        "consultbot_database_errors_total",
        "consultbot_leader",
        "consultbot_leader_since_seconds",
        "consultbot_outbox_lag_seconds",
    ):
        assert f"# TYPE {family.removesuffix('_total')}" in text, family
    assert 'consultbot_outbox_deliveries{channel="telegram",state="pending"}' in text
    assert "\nconsultbot_leader 1.0\n" in text  # the one process on its SQLite file leads
    assert 'consultbot_outbox_lag_seconds{channel="telegram"} 0.0' in text  # nothing waiting
    assert "Running job" not in service.log.read_text()  # APScheduler's per-run INFO lines stay quiet
