"""The hot path's prebuilt statements run straight on sqlite3 and agree with SQLAlchemy exactly.

One database file, two engines: the product's (inline connection, statements run by
storage/prepared.py) and one on plain aiosqlite (every statement through SQLAlchemy). What one
writes, the other reads back equal, timestamps tz-aware in UTC; errors surface as the same
exceptions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

import main
from bot.domain.errors import Conflict
from bot.domain.model import Conversation, Identity, Position, Response, Revision, Step
from config.settings import load_settings
from storage import SqlUnitOfWork, create_engine_for, create_session_factory, inline_sqlite, prepared
from storage.statements import rows
from storage.tables import ParticipantRow, ResponseRow
from tests.dbs import SQLITE, fresh_database
from tests.storage.conftest import NOW, NewUow, sample_round, seed
from tests.storage.rows import seen

Engines = tuple[NewUow, NewUow, AsyncEngine]


@pytest.fixture
async def two_engines() -> AsyncIterator[Engines]:
    """Units of work on one SQLite file: the product's inline engine, and plain aiosqlite."""
    async with fresh_database(SQLITE) as url:
        fast = create_engine_for(url)
        plain = create_engine_for(url, connect_args={"timeout": 30})  # connect_args: aiosqlite, as before
        fast_sessions, plain_sessions = create_session_factory(fast), create_session_factory(plain)
        try:
            yield (lambda: SqlUnitOfWork(fast_sessions)), (lambda: SqlUnitOfWork(plain_sessions)), fast
        finally:
            await fast.dispose()
            await plain.dispose()


def _response(pid: int, position: Position, comment: str = "") -> tuple[Response, Revision]:
    response = Response(
        round="doa-2026", stakeholder="NOR", ref="R2", position=position, comment=comment,
        participant_id=pid, channel="telegram", updated_at=NOW + timedelta(minutes=5),
    )  # fmt: skip
    revision = Revision(
        round="doa-2026", stakeholder="NOR", ref="R2", position=position, amendment="", comment=comment,
        participant_id=pid, channel="telegram", at=NOW + timedelta(minutes=5),
    )  # fmt: skip
    return response, revision


async def test_the_product_engine_runs_inline_and_the_other_does_not(
    two_engines: Engines,
) -> None:
    fast_uow, plain_uow, _ = two_engines
    for new_uow, inline in ((fast_uow, True), (plain_uow, False)):
        async with new_uow() as uow:
            assert await runs_inline(uow) is inline


@pytest.mark.parametrize("writer", ["fast", "plain"])
async def test_what_one_path_writes_the_other_reads_equal(two_engines: Engines, writer: str) -> None:
    fast_uow, plain_uow, _ = two_engines
    write_uow, read_uow = (fast_uow, plain_uow) if writer == "fast" else (plain_uow, fast_uow)
    people = await seed(write_uow)
    pid = people["NOR"].id
    response, revision = _response(pid, Position.OPPOSE, comment="Capital: <b>no</b> — «non»")
    moved = Conversation(participant_id=pid, round="doa-2026", step=Step.COMMENT, ref="R2", updated_at=NOW)
    async with write_uow() as uow:
        await uow.responses.save(response, revision)
        await uow.conversations.save(moved)
        assert await uow.inbound.claim("telegram", "77", NOW) is True
        await uow.registry.bind_identity(Identity(channel="telegram", account="1001", participant_id=pid, chat="9"))
        await uow.commit()
    for new_uow in (read_uow, write_uow):
        async with new_uow() as uow:
            stored = await uow.responses.get("doa-2026", "NOR", "R2")
            assert stored == response
            assert stored is not None
            assert stored.updated_at.tzinfo is UTC
            assert await uow.conversations.get(pid) == moved
            assert await uow.registry.participant(pid) == people["NOR"]
            identity = Identity(channel="telegram", account="1001", participant_id=pid, chat="9")
            assert await uow.registry.identity("telegram", "1001") == identity
            assert await uow.registry.reader("telegram", "1001") == (identity, people["NOR"])
            assert await seen(uow, "telegram", "77") is True
            assert await uow.responses.revisions("doa-2026", "NOR") == [revision]
            round_ = await uow.rounds.get("doa-2026")
            assert round_ is not None
            assert round_.recommendations == sample_round().recommendations


async def test_a_changed_round_status_and_deadline_are_read_fresh(
    two_engines: Engines,
) -> None:
    fast_uow, plain_uow, _ = two_engines
    await seed(fast_uow)
    async with fast_uow() as uow:
        first = await uow.rounds.get("doa-2026")  # content now remembered
    assert first is not None
    later = first.deadline + timedelta(days=7)
    async with plain_uow() as uow:  # another process, as it were
        await uow.rounds.set_deadline("doa-2026", later)
        await uow.commit()
    async with fast_uow() as uow:
        again = await uow.rounds.get("doa-2026")
    assert again == replace(first, deadline=later)


