"""Benchmark 4: resident memory of `consultbot run`, idle and with many delegates mid-conversation.

The service runs as a real process (SQLite; Telegram long polling and Slack HTTP events pointed at
the local fakes). Idle is measured once it has settled after its first start. Then `conversations`
delegates (bulk-inserted participants with Telegram identities) each write "continue" through the
fake getUpdates; the bot answers each with the first recommendation of the sample round, so each is
left mid-conversation (a recommendation shown, its position pending). Replies go out at Telegram's
30 messages/s, so this phase takes conversations/30 seconds. Beside it: a process that only
imports the composition root (main.py) and everything it wires, doing nothing.
"""

from __future__ import annotations

import asyncio
import sys
import time

from benchmarks.harness import Figure, Run
from benchmarks.service import ROOT, running

NAME = "memory"
IDLE_TARGET = 150.0
GROWTH_TARGET = 20.0
STALL = 60.0  # seconds without a new delegate answered before the run is given up


async def imports_only_mb() -> float:
    """Resident memory of a Python process that imports main.py (every library the service loads)."""
    code = "import main, psutil; print(psutil.Process().memory_info().rss)"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(err.decode()[-2000:])
    return int(out.decode().split()[-1]) / 2**20


async def run(bench: Run) -> None:
    """Idle RSS, then RSS with `conversations` delegates mid-conversation."""
    count = bench.sizes.conversations
    bench.phase("memory: imports-only process", total=None)
    floor = await imports_only_mb()
    bench.phase("memory: starting consultbot run", total=None)
    async with running() as service:
        await asyncio.sleep(3)  # the first scheduler ticks and the first long poll
        idle = await service.settled_rss_mb()
        pairs = service.add_delegates(count, channel="telegram", first_id=500_000)
        telegram = service.telegram
        bench.phase(f"memory: {count:,} delegates start a conversation", total=count)
        for account, _ in pairs:
            telegram.say(int(account), "continue")
        started, done, peak = time.monotonic(), 0, idle
        progressed = started
        waiting = [account for account, _ in pairs]
        while done < count:
            # Replies go out at Telegram's 30 a second (count/30 s at best) and the engine may be
            # slower on a busy machine: give up only when nobody has been answered for a minute.
            if time.monotonic() - progressed > STALL:
                raise RuntimeError(f"only {done} of {count} delegates were answered; none in the last {STALL:g} s")
            await asyncio.sleep(0.5)
            peak = max(peak, service.rss_mb())
            waiting = [account for account in waiting if not telegram.messages(account)]
            if count - len(waiting) > done:
                bench.advance(count - len(waiting) - done)
                done, progressed = count - len(waiting), time.monotonic()
        served = time.monotonic() - started
        await asyncio.sleep(2)
        busy = await service.settled_rss_mb()
        peak = max(peak, busy)
        shown = sum(1 for account, _ in pairs if "1 of" in telegram.messages(account)[0].get("text", ""))
    growth = busy - idle
    bench.details[NAME] = {
        "imports_only_mb": floor,
        "idle_mb": idle,
        "after_mb": busy,
        "conversations": count,
        "first_item_shown": shown,
        "peak_mb": peak,
        "growth_kb_per_conversation": (busy - idle) * 1024 / max(count, 1),
        "seconds_to_answer_all": served,
        "how": "SQLite, Telegram long polling + Slack HTTP events against local fakes; RSS via psutil",
    }
    bench.add(
        Figure(
            NAME, "consultbot run, idle", idle, "MB", baseline="imports only", baseline_value=floor,
            ratio=idle / floor, ratio_label="of imports", target=f"< {IDLE_TARGET:g} MB", met=idle < IDLE_TARGET,
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, f"+{count:,} open conversations", growth, "MB", baseline="idle", baseline_value=idle,
            ratio=busy / idle, ratio_label="of idle", target=f"< {GROWTH_TARGET:g} MB", met=growth < GROWTH_TARGET,
            note=f"{growth * 1024 / max(count, 1):.1f} KB per conversation; peak {peak:.0f} MB; "
            f"all answered in {served:.0f} s",
        )
    )  # fmt: skip
