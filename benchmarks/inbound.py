"""Benchmark 1: answers (button presses) in, committed on SQLite, replies out.

Four ways of taking the same presses, side by side in one run:
- raw floor: one sqlite3 INSERT + COMMIT per answer, WAL and synchronous=NORMAL as storage/database.py;
- engine + storage: the presses handed straight to bot.engine.Engine.handle (no PTB, no HTTP);
- without HTTP: PTB's Application.process_update → our handlers → engine, Bot API answered in-process;
  and the ConversationHandler + PicklePersistence baseline the same way;
- full path: the real TelegramChannel (PTB process_update, our handlers, engine, SQLite) against the
  local fake Bot API over HTTP; and the baseline against the same fake server.

Presses are spread over many chats (`inbound_delegates`, each answering answers/delegates
recommendations in turn) and the sender's pacing is switched off for the throughput run (Telegram's
1 msg/s per chat and 30 msg/s overall would otherwise set the pace; benchmark 2 measures pacing).
Updates are processed one after another, so the rates are per event loop (one core).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from adapters.telegram import Pacer, TelegramChannel, TelegramSender
from adapters.telegram.handlers import Handlers
from benchmarks import baseline_ptb, press_sql
from benchmarks.harness import Figure, Run, timed
from benchmarks.world import World, database, seed_world
from bot.domain.model import IncomingMessage
from tests.fakes.telegram_api import FakeTelegramAPI

NAME = "inbound"
TOKEN = "123456:BENCH-token"
USER_BASE = 7_000_000  # Telegram user ids of the benchmark delegates
TARGET_RATE = 2000.0
TARGET_FLOOR = 10.0  # issue 18: within 10× the raw-insert floor of the same run (it was 3× before)
#: Arabic readers (translated texts, isolates around every left-to-right value) within 10% of English.
TARGET_LANGUAGE = 0.9


def no_pacing() -> Pacer:
    """A pacer that never waits (throughput run only; benchmark 2 measures the real one)."""
    return Pacer(overall=10**9, chat_period=0.0, group_period=0.0)


def presses(delegates: int, answers: int, slug: str) -> list[tuple[int, str]]:
    """(user, callback data) in arrival order: every delegate answers R1, then every delegate R2..."""
    per = max(1, answers // delegates)
    order = [(USER_BASE + d, f"p:{slug}:R{k}:s") for k in range(1, per + 1) for d in range(1, delegates + 1)]
    return order[:answers]


async def run(bench: Run) -> None:
    """Measure and record every figure of benchmark 1."""
    sizes = bench.sizes
    items = max(31, sizes.answers // sizes.inbound_delegates)
    order = presses(sizes.inbound_delegates, sizes.answers, "bench")
    local_order = order[: sizes.inbound_local]
    n = len(order)
    with tempfile.TemporaryDirectory(prefix="consultbot-bench-") as scratch:
        bench.phase("inbound: raw sqlite3 floor", total=n)
        floor = raw_floor(Path(scratch) / "floor.db", n, bench.advance)

        rates: dict[str, float] = {}
        # English and Arabic readers alternate twice and keep their better run: one run each is at the
        # mercy of whatever else the machine does at that moment.
        for label, method, feed, language in (
            ("engine", engine_alone, order, "en"),
            ("engine_ar", engine_alone, order, "ar"),
            ("engine", engine_alone, order, "en"),
            ("engine_ar", engine_alone, order, "ar"),
            ("ours_local", ours_without_http, local_order, "en"),
            ("ours_full", ours_full_path, order, "en"),
        ):
            async with database("sqlite") as url:
                world = await seed_world(
                    url, delegations=sizes.inbound_delegates, items=items, account=_account, language=language
                )
                try:
                    bench.phase(f"inbound: {label}", total=len(feed))
                    rates[label] = max(rates.get(label, 0.0), await method(world, feed, bench.advance))
                finally:
                    await world.close()
        # SQLite's own share of a press: the same presses, the time inside sqlite3 counted.
        async with database("sqlite") as url:
            world = await seed_world(url, delegations=sizes.inbound_delegates, items=items, account=_account)
            try:
                bench.phase("inbound: engine, time inside sqlite3", total=len(order))
                async with press_sql.inside_sqlite(world) as clocks:
                    timed_rate = await engine_alone(world, order, bench.advance)
                inside = press_sql.seconds(clocks)
            finally:
                await world.close()
        questions = [(r.ref, r.title, r.text) for r in world.round.recommendations]
        bench.phase("inbound: ConversationHandler baseline, no HTTP", total=len(local_order))
        base_local, _ = await baseline(
            Path(scratch) / "local.pickle", questions, local_order, bench.advance, local=True
        )
        bench.phase("inbound: ConversationHandler baseline, fake Bot API", total=n)
        base_full, flush = await baseline(Path(scratch) / "full.pickle", questions, order, bench.advance, local=False)

    bench.details[NAME] = {
        "answers": n,
        "answers_without_http": len(local_order),
        "chats": sizes.inbound_delegates,
        "pacing": "off (Pacer(overall=1e9, chat_period=0)); fake Bot API without enforce_limits",
        "processing": "sequential, one update at a time",
        "sqlite": "journal_mode=WAL, synchronous=NORMAL (storage/database.py), BEGIN IMMEDIATE per message",
        "rates": {**rates, "raw_floor": floor, "baseline_local": base_local, "baseline_full": base_full},
        "sqlite_seconds_per_press": inside / n,
        "baseline_flush_seconds": flush,
    }
    bench.add(Figure(NAME, "raw sqlite3 insert+commit (floor)", floor, "answers/s", note="WAL, synchronous=NORMAL"))
    engine = rates["engine"]
    bench.add(
        Figure(
            NAME, "engine+storage alone (SQLite)", engine, "answers/s",
            baseline="raw floor", baseline_value=floor, ratio=floor / engine, ratio_label="slower than floor",
            target=f"≥ {TARGET_RATE:,.0f}/s and ≤ {TARGET_FLOOR:g}× floor",
            met=engine >= TARGET_RATE and floor / engine <= TARGET_FLOOR,
        )
    )  # fmt: skip
    per_press = inside / n
    bench.add(
        Figure(
            NAME, "engine+storage: time inside sqlite3 per press", per_press * 1e6, "µs",
            baseline="raw floor, per answer", baseline_value=1e6 / floor, ratio=per_press * floor,
            ratio_label="the floor",
            note=f"{per_press * timed_rate:.0%} of the engine's time in that run; one transaction writing 4 rows "
            "into 4 tables and their indexes, against the floor's 1 row in a table without index",
        )
    )  # fmt: skip
    arabic = rates["engine_ar"]
    bench.add(
        Figure(
            NAME, "engine+storage alone, Arabic readers", arabic, "answers/s",
            baseline="English readers", baseline_value=engine, ratio=arabic / engine, ratio_label="of English",
            target=f"≥ {TARGET_LANGUAGE:.0%} of English", met=arabic >= TARGET_LANGUAGE * engine,
            note="the ar catalogue, isolates around refs and numbers; best of two runs each, alternated",
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, "PTB process_update, no HTTP", rates["ours_local"], "answers/s",
            baseline="ConversationHandler", baseline_value=base_local, ratio=rates["ours_local"] / base_local,
            ratio_label="of baseline", note="Bot API answered in-process",
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, "full path (PTB → engine → SQLite → fake Bot API)", rates["ours_full"], "answers/s",
            baseline="ConversationHandler", baseline_value=base_full, ratio=rates["ours_full"] / base_full,
            ratio_label="of baseline", target="≥ 1× baseline", met=rates["ours_full"] >= base_full,
            note=f"baseline keeps answers in memory; its pickle flush at stop took {flush:.2f} s",
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, "full path vs raw floor", rates["ours_full"], "answers/s",
            baseline="raw floor", baseline_value=floor, ratio=floor / rates["ours_full"],
            ratio_label="slower than floor",
        )
    )  # fmt: skip


def _account(i: int) -> str:
    return str(USER_BASE + i)


def raw_floor(path: Path, n: int, tick: Callable[[], None]) -> float:
    """One INSERT and one COMMIT per answer, with the pragmas storage/database.py sets."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute(
            "CREATE TABLE answers (id INTEGER PRIMARY KEY, stakeholder TEXT, ref TEXT, position TEXT, at TEXT)"
        )
        with timed() as clock:
            for i in range(n):
                connection.execute("BEGIN IMMEDIATE")
                connection.execute(
                    "INSERT INTO answers (stakeholder, ref, position, at) VALUES (?, ?, ?, ?)",
                    (f"S{i % 500:05d}", f"R{i // 500}", "support", datetime.now(UTC).isoformat()),
                )
                connection.execute("COMMIT")
                tick()
    finally:
        connection.close()
    return n / clock.wall


