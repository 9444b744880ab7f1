"""Working days in mainland China: weekends, public holidays and adjusted working days (调休)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days; past ``known_years`` only weekends are known (and said so)."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # weekend days that are working days (调休)
    known_years: range = field(default_factory=lambda: range(0))
    # answers already worked out (a ledger asks about the same few hundred days again and again)
    _next: dict[date, date] = field(default_factory=dict, init=False, repr=False, compare=False)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def is_rest_day(self, day: date) -> bool:
        return not self.is_working_day(day)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        known = self._next.get(day)
        if known is not None:
            return known
        asked = day
        while not self.is_working_day(day):
            day += ONE_DAY
        self._next[asked] = day
        return day

    def previous_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end``, both included."""
        out, day = [], start
        while day <= end:
            if self.is_working_day(day):
                out.append(day)
            day += ONE_DAY
        return out

    def unknown_years(self, start: date, end: date) -> list[int]:
        """Years in the span whose holidays the calendar does not know (weekends only there)."""
        return [y for y in range(start.year, end.year + 1) if y not in self.known_years]

    def with_overrides(self, holidays: Iterable[date], workdays: Iterable[date]) -> WorkCalendar:
        """Holidays and working days from the configuration (a late notice, a local rule)."""
        extra_h, extra_w = frozenset(holidays), frozenset(workdays)
        return WorkCalendar((self.holidays - extra_w) | extra_h, (self.workdays - extra_h) | extra_w,
                            self.known_years)


def china_calendar() -> WorkCalendar:
    """Mainland China's calendar from the maintained ``chinesecalendar`` data."""
    from chinese_calendar import constants

    holidays = frozenset(constants.holidays)
    workdays = frozenset(constants.workdays)
    years = {d.year for d in holidays}
    return WorkCalendar(holidays, workdays, range(min(years), max(years) + 1))