async def test_a_claim_is_taken_once_and_a_rollback_gives_it_back(
    two_engines: Engines,
) -> None:
    fast_uow, _, _ = two_engines
    async with fast_uow() as uow:
        assert await uow.inbound.claim("slack", "Ev1", NOW) is True
        assert await uow.inbound.claim("slack", "Ev1", NOW) is False
        await uow.rollback()
        assert await uow.inbound.claim("slack", "Ev1", NOW) is True
        await uow.commit()
    async with fast_uow() as uow:
        assert await uow.inbound.claim("slack", "Ev1", NOW) is False


async def test_a_constraint_violation_is_a_conflict_and_the_transaction_goes_on(
    two_engines: Engines,
) -> None:
    fast_uow, _, _ = two_engines
    people = await seed(fast_uow)
    response, revision = _response(people["NOR"].id, Position.SUPPORT)
    async with fast_uow() as uow:
        with pytest.raises(Conflict):  # R99 is no recommendation of the round: the foreign key refuses it
            await uow.responses.save(replace(response, ref="R99"), replace(revision, ref="R99"))
        await uow.rollback()
        await uow.responses.save(response, revision)
        await uow.commit()
    async with fast_uow() as uow:
        assert await uow.responses.get("doa-2026", "NOR", "R2") == response


async def test_in_lists_are_refused(two_engines: Engines) -> None:
    fast_uow, _, _ = two_engines
    statement = select(ParticipantRow.__table__).where(
        ParticipantRow.__table__.c.id.in_(bindparam("ids", expanding=True))
    )
    async with fast_uow() as uow:
        with pytest.raises(ValueError, match="IN lists"):
            await rows(uow._open_session(), statement, {"ids": [1, 2]})


async def test_what_the_fast_path_writes_is_stored_as_sqlalchemy_stores_it(two_engines: Engines) -> None:
    """The bind processors: the stored text of a timestamp is the same byte for byte, whichever path wrote."""
    fast_uow, plain_uow, engine = two_engines
    people = await seed(fast_uow)
    for new_uow, code in ((fast_uow, "NOR"), (plain_uow, "KEN")):
        response, revision = _response(people[code].id, Position.SUPPORT)
        async with new_uow() as uow:
            await uow.responses.save(replace(response, stakeholder=code), replace(revision, stakeholder=code))
            await uow.commit()
    path = engine.url.database
    assert path is not None
    with closing(sqlite3.connect(path)) as raw:
        stored = dict(raw.execute("SELECT stakeholder, updated_at FROM responses").fetchall())
    assert stored["NOR"] == stored["KEN"] == "2026-03-02 14:35:00.000000"


def test_a_compiled_statement_keeps_the_order_and_processors_of_its_values() -> None:
    """What run() relies on: the parameters in the SQL's order, a bind processor for each timestamp
    parameter, a result processor for each timestamp column, row fields named as SQLAlchemy names them."""
    dialect = sqlite.dialect()
    statement = (
        update(ResponseRow)
        .where(ResponseRow.stakeholder == bindparam("who"))
        .values(updated_at=bindparam("at"), comment=bindparam("comment"))
        .returning(ResponseRow.id, ResponseRow.updated_at.label("changed"))
    )
    form = prepared.compiled(statement, dialect, frozenset({"who", "at", "comment"}))
    assert form.sql.count("?") == len(form.names) == 3
    assert sorted(form.names) == ["at", "comment", "who"]
    assert form.names.index("who") == 2, "the WHERE comes after the SET"
    at = form.binds[form.names.index("at")]
    assert at is not None
    assert at(NOW) == "2026-03-02 14:30:00.000000"
    assert form.binds[form.names.index("who")] is None, "text needs no conversion"
    assert form.row is not None
    assert form.row._fields == ("id", "changed")  # type: ignore[attr-defined]
    _, changed = form.results
    assert changed is not None
    assert changed("2026-03-02 14:30:00.000000") == NOW
    assert prepared.compiled(statement, dialect, frozenset({"who", "at", "comment"})) is form, "compiled once"


async def test_with_the_fast_path_off_every_statement_goes_through_sqlalchemy(tmp_path: Path) -> None:
    """CONSULTBOT_SQLITE_FAST_PATH=0: the product's engine is plain aiosqlite, and still works."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'off.db'}"
    settings = load_settings({"CONSULTBOT_DATABASE_URL": url, "CONSULTBOT_SQLITE_FAST_PATH": "0"})
    async with main.runtime(settings) as running, running.deps.new_uow() as uow:
        assert isinstance(uow, SqlUnitOfWork)
        assert not await runs_inline(uow)
        assert await uow.registry.stakeholders(), "the shipped registry, read without the fast path"
    on = load_settings({"CONSULTBOT_DATABASE_URL": url})
    async with main.runtime(on) as running, running.deps.new_uow() as uow:
        assert isinstance(uow, SqlUnitOfWork)
        assert await runs_inline(uow)


async def runs_inline(uow: SqlUnitOfWork) -> bool:
    """Whether the unit of work's connection is an inline one (statements straight on sqlite3)."""
    connection = (await uow._open_session().connection()).sync_connection
    assert connection is not None
    return inline_sqlite.inline_driver(connection) is not None
