"""Benchmark 2: opening a round for many delegates, invitations sent within Telegram's 30 messages/s.

The round is opened by the coordination use case (one invitation per delegate written to the
outbox), then the dispatcher's tick (bot.planning.jobs.dispatch_tick, as the scheduler runs it) sends them
through the real TelegramSender and its Pacer, against the fake Bot API with enforce_limits=True:
it answers 429 to any message beyond 30 in a second, or a second one to a chat within a second.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.telegram import TelegramSender
from benchmarks.harness import Figure, Run, timed
from benchmarks.world import database, seed_world
from bot.coordinator import rounds as coordination
from bot.domain.model import RoundStatus
from bot.planning import jobs
from storage import SqlUnitOfWork, create_session_factory
from storage.tables import RoundRow
from tests.fakes.telegram_api import FakeTelegramAPI

NAME = "fanout"
TOKEN = "123456:BENCH-token"
RATE = 30.0  # Telegram's bulk limit, messages per second
TARGET = 1.05


async def run(bench: Run) -> None:
    """Open a round for `fanout` delegates and send every invitation; record elapsed vs ideal and 429s."""
    delegates = bench.sizes.fanout
    bench.phase("fanout: seeding", total=None)
    async with database("sqlite") as url:
        world = await seed_world(url, delegations=delegates, items=31, account=lambda i: str(8_000_000 + i))
        try:
            await _draft(world.engine, world.round.slug)
            sessions = create_session_factory(world.engine)
            deps = world.core().deps
            async with FakeTelegramAPI(token=TOKEN, enforce_limits=True) as api:
                sender = TelegramSender(token=TOKEN, api_url=api.base_url)
                await sender.open()  # getMe before the clock starts, as a running service has done
                bench.phase(f"fanout: {delegates:,} invitations at ≤ 30/s", total=delegates)
                sent = 0

                def tick() -> None:
                    nonlocal sent
                    now = len(api.calls_to("sendMessage"))
                    bench.advance(now - sent)
                    sent = now

                with timed() as opening:
                    async with SqlUnitOfWork(sessions) as uow:
                        invited = await coordination.open_round(uow, None, world.round.slug, deps.clock())
                        await uow.commit()
                with timed() as total:
                    while len(api.calls_to("sendMessage")) < invited:
                        outcome = await jobs.dispatch_tick(deps, sender, owner="bench")
                        tick()
                        if not outcome.claimed:
                            break
                await sender.close()
                ok = api.calls_to("sendMessage")
                refused = [c for c in api.calls_to("sendMessage", ok=False) if c.status == 429]
                span = ok[-1].at - ok[0].at if len(ok) > 1 else 0.0
                # Send i may go once send i-30 is a second old: what it waited beyond that, summed over
                # the 30 chains i, i+30, i+60... and averaged, is the time lost to the pacer sitting idle
                # (claims, writes, round trips) rather than to Telegram's limit.
                behind = sum(max(0.0, ok[i].at - ok[i - int(RATE)].at - 1.0) for i in range(int(RATE), len(ok))) / RATE
        finally:
            await world.close()
    ideal = invited / RATE
    elapsed = opening.wall + total.wall
    bench.details[NAME] = {
        "delegates": delegates,
        "invitations_queued": invited,
        "sent": len(ok),
        "responses_429": len(refused),
        "open_round_seconds": opening.wall,
        "dispatch_seconds": total.wall,
        "first_to_last_send_seconds": span,
        "seconds_behind_the_30_a_second_window": behind,
        "ideal_seconds": ideal,
    }
    bench.add(
        Figure(
            NAME, f"open a round, {invited:,} invitations sent", elapsed, "s",
            baseline="ideal N/30", baseline_value=ideal, ratio=elapsed / ideal, ratio_label="of ideal",
            target=f"≤ {TARGET}× ideal", met=elapsed <= TARGET * ideal and len(ok) == invited,
            note=f"open_round {opening.wall:.2f} s + dispatch {total.wall:.1f} s, {behind:.2f} s behind 30/s",
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, "429 answers seen", float(len(refused)), "", baseline="fake Bot API, enforce_limits=True",
            target="0", met=not refused,
        )
    )  # fmt: skip


async def _draft(engine: AsyncEngine, slug: str) -> None:
    """Put the seeded round back to draft, so that opening it queues the invitations."""
    async with engine.begin() as connection:
        await connection.execute(update(RoundRow).where(RoundRow.slug == slug).values(status=RoundStatus.DRAFT.value))
