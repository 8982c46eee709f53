"""Replicas in webhook mode: delegates pressing as fast as Telegram lets them, through two `consultbot run`.

Two real processes on one PostgreSQL schema behind the same webhook URL list; the test plays
Telegram's webhook delivery as its documentation and its maintainers describe it:

- One chat's updates in sequence: Telegram "will wait for you to end the request before delivering
  the next update that belongs to that chat ... updates from different chats are sent concurrently"
  (grammY, "Ending Webhook Requests in Time",
  https://grammy.dev/guide/deployment-types.html#ending-webhook-requests-in-time, which cites
  https://github.com/tdlib/telegram-bot-api/issues/75#issuecomment-755436496).
- A failed request is delivered again: "In case of an unsuccessful request, we will give up after a
  reasonable amount of attempts" (https://core.telegram.org/bots/api#setwebhook), and "The webhook
  response is awaited for at most 60 seconds ... After the time passes, the connection is closed and
  the request is re-sent" (https://github.com/tdlib/telegram-bot-api/issues/211). Nothing tells the
  bot that the first request is over: it may still be running when the update comes again, to
  another replica.

So, per chat, the fake posts the next update only once the previous one was answered 2xx, with no
pause between presses. Each delivery goes to a random replica. One answered otherwise, one taking
longer than TIMEOUT, and one whose connection is cut (a share of deliveries, after a fraction of a
second: a network failure, which Telegram retries too) is followed at once by the same update, to a
random replica, while the first may still run. Twice the test holds the table every answer is
written to (at first, and when the watched delegate is halfway): presses wait in both replicas,
time out and come again, and the deliveries of one update race each other for the chat's lock.

Required: each delegate's revisions are exactly its presses, in the order pressed, once each, and
its final answers its last presses; every answer the fake received was 200, and every press got
one in the end; each press's acknowledgement ("R1 recorded: Support.", added under the pressed
message by an edit) reached Telegram, first in the order pressed, never as a second handling would
show it ("R1 unchanged: Support."), and at most once per delivery of its update.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.world import seed_world, stakeholder_code
from bot.dialogue.screens import recorded
from bot.domain.model import Position
from storage.tables import ResponseRow, RevisionRow
from tests.dbs import POSTGRESQL, fresh_database
from tests.e2e.test_replicas import Replica, start, stop
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = [pytest.mark.fake_server, pytest.mark.postgres, pytest.mark.slow]

SECRET = "replica-order-secret"
USER = 7_100_001  # Telegram id of the first delegate, watched closely; the others follow
DELEGATES = 6  # chats pressing at once
ITEMS = 3
#: Each delegate's presses: every recommendation gets the four positions in turn, so that each press
#: changes an answer (one revision each) and each acknowledgement's text is its press's alone.
CODES = {"s": Position.SUPPORT, "o": Position.OPPOSE, "r": Position.RESERVE, "n": Position.NO_POSITION}
PRESSES = [(f"R{i}", code) for code in CODES for i in range(1, ITEMS + 1)]
#: The fake's webhook timeout (Telegram's is 60 s). A replica answers once the replies are shown, and
#: they are paced at one message a second per chat: a press (its acknowledgement, then the next
#: screen) took about 2 s when the acknowledgement was a message of its own (1 s now). With 2 s
#: here nearly every press timed out then (112 of 247 deliveries).
TIMEOUT = 4.0
HOLD = TIMEOUT + 1.0  # seconds the table is held each time: the press that meets it times out once
CUT = 0.2  # the share of deliveries whose connection is cut, after up to CUT_AFTER seconds
CUT_AFTER = 0.3
MOST = 12  # deliveries of one update before the test gives up on it


@dataclass
class Press:
    """One press of one delegate, and how the fake Telegram delivered it."""

    ref: str
    code: str
    deliveries: int = 0
    timeouts: int = 0
    cuts: int = 0
    answers: list[int] = field(default_factory=list)

    @property
    def data(self) -> str:
        return f"p:bench:{self.ref}:{self.code}"

    @property
    def position(self) -> str:
        return CODES[self.code].value

    def reply(self, *, changed: bool = True) -> str:
        """The acknowledgement of this press; `changed=False`: as a second handling would show it."""
        return recorded("en", self.ref, CODES[self.code], changed=changed).text


def _shown(telegram: FakeTelegramAPI, user: int) -> list[str]:
    """What Telegram accepted in a chat, in order: each edit by the line it added under the pressed
    message ("✓ R1 recorded: Support.": the acknowledgement), each message sent by its text."""
    texts = []
    for call in telegram.calls:
        if call.status == 200 and call.chat == str(user) and call.method in ("sendmessage", "editmessagetext"):
            said = str(call.params.get("text", ""))
            texts.append(said.rpartition("✓ ")[2] if call.method == "editmessagetext" else said)
    return texts


class Webhook:
    """Telegram delivering updates to the webhook URL list (the replicas), one chat's in sequence."""

    def __init__(self, client: httpx.AsyncClient, replicas: list[Replica], rng: random.Random) -> None:
        self.client, self.replicas, self.rng = client, replicas, rng

    async def send(self, update: dict[str, object], press: Press) -> None:
        """Deliver until answered 2xx: again at once after a failure, a timeout or a cut connection."""
        while not await self._once(update, press):
            assert press.deliveries < MOST, press

    async def _once(self, update: dict[str, object], press: Press) -> bool:
        replica = self.rng.choice(self.replicas)
        cut = self.rng.uniform(0, CUT_AFTER) if self.rng.random() < CUT else None
        press.deliveries += 1
        try:
            async with asyncio.timeout(TIMEOUT if cut is None else cut):
                answer = await self.client.post(
                    f"http://127.0.0.1:{replica.port}/telegram/webhook", json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )  # fmt: skip
        except TimeoutError:  # the connection is closed, as Telegram closes it; the replica goes on
            if cut is None:
                press.timeouts += 1
            else:
                press.cuts += 1
            return False
        press.answers.append(answer.status_code)
        return answer.is_success


