"""Benchmark: updates processed concurrently (different chats at once, one chat in order), as a replica does.

Two figures, against the local fake Bot API over HTTP, the sender's pacing off (Telegram's own
pacing, 30 messages/s overall and 1/s per chat, is measured by the fan-out benchmark):

- throughput: `concurrent_answers` presses (as benchmark 1's, over `inbound_delegates` chats), all
  handed to the channel's update processor at once (adapters/telegram/updates.py: at most 64 at a
  time, one chat in order), as a webhook or the poller hands them; beside the ConversationHandler +
  PicklePersistence baseline fed one update at a time (PTB's default; its ConversationHandler is not
  safe with concurrent updates), same fake, same presses, same run. Twice: with the fake answering
  at once (loopback: each call waits only for the fake's own work and the loopback round trip), and
  with `bot_api_latency` seconds added to every Bot API call (the fake's own delay rule), since the
  real Bot API is a network round trip away and that wait is what concurrent processing overlaps;
- interactive latency: `latency_delegates` delegates press at the same moment; for each, the time
  from the press being handed in to the fake receiving the next screen (the first message in that
  chat, sent or edited, whose text shows R2), p50 and p99.

The fake runs in a process of its own (benchmarks/remote_fake.py), for every figure here and for
both bots: the real Bot API is a server across a network, not code in the bot's process, and in
the benchmark's own event loop the fake's work (parsing, checking HTML, answering) ran on the bot's
loop and core, between the bot's own steps. Out of process, the bot under test has the event loop
to itself, as in production, and on a two-core machine with nothing else running a core to itself,
the fake having the other. Each fake is started before its timed part and stopped after it
(start-up is not timed). Ours and the baseline talk to the same kind of fake, started the same way,
with the same delay rule.

The clocks: ours runs from all presses handed in until the last is processed (the updates are built
beforehand, from the message each chat shows). The baseline presses, one at a time, on the newest
message in its chat, which lives in the fake's process: that message is asked for between presses
and each update built off the clock, so its clock runs around its process_update calls only (in
process it was a dict lookup inside it). Latency is measured on the fake's clock of arrival,
time.monotonic(), which on Linux is one clock for both processes.
"""

from __future__ import annotations

import asyncio
import re
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
from benchmarks.inbound import TOKEN, USER_BASE, as_pressed, no_pacing, presses
from benchmarks.remote_fake import RemoteCall, RemoteTelegramAPI
from benchmarks.world import World, database, seed_world