async def engine_alone(world: World, order: list[tuple[int, str]], tick: Callable[[], None]) -> float:
    """The presses as IncomingMessages straight into Engine.handle."""
    core = world.core()
    messages = [
        IncomingMessage(channel="telegram", account=str(user), chat=str(user), action=data, event_id=str(i))
        for i, (user, data) in enumerate(order)
    ]
    with timed() as clock:
        for message in messages:
            replies = await core.handle(message)
            if not replies or replies[0].error:
                raise RuntimeError(f"the engine refused a benchmark answer: {replies}")
            tick()
    return len(messages) / clock.wall


async def ours_without_http(world: World, order: list[tuple[int, str]], tick: Callable[[], None]) -> float:
    """Our handlers on PTB's Application, the Bot API answered in-process."""
    request = baseline_ptb.LocalRequest()
    sender = TelegramSender(bot=Bot(TOKEN, request=request), pacer=no_pacing())
    handlers = Handlers(world.core(), sender)
    app = ApplicationBuilder().token(TOKEN).request(baseline_ptb.LocalRequest()).updater(None).job_queue(None).build()
    app.add_handler(MessageHandler(filters.TEXT & filters.UpdateType.MESSAGE, handlers.on_text))  # as TelegramChannel
    app.add_handler(CallbackQueryHandler(handlers.on_press))
    try:
        async with app:
            shown = {user: _shown(user, i) for i, user in enumerate({u for u, _ in order})}
            rate = await _feed(app, order, lambda user: shown[user], tick)
    finally:
        await sender.close()
    return rate