async def slow_database(engine: AsyncEngine) -> asyncio.Task[None]:
    """Hold the table every answer is written to for HOLD seconds, from now (the task ends it)."""
    holder = await engine.connect()
    await holder.execute(text("LOCK TABLE revisions IN EXCLUSIVE MODE"))

    async def release() -> None:
        await asyncio.sleep(HOLD)
        await holder.commit()
        await holder.close()

    return asyncio.ensure_future(release())


async def healthy(replica: Replica) -> None:
    """Wait until the replica's Telegram channel is up (before, its webhook answers 503)."""
    for _ in range(300):
        data = await replica.health()
        channels = data.get("channels") if data else None
        if isinstance(channels, dict) and channels.get("telegram", {}).get("state") == "up":
            return
        assert replica.process.returncode is None, replica.log.read_text()
        await asyncio.sleep(0.1)
    pytest.fail(replica.log.read_text()[-3000:])


async def quiet(telegram: FakeTelegramAPI, *, after: float = 2.5, within: float = 60.0) -> None:
    """Wait until the fake Bot API has had no call for `after` seconds (from now, at least)."""
    since = time.monotonic()
    for _ in range(int(within / 0.25)):
        if time.monotonic() - max(since, telegram.calls[-1].at) >= after:
            return
        await asyncio.sleep(0.25)


