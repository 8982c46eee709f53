"""Dates and durations as people read them, in their own time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


def when(moment: datetime, zone_name: str) -> str:
    """E.g. "Mon 15 Mar 2027, 18:00 (Europe/Paris)"."""
    local = moment.astimezone(zone(zone_name))
    return f"{local:%a %d %b %Y, %H:%M} ({zone_name})"


def when_both(moment: datetime, zone_name: str) -> str:
    """The moment in the reader's zone, and in New York time when that differs."""
    if zone_name == NEW_YORK:
        return when(moment, zone_name)
    ny = moment.astimezone(zone(NEW_YORK))
    return f"{when(moment, zone_name)} · New York {ny:%a %H:%M}"


def left(deadline: datetime, now: datetime) -> str:
    """How long until the deadline, roughly: "3 days 4 hours left", "closed"."""
    remaining = deadline - now
    if remaining <= timedelta(0):
        return "closed"
    days, seconds = remaining.days, remaining.seconds
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    if days:
        return f"{days} day{'s' * (days != 1)} {hours} hour{'s' * (hours != 1)} left"
    if hours:
        return f"{hours} hour{'s' * (hours != 1)} {minutes} min left"
    return f"{minutes} min left"
