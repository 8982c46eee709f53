"""/healthz says why: which part is down (the database or a channel), for what reason, since when.

Before: a failing database gave `{"status": "unavailable", "database": "unavailable"}` and nothing
an operator could act on.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from adapters.http import build_app
from storage import create_engine_for, database_problem


async def _figures() -> dict[str, float]:
    return {}


async def _healthy() -> bool:
    return True


async def healthz(problem: str, channels: Mapping[str, object]) -> httpx.Response:
    async def diagnose() -> str:
        return problem

    def details() -> dict[str, object]:
        return {"channels": dict(channels), "leader": True}

    app = build_app([], health=_healthy, diagnose=diagnose, figures=_figures, details=details)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        return await client.get("/healthz")


async def test_a_database_that_cannot_be_written_is_named_with_its_reason_and_since_when() -> None:
    response = await healthz("the database cannot be written: it is read-only", {})
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    [problem] = body["problems"]
    assert problem["part"] == "database"
    assert problem["reason"] == "the database cannot be written: it is read-only"
    assert problem["since"]  # an ISO 8601 moment
    assert body["reason"].startswith("database: the database cannot be written: it is read-only (since ")


async def test_a_channel_that_is_down_is_named_while_the_service_serves_the_others() -> None:
    channels = {
        "slack": {"state": "up", "since": "2026-12-06T05:00:00+00:00"},
        "telegram": {
            "state": "down",
            "since": "2026-12-06T05:01:00+00:00",
            "detail": "Telegram refused the bot token (check TELEGRAM_TOKEN)",
        },
    }
    response = await healthz("", channels)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["problems"] == [
        {
            "part": "telegram",
            "reason": "Telegram refused the bot token (check TELEGRAM_TOKEN)",
            "since": "2026-12-06T05:01:00+00:00",
        }
    ]
    assert "telegram: Telegram refused the bot token" in body["reason"]


async def test_all_well_has_no_problems_and_no_secret_ever() -> None:
    response = await healthz("", {"slack": {"state": "up", "since": "2026-12-06T05:00:00+00:00"}})
    assert response.status_code == 200
    assert "problems" not in response.json()
    assert "hunter2" not in response.text


async def test_an_unreachable_database_is_named_by_its_error_class_never_its_message() -> None:
    """The driver's message can carry the URL with its password: only the error's class is shown."""
    engine = create_engine_for("postgresql+asyncpg://consultbot:hunter2@127.0.0.1:1/consult")
    try:
        problem = await database_problem(engine)
    finally:
        await engine.dispose()
    assert problem.startswith("the database cannot be reached (")
    assert "hunter2" not in problem
    assert "127.0.0.1" not in problem
