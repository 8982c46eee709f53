"""SqlRegistry on SQLite and PostgreSQL: stakeholders, participants, identities, invitations, failed joins."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.errors import Conflict
from bot.domain.model import Identity, Invitation, NewParticipant, Role, Stakeholder
from tests.storage.conftest import NOW, NewUow, seed
from tests.storage.locks import LockWatch


class TestStakeholders:
    async def test_round_trip_with_groups_in_order(self, new_uow: NewUow) -> None:
        """Stakeholders come back ordered by code, with their groups in the order given."""
        async with new_uow() as uow:
            await uow.registry.add_stakeholders(
                [
                    Stakeholder(code="NOR", name="Norway", groups=("WEOG", "Nordic", "G77")),
                    Stakeholder(code="KEN", name="Kenya", groups=("African States",)),
                ]
            )
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.registry.stakeholders() == [
                Stakeholder(code="KEN", name="Kenya", groups=("African States",)),
                Stakeholder(code="NOR", name="Norway", groups=("WEOG", "Nordic", "G77")),
            ]
            assert await uow.registry.stakeholder("NOR") == Stakeholder(
                code="NOR", name="Norway", groups=("WEOG", "Nordic", "G77")
            )
            assert await uow.registry.stakeholder("XXX") is None

    async def test_adding_again_updates_and_replaces_groups(self, new_uow: NewUow) -> None:
        """A second add with the same code updates name and kind and replaces the groups; the last one wins."""
        async with new_uow() as uow:
            await uow.registry.add_stakeholders([Stakeholder(code="NOR", name="Norway", groups=("WEOG", "Nordic"))])
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.registry.stakeholder("NOR") is not None  # loaded: must not come back stale
            await uow.registry.add_stakeholders(
                [
                    Stakeholder(code="NOR", name="Norge"),
                    Stakeholder(code="NOR", name="Kingdom of Norway", kind="observer", groups=("Nordic",)),
                ]
            )
            assert await uow.registry.stakeholder("NOR") == Stakeholder(
                code="NOR", name="Kingdom of Norway", kind="observer", groups=("Nordic",)
            )
            await uow.registry.add_stakeholders([])
            await uow.commit()


class TestParticipants:
    async def test_add_get_update(self, new_uow: NewUow) -> None:
        """A participant gets an id, comes back equal, and stores changes."""
        people = await seed(new_uow)
        async with new_uow() as uow:
            added = await uow.registry.add_participant(
                NewParticipant(stakeholder="NOR", role=Role.FOCAL_POINT, name="Ingrid", language="fr", timezone="UTC")
            )
            assert added.id not in {p.id for p in people.values()}
            assert await uow.registry.participant(added.id) == added
            changed = type(added)(
                id=added.id,
                stakeholder="NOR",
                role=Role.FOCAL_POINT,
                name="Ingrid B.",
                language="es",
                timezone="Europe/Oslo",
            )
            await uow.registry.update_participant(changed)
            assert await uow.registry.participant(added.id) == changed
            assert await uow.registry.participant(99999) is None
            await uow.commit()

    async def test_queries_by_stakeholder_and_role(self, new_uow: NewUow) -> None:
        """participants_of filters by stakeholder and orders by id."""
        people = await seed(new_uow)
        async with new_uow() as uow:
            coordinator = await uow.registry.add_participant(NewParticipant(stakeholder="UNDP", role=Role.COORDINATOR))
            of = await uow.registry.participants_of(["NOR", "KEN"])
            assert of == sorted([people["NOR"], people["KEN"]], key=lambda p: p.id)
            assert await uow.registry.participants_of([]) == []
            assert await uow.registry.participants_of(["UNDP"]) == [people["UNDP"], coordinator]

    async def test_unknown_stakeholder_is_a_conflict(self, new_uow: NewUow) -> None:
        """A participant for a stakeholder not in the registry is refused (foreign key)."""
        async with new_uow() as uow:
            with pytest.raises(Conflict):
                await uow.registry.add_participant(NewParticipant(stakeholder="ZZZ", role=Role.DELEGATE))


class TestIdentities:
    async def test_bind_replace_and_list(self, new_uow: NewUow) -> None:
        """bind_identity inserts or replaces by (channel, account); identities_of lists them."""
        people = await seed(new_uow)
        nor, ken = people["NOR"].id, people["KEN"].id
        async with new_uow() as uow:
            await uow.registry.bind_identity(Identity(channel="telegram", account="42", participant_id=nor, chat="42"))
            await uow.registry.bind_identity(Identity(channel="slack", account="T1:U1", participant_id=nor, chat="D1"))
            await uow.registry.bind_identity(Identity(channel="console", account="ken", participant_id=ken, chat="k"))
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.registry.identity("telegram", "42") == Identity(
                channel="telegram", account="42", participant_id=nor, chat="42"
            )
            rebound = Identity(channel="telegram", account="42", participant_id=ken, chat="43", reachable=True)
            await uow.registry.bind_identity(rebound)
            assert await uow.registry.identity("telegram", "42") == rebound
            assert await uow.registry.identity("telegram", "nobody") is None
            listed = await uow.registry.identities_of([nor, ken])
            assert [(i.participant_id, i.channel) for i in listed] == sorted(
                [(nor, "slack"), (ken, "console"), (ken, "telegram")]
            )
            assert await uow.registry.identities_of([]) == []

    async def test_reader_is_the_identity_with_its_participant(self, new_uow: NewUow) -> None:
        """reader() gives what identity() and participant() give, in one read; None for a stranger."""
        people = await seed(new_uow)
        ken = people["KEN"]
        changed = replace(ken, name="Wanjiru", language="fr", timezone="Africa/Nairobi", email="w@example.org")
        async with new_uow() as uow:
            await uow.registry.update_participant(replace(changed, channel="mail", email_reachable=False))
            await uow.registry.bind_identity(
                Identity(channel="telegram", account="42", participant_id=ken.id, chat="7")
            )
            await uow.commit()
        async with new_uow() as uow:
            found = await uow.registry.reader("telegram", "42")
            assert found is not None
            assert found == (await uow.registry.identity("telegram", "42"), await uow.registry.participant(ken.id))
            assert found[1] == replace(changed, channel="mail", email_reachable=False)
            assert found[0].chat == "7", "the identity's own channel and fields, not the participant's"
            assert await uow.registry.reader("telegram", "nobody") is None
            assert await uow.registry.reader("slack", "42") is None

    async def test_mark_unreachable(self, new_uow: NewUow) -> None:
        """Every identity writing to the chat is flagged; others are untouched."""
        people = await seed(new_uow)
        nor = people["NOR"].id
        async with new_uow() as uow:
            for account, chat in (("1", "C"), ("2", "C"), ("3", "D")):
                await uow.registry.bind_identity(
                    Identity(channel="slack", account=account, participant_id=nor, chat=chat)
                )
            await uow.registry.identities_of([nor])  # loaded once: must not come back stale
            await uow.registry.mark_unreachable("slack", "C")
            await uow.registry.mark_unreachable("telegram", "D")  # another channel: no effect
            await uow.commit()
        async with new_uow() as uow:
            reachable = {i.account: i.reachable for i in await uow.registry.identities_of([nor])}
        assert reachable == {"1": False, "2": False, "3": True}


class TestInvitations:
    async def test_round_trip_and_single_use(self, new_uow: NewUow) -> None:
        """An invitation comes back equal; only the first use wins; a used one shows when."""
        people = await seed(new_uow)
        invitation = Invitation(
            code_hash="h1", participant_id=people["NOR"].id, created_at=NOW, expires_at=NOW + timedelta(days=14)
        )
        async with new_uow() as uow:
            await uow.registry.add_invitation(invitation)
            assert await uow.registry.invitation("h1") == invitation
            assert await uow.registry.invitation("nope") is None
            assert await uow.registry.use_invitation("h1", NOW + timedelta(hours=1)) is True
            assert await uow.registry.use_invitation("h1", NOW + timedelta(hours=2)) is False
            assert await uow.registry.use_invitation("nope", NOW) is False
            used = await uow.registry.invitation("h1")
            assert used is not None
            assert used.used_at == NOW + timedelta(hours=1)
            await uow.commit()

    async def test_expired_invitation_cannot_be_used(self, new_uow: NewUow) -> None:
        """use_invitation refuses an invitation at or past its expiry."""
        people = await seed(new_uow)
        async with new_uow() as uow:
            await uow.registry.add_invitation(
                Invitation(code_hash="h", participant_id=people["KEN"].id, created_at=NOW, expires_at=NOW)
            )
            assert await uow.registry.use_invitation("h", NOW) is False

    async def test_duplicate_code_hash_is_a_conflict(self, new_uow: NewUow) -> None:
        """The code hash is unique."""
        people = await seed(new_uow)
        invitation = Invitation(code_hash="h", participant_id=people["KEN"].id, created_at=NOW, expires_at=NOW)
        async with new_uow() as uow:
            await uow.registry.add_invitation(invitation)
            with pytest.raises(Conflict):
                await uow.registry.add_invitation(invitation)

    async def test_concurrent_uses_have_one_winner(self, new_uow: NewUow, engine: AsyncEngine) -> None:
        """Two transactions using the same code at once: exactly one wins."""
        people = await seed(new_uow)
        async with new_uow() as uow:
            await uow.registry.add_invitation(
                Invitation(
                    code_hash="h", participant_id=people["KEN"].id, created_at=NOW, expires_at=NOW + timedelta(days=1)
                )
            )
            await uow.commit()

        held = False

        async def use() -> bool:
            nonlocal held
            async with new_uow() as uow:
                won = await uow.registry.use_invitation("h", NOW)
                if not held:  # the first in holds its transaction open until another one waits for it
                    held = True
                    await locks.someone_waits()
                await uow.commit()
                return won

        with LockWatch(engine) as locks:
            assert sorted(await asyncio.gather(use(), use(), use())) == [False, False, True]


class TestFailedJoins:
    async def test_counted_since(self, new_uow: NewUow) -> None:
        """failed_joins_since counts one account's attempts from a moment on."""
        async with new_uow() as uow:
            for minutes in (0, 10, 20):
                await uow.registry.record_failed_join("telegram", "42", NOW + timedelta(minutes=minutes))
            await uow.registry.record_failed_join("telegram", "43", NOW)
            await uow.registry.record_failed_join("slack", "42", NOW)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.registry.failed_joins_since("telegram", "42", NOW + timedelta(minutes=10)) == 2
            assert await uow.registry.failed_joins_since("telegram", "42", NOW - timedelta(days=1)) == 3
            assert await uow.registry.failed_joins_since("console", "42", NOW) == 0
