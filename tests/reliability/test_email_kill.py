"""A SIGKILL in the middle of e-mailing 250 invitations: the restarted service sends the rest, each once.

`consultbot run` is a real process; the relay is aiosmtpd on 127.0.0.1. The relay accepts 100 messages
and then holds the next ones open (their data received, no answer yet) while the process is killed:
those were in flight. After the restart, every address has its invitation, and an address that got a
second copy got it with the same Message-ID, so the reader's mail program shows one.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import create_engine_for
from tests.adapters.email.mailing_world import contact_lines
from tests.dbs import database_params, fresh_database
from tests.fakes.smtp_server import SmtpServer
from tests.reliability.conftest import ServiceFactory

pytestmark = [pytest.mark.fake_server, pytest.mark.slow]

ROUND = """\
slug: mail-2030
title: Delivering as One, invitations by e-mail
deadline: 2030-03-29T18:00:00-04:00
recommendations:
  - {ref: R1, section: Country level, title: One leader, text: One UN leader in each country.}
"""


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture(params=database_params())
async def unprepared(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """An empty database: the first command migrates it and loads the registry."""
    async with fresh_database(request.param, migrated=False) as url:
        yield url


def contacts_csv(path: Path) -> Path:
    rows = ["stakeholder,name,email,role,timezone"]
    rows += [f"{c.stakeholder},{c.name},{c.email},{c.role},{c.timezone}" for c in contact_lines(250)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


async def test_a_kill_during_the_fan_out_loses_nothing_and_doubles_nothing(
    services: ServiceFactory, unprepared: str, smtp: SmtpServer, tmp_path: Path
) -> None:
    """250 invitations, SIGKILL after 100 with some in flight, restart: 250 addresses, one Message-ID each."""
    service = await services(
        database_url=unprepared,
        CONSULTBOT_SMTP_URL=smtp.url,
        CONSULTBOT_MAIL_FROM="UN Consultations <consult@un.example>",
        CONSULTBOT_ARCHIVE_DIR=str(tmp_path / "archive"),
    )
    await service.cli("contacts", "import", str(contacts_csv(tmp_path / "contacts.csv")))
    (tmp_path / "round.yaml").write_text(ROUND, encoding="utf-8")
    await service.cli("round", "create", str(tmp_path / "round.yaml"))
    _, opened, _ = await service.cli("round", "open", "mail-2030")
    assert "250 invitation e-mails queued" in " ".join(opened.split())
    recorder = smtp.recorder
    recorder.hold_after = 100
    await service.start()
    assert await asyncio.to_thread(recorder.held.wait, 120), service.tail()
    await service.kill()
    in_flight = len(recorder.received) - 100  # delivered by the relay, never acknowledged to the sender
    recorder.release.set()  # the relay answers the sends it held: their messages count as delivered
    recorder.hold_after = None
    await service.start()
    addresses = {c.email for c in contact_lines(250)}
    assert await asyncio.to_thread(recorder.wait_for, 250), service.tail()
    await _until_all_recorded(unprepared)
    ids: dict[str, set[str]] = defaultdict(set)
    copies: dict[str, int] = defaultdict(int)
    for got in recorder.received:
        ids[got.to].add(str(got.message["Message-ID"]))
        copies[got.to] += 1
    assert set(ids) == addresses
    assert all(len(found) == 1 for found in ids.values()), "a second copy must carry the same Message-ID"
    assert len({i for found in ids.values() for i in found}) == 250
    doubled = sum(n - 1 for n in copies.values())
    # The sends caught in flight went twice (with their first Message-ID, above); the dispatcher's concurrency
    # bounds how many (eight). A message whose data was on the wire at the kill may reach the relay after it.
    assert 1 <= in_flight <= doubled <= 8


async def _until_all_recorded(url: str) -> None:
    """Wait until the outbox holds nothing left to send (the service records each send as it goes)."""
    engine = create_engine_for(url)
    try:
        for _ in range(1200):
            async with engine.connect() as connection:
                query = text("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')")
                if (await connection.execute(query)).scalar_one() == 0:
                    return
            await asyncio.sleep(0.1)
        raise AssertionError("the outbox never drained")
    finally:
        await engine.dispose()
