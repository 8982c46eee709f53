"""Contacts in SqlRegistry on SQLite and PostgreSQL: e-mail, preferred channel, bounced addresses."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.domain.errors import Conflict
from bot.domain.model import MAIL, NewParticipant, Role, Stakeholder
from tests.storage.conftest import NewUow


async def _holders(new_uow: NewUow) -> None:
    async with new_uow() as uow:
        await uow.registry.add_stakeholders(
            [Stakeholder(code="FRA", name="France"), Stakeholder(code="KEN", name="Kenya")]
        )
        await uow.commit()


class TestContacts:
    async def test_a_contact_round_trips_and_is_listed(self, new_uow: NewUow) -> None:
        """A participant with an address and a preferred channel comes back equal; contacts() lists only those
        with an address, by stakeholder then address, optionally of one stakeholder."""
        await _holders(new_uow)
        async with new_uow() as uow:
            ana = await uow.registry.add_participant(
                NewParticipant(
                    stakeholder="KEN", role=Role.FOCAL_POINT, name="Ana", email="ana@ken.example", channel=MAIL
                )
            )
            bob = await uow.registry.add_participant(
                NewParticipant(stakeholder="FRA", role=Role.DELEGATE, name="Bob", email="bob@fra.example")
            )
            await uow.registry.add_participant(NewParticipant(stakeholder="FRA", role=Role.DELEGATE, name="No mail"))
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.registry.participant(ana.id) == ana
            assert await uow.registry.contacts() == [bob, ana]
            assert await uow.registry.contacts("KEN") == [ana]
            await uow.registry.update_participant(replace(ana, channel="telegram", timezone="Africa/Nairobi"))
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.registry.participant(ana.id) == replace(ana, channel="telegram", timezone="Africa/Nairobi")

    async def test_an_address_is_unique_per_stakeholder(self, new_uow: NewUow) -> None:
        """The same address twice for one stakeholder is refused; for two stakeholders it is two contacts."""
        await _holders(new_uow)
        async with new_uow() as uow:
            for code in ("FRA", "KEN"):
                await uow.registry.add_participant(
                    NewParticipant(stakeholder=code, role=Role.COORDINATOR, email="desk@un.example")
                )
            await uow.commit()
        async with new_uow() as uow:
            with pytest.raises(Conflict):
                await uow.registry.add_participant(
                    NewParticipant(stakeholder="FRA", role=Role.DELEGATE, email="desk@un.example")
                )

    async def test_a_refused_address_marks_every_contact_with_it(self, new_uow: NewUow) -> None:
        """mark_unreachable on the mail channel flags each participant with that address, and no other."""
        await _holders(new_uow)
        async with new_uow() as uow:
            one = await uow.registry.add_participant(
                NewParticipant(stakeholder="FRA", role=Role.DELEGATE, email="x@a.example")
            )
            two = await uow.registry.add_participant(
                NewParticipant(stakeholder="KEN", role=Role.DELEGATE, email="x@a.example")
            )
            other = await uow.registry.add_participant(
                NewParticipant(stakeholder="KEN", role=Role.DELEGATE, email="y@a.example")
            )
            await uow.registry.mark_unreachable(MAIL, "x@a.example")
            await uow.commit()
        async with new_uow() as uow:
            assert [(await uow.registry.participant(p.id)).email_reachable for p in (one, two, other)] == [  # type: ignore[union-attr]
                False,
                False,
                True,
            ]
