"""Redelivery: every inbound event delivered two and three times ends in the state one delivery gives.

One story, told to `consultbot run` three times on fresh databases: a Telegram delegate (getUpdates,
or the webhook) and a Slack delegate join with their codes, answer, comment and submit. The first time
every event arrives once. Then every event arrives twice, then three times: Telegram repeats the
update_id (served again by getUpdates after the bot fetched it, or posted again to the webhook),
Slack retries with X-Slack-Retry-Num, and on top every button is pressed twice (two presses, two
event ids), the deep link too. The database dumps must be equal, apart from the marks of the extra
presses' event ids.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from bot.coordinator import rounds as coordination
from bot.domain.model import Role
from tests.dbs import SQLITE, fresh_database
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.conftest import ServiceFactory
from tests.reliability.people import FORM, Screen, SlackChat, SlackPeer, peer_for
from tests.reliability.service import WEBHOOK_SECRET, Service
from tests.reliability.world import SEEDER, a_round, dump, eventually, run, seed

pytestmark = [pytest.mark.fake_server, pytest.mark.slow]  # a live service for minutes: `make test-all`

SLUG = "redo"
TELEGRAM_USER = 7001
SLACK_USER = "U701"


class RepeatingTelegram(FakeTelegramAPI):
    """The fake Bot API that can serve an update again after the bot fetched it (as after a lost offset)."""

    def __init__(self) -> None:
        super().__init__()
        self.again: list[dict[str, Any]] = []

    def redeliver(self, update: dict[str, Any]) -> None:
        """Serve `update` once more at the next getUpdates, whatever the offset says."""
        self.again.append(copy.deepcopy(update))
        self._inbox.arrived.set()

    async def _updates(self, offset: int, wait: float, limit: int) -> list[dict[str, Any]]:
        if self.again:
            batch, self.again = self.again[:limit], self.again[limit:]
            return batch
        return await super()._updates(offset, wait, limit)


@dataclass
class Teller:
    """Tells the story to one service: each event `times` times, each button pressed `presses` times."""

    service: Service
    telegram: RepeatingTelegram
    slack: FakeSlackApi
    peer: SlackPeer
    times: int
    presses: int
    webhook: bool
    duplicates: int = 0  # deliveries beyond the first, so far (the engine counts what it skipped)
    updates: list[dict[str, Any]] = field(default_factory=list)

    # -- Telegram --------------------------------------------------------------------------------

    async def telegram_event(self, update: dict[str, Any]) -> None:
        """Deliver one update `times` times (getUpdates serves it again, or the webhook gets it again)."""
        self.updates.append(update)
        if self.webhook:
            headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET, "content-type": "application/json"}
            async with httpx.AsyncClient(timeout=30) as client:
                for _ in range(self.times):
                    for _ in range(50):  # 503 while the channel is still starting: Telegram sends it again
                        answer = await client.post(
                            f"{self.service.http}/telegram/webhook", content=json.dumps(update), headers=headers
                        )
                        if answer.status_code != 503:
                            break
                        await asyncio.sleep(0.2)
                    assert answer.status_code == 200
        else:
            self.telegram.queue(update)
            await eventually(lambda: self.telegram.confirmed(update["update_id"]), what="update fetched")
            for _ in range(self.times - 1):
                self.telegram.redeliver(update)
            # The poller drops an update it has already handled before the engine sees it: wait until the
            # repeats were served (the dumps then show they had no effect); the engine counts none of them.
            await eventually(lambda: not self.telegram.again, what="the repeats served")
            return
        self.duplicates += self.times - 1

    async def telegram_say(self, text: str, expect: str) -> None:
        seen = len(self.telegram.messages(str(TELEGRAM_USER)))
        await self.telegram_event(self.telegram.text_update(TELEGRAM_USER, text))
        await self.settle(lambda: _telegram_shows(self.telegram, seen, expect))

    async def telegram_start(self, code: str, expect: str) -> None:
        """Open the deep link `presses` times: each is a new "/start CODE" message (and each delivered `times`)."""
        for _ in range(self.presses):
            await self.telegram_say(f"/start {code}", expect)

    async def telegram_press(self, label: str, expect: str) -> None:
        """Press a button of the newest message showing it, `presses` times (each press delivered `times`)."""
        shown = next(
            m
            for m in reversed(self.telegram.messages(str(TELEGRAM_USER)))
            for row in m.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row
            if b["text"].removeprefix("✓ ") == label
        )
        data = next(
            b["callback_data"]
            for row in shown["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"].removeprefix("✓ ") == label
        )
        seen = len(self.telegram.messages(str(TELEGRAM_USER)))
        message = copy.deepcopy(shown)
        for _ in range(self.presses):
            await self.telegram_event(self.telegram.press_update(TELEGRAM_USER, message, data))
            await self.settle(lambda: _telegram_shows(self.telegram, seen, expect))

    # -- Slack -----------------------------------------------------------------------------------

    async def slack_event(self, body: str, content_type: str) -> None:
        """Post one request `times` times: the retries carry X-Slack-Retry-Num, as Slack sends them."""
        for retry in range(self.times):
            answer = await self.peer.post(body, content_type, retry=retry)
            assert answer.status_code == 200, answer.text
        self.duplicates += self.times - 1

    async def slack_command(self, text: str, expect: str) -> None:
        chat = SlackChat(self.slack, self.peer, SLACK_USER)
        seen = len(chat.screens())
        await self.slack_event(self.peer.command(SLACK_USER, text, trigger=f"trigger-{text}"), FORM)
        await self.settle(lambda: any(expect in s.text for s in chat.screens()[seen:]))

    async def slack_press(self, label: str, expect: str) -> None:
        chat = SlackChat(self.slack, self.peer, SLACK_USER)
        screen = next(s for s in reversed(chat.screens()) if s.button(label) == label)
        seen = len(chat.screens())
        button = _slack_button(screen, label)
        for _ in range(self.presses):
            body = self.peer.press(SLACK_USER, screen.raw["ts"], screen.raw, button)
            await self.slack_event(body, FORM)
            await self.settle(lambda: any(expect in s.text for s in chat.screens()[seen:]))

    # -- both --------------------------------------------------------------------------------

    async def settle(self, shown: Callable[[], bool]) -> None:
        """Wait until the answer shows and the engine has skipped every extra delivery so far."""
        await eventually(shown, within=60, what="the answer")
        await eventually(self._skipped_all, within=60, what=f"{self.duplicates} duplicates skipped")

    async def _skipped_all(self) -> bool:
        return (await self.service.metrics()).get("messages_duplicates_total", 0) >= self.duplicates


def _telegram_shows(telegram: FakeTelegramAPI, seen: int, expect: str) -> bool:
    return any(expect in (m.get("text") or "") for m in telegram.messages(str(TELEGRAM_USER))[seen:])


def _slack_button(screen: Screen, label: str) -> dict[str, Any]:
    return next(
        e
        for b in screen.raw["blocks"]
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["text"]["text"] == label
    )


async def story(teller: Teller, codes: dict[str, str]) -> None:
    """Both delegates, side by side: join, answer (one with a comment), submit; one asks for the status."""

    async def on_telegram() -> None:
        await teller.telegram_start(codes["FRA"], "Text of R1.")
        await teller.telegram_press("Support", "All recommendations are answered")
        await teller.telegram_press("Add a comment on R1", "Add a comment on R1 if you wish")
        await teller.telegram_say("Our comment: <b>bold</b> & <!channel> 🌍", "All recommendations are answered")
        await teller.telegram_press("Submit for France", "Receipt number")
        await teller.telegram_say("status", "answered")

    async def on_slack() -> None:
        await teller.slack_command(f"join {codes['BRA']}", "Text of R1.")
        await teller.slack_press("Reserve (awaiting capital)", "All recommendations are answered")
        await teller.slack_press("Submit for Brazil", "Receipt number")

    await asyncio.gather(on_telegram(), on_slack())


@pytest.mark.parametrize(
    "webhook", [pytest.param(False, id="getupdates"), pytest.param(True, id="webhook", marks=pytest.mark.slow)]
)
async def test_every_event_two_and_three_times_ends_as_once(webhook: bool, services: ServiceFactory) -> None:
    """Dumps after one delivery, two and three (with every button pressed twice) are the same."""
    dumps = {}
    events = {}
    for times, presses in ((1, 1), (2, 2), (3, 2)):
        dumps[times], events[times] = await _tell(services, times=times, presses=presses, webhook=webhook)
    once = dumps[1]
    for times in (2, 3):
        for table in once:
            if table == "inbound_events":
                continue
            assert dumps[times][table] == once[table], f"{table} differs with every event {times} times"
        assert events[times] >= events[1]


async def _tell(services: ServiceFactory, *, times: int, presses: int, webhook: bool) -> tuple[Any, int]:
    async with fresh_database(SQLITE) as url, RepeatingTelegram() as telegram, FakeSlackApi() as slack:
        invited = await seed(
            url, rounds=[a_round(SLUG, items=1)], people=[("FRA", Role.FOCAL_POINT), ("BRA", Role.DELEGATE)]
        )
        await run(url, lambda uow, now: coordination.open_round(uow, SEEDER, SLUG, now))
        service = await services(
            database_url=url, telegram=telegram, slack=slack, webhook=webhook, name=f"redo-{times}"
        )
        await service.start()
        teller = Teller(
            service=service,
            telegram=telegram,
            slack=slack,
            peer=peer_for(service, slack),
            times=times,
            presses=presses,
            webhook=webhook,
        )
        await story(teller, {i.stakeholder: i.code for i in invited})
        await asyncio.sleep(1)
        assert await service.stop() == 0, service.tail()
        state = await dump(url, exact=False)
        return state, len(state["inbound_events"])
