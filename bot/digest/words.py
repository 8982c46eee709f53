"""Small wording helpers of the digest, in the reader's language: dates, durations, percentages, lists, labels.

Dates, durations, percentages and lists are Babel's (CLDR) for the reader's language; English
reads as the United Nations writes it (British English: "Mon 29 Mar 2027"). Digits stay Latin in
every language, as in UN documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_percent
from babel.units import format_unit

from bot.catalogue import text
from bot.digest.model import RoundDigest
from bot.model import Position
from bot.timefmt import zone

#: The Babel locale of each reader's language where it is not the language's code itself.
_LOCALES = {"en": "en_GB"}


def locale(language: str) -> str:
    """The Babel locale to format for `language` (English when unknown)."""
    code = _LOCALES.get(language, language)
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return _LOCALES["en"]
    return code


def day(moment: datetime, zone_name: str, language: str = "en") -> str:
    """E.g. "Mon 08 Mar 2027" (en), "lun. 8 mars 2027" (fr)."""
    return format_skeleton("yMMMEd", moment.astimezone(zone(zone_name)), locale=locale(language))


def short(moment: datetime, zone_name: str, language: str = "en") -> str:
    """E.g. "Tue 3 Mar, 14:05": the day and the time, without the year."""
    return _with_time("MMMEd", moment, zone_name, language)


def when(moment: datetime, zone_name: str, language: str = "en") -> str:
    """E.g. "Mon 15 Mar 2027, 18:00 (Europe/Paris)": the zone's name stays as written (IANA)."""
    return f"{_with_time('yMMMEd', moment, zone_name, language)} ({zone_name})"


def _with_time(skeleton: str, moment: datetime, zone_name: str, language: str) -> str:
    local = moment.astimezone(zone(zone_name))
    where = locale(language)
    pattern = Locale.parse(where).datetime_formats["medium"]
    date = format_skeleton(skeleton, local, locale=where)
    time = format_skeleton("Hm", local, locale=where)
    return str(pattern).replace("{1}", date).replace("{0}", time)


def left(deadline: datetime, now: datetime, language: str = "en") -> str:
    """How long until the deadline, roughly: "3 days and 4 hours left", "closed"."""
    remaining = deadline - now
    if remaining <= timedelta(0):
        return text(language, "digest.left.closed")
    days, seconds = remaining.days, remaining.seconds
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    if days:
        parts = [("duration-day", days), ("duration-hour", hours)]
    elif hours:
        parts = [("duration-hour", hours), ("duration-minute", minutes)]
    else:
        parts = [("duration-minute", minutes)]
    where = locale(language)
    units = [format_unit(n, unit, length="long", locale=where) for unit, n in parts if n or unit == parts[0][0]]
    return text(language, "digest.left", duration=format_list(units, locale=where))


def share(part: int, whole: int) -> int:
    """A whole percentage (0 of nothing is 0)."""
    return round(100 * part / whole) if whole else 0


def percent(part: int, whole: int, language: str = "en") -> str:
    """A whole percentage as the reader writes it: "42%" (en), "42 %" (fr)."""
    return format_percent(share(part, whole) / 100, locale=locale(language))


def join(items: Sequence[str], language: str = "en") -> str:
    """ "A, B and C" in the reader's language."""
    return format_list(list(items), locale=locale(language)) if items else ""


def listing(names: Sequence[str], limit: int, language: str = "en") -> str:
    """ "A, B and C", or "A, B and 12 more" past `limit` names."""
    if len(names) <= limit:
        return join(names, language)
    return join([*names[:limit], text(language, "digest.more", count=len(names) - limit)], language)


def since(r: RoundDigest, zone_name: str, language: str) -> str:
    """When the previous digest went out, or "the round opened"."""
    moment = r.changes.since
    return short(moment, zone_name, language) if moment else text(language, "digest.since_opened")


def label(position: Position | None, language: str) -> str:
    """A position's short label ("oppose"), or "none"."""
    return text(language, f"digest.pos.{position.value}" if position else "digest.pos.none")
