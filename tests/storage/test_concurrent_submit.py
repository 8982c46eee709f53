"""Issue 21 (9): two focal points of one delegation pressing Submit at once, while answers change, are
served one after the other and each gets a receipt, never "Someone changed this at the same moment"."""

from __future__ import annotations

import asyncio

from bot.domain import actions
from bot.domain.model import Identity, IncomingMessage, NewParticipant, Position, Role
from bot.engine import Engine
from bot.ports import Deps
from tests.storage.conftest import NOW, NewUow, seed

PRESSES = 12
SLUG = "doa-2026"


async def test_simultaneous_submits_and_edits_all_succeed_in_order(new_uow: NewUow) -> None:
    await seed(new_uow)
    async with new_uow() as uow:
        accounts = []
        for name in ("Anna", "Bjorn"):
            person = await uow.registry.add_participant(
                NewParticipant(stakeholder="NOR", role=Role.FOCAL_POINT, name=name)
            )
            await uow.registry.bind_identity(
                Identity(channel="console", account=name, participant_id=person.id, chat=name)
            )
            accounts.append(name)
        await uow.commit()
    engine = Engine(Deps(new_uow=new_uow, clock=lambda: NOW))

    def press(account: str, action: str, event: str) -> IncomingMessage:
        return IncomingMessage(channel="console", account=account, chat=account, action=action, event_id=event)

    for ref in ("R1", "R2", "R3"):  # Anna answers everything
        await engine.handle(press("Anna", actions.encode("p", SLUG, ref, Position.SUPPORT), f"pick-{ref}"))

    async def submit(n: int) -> list[str]:
        replies = await engine.handle(press(accounts[n % 2], actions.encode("sub", SLUG), f"submit-{n}"))
        return [r.key for r in replies]

    async def change(n: int) -> list[str]:
        # Bjorn alternates R1 between oppose and support while the submits run.
        position = Position.OPPOSE if n % 2 else Position.SUPPORT
        replies = await engine.handle(press("Bjorn", actions.encode("p", SLUG, "R1", position), f"change-{n}"))
        return [r.key for r in replies]

    results = await asyncio.gather(*(work(n) for n in range(PRESSES) for work in (submit, change)))
    submits = results[0::2]
    assert all(keys[:1] == ["receipt"] for keys in submits), submits
    assert not any("error.conflict" in keys for keys in results), results
    async with new_uow() as uow:
        receipts = [s.receipt for s in await uow.responses.submissions(SLUG)]
        latest = await uow.responses.submission(SLUG, "NOR")
    assert receipts == [f"DOA-2026-NOR-{n:02d}" for n in range(1, len(receipts) + 1)]  # in order, none lost
    assert latest is not None
    assert latest.receipt == receipts[-1]
    assert len(latest.answers) == 3
