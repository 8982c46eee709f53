"""SqlOutbox on SQLite and PostgreSQL: dedupe, claims under leases (also concurrent), retries, dead rows."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import RowMapping, event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.model import Address, Choice, Delivery, DeliveryStatus, Prompt, Reply
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from storage.outbox import ADD_CHUNK
from storage.tables import DeliveryRow
from tests.storage.conftest import NOW, NewUow, seed
from tests.storage.locks import LockWatch
from tests.storage.rows import deliveries

LEASE = timedelta(minutes=5)
REPO = Path(__file__).resolve().parents[2]


def delivery(key: str, *, minutes: int = 0, kind: str = "reminder", round_: str = "doa-2026") -> Delivery:
    """A delivery due at NOW + minutes."""
    return Delivery(
        kind=kind,
        dedupe_key=key,
        address=Address("telegram", "4242"),
        reply=Reply(text=f"Reminder {key}", choices=(Choice("Continue", "continue"),)),
        due_at=NOW + timedelta(minutes=minutes),
        round=round_,
    )


async def add_all(new_uow: NewUow, deliveries: list[Delivery]) -> None:
    """Add and commit."""
    async with new_uow() as uow:
        for item in deliveries:
            assert await uow.outbox.add(item)
        await uow.commit()


async def claim(new_uow: NewUow, owner: str, *, minutes: int = 0, limit: int = 10) -> list[Delivery]:
    """Claim as `owner` at NOW + minutes, and commit."""
    now = NOW + timedelta(minutes=minutes)
    async with new_uow() as uow:
        claimed = await uow.outbox.claim_due(now=now, owner=owner, lease_until=now + LEASE, limit=limit)
        await uow.commit()
    return claimed


async def stored(engine: AsyncEngine, delivery_id: int | None) -> RowMapping:
    """The row as stored (storage internals: claimed_by, lease, provider id), read outside any unit of work."""
    async with engine.connect() as connection:
        result = await connection.execute(select(DeliveryRow.__table__).where(DeliveryRow.id == delivery_id))
        return result.mappings().one()


class TestAdd:
    async def test_dedupe_key_inserts_once(self, new_uow: NewUow) -> None:
        """Adding the same dedupe key twice keeps one row; the second add says False."""
        async with new_uow() as uow:
            assert await uow.outbox.add(delivery("k")) is True
            assert await uow.outbox.add(delivery("k", minutes=99)) is False
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.outbox.add(delivery("k")) is False
            assert await deliveries(uow) == 1

    async def test_round_trip_through_a_claim(self, new_uow: NewUow) -> None:
        """What was added comes back from claim_due: reply, address, participant, round; now sending."""
        people = await seed(new_uow)
        reply = Reply(
            text="Due in 2 days",
            title="Reminder",
            choices=(Choice("Go", "go:R1"),),
            prompt=Prompt.COMMENT,
            prompt_ref="R1",
            max_length=500,
            confirms="x",
            image=b"\x89PNG\x00",
            key="reminder.due",
        )
        original = Delivery(
            kind="invitation",
            dedupe_key="inv:1",
            address=Address("slack", "D123"),
            reply=reply,
            due_at=NOW,
            participant_id=people["NOR"].id,
            round="doa-2026",
        )
        await add_all(new_uow, [original])
        [claimed] = await claim(new_uow, "a")
        assert claimed.id is not None
        assert claimed == Delivery(
            kind="invitation",
            dedupe_key="inv:1",
            address=Address("slack", "D123"),
            reply=reply,
            due_at=NOW,
            participant_id=people["NOR"].id,
            round="doa-2026",
            id=claimed.id,
            status=DeliveryStatus.SENDING,
            attempts=1,
        )

    async def test_stored_with_kind_and_round(self, new_uow: NewUow) -> None:
        """Deliveries are stored with their kind and round."""
        await add_all(
            new_uow,
            [delivery("a"), delivery("b", kind="digest", round_=""), delivery("c", round_="other")],
        )
        async with new_uow() as uow:
            assert await deliveries(uow) == 3
            assert await deliveries(uow, kind="reminder") == 2
            assert await deliveries(uow, round_slug="doa-2026") == 1
            assert await deliveries(uow, kind="digest", round_slug="") == 1
            assert await deliveries(uow, kind="invitation") == 0

    async def test_depth_by_status_and_channel(self, new_uow: NewUow) -> None:
        """depth() counts rows by (status, channel), for /metrics."""
        slack = replace(delivery("s"), address=Address("slack", "D1"))
        await add_all(new_uow, [delivery("a"), delivery("b"), slack])
        async with new_uow() as uow:
            [claimed] = await uow.outbox.claim_due(now=NOW, owner="me", lease_until=NOW + timedelta(minutes=5), limit=1)
            await uow.outbox.mark_sent(claimed.id or 0, at=NOW)
            await uow.commit()
        async with new_uow() as uow:
            depth = await uow.outbox.depth()
        assert sum(depth.values()) == 3
        assert depth[("sent", claimed.address.channel)] == 1
        assert {c for _, c in depth} == {"telegram", "slack"}


class TestAddMany:
    async def test_adding_the_same_keys_twice_stores_them_once_and_reports_only_new_ones(self, new_uow: NewUow) -> None:
        """add_many inserts the keys not stored yet and returns those, in the order given."""
        async with new_uow() as uow:
            assert await uow.outbox.add(delivery("b"))
            assert await uow.outbox.add_many([delivery("a"), delivery("b"), delivery("c")]) == ["a", "c"]
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.outbox.add_many([delivery("c", minutes=99), delivery("a"), delivery("d")]) == ["d"]
            assert await uow.outbox.add_many([delivery("a"), delivery("d")]) == []
            assert await uow.outbox.add(delivery("d")) is False
            await uow.commit()
        async with new_uow() as uow:
            assert await deliveries(uow) == 4
        assert [d.dedupe_key for d in await claim(new_uow, "a")] == ["b", "a", "c", "d"]  # in order of insertion

    async def test_a_key_repeated_in_one_call_is_stored_once_the_first_one(self, new_uow: NewUow) -> None:
        async with new_uow() as uow:
            assert await uow.outbox.add_many([delivery("k", minutes=1), delivery("k", minutes=2)]) == ["k"]
            assert await uow.outbox.add_many([]) == []
            await uow.commit()
        [claimed] = await claim(new_uow, "a", minutes=5)
        assert claimed.due_at == NOW + timedelta(minutes=1)

    async def test_more_rows_than_one_statement_holds(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """Several chunks: every row stored as given, dedupe across chunks and against stored rows."""
        people = await seed(new_uow)
        count = 2 * ADD_CHUNK + 7
        many = [
            replace(delivery(f"k{n:04}", minutes=n % 5), participant_id=people["KEN"].id, kind="invitation")
            for n in range(count)
        ]
        async with new_uow() as uow:
            assert await uow.outbox.add_many(many[ADD_CHUNK : ADD_CHUNK + 3]) == [
                d.dedupe_key for d in many[ADD_CHUNK : ADD_CHUNK + 3]
            ]
            inserts: list[str] = []
            event.listen(engine.sync_engine, "before_cursor_execute", _note_inserts(inserts))
            added = await uow.outbox.add_many(many)
            await uow.commit()
        assert len(inserts) == 3, "a few multi-row statements, not one per row"
        assert added == [d.dedupe_key for d in many[:ADD_CHUNK] + many[ADD_CHUNK + 3 :]]
        async with new_uow() as uow:
            assert await deliveries(uow, kind="invitation", round_slug="doa-2026") == count
            assert await uow.outbox.add_many(many) == []
        claimed = await claim(new_uow, "a", minutes=10, limit=count)
        assert sorted(claimed, key=lambda d: d.dedupe_key) == [
            replace(d, id=c.id, status=DeliveryStatus.SENDING, attempts=1)
            for d, c in zip(many, sorted(claimed, key=lambda d: d.dedupe_key), strict=True)
        ]
        row = await stored(engine, claimed[0].id)
        assert (row.provider_id, row.sent_at, row.last_error) == ("", None, "")


def _note_inserts(into: list[str]) -> Callable[..., None]:
    def note(connection: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO DELIVERIES"):
            into.append(statement)

    return note


class TestClaim:
    async def test_claims_due_rows_in_due_order_up_to_limit(self, new_uow: NewUow) -> None:
        """Only rows due by `now`, oldest first, at most `limit`; a claimed row is not claimed again."""
        await add_all(
            new_uow,
            [
                delivery("late", minutes=3),
                delivery("b", minutes=-1),
                delivery("a", minutes=-5),
                delivery("c", minutes=0),
            ],
        )
        first = await claim(new_uow, "one", limit=2)
        assert [d.dedupe_key for d in first] == ["a", "b"]
        assert all(d.status is DeliveryStatus.SENDING and d.attempts == 1 for d in first)
        assert [d.dedupe_key for d in await claim(new_uow, "two")] == ["c"]
        assert await claim(new_uow, "three") == []
        assert [d.dedupe_key for d in await claim(new_uow, "four", minutes=3)] == ["late"]  # leases still run

    async def test_expired_lease_is_reclaimed(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """A row whose claimer vanished is claimable again once its lease ran out, by someone else."""
        await add_all(new_uow, [delivery("k")])
        [first] = await claim(new_uow, "crashed")
        assert await claim(new_uow, "other", minutes=4) == []  # lease still running
        [again] = await claim(new_uow, "other", minutes=6)
        assert (again.id, again.attempts, again.status) == (first.id, 2, DeliveryStatus.SENDING)
        row = await stored(engine, first.id)
        assert (row.claimed_by, row.lease_until) == ("other", NOW + timedelta(minutes=6) + LEASE)

    async def test_uncommitted_claim_is_not_taken(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """A claimer holding rows in an open transaction: another claimer takes only the others."""
        await add_all(new_uow, [delivery(f"k{n}", minutes=-n) for n in range(6)])
        with LockWatch(engine) as locks:
            async with new_uow() as first:
                mine = await first.outbox.claim_due(now=NOW, owner="first", lease_until=NOW + LEASE, limit=3)
                second = asyncio.create_task(claim(new_uow, "second"))
                if engine.dialect.name == "postgresql":
                    # SKIP LOCKED: the second claimer neither waits for the first nor takes its rows.
                    await asyncio.wait_for(asyncio.shield(second), timeout=10)
                else:
                    # BEGIN IMMEDIATE: the second claimer waits for the first, then sees its rows claimed.
                    await locks.someone_waits()
                    assert not second.done()
                await first.commit()
        theirs = await second
        assert len(mine) == 3
        assert len(theirs) == 3
        assert {d.id for d in mine}.isdisjoint({d.id for d in theirs})

    async def test_concurrent_claimers_on_separate_engines_never_share_a_row(self, db_url: str) -> None:
        """Four dispatchers, each with its own engine, claiming in small batches: every row once."""
        setup = create_engine_for(db_url)
        await add_all(lambda: SqlUnitOfWork(create_session_factory(setup)), [delivery(f"k{n}") for n in range(60)])
        await setup.dispose()

        async def dispatcher(name: str) -> list[int]:
            engine = create_engine_for(db_url)
            new_uow = lambda: SqlUnitOfWork(create_session_factory(engine))  # noqa: E731
            taken: list[int] = []
            try:
                while batch := await claim(new_uow, name, limit=4):
                    taken += [d.id for d in batch if d.id is not None]
                    await asyncio.sleep(0)
            finally:
                await engine.dispose()
            return taken

        results = await asyncio.gather(*(dispatcher(f"d{n}") for n in range(4)))
        everything = [row_id for taken in results for row_id in taken]
        assert len(everything) == 60
        assert len(set(everything)) == 60

    @pytest.mark.slow
    async def test_concurrent_claimers_in_separate_processes_never_share_a_row(self, db_url: str) -> None:
        """Three OS processes claiming the same outbox: every row claimed exactly once."""
        setup = create_engine_for(db_url)
        await add_all(lambda: SqlUnitOfWork(create_session_factory(setup)), [delivery(f"k{n}") for n in range(90)])
        await setup.dispose()
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _CLAIMER,
                db_url,
                f"p{n}",
                NOW.isoformat(),
                stdout=subprocess.PIPE,
                cwd=REPO,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
            for n in range(3)
        ]
        outputs = [await process.communicate() for process in processes]
        assert [process.returncode for process in processes] == [0, 0, 0]
        everything = [row_id for stdout, _ in outputs for row_id in json.loads(stdout)]
        assert sorted(everything) == sorted(set(everything))
        assert len(everything) == 90


class TestAfterSending:
    async def test_mark_sent_stores_provider_id_and_ends_the_claim(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """A sent row keeps the provider's id and is never claimed again, lease or not."""
        await add_all(new_uow, [delivery("k")])
        [claimed] = await claim(new_uow, "a")
        assert claimed.id is not None
        async with new_uow() as uow:
            await uow.outbox.mark_sent(claimed.id, at=NOW + timedelta(seconds=3), provider_id="msg-77")
            await uow.commit()
        assert await claim(new_uow, "b", minutes=60) == []
        row = await stored(engine, claimed.id)
        assert (row.status, row.provider_id, row.sent_at, row.lease_until) == (
            "sent",
            "msg-77",
            NOW + timedelta(seconds=3),
            None,
        )

    async def test_retry_gives_the_row_back_later(self, new_uow: NewUow) -> None:
        """A retried row is pending again, due at the new time, with the error kept."""
        await add_all(new_uow, [delivery("k")])
        [claimed] = await claim(new_uow, "a")
        assert claimed.id is not None
        async with new_uow() as uow:
            await uow.outbox.retry(claimed.id, due_at=NOW + timedelta(minutes=2), error="429: retry after 120")
            await uow.commit()
        assert await claim(new_uow, "b", minutes=1) == []
        [again] = await claim(new_uow, "b", minutes=2)
        assert (again.id, again.attempts, again.last_error) == (claimed.id, 2, "429: retry after 120")
        assert again.due_at == NOW + timedelta(minutes=2)

    async def test_a_retry_not_counted_gives_back_the_attempt_its_claim_took(self, new_uow: NewUow) -> None:
        """An order to wait (429) is no failed attempt: the row comes back with the attempts it had."""
        await add_all(new_uow, [delivery("k")])
        [claimed] = await claim(new_uow, "a")
        assert claimed.id is not None
        assert claimed.attempts == 1
        async with new_uow() as uow:
            await uow.outbox.retry(claimed.id, due_at=NOW, error="429: retry after 30", counted=False)
            await uow.commit()
        [again] = await claim(new_uow, "b")
        assert again.attempts == 1, "claimed twice, counted once"

    async def test_mark_dead_lists_the_row(self, new_uow: NewUow) -> None:
        """A dead row is never claimed again and shows in dead(), filtered by round."""
        await add_all(new_uow, [delivery("k"), delivery("other", round_="r2"), delivery("alive")])
        claimed = {d.dedupe_key: d for d in await claim(new_uow, "a")}
        async with new_uow() as uow:
            for key in ("k", "other"):
                delivery_id = claimed[key].id
                assert delivery_id is not None
                await uow.outbox.mark_dead(delivery_id, error="bot blocked by user")
            await uow.commit()
        assert [d.dedupe_key for d in await claim(new_uow, "b", minutes=60)] == ["alive"]  # lease expired
        async with new_uow() as uow:
            dead = await uow.outbox.dead()
            assert [(d.dedupe_key, d.status, d.last_error) for d in dead] == [
                ("k", DeliveryStatus.DEAD, "bot blocked by user"),
                ("other", DeliveryStatus.DEAD, "bot blocked by user"),
            ]
            assert [d.dedupe_key for d in await uow.outbox.dead("r2")] == ["other"]
            assert await uow.outbox.dead("none") == []
            assert (await deliveries(uow)) == 3


