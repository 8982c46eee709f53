"""Ten SIGKILLs during a live round: no acknowledged answer lost, every push delivered exactly once.

Fifty delegates (forty on Telegram through getUpdates, ten on Slack over HTTP events) join, get
their invitation when the coordinator opens the round, answer recommendation by recommendation
(some with comments), and most submit; the coordinator sends reminders twice meanwhile. A chaos
task kills `consultbot run` with SIGKILL at ten random moments and starts it again at once.

Then, counted from both ends: every answer a delegate saw acknowledged ("R2 recorded: Oppose.") is
stored with that position; every invitation and reminder row ends `sent`, and the fake servers show
each exactly once; every conversation resumes where the delegate was. The seed is printed (set
CRASH_SEED to replay a run).

What is left is measured, not hidden. The dispatcher notes each delivery in a local sent log the
moment the platform accepts it (adapters/sentlog.py), and a restarted process records those as sent;
but a kill in the instant between the platform accepting a message and the process reading that
answer (a millisecond when idle, up to a tenth of a second when the CPU is saturated, as here) still
sends that message again after the restart: sending is at least once (README, "Guarantees"). Each
duplicate is printed with the kill that caused it; one whose first copy did not arrive within WINDOW
before a kill has another cause and fails the test.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.domain.model import CHOOSABLE, Position, Role
from bot.i18n.catalogue import position_label
from storage.tables import ConversationRow, DeliveryRow, ResponseRow, RoundRow, SubmissionRow
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.conftest import ServiceFactory
from tests.reliability.people import Delegate, Plan, Screen, SlackChat, TelegramChat, peer_for
from tests.reliability.service import Service
from tests.reliability.world import MEMBER_STATES, a_round, eventually, query, seed

pytestmark = [pytest.mark.fake_server, pytest.mark.slow]

TELEGRAM_DELEGATES = 40
SLACK_DELEGATES = 10
ITEMS = 4
KILLS = int(os.environ.get("CRASH_KILLS", "10"))
SLUG = "crash"
COORDINATOR = 9001
#: A duplicate whose first copy reached the platform this close to a kill was in flight when the process
#: died: the documented at-least-once window (the event loop's latency on a saturated CPU, or bytes
#: already on their way); anything else is a bug.
WINDOW = 0.25
LABELS = [position_label("en", p) for p in CHOOSABLE if p is not Position.SUPPORT_WITH_AMENDMENTS]


@dataclass
class Figures:
    """What the crash test measured."""

    seed: int
    kills: int
    acknowledged: int = 0
    lost: int = 0
    deliveries: int = 0
    doubled: int = 0
    doubled_in_window: int = 0
    missing: int = 0
    not_resumed: int = 0
    nudges: int = 0
    seconds: float = 0.0


async def test_ten_kills_during_a_live_round_lose_and_double_nothing(
    database: str, telegram: FakeTelegramAPI, slack: FakeSlackApi, services: ServiceFactory, tmp_path: Path
) -> None:
    seed_value = int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(1 << 30))
    rng = random.Random(seed_value)
    print(f"\ncrash test seed: {seed_value} (CRASH_SEED={seed_value} replays the plan)")
    began = time.monotonic()

    states = MEMBER_STATES[: TELEGRAM_DELEGATES + SLACK_DELEGATES]
    invited = await seed(
        database,
        rounds=[a_round(SLUG, items=ITEMS)],
        people=[(code, Role.DELEGATE) for code in states] + [("UNS", Role.COORDINATOR)],
    )
    service = await services(database_url=database, telegram=telegram, slack=slack)
    await service.start()
    peer = peer_for(service, slack)

    chats: list[TelegramChat | SlackChat] = [
        TelegramChat(telegram, 1001 + i, name=f"Delegate {states[i]}") for i in range(TELEGRAM_DELEGATES)
    ]
    chats += [SlackChat(slack, peer, f"U{201 + i}") for i in range(SLACK_DELEGATES)]
    coordinator = TelegramChat(telegram, COORDINATOR, name="Coordinator")

    # Everyone joins before the chaos starts (joining is covered by the redelivery tests).
    for chat, person in zip(chats, invited, strict=False):
        if isinstance(chat, TelegramChat):
            await chat.say(f"/start {person.code}")
        else:
            await chat.command(f"join {person.code}")
    await coordinator.say(f"/start {invited[-1].code}")
    for chat in [*chats, coordinator]:
        await eventually(lambda chat=chat: _shows(chat, "Welcome"), within=60, what=f"{chat} joined")
    await coordinator.say(f"open {SLUG}")
    await eventually(lambda: _shows(coordinator, f"Round {SLUG} is open"), within=30, what="round opened")

    delegates = [
        Delegate(chat, _plan(rng, i, isinstance(chat, TelegramChat)), patience=12) for i, chat in enumerate(chats)
    ]
    live_until = time.monotonic() + 420
    agents = [asyncio.create_task(d.run(deadline=live_until)) for d in delegates]
    reminders = asyncio.create_task(_remind(coordinator, rng))
    joined = time.monotonic()
    await _chaos(service, rng)
    chaos = time.monotonic()
    await asyncio.gather(*agents, reminders)
    finish = time.monotonic() - chaos
    print(f"phases: joined {joined - began:.1f} s, chaos {chaos - joined:.1f} s, finish {finish:.1f} s")
    print(f"starts took {service.start_seconds} s")

    figures = Figures(seed=seed_value, kills=len(service.kills))
    figures.nudges = sum(d.nudges for d in delegates)
    unfinished = [i for i, d in enumerate(delegates) if not d.done]
    assert not unfinished, f"delegates who could not finish: {unfinished}: {[delegates[i].log for i in unfinished]}"

    # Every delivery row leaves the outbox (the last process's claims included).
    await eventually(lambda: _outbox_drained(database), within=90, what="every delivery sent")
    await asyncio.sleep(1.0)  # the fakes record the last sends

    await _count_answers(database, delegates, states, figures)
    await _count_deliveries(database, telegram, slack, service, figures)
    await _check_resume(database, delegates, invited, figures)
    figures.seconds = round(time.monotonic() - began, 1)

    report = json.dumps(figures.__dict__)
    print(f"crash test figures: {report}")
    (tmp_path / "crash-figures.json").write_text(report)
    assert figures.kills == KILLS
    assert figures.lost == 0, report
    assert figures.missing == 0, report
    assert figures.not_resumed == 0, report
    assert figures.doubled == figures.doubled_in_window, f"duplicates outside the at-least-once window: {report}"


def _plan(rng: random.Random, index: int, telegram: bool) -> Plan:
    refs = [f"R{i}" for i in range(1, ITEMS + 1)]
    positions = {ref: rng.choice(LABELS) for ref in refs}
    comments = {"R2": f"Comment {index}: capital consulted on R2."} if telegram and rng.random() < 0.3 else {}
    submit = rng.random() < 0.7
    return Plan(positions=positions, comments=comments, submit=submit, stop_at="" if submit else "R3")


def _shows(chat: TelegramChat | SlackChat, text: str) -> bool:
    return any(text in s.text for s in chat.screens())


async def _chaos(service: Service, rng: random.Random) -> None:
    """Ten times: let the service live a random while, SIGKILL it, start it again."""
    for _ in range(KILLS):
        await asyncio.sleep(rng.uniform(1.0, 5.0))
        await service.kill()
        await service.start()


async def _remind(coordinator: TelegramChat, rng: random.Random) -> None:
    """The coordinator sends reminders twice while the round is live (again if no answer comes)."""
    for pause in (rng.uniform(3, 10), rng.uniform(15, 30)):
        await asyncio.sleep(pause)
        seen = len(coordinator.screens())
        for _ in range(10):
            await coordinator.say(f"remind {SLUG}")
            try:
                await eventually(
                    lambda seen=seen: any(" queued." in s.text for s in coordinator.screens()[seen:]),
                    within=20,
                    what="reminders queued",
                )
                break
            except AssertionError:
                continue


async def _outbox_drained(url: str) -> bool:
    rows = await query(url, select(DeliveryRow.status))
    return bool(rows) and all(status == "sent" for (status,) in rows)


async def _count_answers(url: str, delegates: list[Delegate], states: list[str], figures: Figures) -> None:
    """Every acknowledged position (and comment, and receipt) is in the database."""
    rows = await query(
        url,
        select(ResponseRow.stakeholder, ResponseRow.ref, ResponseRow.position, ResponseRow.comment)
        .join(RoundRow, RoundRow.id == ResponseRow.round_id)
        .where(RoundRow.slug == SLUG),
    )
    stored = {(s, r): (p, c) for s, r, p, c in rows}
    receipts = {r for (r,) in await query(url, select(SubmissionRow.receipt))}
    labels = {position_label("en", p): p.value for p in Position}
    for delegate, code in zip(delegates, states, strict=True):
        for ref, label in delegate.acknowledged().items():
            figures.acknowledged += 1
            if stored.get((code, ref), ("", ""))[0] != labels[label]:
                figures.lost += 1
                print(f"LOST: {code} {ref} acknowledged {label}, stored {stored.get((code, ref))}")
        for ref in delegate.comments_acknowledged():
            figures.acknowledged += 1
            if stored.get((code, ref), ("", ""))[1] != delegate.plan.comments.get(ref):
                figures.lost += 1
                print(f"LOST comment: {code} {ref}")
        for receipt in delegate.receipts():
            figures.acknowledged += 1
            if receipt not in receipts:
                figures.lost += 1
                print(f"LOST receipt: {code} {receipt}")


async def _count_deliveries(
    url: str, telegram: FakeTelegramAPI, slack: FakeSlackApi, service: Service, figures: Figures
) -> None:
    """Per chat and kind: as many messages on the platform as delivery rows, each row sent."""
    rows = await query(url, select(DeliveryRow.kind, DeliveryRow.channel, DeliveryRow.chat, DeliveryRow.status))
    expected = Counter((kind, channel, chat) for kind, channel, chat, _ in rows)
    figures.deliveries = len(rows)
    figures.missing += sum(1 for *_, status in rows if status != "sent")
    arrivals: dict[tuple[str, str, str], list[float]] = {}
    for call in telegram.calls_to("sendMessage"):
        kind = _kind(call.params.get("text", ""))
        if kind:
            arrivals.setdefault((kind, "telegram", call.chat), []).append(call.at)
    for posted in slack.ok("chat.postMessage"):
        kind = _kind(str(posted.args.get("text", "")))
        if kind:
            arrivals.setdefault((kind, "slack", str(posted.args["channel"])), []).append(posted.at)
    for key in set(expected) | set(arrivals):
        got, want = len(arrivals.get(key, [])), expected.get(key, 0)
        if got < want:
            figures.missing += want - got
            print(f"MISSING: {key}: {got} of {want}")
        if got > want:
            extra = got - want
            figures.doubled += extra
            firsts = sorted(arrivals[key])[:want] or sorted(arrivals[key])[:1]
            # In flight at a kill: arrived a moment before it, or just after (bytes already on their way).
            explained = sum(1 for at in firsts if any(abs(kill - at) <= WINDOW for kill in service.kills))
            figures.doubled_in_window += min(extra, explained)
            print(f"DOUBLED: {key}: {got} for {want} rows; arrivals {arrivals[key]}; kills {service.kills}")


def _kind(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = re.sub(r"<[^>]+>", "", first).strip("* ")
    return "invitation" if first.startswith("Consultation:") else "reminder" if first.startswith("Reminder:") else ""


async def _check_resume(url: str, delegates: list[Delegate], invited: Sequence[object], figures: Figures) -> None:
    """Each conversation is stored where the delegate stopped, and "continue" shows exactly that."""
    rows = await query(url, select(ConversationRow.participant_id, ConversationRow.step, ConversationRow.ref))
    conversations = {pid: (step, ref) for pid, step, ref in rows}
    befores = [len(d.dialogue()) for d in delegates]
    for delegate in delegates:
        await delegate.chat.say("continue")
    for delegate, person, before in zip(delegates, invited, befores, strict=False):
        plan = delegate.plan
        expected = ("review", "") if plan.submit else ("item", plan.stop_at)
        stored = conversations.get(person.participant_id)  # type: ignore[attr-defined]
        title = "Review ·" if plan.submit else f"{plan.stop_at} · "
        try:
            shown: Screen = await eventually(
                lambda d=delegate, b=before: next((s for s in d.dialogue()[b:] if s.buttons or s.title), None),
                within=60,
                what="the resumed screen",
            )
        except AssertionError:
            shown = Screen(-1, "", (), None)
        if stored != expected or not shown.title.startswith(title):
            figures.not_resumed += 1
            print(f"NOT RESUMED: {person}: stored {stored}, expected {expected}, shown {shown.title!r}")
            print("  its last actions:", delegate.log[-12:])
            print("  its last screens:", [(s.title[:40], s.buttons[:3]) for s in delegate.dialogue()[-10:]])
