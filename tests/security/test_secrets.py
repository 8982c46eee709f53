"""Secrets never reach the logs: a full run at DEBUG, every line it wrote searched for every secret.

`consultbot run` (Telegram webhook, Slack HTTP events) logs at DEBUG while people join with their
invitation codes (right and wrong ones), answer, and forged requests are refused; the CLI issues an
invitation meanwhile. Then the log (and the CLI's stderr) must hold none of: the bot token or its
secret half, the Slack bot token, the signing secret, the webhook secret, the database password,
any invitation code.
"""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy.engine import make_url

from bot.coordinator import rounds as coordination
from bot.domain.model import Role
from tests.dbs import POSTGRESQL, SQLITE, fresh_database
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.conftest import ServiceFactory
from tests.reliability.people import SlackChat, peer_for
from tests.reliability.service import SIGNING_SECRET, SLACK_TOKEN, WEBHOOK_SECRET
from tests.reliability.world import SEEDER, a_round, eventually, run, seed

pytestmark = [pytest.mark.fake_server]

DB_PASSWORD = "db-pass-7Hq2-never-logged"


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        pytest.param("webhook", POSTGRESQL, id="webhook-postgresql", marks=pytest.mark.postgres),
        pytest.param("polling", SQLITE, id="polling-sqlite"),
    ],
)
@pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
async def test_a_debug_run_logs_no_token_secret_password_or_invitation_code(
    mode: str, kind: str, telegram: FakeTelegramAPI, slack: FakeSlackApi, services: ServiceFactory
) -> None:
    async with fresh_database(kind) as url:
        await _run_and_search(mode, url, telegram, slack, services)


async def _run_and_search(
    mode: str, url: str, telegram: FakeTelegramAPI, slack: FakeSlackApi, services: ServiceFactory
) -> None:
    if url.startswith("postgresql"):  # the server trusts local connections: a password is sent, never needed
        url = make_url(url).set(password=DB_PASSWORD).render_as_string(hide_password=False)
    await seed(url, rounds=[a_round("sec", items=1)])
    await run(url, lambda uow, now: coordination.open_round(uow, SEEDER, "sec", now))
    invited = await seed(url, people=[("FRA", Role.DELEGATE), ("BRA", Role.DELEGATE), ("DEU", Role.DELEGATE)])
    codes = [person.code for person in invited]
    webhook = mode == "webhook"
    service = await services(database_url=url, telegram=telegram, slack=slack, webhook=webhook, log_level="DEBUG")
    await service.start()
    hook = f"{service.http}/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "content-type": "application/json"}

    async with httpx.AsyncClient(timeout=30) as client:
        for text in (f"/start {codes[0]}", f"/start {codes[0]}", "/start WrongGuess0123456789ab", "status"):
            update = telegram.text_update(5101, text)
            if webhook:
                assert (await client.post(hook, content=json.dumps(update), headers=headers)).status_code == 200
            else:
                telegram.queue(update)
        await eventually(lambda: len(telegram.messages("5101")) >= 4, what="the Telegram answers")
        forged = {**headers, "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET[::-1]}
        assert (await client.post(hook, content="{}", headers=forged)).status_code in (401, 404)
    person = SlackChat(slack, peer_for(service, slack), "U5102")
    await person.command(f"join {codes[1]}")
    await person.command("join AnotherWrongGuess0123")
    await eventually(lambda: any("Welcome" in s.text for s in person.screens()), what="the Slack join")
    forged_slack = await peer_for(service, slack).post("payload=%7B%7D", "application/x-www-form-urlencoded", age=900)
    assert forged_slack.status_code == 401
    status, out, err = await service.cli("invite", "ITA", "--json")
    codes.append(json.loads(out)["code"])
    assert await service.stop() == 0

    logged = service.text() + err
    assert "DEBUG" in logged, "the run logged at DEBUG"
    secrets = {
        "Telegram token": telegram.token,
        "Telegram token's secret half": telegram.token.split(":", 1)[1],
        "Slack bot token": SLACK_TOKEN,
        "Slack signing secret": SIGNING_SECRET,
        "Telegram webhook secret": WEBHOOK_SECRET,
        "database password": DB_PASSWORD,
        **{f"invitation code {i}": code for i, code in enumerate(codes)},
    }
    leaked = [name for name, secret in secrets.items() if secret in logged]
    assert not leaked, f"in the log: {leaked}"
    del status
