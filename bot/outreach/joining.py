"""Invitations: a one-time code binds a chat account to a participant."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain.errors import BadInput, UnknownStakeholder
from bot.domain.model import (
    Identity,
    IncomingMessage,
    Invitation,
    NewParticipant,
    Participant,
    Reply,
    Role,
)
from bot.i18n import formats
from bot.i18n.catalogue import text
from bot.ports import Deps, UnitOfWork

#: Wrong codes tolerated per account in the window before the account is slowed down.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Issued:
    """A new participant and the code to give them (shown once, stored only hashed)."""

    participant: Participant
    code: str
    expires_at: datetime


#: Crockford's base32: digits and capitals without I, L, O and U, so that nothing looks like something else.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 28 symbols of 5 bits: 140 bits of randomness (DESIGN.md asks at least 128), read out and typed in
#: seven groups of four.
CODE_SYMBOLS, CODE_GROUP = 28, 4
_READ_AS = str.maketrans("ILO", "110")


def new_code() -> str:
    """A fresh invitation code, e.g. "7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE" (no leading dash, no look-alikes)."""
    symbols = "".join(secrets.choice(CROCKFORD) for _ in range(CODE_SYMBOLS))
    return "-".join(symbols[i : i + CODE_GROUP] for i in range(0, CODE_SYMBOLS, CODE_GROUP))


def canonical(code: str) -> str:
    """A code as typed, in its stored form: dashes and spaces dropped, capitals, I and L read as 1, O as 0."""
    return "".join(code.split()).replace("-", "").upper().translate(_READ_AS)


def hash_code(code: str) -> str:
    """The stored form of an invitation code: the hash of its canonical form."""
    return hashlib.sha256(canonical(code).encode()).hexdigest()


def _legacy_hash(code: str) -> str:
    """How codes issued before Crockford codes were stored (as typed)."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


async def issue(
    uow: UnitOfWork,
    deps: Deps,
    *,
    stakeholder: str,
    role: Role,
    name: str = "",
    language: str = "",
    timezone: str = "America/New_York",
) -> Issued:
    """Create a participant and a single-use invitation code (140 bits of randomness).

    `language` is the one the person reads; "" leaves it to the platform's hint when they join.
    """
    language = language.strip().lower()
    if language and language not in formats.LANGUAGES:
        raise BadInput("unknown language", key="language.bad", languages=", ".join(formats.LANGUAGES))
    holder = await uow.registry.stakeholder(stakeholder.upper())
    if holder is None:
        raise UnknownStakeholder(code=stakeholder)
    now = deps.clock()
    participant = await uow.registry.add_participant(
        NewParticipant(stakeholder=holder.code, role=role, name=name, language=language, timezone=timezone)
    )
    code = new_code()
    expires_at = now + timedelta(days=deps.invitation_days)
    await uow.registry.add_invitation(
        Invitation(code_hash=hash_code(code), participant_id=participant.id, created_at=now, expires_at=expires_at)
    )
    return Issued(participant=participant, code=code, expires_at=expires_at)


async def join(uow: UnitOfWork, message: IncomingMessage, code: str, now: datetime) -> tuple[Participant | None, Reply]:
    """Bind the message's account with an invitation code; a bad code binds nothing."""
    channel, account = message.channel, message.account
    hint = formats.language_of(message.locale)  # nobody is known yet: the platform's hint, else English
    failures = await uow.registry.failed_joins_since(channel, account, now - FAILURE_WINDOW)
    if failures >= MAX_FAILURES:
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        return None, Reply(text=text(hint, "join.slow_down", count=minutes), key="join.slow_down", error=True)
    if len(code) > 64:
        raise BadInput("code too long", key="join.bad_code")
    invitation = await uow.registry.invitation(hash_code(code)) or await uow.registry.invitation(
        _legacy_hash(code)  # a code issued before codes were Crockford base32
    )
    if invitation is not None and invitation.used_at is not None:
        bound = await uow.registry.identity(channel, account)
        if bound is not None and bound.participant_id == invitation.participant_id:
            # The same person with their own code again (the deep link pressed twice): welcome back.
            participant = await uow.registry.participant(invitation.participant_id)
            assert participant is not None, "an invitation always names a participant"
            return participant, await _welcome(uow, participant)
    problem = (
        "join.bad_code"
        if invitation is None
        else "join.used_code"
        if invitation.used_at is not None
        else "join.expired_code"
        if invitation.expires_at <= now
        else ""
    )
    if invitation is None or problem or not await uow.registry.use_invitation(invitation.code_hash, now):
        await uow.registry.record_failed_join(channel, account, now)
        key = problem or "join.used_code"
        return None, Reply(text=text(hint, key), key=key, error=True)
    participant = await uow.registry.participant(invitation.participant_id)
    assert participant is not None, "an invitation always names a participant"
    named = participant.name or message.name[:100]
    # No language chosen (invite, contacts file): the platform's hint, when it is one of the six.
    hinted = _primary(message.locale) if formats.language_of(message.locale) == _primary(message.locale) else ""
    if named != participant.name or (hinted and not participant.language):
        participant = replace(participant, name=named, language=participant.language or hinted)
        await uow.registry.update_participant(participant)
    await uow.registry.bind_identity(
        Identity(channel=channel, account=account, participant_id=participant.id, chat=message.chat)
    )
    return participant, await _welcome(uow, participant)


async def _welcome(uow: UnitOfWork, participant: Participant) -> Reply:
    holder = await uow.registry.stakeholder(participant.stakeholder)
    lang = participant.language
    role = text(lang, f"role.{participant.role.value}")
    return Reply(
        text=text(
            lang,
            "join.ok",
            name=participant.name or role,
            delegation=formats.delegation(holder.code, holder.name, holder.kind, lang)
            if holder
            else participant.stakeholder,
            role=role,
        ),
        key="join.ok",
    )


def _primary(locale: str) -> str:
    """The language part of a platform's locale ("es-ES" → "es")."""
    return locale.strip().lower().replace("_", "-").split("-", 1)[0]
