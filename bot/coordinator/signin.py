"""Sign-in by link: a one-time code opens a browser session; sessions end at sign-out, expiry or revocation.

A link carries an invitation code (single use, stored hashed, expiring), so a link is an
invitation like any other; the adapter signs it and sets the cookie. The signing key itself is
kept in the database, so the command line that makes links and every replica that serves them
agree on it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from bot.coordinator import rounds as coordination
from bot.domain.errors import NotAllowed, NotInvited
from bot.domain.model import Actor, BrowserSession, Identity, Participant, Role, Stakeholder
from bot.outreach import joining
from bot.ports import Deps

#: How long a browser stays signed in without a new link.
SESSION_HOURS = 12


def hash_token(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def account_of(participant_id: int) -> str:
    """The web identity's account: one per participant, whatever the number of browsers."""
    return f"participant-{participant_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Visitor:
    """Who a live session belongs to."""

    participant: Participant
    stakeholder: Stakeholder
    session: BrowserSession
    channel: str

    @property
    def account(self) -> str:
        """The identity the Engine knows this visitor by."""
        return self.session.account

    def actor(self) -> Actor:
        """The visitor as the author of a coordinator action (audited with the web's channel)."""
        name = self.participant.name or f"participant {self.participant.id}"
        return Actor(
            name=f"{name} ({self.stakeholder.code})",
            channel=self.channel,
            roles=frozenset({self.participant.role}),
            participant_id=self.participant.id,
            stakeholder=self.stakeholder.code,
        )

    def has_role(self, *roles: Role) -> bool:
        """True if the visitor holds one of these roles."""
        return self.participant.role in roles


class SignIn:
    """The sign-in use cases, each in its own unit of work."""

    def __init__(self, deps: Deps, *, channel: str, session_hours: int = SESSION_HOURS) -> None:
        self.deps = deps
        self.channel = channel
        self.session_hours = session_hours

    async def key(self) -> str:
        """The key that signs links and cookies (made and stored at first use)."""
        async with self.deps.new_uow() as uow:
            key = await uow.sessions.key(secrets.token_urlsafe(32))
            await uow.commit()
            return key

    async def issue(
        self, actor: Actor, stakeholder: str, *, role: Role, name: str = "", language: str = "en"
    ) -> joining.Issued:
        """A new participant and the one-time code their link carries (audited, without the code)."""
        async with self.deps.new_uow() as uow:
            issued = await coordination.invite(
                uow, self.deps, actor, stakeholder.upper(), role, name=name, language=language
            )
            await uow.commit()
            return issued

    async def problem(self, code: str, *, stakeholder: str) -> str | None:
        """Why a link's code cannot sign in now (a catalogue key), or None; nothing is used or changed."""
        async with self.deps.new_uow() as uow:
            invitation = await uow.registry.invitation(joining.hash_code(code)) if len(code) <= 64 else None
            participant = await uow.registry.participant(invitation.participant_id) if invitation else None
            if invitation is None or participant is None:
                return "join.bad_code"
            if participant.stakeholder != stakeholder:
                return "error.not_allowed"
            if invitation.used_at is not None:
                return "join.used_code"
            if invitation.expires_at <= self.deps.clock():
                return "join.expired_code"
            return None

    async def redeem(self, code: str, *, stakeholder: str, token: str) -> Visitor:
        """Use a link's code once and open a session for `token`.

        Raises NotInvited (unknown, used or expired code) or NotAllowed (the link names another
        delegation than its code's); nothing is opened then.
        """
        async with self.deps.new_uow() as uow:
            now = self.deps.clock()
            invitation = await uow.registry.invitation(joining.hash_code(code)) if len(code) <= 64 else None
            if invitation is None:
                raise NotInvited(key="join.bad_code")
            participant = await uow.registry.participant(invitation.participant_id)
            holder = await uow.registry.stakeholder(participant.stakeholder) if participant else None
            if participant is None or holder is None:
                raise NotInvited(key="join.bad_code")
            if participant.stakeholder != stakeholder:
                raise NotAllowed()
            if invitation.used_at is not None:
                raise NotInvited(key="join.used_code")
            if invitation.expires_at <= now:
                raise NotInvited(key="join.expired_code")
            if not await uow.registry.use_invitation(invitation.code_hash, now):  # another browser got there first
                raise NotInvited(key="join.used_code")
            account = account_of(participant.id)
            await uow.registry.bind_identity(
                Identity(channel=self.channel, account=account, participant_id=participant.id, chat=account)
            )
            session = BrowserSession(
                token_hash=hash_token(token),
                participant_id=participant.id,
                account=account,
                created_at=now,
                expires_at=now + timedelta(hours=self.session_hours),
            )
            await uow.sessions.add(session)
            await uow.commit()
            return Visitor(participant=participant, stakeholder=holder, session=session, channel=self.channel)

    async def visitor(self, token: str) -> Visitor | None:
        """Who holds this session token, if the session is live."""
        async with self.deps.new_uow() as uow:
            session = await uow.sessions.get(hash_token(token))
            if session is None or not session.live(self.deps.clock()):
                return None
            participant = await uow.registry.participant(session.participant_id)
            holder = await uow.registry.stakeholder(participant.stakeholder) if participant else None
            if participant is None or holder is None:
                return None
            return Visitor(participant=participant, stakeholder=holder, session=session, channel=self.channel)

    async def sign_out(self, token: str) -> None:
        """End this session."""
        async with self.deps.new_uow() as uow:
            await uow.sessions.revoke(hash_token(token), self.deps.clock())
            await uow.commit()

    async def revoke(self, actor: Actor, stakeholder: str, *, participant_id: int | None = None) -> int:
        """End every live session of a delegation (or of one of its participants); audited."""
        coordination.require(actor, Role.COORDINATOR)
        async with self.deps.new_uow() as uow:
            now = self.deps.clock()
            code = stakeholder.upper()
            people = await uow.registry.participants_of([code])
            ids = [p.id for p in people if participant_id is None or p.id == participant_id]
            count = await uow.sessions.revoke_of(ids, now)
            detail = f"{count} sessions" + (f" of #{participant_id}" if participant_id is not None else "")
            await coordination.audit(uow, actor, "revoke", code, now, detail)
            await uow.commit()
            return count
