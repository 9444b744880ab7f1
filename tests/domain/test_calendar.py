"""The China work calendar: weekends, public holidays, adjusted working days, overrides."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.calendar import WorkCalendar, china_calendar

CN = china_calendar()


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 11, 23), True),  # an ordinary Monday
    (date(2026, 11, 22), False),  # an ordinary Sunday
    (date(2026, 10, 1), False),  # National Day
    (date(2026, 10, 7), False),  # still the National Day holiday, a Wednesday
    (date(2026, 10, 10), True),  # a Saturday made a working day (调休)
    (date(2026, 2, 14), True),  # a Saturday worked for the Spring Festival
    (date(2026, 2, 17), False),  # Spring Festival
])
def test_working_days(day: date, working: bool) -> None:
    assert CN.is_working_day(day) is working


def test_next_and_previous_working_day() -> None:
    assert CN.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
    assert CN.previous_working_day(date(2026, 10, 1)) == date(2026, 9, 30)
    assert CN.next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)


def test_working_days_in_a_span() -> None:
    assert CN.working_days(date(2026, 10, 5), date(2026, 10, 11)) == [date(2026, 10, 8),
                                                                      date(2026, 10, 9),
                                                                      date(2026, 10, 10)]


def test_known_years() -> None:
    assert 2026 in CN.known_years and 2004 in CN.known_years
    assert CN.unknown_years(date(2026, 12, 28), date(2027, 1, 3)) == [2027]


def test_overrides_from_config() -> None:
    cal = CN.with_overrides(holidays=[date(2026, 11, 23)], workdays=[date(2026, 11, 22)])
    assert cal.is_working_day(date(2026, 11, 23)) is False
    assert cal.is_working_day(date(2026, 11, 22)) is True


def test_weekends_only_calendar() -> None:
    cal = WorkCalendar()
    assert cal.is_working_day(date(2027, 10, 1))  # a Friday it knows nothing special about
    assert not cal.is_working_day(date(2027, 10, 2))
