"""Benchmark: updates processed concurrently (different chats at once, one chat in order), as a replica does.

Two figures, against the local fake Bot API over HTTP, the sender's pacing off (Telegram's own
pacing, 30 messages/s overall and 1/s per chat, is measured by the fan-out benchmark):

- throughput: `concurrent_answers` presses (as benchmark 1's, over `inbound_delegates` chats), all
  handed to the channel's update processor at once (adapters/telegram/updates.py: at most 64 at a
  time, one chat in order), as a webhook or the poller hands them; beside the ConversationHandler +
  PicklePersistence baseline fed one update at a time (PTB's default; its ConversationHandler is not
  safe with concurrent updates), same fake, same presses, same run. Twice: with the fake answering
  at once (loopback, in the same process: no wait to overlap, so concurrency can gain little), and
  with `bot_api_latency` seconds added to every Bot API call (the fake's own delay rule), since the
  real Bot API is a network round trip away and that wait is what concurrent processing overlaps;
- interactive latency: `latency_delegates` delegates press at the same moment; for each, the time
  from the press being handed in to the fake receiving the next screen (sendMessage), p50 and p99.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from adapters.telegram import TelegramChannel, TelegramSender
from benchmarks import baseline_ptb, inbound
from benchmarks.harness import Figure, Run, timed
from benchmarks.inbound import TOKEN, USER_BASE, no_pacing, presses
from benchmarks.world import World, database, seed_world
from tests.fakes.telegram_api import FakeTelegramAPI

NAME = "concurrent"
TARGET_RATIO = 1.5
TARGET_P99 = 1.0  # seconds, press to next screen, outside Telegram's own pacing


async def run(bench: Run) -> None:
    """Measure concurrent throughput against the baseline, and the latency of many presses at once."""
    sizes = bench.sizes
    delegates = sizes.inbound_delegates
    items = max(31, sizes.answers // delegates)
    order = presses(delegates, sizes.concurrent_answers, "bench")
    crowd = sizes.latency_delegates
    rates: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="consultbot-bench-") as scratch:
        for label, latency in (("loopback", 0.0), ("latency", sizes.bot_api_latency)):
            async with database("sqlite") as url:
                world = await seed_world(url, delegations=max(delegates, crowd), items=items, account=_account)
                try:
                    bench.phase(f"concurrent: full path, updates at once ({label})", total=len(order))
                    rates[f"ours_{label}"] = await _full_path(world, order, bench.advance, latency=latency)
                finally:
                    await world.engine.dispose()
            questions = [(r.ref, r.title, r.text) for r in world.round.recommendations]
            bench.phase(f"concurrent: ConversationHandler baseline ({label})", total=len(order))
            pickle = Path(scratch) / f"{label}.pickle"
            rates[f"baseline_{label}"] = await _baseline(pickle, questions, order, bench.advance, latency=latency)
        async with database("sqlite") as url:
            world = await seed_world(url, delegations=crowd, items=items, account=_account)
            try:
                bench.phase(f"concurrent: {crowd} delegates press at once", total=crowd)
                waits = await _latency(world, crowd, bench.advance)
            finally:
                await world.engine.dispose()
    p50, p99 = statistics.median(waits), _percentile(waits, 0.99)
    bench.details[NAME] = {
        "answers": len(order),
        "chats": delegates,
        "processing": "PerChatProcessor(64): different chats at once, one chat in order",
        "baseline_processing": "one update at a time (PTB default)",
        "pacing": "off (Pacer(overall=1e9, chat_period=0)); fake Bot API without enforce_limits",
        "bot_api_latency_seconds": sizes.bot_api_latency,
        "rates": rates,
        "latency_delegates": crowd,
        "latency_seconds": {"p50": p50, "p99": p99, "max": max(waits)},
    }
    for label, what in (
        ("loopback", "fake answers at once"),
        ("latency", f"{sizes.bot_api_latency * 1000:g} ms per Bot API call"),
    ):
        ours, base = rates[f"ours_{label}"], rates[f"baseline_{label}"]
        bench.add(
            Figure(
                NAME, f"full path, concurrent, {what}", ours, "answers/s",
                baseline="ConversationHandler, sequential", baseline_value=base, ratio=ours / base,
                ratio_label="of baseline", target=f"≥ {TARGET_RATIO:g}× baseline", met=ours >= TARGET_RATIO * base,
                note="PTB → engine → SQLite → fake Bot API; same presses, same fake, one run; the baseline keeps "
                "answers in memory (pickle at stop)",
            )
        )  # fmt: skip
    bench.add(
        Figure(
            NAME, f"press → next screen, {crowd} delegates at once, p50", p50, "s",
            note=f"p99 {p99:.3f} s, max {max(waits):.3f} s; sender pacing off",
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, f"press → next screen, {crowd} delegates at once, p99", p99, "s",
            target=f"< {TARGET_P99:g} s outside Telegram's pacing", met=p99 < TARGET_P99,
            note="with Telegram's 30/s, 200 next screens take ≥ 6.7 s whatever the bot",
        )
    )  # fmt: skip


def _account(i: int) -> str:
    return str(USER_BASE + i)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _channel(world: World, api: FakeTelegramAPI) -> TelegramChannel:
    sender = TelegramSender(token=TOKEN, api_url=api.base_url, pacer=no_pacing())
    return TelegramChannel(
        token=TOKEN, engine=world.core(), api_url=api.base_url, sender=sender,
        webhook_url="https://bench.invalid/telegram/webhook", webhook_secret="bench",
    )  # fmt: skip


def _update(app: Application, i: int, user: int, data: str, message: dict[str, Any]) -> Update:  # type: ignore[type-arg]
    query = {
        "id": str(i), "from": {"id": user, "is_bot": False, "first_name": "Delegate"}, "chat_instance": "1",
        "message": message, "data": data,
    }  # fmt: skip
    return Update.de_json({"update_id": i + 1, "callback_query": query}, app.bot)


async def _hand_in(app: Application, update: Update) -> None:  # type: ignore[type-arg]
    """As the webhook and the poller do: through the update processor (concurrent, per-chat order)."""
    await app.update_processor.process_update(update, app.process_update(update))


def _slow(api: FakeTelegramAPI, latency: float) -> FakeTelegramAPI:
    """Every Bot API call answered after `latency` seconds, as over a network."""
    if latency:
        api.fail(status=None, times=None, delay=latency)
    return api


async def _baseline(
    pickle: Path, questions: list[tuple[str, str, str]], order: list[tuple[int, str]], tick: Callable[[], None],
    *, latency: float,
) -> float:  # fmt: skip
    """The ConversationHandler bot, one update at a time, against the (slowed) fake; answers per second."""
    async with FakeTelegramAPI(token=TOKEN) as api:
        app = baseline_ptb.build(
            token=TOKEN, base_url=api.base_url, persistence=pickle, slug="bench", questions=questions
        )
        async with app:
            await app.start()
            await inbound._invite(app.bot, {u for u, _ in order})
            _slow(api, latency)
            rate = await inbound._feed(app, order, lambda user: inbound._last(api, user), tick)
            await app.stop()
        inbound._check(api)
    return rate


async def _full_path(world: World, order: list[tuple[int, str]], tick: Callable[[], None], *, latency: float) -> float:
    """Every press handed in at once (the processor bounds and orders them); answers per second."""
    async with FakeTelegramAPI(token=TOKEN) as api:
        channel = _channel(world, api)
        async with channel.running():
            app = channel.application
            assert app is not None
            await inbound._invite(app.bot, {u for u, _ in order})
            _slow(api, latency)
            shown = {user: inbound._last(api, user) for user in {u for u, _ in order}}
            updates = [_update(app, i, user, data, shown[user]) for i, (user, data) in enumerate(order)]

            async def one(update: Update) -> None:
                await _hand_in(app, update)
                tick()

            with timed() as clock:
                await asyncio.gather(*(one(u) for u in updates))
        inbound._check(api)
    return len(order) / clock.wall


async def _latency(world: World, crowd: int, tick: Callable[[], None]) -> list[float]:
    """`crowd` delegates press Support on R1 at the same moment; seconds until each one's next screen
    (R2, after the "R1 recorded" acknowledgement) reaches the fake, by the fake's own clock of arrival
    (nothing polls the chats meanwhile: the bot has the event loop to itself)."""
    async with FakeTelegramAPI(token=TOKEN) as api:
        channel = _channel(world, api)
        async with channel.running():
            app = channel.application
            assert app is not None
            users = [USER_BASE + d for d in range(1, crowd + 1)]
            await inbound._invite(app.bot, set(users))
            updates = [_update(app, i, u, "p:bench:R1:s", inbound._last(api, u)) for i, u in enumerate(users)]
            started = len(api.calls)
            pressed: dict[str, float] = {}

            async def press(user: int, update: Update) -> None:
                pressed[str(user)] = time.monotonic()
                await _hand_in(app, update)
                tick()

            await asyncio.gather(*(press(u, up) for u, up in zip(users, updates, strict=True)))
            await api.wait_until(lambda: len(_next_screens(api.calls[started:])) >= crowd, within=60)
        inbound._check(api)
    arrived = _next_screens(api.calls[started:])
    return [arrived[chat] - pressed[chat] for chat in pressed]


def _next_screens(calls: list[Any]) -> dict[str, float]:
    """When each chat's next screen (the message showing R2) arrived at the fake."""
    found: dict[str, float] = {}
    for call in calls:
        if call.method == "sendmessage" and call.status == 200 and "R2" in str(call.params.get("text", "")):
            found.setdefault(call.chat, call.at)
    return found
