"""Leases: at most one leader per database (PostgreSQL advisory lock, SQLite file lock)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.leases import PostgresLease, SoleLease, SqliteLease, lease_for
from tests.dbs import POSTGRESQL, fresh_database


@pytest.mark.postgres
async def test_one_postgres_lease_at_a_time_and_the_next_takes_over_when_it_goes() -> None:
    async with fresh_database(POSTGRESQL, migrated=False) as url, fresh_database(POSTGRESQL, migrated=False) as other:
        first, second, elsewhere = PostgresLease(url), PostgresLease(url), PostgresLease(other)
        try:
            assert await first.acquire()
            assert await first.acquire()  # asking again while holding it keeps it
            assert not await second.acquire()
            assert await elsewhere.acquire()  # another schema is another deployment: its own leader
            assert await first.alive()
            await first.release()  # as a killed leader's connection closing does
            assert await second.acquire()
            assert not await first.acquire()
        finally:
            for lease in (first, second, elsewhere):
                await lease.release()


async def test_a_second_process_on_one_sqlite_file_is_refused_until_the_first_goes(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'one.db'}"
    first, second = lease_for(url), lease_for(url)
    assert isinstance(first, SqliteLease)
    assert isinstance(second, SqliteLease)
    assert await first.acquire()
    assert not await second.acquire()
    await first.release()
    assert await second.acquire()
    await second.release()


async def test_an_in_memory_database_gets_a_lease_that_is_always_held() -> None:
    """No other process can see an in-memory database: its lease is held at once and never lost."""
    for url in ("sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"):
        lease = lease_for(url)
        assert isinstance(lease, SoleLease)
        assert not lease.waits
        assert await lease.acquire()
        assert await lease.alive()
        await lease.release()
    assert isinstance(lease_for("postgresql://u@h/db"), PostgresLease)
