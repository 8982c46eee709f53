"""Dates, durations, numbers, lists and names as a reader of one of the six languages writes them.

Every function takes the reader's language code (ar, en, es, fr, ru, zh; anything else reads as
English) and formats with Babel's CLDR data. English keeps the project's own long-standing shapes
("Mon 15 Mar 2027, 18:00", "3 days 4 hours left"); the other languages get Babel's patterns for
their locale. Nothing is loaded at import: a locale's data is read the first time it is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.core import get_global
from babel.dates import format_datetime, format_skeleton, format_timedelta
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

#: The six official languages of the United Nations, in the UN's order.
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")
#: Languages written right to left.
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})
#: First strong isolate and pop directional isolate (Unicode bidi isolates).
FSI, PDI = "\u2068", "\u2069"

# English keeps the shapes its readers (and the record) already know: British day-month order.
_EN_DAY = "EEE dd MMM y"
_EN_SHORT = "EEE dd MMM HH:mm"
_EN_WHEN = "EEE dd MMM y, HH:mm"


@lru_cache(maxsize=256)  # a handful of codes, asked for some twenty times per message
def language_of(language: str) -> str:
    """The language code itself when it is one of the six, else "en"."""
    code = (language or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in LANGUAGES else "en"


def is_rtl(language: str) -> bool:
    """True for a language written right to left (Arabic)."""
    return language_of(language) in RIGHT_TO_LEFT


@cache
def locale(language: str) -> Locale:
    """Babel's locale for the language (British English for English)."""
    code = language_of(language)
    return Locale.parse("en_GB" if code == "en" else code)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


# -- dates and times --------------------------------------------------------------------------------


def day(moment: datetime, zone_name: str, language: str = "en") -> str:
    """The date with its weekday in the reader's zone: "Mon 15 Mar 2027", "lun. 15 mars 2027"."""
    local = moment.astimezone(_zone(zone_name))
    if language_of(language) == "en":
        return format_datetime(local, _EN_DAY, locale=locale("en"))
    return format_skeleton("yMMMEd", local, locale=locale(language))


def clock(moment: datetime, zone_name: str, language: str = "en") -> str:
    """The time of day in the reader's zone: "18:00" (or "6:00 م" where the locale writes so)."""
    return format_skeleton("Hm", moment.astimezone(_zone(zone_name)), locale=locale(language))


def short(moment: datetime, zone_name: str, language: str = "en") -> str:
    """Weekday, day, month and time without the year: "Mon 01 Mar 09:00"."""
    local = moment.astimezone(_zone(zone_name))
    if language_of(language) == "en":
        return format_datetime(local, _EN_SHORT, locale=locale("en"))
    loc = locale(language)
    return _date_time(loc, format_skeleton("MMMEd", local, locale=loc), clock(moment, zone_name, language))


def when(moment: datetime, zone_name: str, language: str = "en") -> str:
    """Date and time in the reader's zone, naming the zone: "Mon 15 Mar 2027, 18:00 (Europe/Paris)"."""
    local = moment.astimezone(_zone(zone_name))
    if language_of(language) == "en":
        stamp = format_datetime(local, _EN_WHEN, locale=locale("en"))
    else:
        loc = locale(language)
        stamp = _date_time(loc, format_skeleton("yMMMEd", local, locale=loc), clock(moment, zone_name, language))
    return f"{stamp} ({zone_name})"


def weekday_clock(moment: datetime, zone_name: str, language: str = "en") -> str:
    """Weekday and time: "Mon 18:00" (used for the New York time beside the reader's own)."""
    local = moment.astimezone(_zone(zone_name))
    if language_of(language) == "en":
        return format_datetime(local, "EEE HH:mm", locale=locale("en"))
    loc = locale(language)
    return _date_time(loc, format_datetime(local, "EEE", locale=loc), clock(moment, zone_name, language))


def _date_time(loc: Locale, date_part: str, time_part: str) -> str:
    pattern = str(loc.datetime_formats.get("medium", "{1} {0}"))
    return pattern.replace("{1}", date_part).replace("{0}", time_part).replace("'", "")


def relative(moment: datetime, now: datetime, language: str = "en") -> str:
    """How far a moment is from now, in words: "in 3 days", "2 hours ago", "dans 3 jours"."""
    return format_timedelta(moment - now, add_direction=True, threshold=1.0, locale=locale(language))


