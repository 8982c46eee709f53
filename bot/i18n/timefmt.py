"""Dates and durations as people read them, in their own time zone and language.

The formatting itself is Babel's (bot/i18n/formats.py); this module keeps the names the rest of the core
has always called, each with an optional reader's language (English when not given).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.i18n import formats
from bot.i18n.catalogue import text

NEW_YORK = "America/New_York"


def zone(name: str) -> ZoneInfo:
    """The time zone by IANA name (UTC when unknown, so a bad stored value never breaks a reply)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def is_zone(name: str) -> bool:
    """True for a known IANA time zone name."""
    return name in available_timezones()


def when(moment: datetime, zone_name: str, language: str = "en") -> str:
    """E.g. "Mon 15 Mar 2027, 18:00 (Europe/Paris)" (Babel's pattern in other languages)."""
    return formats.when(moment, zone_name, language)


def when_both(moment: datetime, zone_name: str, language: str = "en") -> str:
    """The moment in the reader's zone, and in New York time when that differs."""
    if zone_name == NEW_YORK:
        return when(moment, zone_name, language)
    ny = formats.weekday_clock(moment, NEW_YORK, language)
    return text(language, "time.new_york", when=when(moment, zone_name, language), new_york=ny)


def left(deadline: datetime, now: datetime, language: str = "en") -> str:
    """How long until the deadline, roughly: "3 days 4 hours left", "closed"."""
    remaining = deadline - now
    if remaining <= timedelta(0):
        return text(language, "time.closed")
    return text(language, "time.left", duration=formats.duration(remaining, language))
