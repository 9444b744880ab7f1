"""Timing rules (SPEC §6): which days and times an action may take — each answer with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

from dunner.domain.calendar import WorkCalendar
from dunner.domain.dates import days_in_month

HARD_EARLIEST = time(8, 0)  # no configuration may go past these
HARD_LATEST = time(21, 0)
LUNCH = (time(11, 45), time(14, 0))


@dataclass(frozen=True)
class Hours:
    start: time = time(9, 0)
    end: time = time(18, 0)
    call: time = time(15, 30)
    wechat: time = time(10, 0)
    visit: time = time(9, 30)
    task: time = time(10, 0)
    afternoon: time = time(14, 30)  # where a customer who wants no mornings is moved

    def problems(self) -> list[str]:
        """Settings that break the hard bounds or fall at lunch (empty when all is well)."""
        out = []
        if self.start < HARD_EARLIEST or self.end > HARD_LATEST or self.start >= self.end:
            out.append("hours")
        for name in ("call", "wechat", "visit", "task", "afternoon"):
            if not allowed_time(getattr(self, name), self):
                out.append(name)
        return out


def allowed_time(at: time, hours: Hours) -> bool:
    """Inside the working hours and not over lunch (11:45–14:00)."""
    return hours.start <= at <= hours.end and not LUNCH[0] <= at < LUNCH[1]


@dataclass(frozen=True)
class Prefs:
    """A customer's own rules for being contacted."""

    no_monday: bool = False
    no_morning: bool = False
    do_not_contact: bool = False
    paused_until: date | None = None
    pay_days: tuple[int, ...] = ()
    closing_day: int | None = None


def window(day: date) -> str | None:
    """The month-end / month-start window ``day`` falls in (no talk of overdue money), if any."""
    last = days_in_month(day.year, day.month)
    if day.day <= 2:
        return "month_start"
    quarter_end = day.month in (3, 6, 9, 12)
    if quarter_end and day.day > last - 5:
        return "year_end" if day.month == 12 else "quarter_end"
    if day.day > last - 3:
        return "month_end"
    return None


@lru_cache(maxsize=65536)
def pay_dates(prefs: Prefs, year: int, month: int, calendar: WorkCalendar) -> tuple[date, ...]:
    """The customer's pay days in a month, each moved back to a working day if it is a rest day."""
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    # a pay day on the 1st of a holiday month is paid on the last working day of this one
    out = {calendar.previous_working_day(date(y, m, min(d, days_in_month(y, m))))
           for y, m in ((year, month), following) for d in prefs.pay_days}
    return tuple(sorted(d for d in out if (d.year, d.month) == (year, month)))


@lru_cache(maxsize=262144)  # most customers share their preferences: the answers repeat
def blocked(day: date, prefs: Prefs, calendar: WorkCalendar, overdue: bool,
            contact: bool = True) -> str | None:
    """Why no action for this customer may sit on ``day`` (None: it may). Internal tasks
    (``contact=False``) ignore the customer's own preferences but keep the calendar."""
    if contact and prefs.do_not_contact:
        return "do_not_contact"
    if prefs.paused_until is not None and day < prefs.paused_until:  # the first contact is on it
        return "paused"
    if not calendar.is_working_day(day):
        return "rest_day"
    if contact and prefs.no_monday and day.weekday() == 0:
        return "no_monday"
    if contact and prefs.closing_day is not None and day.day == prefs.closing_day:
        return "closing_day"
    if overdue and (w := window(day)) and day not in pay_dates(prefs, day.year, day.month, calendar):
        return w
    return None


def slot(channel: str, prefs: Prefs, hours: Hours, index: int) -> time:
    """The time of the ``index``-th action of a channel on one day for one owner."""
    base = {"call": hours.call, "wechat": hours.wechat, "visit": hours.visit}.get(channel, hours.task)
    if prefs.no_morning and base < time(12, 0):
        base = hours.afternoon
    step = DURATION.get(channel, 5)
    return _fit(base, step * index, step, hours)


DURATION = {"visit": 60, "call": 5, "wechat": 2}  # minutes one action takes


def _fit(base: time, minutes: int, duration: int, hours: Hours) -> time:
    """``base`` plus ``minutes``; an action that would run into lunch starts after it, and
    none starts so late that it would end after the working day."""
    moment = base.hour * 60 + base.minute + minutes
    lunch_start = LUNCH[0].hour * 60 + LUNCH[0].minute
    lunch_end = LUNCH[1].hour * 60 + LUNCH[1].minute
    if base < LUNCH[0] and moment + duration > lunch_start:
        moment = lunch_end + max(moment - lunch_start, 0)
    end = hours.end.hour * 60 + hours.end.minute - duration
    moment = min(moment, end)
    return time(moment // 60, moment % 60)


def next_allowed(day: date, prefs: Prefs, calendar: WorkCalendar, overdue: bool,
                 limit: date, contact: bool = True) -> date | None:
    """The first day from ``day`` to ``limit`` on which nothing blocks the customer."""
    while day <= limit:
        if blocked(day, prefs, calendar, overdue, contact) is None:
            return day
        day += timedelta(days=1)
    return None
