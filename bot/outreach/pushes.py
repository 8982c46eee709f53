"""Outbound messages a change causes (invitations, reminders, deadline notices), written to the outbox.

Each delivery has a deterministic dedupe key, so writing the same push twice (a retried job, two
replicas) stores it once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.domain import actions, audience
from bot.domain.model import Address, Choice, Delivery, Identity, Participant, Reply, Round, Stakeholder
from bot.i18n import formats
from bot.i18n.catalogue import text
from bot.i18n.content import localize, reading, round_text
from bot.i18n.timefmt import when_both
from bot.outreach import mailing
from bot.ports import UnitOfWork

#: Delivery kinds.
INVITATION = "invitation"
REMINDER = "reminder"
DEADLINE = "deadline"


async def recipients(
    uow: UnitOfWork, round_: Round, *, skip_submitted: bool
) -> list[tuple[Stakeholder, Participant, Identity]]:
    """Every reachable identity of the audience's participants (optionally only unsubmitted delegations)."""
    stakeholders = audience.members(round_, await uow.registry.stakeholders())
    if skip_submitted:
        done = {p.stakeholder for p in await uow.responses.progress(round_.slug) if p.submitted_at}
        stakeholders = [s for s in stakeholders if s.code not in done]
    by_code = {s.code: s for s in stakeholders}
    participants = await uow.registry.participants_of(list(by_code))
    by_id = {p.id: p for p in participants}
    return [
        (by_code[by_id[i.participant_id].stakeholder], by_id[i.participant_id], i)
        for i in await uow.registry.identities_of(list(by_id))
        if i.reachable
    ]


async def invitations(uow: UnitOfWork, round_: Round, now: datetime) -> int:
    """Queue one invitation per reachable identity of the audience; returns how many are new."""
    deliveries = [
        Delivery(
            kind=INVITATION,
            dedupe_key=f"invite:{round_.slug}:{participant.id}:{identity.channel}",
            address=Address(identity.channel, identity.chat),
            reply=invitation_reply(round_, holder, participant),
            due_at=now,
            participant_id=participant.id,
            round=round_.slug,
        )
        for holder, participant, identity in await recipients(uow, round_, skip_submitted=True)
    ]
    return len(await uow.outbox.add_many(deliveries))


async def deadline_notices(uow: UnitOfWork, round_: Round, now: datetime, *, mail: bool = True) -> int:
    """Tell every reachable participant of the audience that the deadline moved (once per deadline), in
    their chat, and by e-mail to contacts who prefer e-mail or have not joined a chat.

    Args:
        mail: False when no mail channel is configured: contacts get no e-mail.
    """
    stamp = f"{round_.deadline.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    deliveries = [
        Delivery(
            kind=DEADLINE,
            dedupe_key=f"deadline:{round_.slug}:{stamp}:{participant.id}:{identity.channel}",
            address=Address(identity.channel, identity.chat),
            reply=Reply(
                title=text(lang, "deadline.title", title=round_text(round_, lang).title),
                text=text(
                    lang,
                    "deadline.text",
                    delegation=formats.delegation(holder.code, holder.name, holder.kind, lang),
                    deadline=when_both(round_.deadline, participant.timezone, lang),
                ),
                choices=(Choice(text(lang, "nav.continue"), actions.encode("go", round_.slug)),),
                key="deadline",
            ),
            due_at=now,
            participant_id=participant.id,
            round=round_.slug,
        )
        for holder, participant, identity in await recipients(uow, round_, skip_submitted=False)
        for lang in (reading(round_, participant.language),)
    ]
    contacts = await mailing.audience_contacts(uow, round_, skip_submitted=False) if mail else []
    deliveries += mailing.deadline_notices(round_, contacts, now)
    return len(await uow.outbox.add_many(deliveries))


async def reminders(
    uow: UnitOfWork,
    round_: Round,
    now: datetime,
    *,
    label: str,
    due_at: datetime | None = None,
    due_for: Callable[[Participant], datetime | None] | None = None,
    mail: bool = True,
) -> int:
    """Queue a reminder to each reachable participant of a delegation that has not submitted.

    Args:
        due_for: when given, each participant's own due moment, or None to leave them out this time
            (the planner uses it for working hours); it overrides `due_at`.
        mail: False when no mail channel is configured: contacts get no reminder e-mails.
    """
    answered = {p.stakeholder: p.answered for p in await uow.responses.progress(round_.slug)}
    deliveries = []
    for holder, participant, identity in await recipients(uow, round_, skip_submitted=True):
        own_due = due_for(participant) if due_for is not None else due_at or now
        if own_due is None:
            continue
        deliveries.append(
            Delivery(
                kind=REMINDER,
                dedupe_key=f"remind:{round_.slug}:{label}:{participant.id}:{identity.channel}",
                address=Address(identity.channel, identity.chat),
                reply=reminder_reply(round_, holder, participant, answered.get(holder.code, 0)),
                due_at=own_due,
                participant_id=participant.id,
                round=round_.slug,
            )
        )
    contacts = await mailing.audience_contacts(uow, round_, skip_submitted=True) if mail else []
    deliveries += mailing.reminders(round_, contacts, answered, now, label=label, due_at=due_at, due_for=due_for)
    return len(await uow.outbox.add_many(deliveries))


def invitation_reply(round_: Round, holder: Stakeholder, participant: Participant) -> Reply:
    """The invitation to a round."""
    lang = reading(round_, participant.language)
    round_ = localize(round_, lang)  # its title in the reader's language, where the round file gives it
    return Reply(
        title=text(lang, "invite.title", title=round_.title),
        text=text(
            lang,
            "invite.text",
            delegation=formats.delegation(holder.code, holder.name, holder.kind, lang),
            count=len(round_.recommendations),
            deadline=when_both(round_.deadline, participant.timezone, lang),
        ),
        choices=(Choice(text(lang, "nav.continue"), actions.encode("go", round_.slug)),),
        key="invite",
    )


def reminder_reply(round_: Round, holder: Stakeholder, participant: Participant, answered: int) -> Reply:
    """A reminder with the delegation's progress and the deadline in two time zones."""
    lang = reading(round_, participant.language)
    round_ = localize(round_, lang)  # its title in the reader's language, where the round file gives it
    return Reply(
        title=text(lang, "remind.title", title=round_.title),
        text=text(
            lang,
            "remind.text",
            delegation=formats.delegation(holder.code, holder.name, holder.kind, lang),
            answered=answered,
            total=len(round_.recommendations),
            deadline=when_both(round_.deadline, participant.timezone, lang),
        ),
        choices=(Choice(text(lang, "nav.continue"), actions.encode("go", round_.slug)),),
        key="remind",
    )