_CLAIMER = """
import asyncio, json, sys
from datetime import datetime, timedelta
from storage import SqlUnitOfWork, create_engine_for, create_session_factory

async def main(url, owner, now):
    engine = create_engine_for(url)
    sessions = create_session_factory(engine)
    taken = []
    while True:
        async with SqlUnitOfWork(sessions) as uow:
            batch = await uow.outbox.claim_due(now=now, owner=owner, lease_until=now + timedelta(minutes=5), limit=3)
            await uow.commit()
        if not batch:
            break
        taken += [d.id for d in batch]
    await engine.dispose()
    print(json.dumps(taken))

asyncio.run(main(sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])))
"""


class TestStranded:
    async def test_waiting_deliveries_on_a_channel_not_configured_are_found(self, new_uow: NewUow) -> None:
        """Pending and claimed deliveries of the round whose channel is not among the configured ones;
        not those sent, given up, of another round, or on a configured channel (issue 17, item 6)."""
        await seed(new_uow)
        on_slack = replace(delivery("slack", kind="invitation"), address=Address("slack", "D1"))
        await add_all(
            new_uow,
            [delivery("waiting"), delivery("claimed", minutes=1), delivery("other", round_="else"), on_slack],
        )
        [claimed] = await claim(new_uow, "replica-1", minutes=0, limit=1)
        assert claimed.dedupe_key == "waiting"
        async with new_uow() as uow:
            found = await uow.outbox.stranded("doa-2026", frozenset({"slack", "console"}))
            everything_configured = await uow.outbox.stranded("doa-2026", frozenset({"slack", "telegram"}))
        assert [d.dedupe_key for d in found] == ["waiting", "claimed"]
        assert everything_configured == []
