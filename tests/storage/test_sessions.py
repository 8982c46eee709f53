"""Browser sessions and the signing key on SQLite and PostgreSQL, and the sign-in use case on them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.coordinator.signin import SignIn, hash_token
from bot.domain.errors import NotAllowed, NotInvited
from bot.domain.model import Actor, BrowserSession, Role
from bot.ports import Deps
from tests.fakes.memory import FixedClock
from tests.storage.conftest import NOW, NewUow, seed


def a_session(participant_id: int, token: str = "t1", *, hours: int = 12) -> BrowserSession:
    return BrowserSession(
        token_hash=hash_token(token),
        participant_id=participant_id,
        account=f"participant-{participant_id}",
        created_at=NOW,
        expires_at=NOW + timedelta(hours=hours),
    )


class TestBrowserSessions:
    async def test_a_session_round_trips_and_ends_once(self, new_uow: NewUow) -> None:
        """Stored, read back equal; revoked once (the second revoke says it was not live)."""
        people = await seed(new_uow)
        session = a_session(people["KEN"].id)
        async with new_uow() as uow:
            await uow.sessions.add(session)
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.sessions.get(session.token_hash) == session
            assert await uow.sessions.get(hash_token("other")) is None
            assert await uow.sessions.revoke(session.token_hash, NOW + timedelta(hours=1)) is True
            assert await uow.sessions.revoke(session.token_hash, NOW + timedelta(hours=2)) is False
            await uow.commit()
        async with new_uow() as uow:
            found = await uow.sessions.get(session.token_hash)
        assert found is not None
        assert found.revoked_at == NOW + timedelta(hours=1)
        assert not found.live(NOW + timedelta(hours=1))

    async def test_revoking_a_participant_ends_only_their_live_sessions(self, new_uow: NewUow) -> None:
        """Kenya's two live sessions end; Norway's stays; an expired one is not counted."""
        people = await seed(new_uow)
        ken, nor = people["KEN"].id, people["NOR"].id
        async with new_uow() as uow:
            for session in (a_session(ken, "a"), a_session(ken, "b"), a_session(ken, "old", hours=-1)):
                await uow.sessions.add(session)
            await uow.sessions.add(a_session(nor, "c"))
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.sessions.revoke_of([ken], NOW) == 2
            assert await uow.sessions.revoke_of([], NOW) == 0
            await uow.commit()
        async with new_uow() as uow:
            norway = await uow.sessions.get(hash_token("c"))
        assert norway is not None
        assert norway.live(NOW)

    async def test_the_signing_key_is_made_once(self, new_uow: NewUow) -> None:
        """The first candidate is kept; later callers get it back."""
        async with new_uow() as uow:
            assert await uow.sessions.key("first") == "first"
            await uow.commit()
        async with new_uow() as uow:
            assert await uow.sessions.key("second") == "first"


class TestSignIn:
    @pytest.fixture
    def sign_in(self, new_uow: NewUow) -> SignIn:
        return SignIn(Deps(new_uow=new_uow, clock=FixedClock(NOW)), channel="web")

    async def test_a_code_opens_one_session_once(self, new_uow: NewUow, sign_in: SignIn) -> None:
        """The code binds a web identity and opens a session; used again it is refused."""
        await seed(new_uow)
        issued = await sign_in.issue(Actor.operator("test"), "ken", role=Role.DELEGATE, name="W. Mwangi")
        visitor = await sign_in.redeem(issued.code, stakeholder="KEN", token="tok")
        assert (visitor.stakeholder.code, visitor.participant.name) == ("KEN", "W. Mwangi")
        assert await sign_in.visitor("tok") == visitor
        with pytest.raises(NotInvited):
            await sign_in.redeem(issued.code, stakeholder="KEN", token="tok2")
        assert await sign_in.visitor("tok2") is None
        async with new_uow() as uow:
            identity = await uow.registry.identity("web", visitor.account)
        assert identity is not None
        assert identity.participant_id == visitor.participant.id

    async def test_two_browsers_racing_on_one_link_get_one_session(self, new_uow: NewUow, sign_in: SignIn) -> None:
        """The same link used at the same moment twice: one session, one refusal."""
        await seed(new_uow)
        issued = await sign_in.issue(Actor.operator("test"), "KEN", role=Role.DELEGATE)
        results = await asyncio.gather(
            sign_in.redeem(issued.code, stakeholder="KEN", token="a"),
            sign_in.redeem(issued.code, stakeholder="KEN", token="b"),
            return_exceptions=True,
        )
        assert sorted(type(r).__name__ for r in results) == ["NotInvited", "Visitor"]
        live = [token for token in ("a", "b") if await sign_in.visitor(token) is not None]
        assert len(live) == 1

    async def test_a_code_for_another_delegation_opens_nothing(self, new_uow: NewUow, sign_in: SignIn) -> None:
        """A Kenyan code presented as Norway's is refused and stays unused."""
        await seed(new_uow)
        issued = await sign_in.issue(Actor.operator("test"), "KEN", role=Role.DELEGATE)
        with pytest.raises(NotAllowed):
            await sign_in.redeem(issued.code, stakeholder="NOR", token="tok")
        assert (await sign_in.redeem(issued.code, stakeholder="KEN", token="tok")).stakeholder.code == "KEN"

    async def test_revoke_and_sign_out(self, new_uow: NewUow, sign_in: SignIn) -> None:
        """Sign-out ends one session; revoke ends a delegation's, audited; delegates may not revoke."""
        await seed(new_uow)
        first = await sign_in.issue(Actor.operator("test"), "KEN", role=Role.DELEGATE)
        second = await sign_in.issue(Actor.operator("test"), "KEN", role=Role.DELEGATE)
        await sign_in.redeem(first.code, stakeholder="KEN", token="one")
        await sign_in.redeem(second.code, stakeholder="KEN", token="two")
        await sign_in.sign_out("one")
        assert await sign_in.visitor("one") is None
        delegate = Actor(name="x", channel="web", roles=frozenset({Role.DELEGATE}))
        with pytest.raises(NotAllowed):
            await sign_in.revoke(delegate, "KEN")
        assert await sign_in.revoke(Actor.operator("test"), "KEN") == 1
        assert await sign_in.visitor("two") is None
        async with new_uow() as uow:
            entry = (await uow.audit.entries(1))[0]
        assert (entry.action, entry.target, entry.detail) == ("revoke", "KEN", "1 sessions")
