"""Slack across replicas: two `consultbot run` on one PostgreSQL schema, the test playing Slack.

Every request is signed as Slack signs it and posted to a random replica. Each Events API event is
delivered again (Slack's retry: the same event_id, `X-Slack-Retry-Num`, `X-Slack-Retry-Reason`),
to the other replica, a moment later, while the first delivery may still be in work. Interactive
payloads (button presses) are not retried by Slack, so they go once.

- Delegates at a person's pace (each reads the bot's reply before the next step) open their round
  by a DM, then answer R1, R2 and R3 by pressing the product's own buttons or by writing a DM:
  each answer is stored once, the final answers are the ones given, each answer is acknowledged
  ("R1 recorded: Support.") once, and every request is acked 2xx within Slack's 3 seconds.
- Two delegates press the four positions one can press (support, oppose, reserve, no position)
  on one recommendation in a burst, on the message as first shown (before our chat.update takes
  its buttons away), on R1, then R2, then R3: each press is stored once, the answer is the last
  one stored, and the presses one replica received are stored in the order it received them.
  Across replicas the order is the order the presses reach the database. One delegate presses
  0.7 s apart (a quick tap after tap): stored in press order, asserted. A replica stores a
  person's press before it posts the replies to their previous one (adapters/slack/listeners.py);
  when it waited for those replies (one message a second per DM), presses 0.5 s apart were stored
  out of order. The other presses as soon as the previous press is acked (Slack does not wait for
  our work): milliseconds apart, the order across replicas is a race, printed, not asserted.

The requests' replicas, the answers and the bursts' orders come from one seed (SLACK_REPLICAS_SEED,
18 unless set), so a failure can be replayed.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select

from adapters.slack.render import texts
from benchmarks.world import seed_world, stakeholder_code
from storage.tables import ResponseRow, RevisionRow
from tests.dbs import POSTGRESQL, fresh_database
from tests.e2e.test_replicas import Replica, start, stop
from tests.fakes.slack_api import Call, FakeSlackApi

pytestmark = [pytest.mark.fake_server, pytest.mark.postgres, pytest.mark.slow]

SECRET = "slack-replicas-signing-secret"
TEAM = "T1"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "slack"
#: Delegates answering at a person's pace, besides the two fast pressers (delegations 1 and 2).
PACED = 6
REFS = ("R1", "R2", "R3")
#: The positions a button records at once ("support with amendments" opens a form instead).
CODES = ("s", "o", "r", "n")
NAMES = {"s": "support", "o": "oppose", "r": "reserve", "n": "no_position"}
WORDS = {"s": "support", "o": "oppose", "r": "reserve", "n": "no position"}
LABELS = {"s": "Support", "o": "Oppose", "r": "Reserve (awaiting capital)", "n": "No position"}
#: Seconds between two presses of a burst, after the ack: delegation 1 presses as fast as the acks come
#: (order across replicas observed, not asserted), delegation 2 at a quick tapping pace (order asserted:
#: a replica stores a person's press before posting the replies to the previous one).
GAPS = {1: 0.0, 2: 0.7}
#: Slack waits this long for the ack before it counts a delivery failed.
ACK_LIMIT = 3.0
#: Seconds after the first delivery of an event that its retry is sent (the first may be in work).
RETRY_AFTER = (0.0, 0.05)


def user_of(delegation: int) -> str:
    return f"U{delegation:05d}"


def dm_of(delegation: int) -> str:
    """The bot's DM channel with the delegate, as the fake's conversations.open names it."""
    return f"D{user_of(delegation)}"


#: A message the bot posted: ((channel, ts), the message with its blocks).
Screen = tuple[tuple[str, str], dict[str, Any]]


@dataclass
class Sent:
    """One HTTP request to a replica, and how it was answered."""

    what: str
    replica: int
    status: int
    seconds: float


@dataclass
class SlackSide:
    """Slack's side: signs and posts events and presses, reads what the bot said through the fake."""

    client: httpx.AsyncClient
    api: FakeSlackApi
    replicas: list[Replica]
    rng: random.Random
    sent: list[Sent] = field(default_factory=list)
    retries: list[asyncio.Task[None]] = field(default_factory=list)
    #: The replica each event was first delivered to, by event_id.
    first: dict[str, int] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def post(self, replica: int, what: str, body: str, content_type: str, *, retry: int = 0) -> None:
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
        assert signature is not None
        headers = {"content-type": content_type, "x-slack-request-timestamp": timestamp, "x-slack-signature": signature}
        if retry:
            headers |= {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"}
        started = time.monotonic()
        try:
            answer = await self.client.post(
                f"http://127.0.0.1:{self.replicas[replica].port}/slack/events", content=body, headers=headers
            )
            status = answer.status_code
        except httpx.TimeoutException:
            status = 0
        self.sent.append(Sent(what, replica, status, time.monotonic() - started))

    async def dm(self, delegation: int, text: str) -> None:
        """The delegate writes in their DM; Slack delivers the event to a replica, then again to the other."""
        n = next(self.ids)
        body = json.loads((FIXTURES / "message_im.json").read_text())
        body["event"] |= {
            "text": text,
            "user": user_of(delegation),
            "channel": dm_of(delegation),
            "ts": f"1800000100.{n:06d}",
            "event_ts": f"1800000100.{n:06d}",
            "client_msg_id": f"8d1f6a52-0000-4000-8000-{n:012d}",
        }
        body["event_id"] = f"Ev{delegation:05d}x{n:06d}"
        raw = json.dumps(body)
        first = self.first[body["event_id"]] = self.rng.randrange(len(self.replicas))
        self.retries.append(asyncio.create_task(self._again(1 - first, raw)))
        await self.post(first, "event", raw, "application/json")

    async def _again(self, replica: int, raw: str) -> None:
        await asyncio.sleep(self.rng.uniform(*RETRY_AFTER))
        await self.post(replica, "retry", raw, "application/json", retry=1)

    async def press(self, delegation: int, ref: str, code: str, screen: Screen | None = None) -> int:
        """Press a button of `screen` (by default the newest message showing it); returns the replica it went to.

        A screen taken earlier is the message as the person's Slack shows it until our chat.update arrives.
        """
        value = f"p:bench:{ref}:{code}"
        screen = screen or self.screen(delegation, value)
        (chat, ts), message = screen
        block, button = next(
            (str(b.get("block_id", "b")), e)
            for b in message["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
            if e.get("value") == value
        )
        payload = json.loads((FIXTURES / "block_actions.json").read_text())
        payload["user"] |= {"id": user_of(delegation), "team_id": TEAM}
        payload["container"] |= {"message_ts": ts, "channel_id": chat}
        payload["channel"]["id"] = chat
        payload["message"] |= {"ts": ts, "text": message["text"], "blocks": message["blocks"]}
        payload["actions"] = [{**button, "block_id": block, "action_ts": f"1800000200.{next(self.ids):06d}"}]
        payload["trigger_id"] = f"trigger-{next(self.ids)}"
        replica = self.rng.randrange(len(self.replicas))
        await self.post(replica, "press", "payload=" + quote(json.dumps(payload)), "application/x-www-form-urlencoded")
        return replica

    def screen(self, delegation: int, value: str) -> Screen:
        """The newest message in the delegate's DM with a button of this value, as Slack holds it now (a copy)."""
        for (chat, ts), message in reversed(self.api.messages.items()):
            if chat == dm_of(delegation) and f'"value": "{value}"' in json.dumps(message["blocks"]):
                return (chat, ts), copy.deepcopy(message)
        raise AssertionError(f"no {value} button in {dm_of(delegation)}")

    # -- what the bot said ----------------------------------------------------------------------------

    def posted(self, delegation: int) -> list[Call]:
        return [c for c in self.api.ok("chat.postMessage") if c.args.get("channel") == dm_of(delegation)]

    def recorded(self, delegation: int, ref: str) -> list[str]:
        """The acknowledgements of answers to `ref` posted in the delegate's DM ("R1 recorded: Oppose.")."""
        said = (texts(c.args.get("blocks", [])) for c in self.posted(delegation))
        return [t for t in said if t.startswith(f"{ref} recorded:")]

    def screens(self, delegation: int, ref: str) -> int:
        """Messages posted in the delegate's DM with buttons answering `ref`."""
        return sum(1 for c in self.posted(delegation) if f'"p:bench:{ref}:s"' in json.dumps(c.args.get("blocks")))

    def shown(self, delegation: int, ref: str) -> bool:
        """The bot has shown `ref` with its buttons."""
        return self.screens(delegation, ref) >= 1

    def acknowledged(self, delegation: int, ref: str, answers: int) -> bool:
        return len(self.recorded(delegation, ref)) >= answers

    def updates(self, delegation: int) -> int:
        """chat.update calls on the delegate's DM (a pressed message shows the choice instead of buttons)."""
        return sum(1 for c in self.api.ok("chat.update") if c.args.get("channel") == dm_of(delegation))


async def _figure(client: httpx.AsyncClient, replica: Replica, name: str) -> float:
    """One value of the replica's /metrics (0 when it has none yet)."""
    scraped = (await client.get(f"http://127.0.0.1:{replica.port}/metrics")).text
    return sum(float(line.split()[-1]) for line in scraped.splitlines() if line.startswith(f"{name} "))


def _ignored(log: str) -> list[str]:
    """The event ids a replica's log says it ignored as duplicates."""
    return re.findall(r"duplicate slack event (\S+) ignored", log)


async def healthy(replica: Replica) -> None:
    for _ in range(600):
        if await replica.health():
            return
        assert replica.process.returncode is None, replica.log.read_text()
        await asyncio.sleep(0.1)
    pytest.fail(replica.log.read_text()[-3000:])


async def paced_delegate(slack: SlackSide, delegation: int, plan: list[tuple[str, str]]) -> None:
    """Opens the round by a DM, then answers R1..R3 as planned ((press|dm, code) each), reading each reply."""
    await slack.dm(delegation, "continue")
    await slack.api.wait_for(partial(slack.shown, delegation, "R1"), within=20)
    for ref, (how, code) in zip(REFS, plan, strict=True):
        if how == "press":
            await slack.press(delegation, ref, code)
        else:
            await slack.dm(delegation, WORDS[code])  # the conversation is at `ref`: the word answers it
        await slack.api.wait_for(partial(slack.acknowledged, delegation, ref, 1), within=20)
        if following := _after(ref):
            await slack.api.wait_for(partial(slack.shown, delegation, following), within=20)


async def fast_presser(
    slack: SlackSide, delegation: int, bursts: dict[str, list[str]], to: dict[str, list[int]], gap: float
) -> None:
    """Four presses on each recommendation, each sent once the previous is acked; then its replies."""
    await slack.dm(delegation, "continue")
    await slack.api.wait_for(partial(slack.shown, delegation, "R1"), within=20)
    for ref, codes in bursts.items():
        screen = slack.screen(delegation, f"p:bench:{ref}:s")  # the buttons, until our chat.update arrives
        for code in codes:
            to[ref].append(await slack.press(delegation, ref, code, screen))
            await asyncio.sleep(gap)
        await slack.api.wait_for(partial(slack.acknowledged, delegation, ref, len(codes)), within=30)
        if following := _after(ref):
            await slack.api.wait_for(partial(slack.shown, delegation, following), within=20)


def _after(ref: str) -> str:
    """The recommendation shown once `ref` is answered ("" after the last)."""
    index = REFS.index(ref) + 1
    return REFS[index] if index < len(REFS) else ""


async def test_slack_delegates_answer_through_two_replicas_each_answer_once_each_acked_and_acknowledged(
    tmp_path: Path,
) -> None:
    seed = int(os.environ.get("SLACK_REPLICAS_SEED", "18"))
    rng = random.Random(seed)
    began = time.monotonic()
    fast = list(GAPS)
    paced = list(range(1 + len(fast), 1 + len(fast) + PACED))
    async with FakeSlackApi(team_id=TEAM) as api, fresh_database(POSTGRESQL) as url:
        world = await seed_world(
            url,
            delegations=len(fast) + PACED,
            items=len(REFS),
            channel="slack",
            account=lambda i: f"{TEAM}:{user_of(i)}",
        )
        env = {
            **os.environ,
            "CONSULTBOT_DATABASE_URL": url,
            "CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-replicas-token",
            "CONSULTBOT_SLACK_SIGNING_SECRET": SECRET,
            "CONSULTBOT_SLACK_API_URL": api.base_url,
        }
        replicas = [await start(env, tmp_path, n) for n in range(2)]
        try:
            for replica in replicas:
                await healthy(replica)
            started = time.monotonic()
            plans = {d: [(rng.choice(("press", "dm")), rng.choice(CODES)) for _ in REFS] for d in paced}
            bursts = {f: {ref: rng.sample(CODES, len(CODES)) for ref in REFS} for f in fast}
            to: dict[int, dict[str, list[int]]] = {f: {ref: [] for ref in REFS} for f in fast}
            async with httpx.AsyncClient(timeout=10) as client:
                slack = SlackSide(client, api, replicas, rng)
                try:
                    await asyncio.wait_for(
                        asyncio.gather(
                            *(fast_presser(slack, f, bursts[f], to[f], GAPS[f]) for f in fast),
                            *(paced_delegate(slack, d, plans[d]) for d in paced),
                        ),
                        timeout=60,
                    )
                    await asyncio.gather(*slack.retries)
                except (TimeoutError, AssertionError) as stuck:  # a reply never came: say what was going on
                    logs = "\n".join(r.log.read_text()[-3000:] for r in replicas)
                    pytest.fail(f"{stuck!r}; requests {slack.sent}\n{logs}")
                finally:
                    for retry in slack.retries:
                        retry.cancel()
                    await asyncio.gather(*slack.retries, return_exceptions=True)
                await asyncio.sleep(2.0)  # anything shown twice, late
                duplicates = [await _figure(client, r, "consultbot_messages_duplicates_total") for r in replicas]
            took = time.monotonic() - started
            logs = "\n".join(r.log.read_text()[-2000:] for r in replicas)

            # Every request acked 2xx within Slack's 3 seconds.
            late = [s for s in slack.sent if not (200 <= s.status < 300 and s.seconds < ACK_LIMIT)]
            assert not late, f"{late}\n{logs}"

            async with world.engine.connect() as connection:
                rows = (
                    await connection.execute(
                        select(RevisionRow.stakeholder, RevisionRow.ref, RevisionRow.position).order_by(RevisionRow.id)
                    )
                ).all()
                final = {
                    (holder, ref): position
                    for holder, ref, position in (
                        await connection.execute(select(ResponseRow.stakeholder, ResponseRow.ref, ResponseRow.position))
                    ).all()
                }
            stored: dict[tuple[str, str], list[str]] = {}
            for holder, ref, position in rows:
                stored.setdefault((holder, ref), []).append(position)

            # The delegates at a person's pace: one revision per answer, the answers given, each acknowledged.
            twice = 0
            for d in paced:
                code = stakeholder_code(d)
                for ref, (how, given) in zip(REFS, plans[d], strict=True):
                    assert stored.get((code, ref)) == [NAMES[given]], (d, ref, how, stored.get((code, ref)), logs)
                    assert final[(code, ref)] == NAMES[given]
                    said = slack.recorded(d, ref)
                    assert said, (d, ref)
                    assert said[0] == f"{ref} recorded: {LABELS[given]}.", said
                    twice += len(said) - 1
                    twice += slack.screens(d, ref) - 1  # each screen shown once ("continue", then each answer)
                presses = sum(1 for how, _ in plans[d] if how == "press")
                assert slack.updates(d) == presses, (d, slack.updates(d), presses)

            # The fast pressers: each press stored once, the answer is the last one stored; the presses one
            # replica received are stored in the order it received them. Across replicas: in press order at
            # a tapping pace (delegation 2), observed only as fast as the acks come (delegation 1).
            in_order = {f: 0 for f in fast}
            seen: list[str] = []
            for f in fast:
                code = stakeholder_code(f)
                for ref, pressed in bursts[f].items():
                    revisions = stored.get((code, ref), [])
                    assert sorted(revisions) == sorted(NAMES[c] for c in pressed), (ref, revisions, pressed, logs)
                    assert final[(code, ref)] == revisions[-1]
                    for n in range(len(replicas)):
                        mine = [NAMES[c] for c, r in zip(pressed, to[f][ref], strict=True) if r == n]
                        assert [p for p in revisions if p in mine] == mine, (ref, n, revisions, pressed, to[f][ref])
                    said = slack.recorded(f, ref)
                    assert len(said) >= len(pressed), (ref, said)
                    twice += len(said) - len(pressed)
                    ordered = revisions == [NAMES[c] for c in pressed]
                    in_order[f] += ordered
                    seen.append(
                        f"{f}/{ref}: pressed {''.join(pressed)} via {''.join('AB'[r] for r in to[f][ref])}, "
                        f"stored {''.join(next(c for c in CODES if NAMES[c] == p) for p in revisions)}"
                        f"{'' if ordered else ' (out of order)'}"
                    )
                assert slack.updates(f) == sum(len(p) for p in bursts[f].values())
            assert in_order[2] == len(REFS), f"presses {GAPS[2]} s apart stored out of order: {seen}"

            events = sum(1 for s in slack.sent if s.what == "event")
            retried = sum(1 for s in slack.sent if s.what == "retry")
            # Each redelivery found the event's mark (the engine counts it a duplicate, on either replica).
            assert sum(duplicates) == retried, (duplicates, retried)
            # Where the retry was handled first, the first delivery found its mark: they were in work together.
            overtaken = sum(
                1
                for n, replica in enumerate(replicas)
                for event in _ignored(replica.log.read_text())
                if slack.first[event] == n
            )
            presses = sum(1 for s in slack.sent if s.what == "press")
            by_replica = Counter(s.replica for s in slack.sent)
            print(
                f"\nseed {seed}: {events} events (+{retried} redelivered to the other replica; the retry handled first "
                f"{overtaken} times), {presses} presses, "
                f"requests per replica {dict(sorted(by_replica.items()))}; slowest ack "
                f"{max(s.seconds for s in slack.sent) * 1000:.0f} ms; replies shown twice {twice}; "
                f"bursts in press order: {in_order[1]} of {len(REFS)} as fast as acked, {in_order[2]} of {len(REFS)} "
                f"{GAPS[2]} s apart: {'; '.join(seen)}; "
                f"answering {took:.1f} s, whole test {time.monotonic() - began:.1f} s"
            )
            assert twice == 0, f"{twice} replies shown twice"
        finally:
            await stop(replicas)
            await world.engine.dispose()