async def ours_full_path(world: World, order: list[tuple[int, str]], tick: Callable[[], None]) -> float:
    """The real TelegramChannel (webhook mode: no polling) against the fake Bot API over HTTP."""
    async with FakeTelegramAPI(token=TOKEN) as api:
        sender = TelegramSender(token=TOKEN, api_url=api.base_url, pacer=no_pacing())
        channel = TelegramChannel(
            token=TOKEN, engine=world.core(), api_url=api.base_url, sender=sender,
            webhook_url="https://bench.invalid/telegram/webhook", webhook_secret="bench",
        )  # fmt: skip
        async with channel.running():
            app = channel.application
            assert app is not None
            await _invite(app.bot, {u for u, _ in order})
            rate = await _feed(app, order, lambda user: _last(api, user), tick)
        _check(api)
    return rate


async def baseline(
    pickle: Path, questions: list[tuple[str, str, str]], order: list[tuple[int, str]], tick: Callable[[], None],
    *, local: bool,
) -> tuple[float, float]:  # fmt: skip
    """The ConversationHandler bot on the same presses; returns (answers/s, seconds its final flush took)."""
    if local:
        app = baseline_ptb.build(
            token=TOKEN, base_url="http://local.invalid/bot", persistence=pickle, slug="bench", questions=questions,
            request=baseline_ptb.LocalRequest(),
        )  # fmt: skip
        async with app:
            await app.start()
            shown = {user: _shown(user, i) for i, user in enumerate({u for u, _ in order})}
            rate = await _feed(app, order, lambda user: shown[user], tick)
            with timed() as flush:
                await app.stop()
        return rate, flush.wall
    async with FakeTelegramAPI(token=TOKEN) as api:
        app = baseline_ptb.build(
            token=TOKEN, base_url=api.base_url, persistence=pickle, slug="bench", questions=questions
        )
        async with app:
            await app.start()
            await _invite(app.bot, {u for u, _ in order})
            rate = await _feed(app, order, lambda user: _last(api, user), tick)
            with timed() as flush:
                await app.stop()
        _check(api)
    return rate, flush.wall


async def _invite(bot: Bot, users: set[int]) -> None:
    """A first message with buttons in every chat, for the presses to come from (not timed)."""
    for user in sorted(users):
        await bot.send_message(user, "<b>R1 · Recommendation 1</b>\n1 of 31", parse_mode="HTML")


def _last(api: FakeTelegramAPI, user: int) -> dict[str, Any]:
    """The newest message in the chat as Telegram would put it in a callback query."""
    return as_pressed(api.messages(str(user))[-1])


def as_pressed(message: dict[str, Any]) -> dict[str, Any]:
    """A message the fake stores, as Telegram would put it in a callback query (the fake's extras off)."""
    return {k: v for k, v in message.items() if k not in ("html", "forced")}


def _shown(user: int, message_id: int) -> dict[str, Any]:
    return {"message_id": message_id + 1, "date": 0, "chat": {"id": user, "type": "private"}, "text": "R1"}


async def _feed(
    app: Application,  # type: ignore[type-arg]
    order: list[tuple[int, str]],
    message_of: Callable[[int], dict[str, Any]],
    tick: Callable[[], None],
) -> float:
    """Process one callback-query update per press, in order; answers per second."""
    sender = {"is_bot": False, "first_name": "Delegate"}
    with timed() as clock:
        for i, (user, data) in enumerate(order):
            query = {"id": str(i), "from": {"id": user, **sender}, "chat_instance": "1", "message": message_of(user)}
            payload = {"update_id": i + 1, "callback_query": {**query, "data": data}}
            await app.process_update(Update.de_json(payload, app.bot))
            tick()
    return len(order) / clock.wall


def _check(api: FakeTelegramAPI) -> None:
    failed = [c for c in api.calls if c.status != 200]
    if failed:
        raise RuntimeError(f"{len(failed)} Bot API calls failed in the benchmark, e.g. {failed[0]}")
