"""Working hours in the reader's own time zone: 08:00–20:00, Monday to Friday."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n.worktime import is_working, next_working, reminder_moment

TOKYO, NEW_YORK, PARIS = "Asia/Tokyo", "America/New_York", "Europe/Paris"


def local(zone: str, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A local wall-clock time in the zone."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


class TestIsWorking:
    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            (local(TOKYO, 2027, 3, 16, 8, 0), True),
            (local(TOKYO, 2027, 3, 16, 19, 59), True),
            (local(TOKYO, 2027, 3, 16, 20, 0), False),
            (local(TOKYO, 2027, 3, 16, 7, 59), False),
            (local(TOKYO, 2027, 3, 20, 12, 0), False),  # a Saturday
            (local(TOKYO, 2027, 3, 21, 12, 0), False),  # a Sunday
        ],
    )
    def test_the_working_day_is_eight_to_eight_on_weekdays(self, moment: datetime, expected: bool) -> None:
        """08:00 is in, 20:00 is out, weekends are out."""
        assert is_working(moment, TOKYO) is expected

    def test_the_zone_is_the_readers(self) -> None:
        """Monday 18:00 UTC is working time in New York (14:00) and night in Tokyo (03:00 Tuesday)."""
        moment = datetime(2027, 3, 15, 18, 0, tzinfo=UTC)
        assert is_working(moment, NEW_YORK)
        assert not is_working(moment, TOKYO)


class TestNextWorking:
    def test_night_waits_for_eight_in_the_morning(self) -> None:
        """03:00 in Tokyo on a Tuesday becomes 08:00 the same day."""
        assert next_working(local(TOKYO, 2027, 3, 16, 3, 0), TOKYO) == local(TOKYO, 2027, 3, 16, 8, 0)

    def test_evening_waits_for_the_next_morning(self) -> None:
        assert next_working(local(PARIS, 2027, 3, 16, 21, 30), PARIS) == local(PARIS, 2027, 3, 17, 8, 0)

    def test_friday_night_waits_for_monday(self) -> None:
        """Friday 22:00 in New York becomes Monday 08:00, across the weekend."""
        assert next_working(local(NEW_YORK, 2027, 3, 19, 22, 0), NEW_YORK) == local(NEW_YORK, 2027, 3, 22, 8, 0)

    def test_a_weekend_day_waits_for_monday(self) -> None:
        assert next_working(local(TOKYO, 2027, 3, 20, 10, 0), TOKYO) == local(TOKYO, 2027, 3, 22, 8, 0)

    def test_working_time_is_kept_and_so_is_its_zone(self) -> None:
        moment = datetime(2027, 3, 15, 18, 0, tzinfo=UTC)
        assert next_working(moment, NEW_YORK) is moment
        assert next_working(moment, TOKYO).tzinfo is UTC

    def test_across_a_change_of_clocks(self) -> None:
        """New York moves to summer time on Sunday 14 March 2027: Monday 08:00 is 12:00 UTC, not 13:00."""
        saturday = local(NEW_YORK, 2027, 3, 13, 12, 0)
        assert next_working(saturday, NEW_YORK).astimezone(UTC) == datetime(2027, 3, 15, 12, 0, tzinfo=UTC)

    def test_an_unknown_zone_counts_as_utc(self) -> None:
        moment = datetime(2027, 3, 16, 3, 0, tzinfo=UTC)
        assert next_working(moment, "Mars/Olympus_Mons") == datetime(2027, 3, 16, 8, 0, tzinfo=UTC)

    @given(
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
        st.sampled_from([TOKYO, NEW_YORK, PARIS, "Pacific/Auckland", "Asia/Kathmandu", "UTC"]),
    )
    def test_the_answer_is_working_time_and_comes_soon(self, moment: datetime, zone: str) -> None:
        """Whatever the moment: never earlier, always working time, within three days (a long weekend)."""
        found = next_working(moment, zone)
        assert moment <= found < moment + timedelta(days=3)
        assert is_working(found, zone)


class TestReminderMoment:
    def test_working_hours_when_the_deadline_allows(self) -> None:
        due = local(TOKYO, 2027, 3, 16, 3, 0)
        deadline = due + timedelta(days=7)
        assert reminder_moment(due, deadline, TOKYO) == local(TOKYO, 2027, 3, 16, 8, 0)

    def test_the_due_moment_when_the_deadline_comes_first(self) -> None:
        """Friday 20:00 in New York, deadline Monday 02:00: waiting for Monday 08:00 would be too late."""
        due = local(NEW_YORK, 2027, 3, 19, 20, 0)
        deadline = local(NEW_YORK, 2027, 3, 22, 2, 0)
        assert reminder_moment(due, deadline, NEW_YORK) == due

    def test_a_working_moment_exactly_at_the_deadline_is_too_late(self) -> None:
        due = local(NEW_YORK, 2027, 3, 22, 6, 0)
        assert reminder_moment(due, local(NEW_YORK, 2027, 3, 22, 8, 0), NEW_YORK) == due
