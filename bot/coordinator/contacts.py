"""Contacts: the people the Secretariat can write to before they join a chat, imported from a file.

A contact is a participant with an e-mail address; the pair (stakeholder, address) names it, so
importing the same file again changes nothing and a corrected file updates in place. A file with
any problem is refused whole, each problem with its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import available_timezones

from bot.coordinator.rounds import audit, require
from bot.domain.errors import BadContactsFile
from bot.domain.model import Actor, NewParticipant, Participant, Role
from bot.i18n.timefmt import NEW_YORK
from bot.ports import UnitOfWork

#: The roles a contacts file may give, as written in the file.
ROLES: dict[str, Role] = {
    "delegate": Role.DELEGATE,
    "focal_point": Role.FOCAL_POINT,
    "coordinator": Role.COORDINATOR,
    "digest_reader": Role.DIGEST,
}
#: The channels a contact may prefer.
PREFERRED = ("email", "telegram", "slack")
#: The six official languages of the United Nations.
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
#: A plain address: something@domain.tld, no spaces, brackets or quotes, at most 254 characters.
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactLine:
    """One row of a contacts file, as read (adapters/contactsfile.py), with its line number."""

    line: int
    stakeholder: str
    name: str
    email: str
    role: str
    language: str = ""
    timezone: str = ""
    channel: str = ""


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did, by line number."""

    added: tuple[int, ...] = ()
    changed: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()


def is_address(text: str) -> bool:
    """True for a plain e-mail address."""
    return len(text) <= 254 and _ADDRESS.fullmatch(text) is not None


async def import_contacts(
    uow: UnitOfWork, actor: Actor, lines: Sequence[ContactLine], now: datetime, problems: Sequence[tuple[int, str]] = ()
) -> Imported:
    """Add or update every contact of the file (by stakeholder and address), or refuse it whole.

    Args:
        problems: what the file reader found already (a formula, a missing column): they refuse the file too.
    """
    require(actor, Role.COORDINATOR)
    found = list(problems)
    known = {s.code for s in await uow.registry.stakeholders()}
    zones = available_timezones()
    first: dict[tuple[str, str], int] = {}
    for row in lines:
        found.extend((row.line, problem) for problem in _check(row, known, zones))
        key = (row.stakeholder.strip().upper(), row.email.strip().lower())
        if key in first:
            found.append((row.line, f"repeats line {first[key]} ({key[0]}, {key[1]})"))
        else:
            first[key] = row.line
    if not lines and not found:
        found.append((0, "no contacts in the file"))
    if found:
        raise BadContactsFile(sorted(found))
    existing = {(p.stakeholder, p.email): p for p in await uow.registry.contacts()}
    added: list[int] = []
    changed: list[int] = []
    unchanged: list[int] = []
    for row in lines:
        wanted = _participant_of(row)
        old = existing.get((wanted.stakeholder, wanted.email))
        if old is None:
            await uow.registry.add_participant(wanted)
            added.append(row.line)
            continue
        new = replace(
            old, name=wanted.name or old.name, role=wanted.role, language=wanted.language or old.language,
            timezone=wanted.timezone, channel=wanted.channel,
        )  # fmt: skip
        if new == old:
            unchanged.append(row.line)
        else:
            await uow.registry.update_participant(new)
            changed.append(row.line)
    await audit(uow, actor, "contacts", "import", now, f"{len(added)} added, {len(changed)} changed")
    return Imported(added=tuple(added), changed=tuple(changed), unchanged=tuple(unchanged))


async def contacts(uow: UnitOfWork, actor: Actor, stakeholder: str | None = None) -> list[Participant]:
    """The contacts (of one stakeholder, or all), by stakeholder then address."""
    require(actor, Role.COORDINATOR)
    return await uow.registry.contacts(stakeholder.upper() if stakeholder else None)


def _check(row: ContactLine, known: set[str], zones: set[str]) -> list[str]:
    problems = []
    code = row.stakeholder.strip().upper()
    if not code:
        problems.append("stakeholder: empty")
    elif code not in known:
        problems.append(f"stakeholder: “{row.stakeholder.strip()}” is not in the registry")
    if not is_address(row.email.strip()):
        problems.append(f"email: “{row.email.strip()}” is not an e-mail address")
    if row.role.strip().lower() not in ROLES:
        problems.append(f"role: “{row.role.strip()}” is not one of {', '.join(ROLES)}")
    if row.language.strip() and row.language.strip().lower() not in LANGUAGES:
        problems.append(f"language: “{row.language.strip()}” is not one of {', '.join(LANGUAGES)}")
    if row.timezone.strip() and row.timezone.strip() not in zones:
        problems.append(f"timezone: “{row.timezone.strip()}” is not an IANA time zone (e.g. Europe/Paris)")
    if row.channel.strip() and row.channel.strip().lower() not in PREFERRED:
        problems.append(f"channel: “{row.channel.strip()}” is not one of {', '.join(PREFERRED)}")
    if len(row.name) > 200:
        problems.append("name: longer than 200 characters")
    return problems


def _participant_of(row: ContactLine) -> NewParticipant:
    return NewParticipant(
        stakeholder=row.stakeholder.strip().upper(),
        role=ROLES[row.role.strip().lower()],
        name=" ".join(row.name.split()),
        language=row.language.strip().lower(),  # "" (not given): the platform's hint at join, else English
        timezone=row.timezone.strip() or NEW_YORK,
        email=row.email.strip().lower(),
        channel=row.channel.strip().lower(),
    )
