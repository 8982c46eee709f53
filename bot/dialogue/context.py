"""What a use case needs to know about the message it serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Actor, IncomingMessage, Participant, Role, Stakeholder
from bot.i18n import formats
from bot.ports import Deps, UnitOfWork


@dataclass(frozen=True, slots=True, kw_only=True)
class Ctx:
    """One message from a known participant, inside one unit of work."""

    uow: UnitOfWork
    deps: Deps
    now: datetime
    message: IncomingMessage
    participant: Participant
    stakeholder: Stakeholder

    @property
    def lang(self) -> str:
        """The participant's language: one of the six ("en" while nobody chose one)."""
        return formats.language_of(self.participant.language)

    @property
    def zone(self) -> str:
        """The participant's time zone."""
        return self.participant.timezone

    @property
    def delegation(self) -> str:
        """The delegation's name as the reader says it (a State's in the reader's language)."""
        holder = self.stakeholder
        return formats.delegation(holder.code, holder.name, holder.kind, self.lang)

    def actor(self) -> Actor:
        """The participant as the author of a coordinator action."""
        name = self.participant.name or f"participant {self.participant.id}"
        return Actor(
            name=f"{name} ({self.stakeholder.code})",
            channel=self.message.channel,
            roles=frozenset({self.participant.role}),
            participant_id=self.participant.id,
            stakeholder=self.stakeholder.code,
        )

    def has_role(self, *roles: Role) -> bool:
        """True if the participant holds one of these roles."""
        return self.participant.role in roles
