"""E-mail to contacts: invitations with a personal code, and reminders and deadline notices to those not
reached in a chat.

A contact (a participant with an e-mail address) who has not joined a chat is reached by e-mail;
one who prefers e-mail keeps getting reminders and deadline notices there after joining.

Every e-mail is written in its reader's language (dates through bot/i18n/formats.py), and carries that
language for the channel's own words around it; in a right-to-left language each embedded value
(a code, a date, a number, a title) is isolated (FSI … PDI) so that it keeps its own direction.
 Each e-mail is a delivery with
its own dedupe key, written in the transaction of its cause, like every other push.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.domain import audience
from bot.domain.model import MAIL, Address, Delivery, Invitation, Participant, Reply, Round, Stakeholder
from bot.i18n import formats
from bot.i18n.catalogue import text
from bot.i18n.content import localize, reading, round_text
from bot.i18n.timefmt import when, when_both
from bot.outreach import joining
from bot.ports import Deps, UnitOfWork


def _say(lang: str, key: str, **params: object) -> str:
    """The catalogue's text, each value isolated when the reader's language is written right to left."""
    if formats.is_rtl(lang):
        params = {name: formats.isolate(str(value)) for name, value in params.items()}
    return text(lang, key, **params)


async def audience_contacts(
    uow: UnitOfWork, round_: Round, *, skip_submitted: bool
) -> list[tuple[Stakeholder, Participant, bool]]:
    """Each reachable e-mail contact of the audience, with True if they joined a chat (reachable there)."""
    members = audience.members(round_, await uow.registry.stakeholders())
    if skip_submitted:
        done = {p.stakeholder for p in await uow.responses.progress(round_.slug) if p.submitted_at}
        members = [s for s in members if s.code not in done]
    by_code = {s.code: s for s in members}
    people = [p for p in await uow.registry.participants_of(list(by_code)) if p.email and p.email_reachable]
    joined = {i.participant_id for i in await uow.registry.identities_of([p.id for p in people]) if i.reachable}
    return [(by_code[p.stakeholder], p, p.id in joined) for p in people]


async def invitations(uow: UnitOfWork, deps: Deps, round_: Round, now: datetime) -> int:
    """Queue one invitation e-mail, with a new code, to each contact of the audience who has not joined a
    chat (delegations that submitted are left out); returns how many are new. Queued twice, one goes."""
    expires = max(now + timedelta(days=deps.invitation_days), round_.deadline + timedelta(days=1))
    pending: list[tuple[Delivery, str]] = []
    for holder, person, joined in await audience_contacts(uow, round_, skip_submitted=True):
        if joined:
            continue
        code = joining.new_code()
        reply = await invitation_mail(round_, holder, person, code, expires, deps)
        delivery = Delivery(
            kind="invitation",
            dedupe_key=f"invite:{round_.slug}:{person.id}:{MAIL}",
            address=Address(MAIL, person.email),
            reply=reply,
            due_at=now,
            participant_id=person.id,
            round=round_.slug,
        )
        pending.append((delivery, code))
    inserted = set(await uow.outbox.add_many([delivery for delivery, _ in pending]))
    for delivery, code in pending:
        if delivery.dedupe_key in inserted:  # a code only for an e-mail that will carry it
            assert delivery.participant_id is not None
            await uow.registry.add_invitation(
                Invitation(
                    code_hash=joining.hash_code(code),
                    participant_id=delivery.participant_id,
                    created_at=now,
                    expires_at=expires,
                )
            )
    return len(inserted)


async def invitation_mail(
    round_: Round, holder: Stakeholder, person: Participant, code: str, expires: datetime, deps: Deps
) -> Reply:
    """The invitation e-mail: the round, the deadline in the reader's zone, what is asked, how to answer."""
    lang = reading(round_, person.language)
    round_ = localize(round_, lang)  # title and description in the reader's language, where given
    paragraphs = [
        _say(lang, "mail.invite.greeting", name=person.name or holder.name),
        _say(
            lang,
            "mail.invite.text",
            delegation=_named(holder, lang),
            title=round_.title,
            count=len(round_.recommendations),
        ),
        round_.description.strip(),
        _say(lang, "mail.invite.deadline", deadline=deadline_for(round_.deadline, person.timezone, lang)),
        text(lang, "mail.invite.asked"),
        _say(lang, "mail.invite.code", code=code, expires=when(expires, person.timezone, lang)),
    ]
    links: list[tuple[str, str]] = []
    ways: list[str] = []
    for way in deps.join_ways:
        made = await way.make(code, holder.code)
        if not made:
            continue
        if way.link:
            links.append((text(lang, f"mail.join.{way.kind}"), made))
            ways.append("• " + text(lang, f"mail.way.{way.kind}"))
        else:
            ways.append("• " + _say(lang, f"mail.way.{way.kind}", line=made))
    if ways:
        paragraphs.append("\n".join([text(lang, "mail.invite.how"), *ways]))
    return Reply(
        title=_say(lang, "invite.title", title=round_.title),
        text="\n\n".join(p for p in paragraphs if p),
        links=tuple(links),
        key="invite",
        language=lang,
    )