NAME = "concurrent"
TARGET_RATIO = 1.5
TARGET_P99 = 1.0  # seconds, press to next screen, outside Telegram's own pacing
#: The next screen after a press on R1 shows R2 (not R20..R29, nor AR2: the reference on its own).
NEXT_SCREEN = re.compile(r"(?<![A-Za-z0-9])R2(?![0-9])")
#: Where the next screen can appear: a message sent, or one edited into it.
SCREEN_METHODS = frozenset({"sendmessage", "editmessagetext"})


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
                    await world.close()
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
                await world.close()
    p50, p99 = statistics.median(waits), _percentile(waits, 0.99)
    bench.details[NAME] = {
        "answers": len(order),
        "chats": delegates,
        "processing": "PerChatProcessor(64): different chats at once, one chat in order",
        "baseline_processing": "one update at a time (PTB default)",
        "pacing": "off (Pacer(overall=1e9, chat_period=0)); fake Bot API without enforce_limits",
        "fake_bot_api": "tests/fakes/telegram_api.py in a process of its own (benchmarks/remote_fake.py), "
        "for ours and the baseline alike",
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
                note="PTB → engine → SQLite → fake Bot API in its own process; same presses, same fake, one run; "
                "the baseline keeps answers in memory (pickle at stop)",
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


def _channel(world: World, api: RemoteTelegramAPI) -> TelegramChannel:
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


async def _slow(api: RemoteTelegramAPI, latency: float) -> None:
    """Every Bot API call answered after `latency` seconds, as over a network."""
    if latency:
        await api.fail(status=None, times=None, delay=latency)


async def _baseline(
    pickle: Path, questions: list[tuple[str, str, str]], order: list[tuple[int, str]], tick: Callable[[], None],
    *, latency: float,
) -> float:  # fmt: skip
    """The ConversationHandler bot, one update at a time, against the (slowed) fake; answers per second."""
    async with RemoteTelegramAPI(token=TOKEN) as api:
        app = baseline_ptb.build(
            token=TOKEN, base_url=api.base_url, persistence=pickle, slug="bench", questions=questions
        )
        async with app:
            await app.start()
            try:
                await inbound._invite(app.bot, {u for u, _ in order})
                await _slow(api, latency)
                rate = await _one_at_a_time(app, api, order, tick)
            finally:  # else an interruption would end in PTB's "This Application is still running!"
                await app.stop()
        await api.check()
    return rate


async def _one_at_a_time(
    app: Application,  # type: ignore[type-arg]
    api: RemoteTelegramAPI,
    order: list[tuple[int, str]],
    tick: Callable[[], None],
) -> float:
    """Each press on the newest message in its chat, processed before the next; answers per second.

    The message is asked of the fake's process and the update built off the clock (as ours are built
    before theirs starts): the clock runs around process_update, the baseline's own work and waits.
    """
    busy = 0.0
    for i, (user, data) in enumerate(order):
        shown = as_pressed((await api.last_messages([user]))[str(user)])
        update = _update(app, i, user, data, shown)
        with timed() as clock:
            await app.process_update(update)
            tick()
        busy += clock.wall
    return len(order) / busy


async def _full_path(world: World, order: list[tuple[int, str]], tick: Callable[[], None], *, latency: float) -> float:
    """Every press handed in at once (the processor bounds and orders them); answers per second."""
    async with RemoteTelegramAPI(token=TOKEN) as api:
        channel = _channel(world, api)
        async with channel.running():
            app = channel.application
            assert app is not None
            users = {u for u, _ in order}
            await inbound._invite(app.bot, users)
            await _slow(api, latency)
            shown = {int(chat): as_pressed(message) for chat, message in (await api.last_messages(users)).items()}
            updates = [_update(app, i, user, data, shown[user]) for i, (user, data) in enumerate(order)]

            async def one(update: Update) -> None:
                await _hand_in(app, update)
                tick()

            with timed() as clock:
                await asyncio.gather(*(one(u) for u in updates))
        await api.check()
    return len(order) / clock.wall


async def _latency(world: World, crowd: int, tick: Callable[[], None]) -> list[float]:
    """`crowd` delegates press Support on R1 at the same moment; seconds until each one's next screen
    (the first message in the chat showing R2, after the "R1 recorded" acknowledgement or whatever
    else comes first) reaches the fake, by the fake's own clock of arrival (nothing asks the fake
    anything while the presses are processed: the bot has the event loop to itself)."""
    async with RemoteTelegramAPI(token=TOKEN) as api:
        channel = _channel(world, api)
        async with channel.running():
            app = channel.application
            assert app is not None
            users = [USER_BASE + d for d in range(1, crowd + 1)]
            await inbound._invite(app.bot, set(users))
            shown = await api.last_messages(users)
            updates = [_update(app, i, u, "p:bench:R1:s", as_pressed(shown[str(u)])) for i, u in enumerate(users)]
            await api.sync()
            started = len(api.calls)
            pressed: dict[str, float] = {}

            async def press(user: int, update: Update) -> None:
                pressed[str(user)] = time.monotonic()
                await _hand_in(app, update)
                tick()

            await asyncio.gather(*(press(u, up) for u, up in zip(users, updates, strict=True)))
            try:
                await api.wait_until(lambda: len(_next_screens(api.calls[started:], pressed)) >= crowd, within=60)
            except TimeoutError:
                got = len(_next_screens(api.calls[started:], pressed))
                raise RuntimeError(f"{got} of {crowd} chats got a message showing R2 after the press") from None
        await api.check()
    arrived = _next_screens(api.calls[started:], pressed)
    return [arrived[chat] - pressed[chat] for chat in pressed]


def _next_screens(calls: list[RemoteCall], pressed: dict[str, float]) -> dict[str, float]:
    """When each chat's next screen arrived at the fake: the first message in the chat, sent or edited
    (sendMessage, editMessageText), answered 200, arriving after the press, whose text shows R2.
    First by arrival: the fake lists a call once it has answered it."""
    found: dict[str, float] = {}
    for call in calls:
        if (
            call.chat in pressed
            and call.at < found.get(call.chat, float("inf"))
            and call.method in SCREEN_METHODS
            and call.status == 200
            and call.at >= pressed[call.chat]
            and NEXT_SCREEN.search(call.text)
        ):
            found[call.chat] = call.at
    return found
