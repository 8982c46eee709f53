"""The sent log on disk, and what the dispatcher does with it after a kill."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from adapters.sentlog import FileSentLog
from bot import coordination
from bot.dispatch import dispatch_due, take_back
from bot.model import Actor, DeliveryStatus, Identity, NewParticipant, Role, RoundStatus
from bot.ports import Deps
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
