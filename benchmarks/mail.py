"""Benchmark 6: a round opened for `mail` contacts, every invitation e-mailed through a local SMTP server.

The contacts are imported by the core (bot.coordinator.contacts), the round is opened and the e-mails queued as
`consultbot round open` does, then the dispatcher's tick (bot.planning.jobs.dispatch_tick, as the scheduler
runs it) renders each message (Jinja2, text + HTML) and hands it to aiosmtpd on 127.0.0.1 through
the real EmailSender and its connection pool.

The baseline is the server's own acceptance rate: the same number of ready-made messages of the
same size, sent by bare aiosmtplib clients over as many connections as the sender keeps (no
database, no rendering). Memory: the growth of this process's peak resident memory over the run.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import aiosmtplib

from adapters.email import EmailSender, SmtpConfig, SmtpPool
from adapters.registryfile import load_registry
from benchmarks.harness import Figure, Run, peak_rss_mb, timed
from benchmarks.world import database
from bot.coordinator import rounds as coordination
from bot.coordinator.contacts import ContactLine, import_contacts
from bot.domain.model import Actor
from bot.planning import jobs
from bot.ports import Deps, UnitOfWork
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.adapters.email.mailing_world import REGISTRY, ZONES, sample_round
from tests.fakes.smtp_server import SmtpServer

NAME = "mail"
CONNECTIONS = 8  # the EmailSender's pool, and the dispatcher's sends in flight
OPERATOR = Actor.operator("bench")
#: A message of the size of an invitation (about 5 kB) for the first bare run.
_SAMPLE = b"Subject: sample\r\nContent-Type: text/plain\r\n\r\n" + b"x" * 76 + b"\r\n" * 0 + (b"y" * 74 + b"\r\n") * 66


async def run(bench: Run) -> None:
    """Import `mail` contacts, open a round, send every invitation; time beside the server's own rate."""
    count = bench.sizes.mail
    states = sorted(s.code for s in load_registry(REGISTRY) if s.kind == "member_state")
    lines = [
        ContactLine(
            line=n + 2,
            stakeholder=states[n % len(states)],
            name=f"Delegate {n}",
            email=f"delegate{n}@mission.example",
            role="delegate",
            timezone=ZONES[n % len(ZONES)],
        )
        for n in range(count)
    ]
    with SmtpServer() as smtp:
        bench.phase(f"{NAME}: the server alone, {count:,} messages", total=None)
        with timed() as bare_before:
            await _bare(smtp.url, _SAMPLE, count)
        smtp.recorder.received.clear()
        bench.phase(f"{NAME}: seeding {count:,} contacts", total=None)
        async with database("sqlite") as url:
            engine = create_engine_for(url)
            try:
                sessions = create_session_factory(engine)
                deps = Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=_now)
                round_ = sample_round(_now())
                async with deps.new_uow() as uow:
                    await uow.registry.add_stakeholders(load_registry(REGISTRY))
                    await import_contacts(uow, OPERATOR, lines, _now())
                    await coordination.create(uow, OPERATOR, round_, _now())
                    await uow.commit()
                rss_before = peak_rss_mb()
                sender = EmailSender(
                    SmtpPool(SmtpConfig.from_url(smtp.url), size=CONNECTIONS), mail_from="b@un.example"
                )
                bench.phase(f"{NAME}: {count:,} invitation e-mails", total=count)
                with timed() as opening:
                    queued = await _open(deps, round_.slug)
                with timed() as sending:
                    while len(smtp.recorder.received) < queued:
                        outcome = await jobs.dispatch_tick(deps, sender, owner="bench")
                        bench.advance(outcome.sent)
                        if not outcome.claimed:
                            break
                await sender.close()
                rss_growth = peak_rss_mb() - rss_before
            finally:
                await engine.dispose()
        received = list(smtp.recorder.received)
        size = sum(len(r.raw) for r in received) // max(len(received), 1)
        smtp.recorder.received.clear()
        bench.phase(f"{NAME}: the server alone again, {count:,} messages", total=None)
        with timed() as bare_after:
            await _bare(smtp.url, received[0].raw if received else _SAMPLE, count)
    elapsed = opening.wall + sending.wall
    render_ms = _render_ms(received[0].message if received else None)
    # The faster of the two bare runs (before, with a sample of the same size; after, with a real message):
    # the machine is shared, so the server's own pace is its best one.
    ideal = min(bare_before.wall, bare_after.wall)
    bench.details[NAME] = {
        "contacts": count,
        "queued": queued,
        "received": len(received),
        "distinct_addresses": len({r.to for r in received}),
        "open_and_queue_seconds": opening.wall,
        "dispatch_seconds": sending.wall,
        "server_alone_seconds": ideal,
        "server_alone_messages_per_second": count / ideal if ideal else 0.0,
        "message_bytes_average": size,
        "peak_rss_growth_mb": rss_growth,
        "render_ms_per_message": render_ms,
        "connections": CONNECTIONS,
    }
    bench.add(
        Figure(
            NAME, f"round open, {queued:,} invitation e-mails sent", elapsed, "s",
            baseline="the SMTP server's own acceptance rate", baseline_value=ideal,
            ratio=elapsed / ideal if ideal else None, ratio_label="of ideal",
            target="every address once", met=len(received) == queued == count == len({r.to for r in received}),
            note=(
                f"open {opening.wall:.2f} s + dispatch {sending.wall:.1f} s; {size:,} bytes a message, "
                f"{render_ms:.1f} ms of it rendering"
            ),
        )
    )  # fmt: skip
    bench.add(
        Figure(
            NAME, "peak memory growth during the fan-out", rss_growth, "MB",
            baseline="process peak RSS before the fan-out", target="≤ 100 MB", met=rss_growth <= 100,
        )
    )  # fmt: skip


def _now() -> datetime:
    from main import utc_now

    return utc_now()


async def _open(deps: Deps, slug: str) -> int:
    async def both(uow: UnitOfWork) -> int:
        await coordination.open_round(uow, OPERATOR, slug, deps.clock())
        return await coordination.invite_contacts(uow, deps, OPERATOR, slug, deps.clock())

    async with deps.new_uow() as uow:
        queued = await both(uow)
        await uow.commit()
    return queued


def _render_ms(sample: object) -> float:
    """What building one invitation (Jinja2, MIME, bytes) costs, in ms, over 50 of them."""
    import time

    from adapters.email import compose
    from bot.domain.model import Reply

    text = sample.get_body(("plain",)).get_content() if sample is not None else "x"  # type: ignore[attr-defined]
    reply = Reply(title="Consultation: a round", text=text, key="invite", ref="invite:r:1:email")
    env = compose.environment()
    began = time.perf_counter()
    for _ in range(50):
        compose.as_bytes(compose.build(env, reply, to="a@mission.example", sender="b@un.example"))
    return (time.perf_counter() - began) / 50 * 1000


async def _bare(url: str, message: bytes, count: int) -> None:
    """`count` copies of a ready message over CONNECTIONS plain aiosmtplib connections: the server's pace."""
    config = SmtpConfig.from_url(url)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)

    async def worker() -> None:
        client = aiosmtplib.SMTP(hostname=config.host, port=config.port, start_tls=False)
        await client.connect()
        try:
            while not queue.empty():
                n = queue.get_nowait()
                await client.sendmail("b@un.example", [f"bare{n}@mission.example"], message)
        finally:
            await client.quit()

    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
