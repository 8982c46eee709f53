"""Working hours: 08:00–20:00 local time, Monday to Friday, in the reader's own time zone.

Reminders wait for them, so that nobody is woken at 03:00 or written to on a Sunday, unless the
deadline would pass first. Public holidays are not known here. Pure functions: no I/O, no state.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.timefmt import zone

#: The working day, local time: from START (included) to END (excluded).
START = time(8, 0)
END = time(20, 0)
#: Monday to Friday (datetime.weekday() numbers).
WORKDAYS = frozenset(range(5))


def is_working(moment: datetime, zone_name: str) -> bool:
    """True if `moment` (aware) falls in working hours in the zone."""
    local = moment.astimezone(zone(zone_name))
    return local.weekday() in WORKDAYS and START <= local.time() < END


def next_working(moment: datetime, zone_name: str) -> datetime:
    """The first moment at or after `moment` inside working hours in the zone (in moment's tzinfo)."""
    if is_working(moment, zone_name):
        return moment
    tz = zone(zone_name)
    local = moment.astimezone(tz)
    day = local.date() if local.time() < START else local.date() + timedelta(days=1)
    while day.weekday() not in WORKDAYS:
        day += timedelta(days=1)
    return datetime.combine(day, START, tzinfo=tz).astimezone(moment.tzinfo)


def reminder_moment(due: datetime, deadline: datetime, zone_name: str) -> datetime:
    """When a reminder due at `due` reaches someone in the zone.

    The first working moment at or after `due`; but if that is not before the deadline, `due`
    itself: a reminder out of hours beats one that comes too late.
    """
    moment = next_working(due, zone_name)
    return moment if moment < deadline else due
