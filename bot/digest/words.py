"""Small wording helpers of the digest, in the reader's language: dates, percentages, lists, labels.

Dates, durations, percentages and lists are bot/i18n/formats.py's (Babel's CLDR data); in Arabic every
value that reads left to right (a reference, a count, a date) is isolated (bot.i18n.formats.isolate).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.model import Position
from bot.i18n import formats, timefmt
from bot.i18n.catalogue import text
from bot.records.digest_values import RoundDigest


def day(moment: datetime, zone_name: str, language: str = "en") -> str:
    """E.g. "Mon 08 Mar 2027" (en), "lun. 8 mars 2027" (fr)."""
    return formats.day(moment, zone_name, language)


def short(moment: datetime, zone_name: str, language: str = "en") -> str:
    """E.g. "Tue 03 Mar 14:05": the day and the time, without the year."""
    return formats.short(moment, zone_name, language)


def when(moment: datetime, zone_name: str, language: str = "en") -> str:
    """E.g. "Mon 15 Mar 2027, 18:00 (Europe/Paris)"."""
    return timefmt.when(moment, zone_name, language)


def left(deadline: datetime, now: datetime, language: str = "en") -> str:
    """How long until the deadline: "3 days 4 hours left", "closed"."""
    return timefmt.left(deadline, now, language)


def share(part: int, whole: int) -> int:
    """A whole percentage (0 of nothing is 0)."""
    return round(100 * part / whole) if whole else 0


def percent(part: int, whole: int, language: str = "en") -> str:
    """A whole percentage as the reader writes it: "42%" (en), "42 %" (fr)."""
    return formats.percent(share(part, whole) / 100, language)


def join(items: Sequence[str], language: str = "en") -> str:
    """ "A, B and C" in the reader's language."""
    return formats.items(items, language)


def listing(names: Sequence[str], limit: int, language: str = "en") -> str:
    """ "A, B and C", or "A, B and 12 more" past `limit` names."""
    if len(names) <= limit:
        return join(names, language)
    return join([*names[:limit], text(language, "digest.more", count=len(names) - limit)], language)


def since(r: RoundDigest, zone_name: str, language: str) -> str:
    """When the previous digest went out, or "the round opened"."""
    moment = r.changes.since
    return short(moment, zone_name, language) if moment else text(language, "digest.since_opened")


def iso(value: object, language: str) -> str:
    """A left-to-right value (a reference, a count) as it is written inside a line the digest builds
    itself: isolated for a right-to-left reader, as bot.i18n.catalogue.text isolates its parameters."""
    shown = str(value)
    return formats.isolate(shown) if formats.is_rtl(language) and shown else shown


#: The right-to-left mark: a line that starts with a reference or a number still reads right to left.
RLM = "\u200f"


def line(value: str, language: str) -> str:
    """A line the digest builds itself (a reference and its counts), opened with a right-to-left mark
    for a right-to-left reader, so that its counts read in the legend's order."""
    return RLM + value if formats.is_rtl(language) else value


def label(position: Position | None, language: str) -> str:
    """A position's short label ("oppose"), or "none"."""
    return text(language, f"digest.pos.{position.value}" if position else "digest.pos.none")
