"""What a restarted process does with the deliveries its killed predecessor held (bot.delivery.dispatch.take_back).

In-process, on a real database: the predecessor claimed rows and was "killed" with one message
accepted by the platform (noted in the sent log) and the others not yet sent.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from adapters.sentlog import FileSentLog
from bot.delivery.dispatch import take_back
from bot.domain.model import Address, Delivery, Reply
from storage.tables import DeliveryRow
from tests.reliability.world import deps_for, query, utc_now


async def _rows(url: str) -> dict[str, tuple[str, str]]:
    found = await query(url, select(DeliveryRow.dedupe_key, DeliveryRow.status, DeliveryRow.provider_id))
    return {key: (status, provider) for key, status, provider in found}


async def test_a_restart_records_what_was_accepted_and_sends_the_rest_now(db_url: str, tmp_path: Path) -> None:
    """Noted: sent (with the provider's id), not sent again; held but not noted: pending now; others' rows: kept."""
    deps, engine = deps_for(db_url)
    log = FileSentLog(tmp_path / "sent.log")
    try:
        now = utc_now()
        async with deps.new_uow() as uow:
            for n in range(4):
                await uow.outbox.add(
                    Delivery(
                        kind="reminder", dedupe_key=f"k{n}", address=Address("telegram", str(n)),
                        reply=Reply(text="hi"), due_at=now,
                    )
                )  # fmt: skip
            await uow.commit()
        async with deps.new_uow() as uow:
            mine = await uow.outbox.claim_due(
                now=now, owner="host:8080", lease_until=now + timedelta(minutes=5), limit=3
            )
            await uow.commit()
        async with deps.new_uow() as uow:
            theirs = await uow.outbox.claim_due(
                now=now, owner="other:8080", lease_until=now + timedelta(minutes=5), limit=3
            )
            await uow.commit()
        assert (len(mine), len(theirs)) == (3, 1)
        accepted = mine[0]
        assert accepted.id is not None
        log.note(accepted.id, "4242")  # the predecessor dies here, before recording it

        assert await take_back(deps, owner="host:8080", sent_log=log) == 2
        rows = await _rows(db_url)
        assert rows[accepted.dedupe_key] == ("sent", "4242")
        assert sorted(status for key, (status, _) in rows.items() if key != accepted.dedupe_key) == [
            "pending", "pending", "sending",
        ]  # fmt: skip
        assert log.read() == {}, "the notes are spent"
    finally:
        await engine.dispose()


def test_the_sent_log_survives_its_writer_and_ignores_a_torn_line(tmp_path: Path) -> None:
    """A note is on disk when note() returns; a line cut by the kill is not read; done() removes the file."""
    path = tmp_path / "sent.log"
    FileSentLog(path).note(7, "m7")
    path.write_text(path.read_text() + "8\tm")  # the next line, torn
    assert FileSentLog(path).read() == {7: "m7"}
    log = FileSentLog(path)
    log.note(9, "m9")
    log.done(9)
    assert not path.exists()