async def test_fast_presses_delivered_as_telegram_does_to_two_webhook_replicas_are_stored_in_order_once_each(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    async with FakeTelegramAPI() as telegram, fresh_database(POSTGRESQL) as url:
        world = await seed_world(url, delegations=DELEGATES, items=ITEMS, account=lambda i: str(USER + i - 1))
        env = {
            **os.environ,
            "CONSULTBOT_DATABASE_URL": url,
            "CONSULTBOT_TELEGRAM_TOKEN": telegram.token,
            "CONSULTBOT_TELEGRAM_API_URL": telegram.base_url,
            "CONSULTBOT_TELEGRAM_WEBHOOK_URL": "https://bot.invalid/telegram/webhook",
            "CONSULTBOT_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "PTB_TIMEDELTA": "1",
        }
        replicas = [await start(env, tmp_path, n) for n in range(2)]
        users = [USER + d for d in range(DELEGATES)]
        pressed = {user: [Press(ref, code) for ref, code in PRESSES] for user in users}
        holds: list[asyncio.Task[None]] = []
        try:
            for replica in replicas:
                await healthy(replica)
            ready = time.monotonic()
            async with httpx.AsyncClient(timeout=60) as client:
                webhook = Webhook(client, replicas, random.Random(18))

                async def chat(user: int) -> None:
                    sent = await client.post(
                        f"{telegram.base_url}{telegram.token}/sendMessage", data={"chat_id": user, "text": "R"}
                    )
                    shown = sent.json()["result"]  # the message whose buttons are pressed
                    for k, press in enumerate(pressed[user]):
                        if user == USER and k == len(PRESSES) // 2:
                            holds.append(await slow_database(world.engine))  # slow again, mid-way
                        await webhook.send(telegram.press_update(user, shown, press.data), press)

                holds.append(await slow_database(world.engine))  # slow at first
                async with asyncio.TaskGroup() as chats:  # one failing chat stops the others
                    for user in users:
                        chats.create_task(chat(user))
                await asyncio.gather(*holds)
            took = time.monotonic() - ready
            await quiet(telegram)  # replies of deliveries still running when their update was answered
            logs = "\n".join(r.log.read_text() for r in replicas)

            # Stored: each delegate's presses in order, once each; the final answers, the last presses.
            async with world.engine.connect() as connection:
                for d, user in enumerate(users, start=1):
                    mine = RevisionRow.stakeholder == stakeholder_code(d)
                    found = await connection.execute(
                        select(RevisionRow.ref, RevisionRow.position).where(mine).order_by(RevisionRow.id)
                    )
                    revisions = [(ref, position) for ref, position in found.all()]
                    expected = [(p.ref, p.position) for p in pressed[user]]
                    assert revisions == expected, f"delegate {user}: stored {revisions}\npressed {expected}"
                    final = await connection.execute(
                        select(ResponseRow.ref, ResponseRow.position).where(
                            ResponseRow.stakeholder == stakeholder_code(d)
                        )
                    )
                    assert dict(final.all()) == {p.ref: p.position for p in pressed[user]}

            # Answered: 200 every time the fake had an answer, and in the end for every press.
            presses = [press for user in users for press in pressed[user]]
            answered = Counter(status for press in presses for status in press.answers)
            assert set(answered) == {200}, f"{answered}\n{logs[-5000:]}"
            assert all(press.answers and press.answers[-1] == 200 for press in presses)

            # Shown: the acknowledgements Telegram accepted, per press. A delivery that reaches a
            # replica shows them at most once: the one that handles the update, or one that finds its
            # mark with the replies not yet noted as shown (a first delivery still running, or dead)
            # and shows the replies kept with the mark; one that finds them shown shows nothing. So
            # a press is shown at least once and at most once per delivery of its update.
            twice = 0
            for user in users:
                texts = _shown(telegram, user)
                counts = Counter(texts)
                again = [p.reply(changed=False) for p in pressed[user] if counts[p.reply(changed=False)]]
                assert not again, f"delegate {user}: presses handled twice: {again}"
                acknowledged = [t for t in dict.fromkeys(texts) if t in {p.reply() for p in pressed[user]}]
                assert acknowledged == [p.reply() for p in pressed[user]], f"delegate {user}: {acknowledged}"
                for press in pressed[user]:
                    assert 1 <= counts[press.reply()] <= press.deliveries, (user, press, counts[press.reply()])
                    twice += counts[press.reply()] - 1
            assert "Traceback" not in logs, logs[-5000:]
        finally:
            await stop(replicas)
            await world.engine.dispose()
    redelivered = sum(p.deliveries - 1 for p in presses)
    timeouts, cuts = sum(p.timeouts for p in presses), sum(p.cuts for p in presses)
    print(
        f"\n{len(presses)} presses by {DELEGATES} delegates in {took:.1f} s ({time.monotonic() - started:.1f} s in"
        f" all): {redelivered} delivered again ({timeouts} timed out, {cuts} cut), {twice} acknowledgements shown"
        f" twice; the watched delegate's deliveries: {[p.deliveries for p in pressed[USER]]}"
    )
