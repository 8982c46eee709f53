"""Working hours: 08:00–20:00 local time, on the working days of the reader's own country.

Reminders wait for them, so that nobody is woken at 03:00 or written to on their weekend, unless
the deadline would pass first. The weekend comes from CLDR (through Babel) for the reader's
country: Saturday–Sunday in France, Friday–Saturday in Saudi Arabia, Friday alone in Iran. A
reader with no country (a UN entity, an organisation) or an unknown one keeps Saturday–Sunday.
Public holidays are not known here. Pure functions: no I/O, no state beyond a cache of CLDR data.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import cache

from babel.core import Locale, UnknownLocaleError, get_global

from bot.i18n.timefmt import zone

#: The working day, local time: from START (included) to END (excluded).
START = time(8, 0)
END = time(20, 0)
#: Monday to Friday (datetime.weekday() numbers): the week where the country is not known.
WORKDAYS = frozenset(range(5))


@cache
def workdays(country: str = "") -> frozenset[int]:
    """The working days (0 = Monday) of a country, given as an ISO 3166 alpha-3 or alpha-2 code.

    CLDR's weekend for the country's territory; Monday to Friday when the code is empty or names
    no territory CLDR knows (a UN entity such as UNDP, an organisation).
    """
    territory = _territory(country)
    if not territory:
        return WORKDAYS
    try:
        locale = Locale.parse(f"und_{territory}")
    except (UnknownLocaleError, ValueError):
        return WORKDAYS
    start, end = locale.weekend_start, locale.weekend_end
    weekend = {start}
    day = start
    while day != end:  # the weekend may wrap round the week's end (Saturday to Sunday: 5, 6)
        day = (day + 1) % 7
        weekend.add(day)
    return frozenset(range(7)) - frozenset(weekend)


def is_working(moment: datetime, zone_name: str, country: str = "") -> bool:
    """True if `moment` (aware) falls in working hours in the zone, on a working day of the country."""
    local = moment.astimezone(zone(zone_name))
    return local.weekday() in workdays(country) and START <= local.time() < END


def next_working(moment: datetime, zone_name: str, country: str = "") -> datetime:
    """The first moment at or after `moment` inside working hours in the zone (in moment's tzinfo)."""
    if is_working(moment, zone_name, country):
        return moment
    days = workdays(country) or WORKDAYS
    tz = zone(zone_name)
    local = moment.astimezone(tz)
    day = local.date() if local.time() < START else local.date() + timedelta(days=1)
    while day.weekday() not in days:
        day += timedelta(days=1)
    return datetime.combine(day, START, tzinfo=tz).astimezone(moment.tzinfo)


def reminder_moment(due: datetime, deadline: datetime, zone_name: str, country: str = "") -> datetime:
    """When a reminder due at `due` reaches someone in the zone, from the country.

    The first working moment at or after `due`; but if that is not before the deadline, `due`
    itself: a reminder out of hours beats one that comes too late.
    """
    moment = next_working(due, zone_name, country)
    return moment if moment < deadline else due


def _territory(country: str) -> str:
    """The CLDR territory (alpha-2) of a stakeholder code: "SAU" → "SA", "FR" → "FR", "UNDP" → ""."""
    code = country.strip().upper()
    if len(code) == 2 and code.isalpha():
        return code
    if len(code) == 3 and code.isalpha():
        aliases = get_global("territory_aliases").get(code)
        return str(aliases[0]) if aliases and len(str(aliases[0])) == 2 else ""
    return ""
