"""The sent log on disk, and what the dispatcher does with it after a kill."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from adapters.sentlog import FileSentLog
from bot.coordinator import rounds as coordination
from bot.delivery.dispatch import dispatch_due, take_back
from bot.domain.model import Actor, DeliveryStatus, Identity, NewParticipant, Role, RoundStatus
from bot.ports import Deps
from storage import database_identity
from tests.fakes import FakeSender, FixedClock, MemoryStore
from tests.unit.conftest import STAKEHOLDERS, sample_round


class TestFileSentLog:
    def test_notes_survive_a_new_instance_and_go_when_done(self, tmp_path: Path) -> None:
        """What one process noted, the next one reads (as after a SIGKILL); recorded notes go."""
        path = tmp_path / "sent.log"
        first = FileSentLog(path)
        first.note(7, "m-7")
        first.note(8, "m\t8")
        assert FileSentLog(path).read() == {7: "m-7", 8: "m 8"}
        first.done(7)
        first.done(8)
        assert not path.exists()
        assert FileSentLog(path).read() == {}


class TestTakeBack:
    async def test_a_killed_dispatcher_s_sent_rows_are_recorded_not_sent_again(self, tmp_path: Path) -> None:
        """Two rows claimed by a process killed after sending one: the restart records that one and sends the other."""
        store, clock = MemoryStore(), FixedClock()
        deps = Deps(new_uow=store.uow, clock=clock)
        async with store.uow() as uow:
            await uow.registry.add_stakeholders(STAKEHOLDERS)
            await uow.rounds.add(replace(sample_round(), status=RoundStatus.DRAFT))
            for code in ("FRA", "NOR"):
                person = await uow.registry.add_participant(NewParticipant(stakeholder=code, role=Role.DELEGATE))
                await uow.registry.bind_identity(
                    Identity(channel="console", account=code, participant_id=person.id, chat=code)
                )
            await coordination.open_round(uow, Actor.operator("cli:test"), "dao", clock())
            claimed = await uow.outbox.claim_due(
                now=clock(), owner="host:8080", lease_until=clock() + timedelta(minutes=5), limit=10
            )
            await uow.commit()
        assert len(claimed) == 2
        log = FileSentLog(tmp_path / "sent.log")
        sent_before_kill = next(d for d in claimed if d.address.chat == "FRA")
        assert sent_before_kill.id is not None
        log.note(sent_before_kill.id, "tg-1")  # the platform accepted it, then the process died

        restarted = FileSentLog(tmp_path / "sent.log")
        assert await take_back(deps, owner="host:8080", sent_log=restarted) == 1
        sender = FakeSender()
        await dispatch_due(deps, sender, owner="host:8080", sent_log=restarted)
        assert [address.chat for address, _ in sender.sent] == ["NOR"]
        statuses = {d.address.chat: d.status for d in store.state.deliveries.values()}
        assert statuses == {"FRA": DeliveryStatus.SENT, "NOR": DeliveryStatus.SENT}


class TestKeyedByDatabase:
    """Issue 21, item 5: the log was named after host and HTTP port only; a service killed with notes
    pending on database A, then started on database B at the same address, marked B's pending
    invitations as sent with A's message ids, and B's delegates never received them."""

    async def test_a_service_on_another_database_at_the_same_address_reads_nothing_of_the_first(
        self, tmp_path: Path
    ) -> None:
        """A's note stays A's: B's invitations go out, and A finds its note when it comes back."""
        owner = "host:127.0.0.1:8080"
        a_file, b_file = tmp_path / "a.db", tmp_path / "b.db"
        a_file.write_bytes(b"")
        b_file.write_bytes(b"")
        a_log = FileSentLog.for_database(tmp_path, database=database_identity(f"sqlite:///{a_file}"), owner=owner)
        store, clock = MemoryStore(), FixedClock()
        deps = Deps(new_uow=store.uow, clock=clock)
        async with store.uow() as uow:
            await uow.registry.add_stakeholders(STAKEHOLDERS)
            await uow.rounds.add(replace(sample_round(), status=RoundStatus.DRAFT))  # opened below
            person = await uow.registry.add_participant(NewParticipant(stakeholder="FRA", role=Role.DELEGATE))
            await uow.registry.bind_identity(
                Identity(channel="console", account="FRA", participant_id=person.id, chat="FRA")
            )
            await coordination.open_round(uow, Actor.operator("cli:test"), "dao", clock())
            await uow.commit()
        [pending] = store.state.deliveries  # B's invitation has the same id as the one A noted
        a_log.note(pending, "tg-from-a")  # then A was killed

        b_log = FileSentLog.for_database(tmp_path, database=database_identity(f"sqlite:///{b_file}"), owner=owner)
        await take_back(deps, owner=owner, sent_log=b_log)
        sender = FakeSender()
        await dispatch_due(deps, sender, owner=owner, sent_log=b_log)
        assert [address.chat for address, _ in sender.sent] == ["FRA"]
        assert FileSentLog.for_database(
            tmp_path, database=database_identity(f"sqlite:///{a_file}"), owner=owner
        ).read() == {pending: "tg-from-a"}

    def test_the_same_file_by_any_url_is_one_database_and_a_recreated_file_is_another(self, tmp_path: Path) -> None:
        """Relative and absolute URLs of one file agree; a file deleted and created again does not."""
        path = tmp_path / "c.db"
        path.write_bytes(b"")
        first = database_identity(f"sqlite+aiosqlite:///{path}")
        assert database_identity(f"sqlite:///{tmp_path}/./c.db") == first
        keep = tmp_path / "keep"  # holds the old inode, so that the new file cannot reuse its number
        path.rename(keep)
        path.write_bytes(b"")
        assert database_identity(f"sqlite:///{path}") != first
        assert database_identity("postgresql://u:secret@h:5432/a") != database_identity("postgresql://u@h:5432/b")