def duration(span: timedelta, language: str = "en") -> str:
    """A positive span as days and hours (or hours and minutes): "3 days 4 hours", "2 hours 5 minutes"."""
    days, seconds = span.days, span.seconds
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    loc = locale(language)
    if days:
        parts = [_unit(days, "duration-day", "long", loc), _unit(hours, "duration-hour", "long", loc)]
    elif hours:
        parts = [_unit(hours, "duration-hour", "long", loc), _unit(minutes, "duration-minute", "long", loc)]
    else:
        parts = [_unit(minutes, "duration-minute", "long", loc)]
    return _join(parts, "unit-narrow", loc)


def _unit(value: int, unit: str, length: str, loc: Locale) -> str:
    return str(format_unit(value, unit, length=length, locale=loc))  # type: ignore[arg-type]


# -- numbers and lists ------------------------------------------------------------------------------


def number(value: float, language: str = "en") -> str:
    """A number with the locale's digits and separators: 1,234 · 1 234 · 1.234."""
    return str(format_decimal(value, locale=locale(language)))


@lru_cache(maxsize=8192)
def integer(value: int, language: str = "en") -> str:
    """A whole number as `number` writes it, remembered (counts and totals repeat on every screen)."""
    return number(value, language)


def percent(fraction: float, language: str = "en") -> str:
    """A fraction as a percentage in the locale's way: 45% · 45 % · ٪45."""
    return str(format_percent(fraction, locale=locale(language)))


def items(values: Sequence[str], language: str = "en", *, style: str = "standard") -> str:
    """A list as the language writes it: "A, B and C", "A, B et C", "A وB وC", "A、B和C"."""
    return _join(list(values), style, locale(language))


def _join(values: list[str], style: str, loc: Locale) -> str:
    if len(values) <= 1:
        return values[0] if values else ""
    patterns = next(
        (loc.list_patterns[s] for s in (style, "unit-short", "unit", "standard") if s in loc.list_patterns),
        {"2": "{0}, {1}", "start": "{0}, {1}", "middle": "{0}, {1}", "end": "{0}, {1}"},
    )
    if len(values) == 2:
        # Babel 2.19 mis-joins two items when a locale has no "2" pattern (Arabic): use "end".
        pattern = patterns["2"] if "2" in patterns else patterns["end"]
        return str(pattern).format(values[0], values[1])
    joined = str(patterns["start"]).format(values[0], values[1])
    for value in values[2:-1]:
        joined = str(patterns["middle"]).format(joined, value)
    return str(patterns["end"]).format(joined, values[-1])


# -- names ------------------------------------------------------------------------------------------


def country(code: str, language: str = "en", *, name: str = "", names: dict[str, str] | None = None) -> str:
    """A stakeholder's name in the reader's language.

    Args:
        code: the ISO 3166 alpha-3 (or alpha-2) code, e.g. "FRA".
        name: the registry's name, kept for English and for anything Babel does not know.
        names: the registry's own names per language, when it carries them (they win over Babel's).
    """
    lang = language_of(language)
    if names and names.get(lang):
        return names[lang]
    if lang == "en" and name:
        return name
    territory = _alpha2(code)
    found = locale(lang).territories.get(territory) if territory else None
    return str(found) if found else name or code


#: Stakeholder kinds whose code is an ISO 3166 country code (Babel knows their names).
_COUNTRY_KINDS = frozenset({"member_state", "observer"})


def delegation(code: str, name: str, kind: str, language: str = "en") -> str:
    """A stakeholder's name for the reader: a State's in their language, any other's as registered."""
    return country(code, language, name=name) if kind in _COUNTRY_KINDS else name


def _alpha2(code: str) -> str:
    upper = code.upper()
    if len(upper) == 2:
        return upper
    aliases = get_global("territory_aliases").get(upper)
    return str(aliases[0]) if aliases and len(aliases) == 1 else ""


def language_name(language: str) -> str:
    """A language's name in that language: "English", "français", "العربية", "中文"."""
    code = language_of(language)
    return str(Locale.parse(code).get_display_name(code) or code)


def isolate(value: str) -> str:
    """The value between FSI and PDI, so it keeps its own direction inside right-to-left text."""
    return f"{FSI}{value}{PDI}"
