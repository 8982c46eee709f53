"""Small wording helpers of the digest: dates, percentages, shortened lists, position labels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.catalogue import text
from bot.digest.model import RoundDigest
from bot.model import Position
from bot.timefmt import zone


def day(moment: datetime, zone_name: str) -> str:
    """E.g. "Mon 08 Mar 2027"."""
    return f"{moment.astimezone(zone(zone_name)):%a %d %b %Y}"


def short(moment: datetime, zone_name: str) -> str:
    """E.g. "Tue 03 Mar 14:05"."""
    return f"{moment.astimezone(zone(zone_name)):%a %d %b %H:%M}"


def percent(part: int, whole: int) -> int:
    """A whole percentage (0 of nothing is 0)."""
    return round(100 * part / whole) if whole else 0


def listing(names: Sequence[str], limit: int, language: str) -> str:
    """ "A, B, C" or "A, B and 12 more"."""
    if len(names) <= limit:
        return ", ".join(names)
    return text(language, "digest.more", shown=", ".join(names[:limit]), more=len(names) - limit)


def since(r: RoundDigest, zone_name: str, language: str) -> str:
    """When the previous digest went out, or "the round opened"."""
    moment = r.changes.since
    return short(moment, zone_name) if moment else text(language, "digest.since_opened")


def label(position: Position | None, language: str) -> str:
    """A position's short label ("oppose"), or "none"."""
    return text(language, f"digest.pos.{position.value}" if position else "digest.pos.none")