def deadline_for(deadline: datetime, zone: str, language: str = "en") -> str:
    """The deadline in the reader's zone, and in New York (where the Secretariat counts it) when that differs,
    as the chats say it."""
    return when_both(deadline, zone, language)


def reminders(
    round_: Round,
    contacts: list[tuple[Stakeholder, Participant, bool]],
    answered: dict[str, int],
    now: datetime,
    *,
    label: str,
    due_at: datetime | None = None,
    due_for: Callable[[Participant], datetime | None] | None = None,
) -> list[Delivery]:
    """Reminder e-mails for contacts who prefer e-mail or have not joined a chat (see pushes.reminders)."""
    deliveries = []
    for holder, person, joined in contacts:
        if joined and person.channel != MAIL:
            continue  # reminded in their chat
        own_due = due_for(person) if due_for is not None else due_at or now
        if own_due is None:
            continue
        lang = reading(round_, person.language)
        body = _say(
            lang, "remind.text", delegation=_named(holder, lang), answered=answered.get(holder.code, 0),
            total=len(round_.recommendations), deadline=deadline_for(round_.deadline, person.timezone, lang),
        )  # fmt: skip
        key = f"remind:{round_.slug}:{label}:{person.id}:{MAIL}"
        deliveries.append(_mail("reminder", "remind", key, round_, person, lang, body, joined, own_due))
    return deliveries


def deadline_notices(
    round_: Round, contacts: list[tuple[Stakeholder, Participant, bool]], now: datetime
) -> list[Delivery]:
    """Deadline-moved e-mails for contacts who prefer e-mail or have not joined a chat (see
    pushes.deadline_notices): one per contact and deadline, whatever the number of moves to it."""
    stamp = f"{round_.deadline.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    deliveries = []
    for holder, person, joined in contacts:
        if joined and person.channel != MAIL:
            continue  # told in their chat
        lang = reading(round_, person.language)
        deadline = deadline_for(round_.deadline, person.timezone, lang)
        body = _say(lang, "deadline.text", delegation=_named(holder, lang), deadline=deadline)
        key = f"deadline:{round_.slug}:{stamp}:{person.id}:{MAIL}"
        deliveries.append(_mail("deadline", "deadline", key, round_, person, lang, body, joined, now))
    return deliveries


def _mail(
    kind: str,
    text_key: str,
    dedupe_key: str,
    round_: Round,
    person: Participant,
    lang: str,
    body: str,
    joined: bool,
    due_at: datetime,
) -> Delivery:
    """A reminder or deadline e-mail: `{text_key}.title` naming the round, the body, then how to answer."""
    follow = text(lang, "mail.remind.joined" if joined else "mail.remind.join")
    return Delivery(
        kind=kind,
        dedupe_key=dedupe_key,
        address=Address(MAIL, person.email),
        reply=Reply(
            title=_say(lang, f"{text_key}.title", title=round_text(round_, lang).title),
            text=f"{body}\n\n{follow}",
            key=text_key,
            language=lang,
        ),
        due_at=due_at,
        participant_id=person.id,
        round=round_.slug,
    )


def _named(holder: Stakeholder, lang: str) -> str:
    """The delegation as the reader names it (a State in their language), as the chats' pushes do."""
    return formats.delegation(holder.code, holder.name, holder.kind, lang)
