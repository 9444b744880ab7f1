"""Timing rules: which days and times an action may take — each answer with its reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from dunner.domain.calendar import WorkCalendar
from dunner.domain.dates import days_in_month
from dunner.domain.vocab import Channel

HARD_EARLIEST = time(8, 0)  # no configuration may go past these
HARD_LATEST = time(21, 0)
LUNCH = (time(11, 45), time(14, 0))  # a hard rule, like the bounds
NOON = time(12, 0)  # a customer who wants no mornings hears nothing before it
# Minutes one action takes: the planner steps an owner's day by them and the calendar export
# gives each event this length, so no two of one owner's events overlap.
MINUTES: Mapping[Channel, int] = {
    Channel.VISIT: 60, Channel.LETTER: 30, Channel.LEGAL: 30, Channel.TASK: 30, Channel.CALL: 15,
    Channel.WECHAT: 5, Channel.SMS: 5, Channel.EMAIL: 5,
}


@dataclass(frozen=True)
class Hours:
    """The working day and the time each channel starts at (settings: ``[planning.times]``)."""

    start: time
    end: time
    call: time
    wechat: time
    visit: time
    task: time
    afternoon: time  # where a customer who wants no mornings is moved

    def problems(self) -> list[str]:
        """The fields that break the hard bounds or fall at lunch (empty when all is well)."""
        out = []
        if self.start < HARD_EARLIEST or self.start >= self.end:
            out.append("start")
        if self.end > HARD_LATEST or self.start >= self.end:
            out.append("end")
        for name in ("call", "wechat", "visit", "task", "afternoon"):
            if not allowed_time(getattr(self, name), self):
                out.append(name)
        return out

    def base(self, channel: Channel) -> time:
        """The time a channel's actions start from."""
        return {Channel.CALL: self.call, Channel.WECHAT: self.wechat,
                Channel.VISIT: self.visit}.get(channel, self.task)


@dataclass(frozen=True)
class Windows:
    """Calendar days at the start and end of a month (and of a quarter or year) in which no
    overdue money is talked about (settings: ``[planning.windows]``)."""

    month_start: int
    month_end: int
    quarter_end: int


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


def window(day: date, windows: Windows) -> str | None:
    """The month-end / month-start window ``day`` falls in (no talk of overdue money), if any."""
    last = days_in_month(day.year, day.month)
    if day.day <= windows.month_start:
        return "month_start"
    quarter_end = day.month in (3, 6, 9, 12)
    if quarter_end and day.day > last - windows.quarter_end:
        return "year_end" if day.month == 12 else "quarter_end"
    if day.day > last - windows.month_end:
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
def blocked(day: date, prefs: Prefs, calendar: WorkCalendar, windows: Windows, overdue: bool,
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
    if overdue and (w := window(day, windows)) and day not in pay_dates(prefs, day.year, day.month,
                                                                         calendar):
        return w
    return None


def slot(channel: Channel, prefs: Prefs, hours: Hours,
         busy: Sequence[tuple[int, int]] = (), length: int | None = None) -> time | None:
    """When an action starts on an owner's day, given the spans (minutes from midnight) the
    owner's actions already timed that day hold: the first start at or after the channel's time
    (the afternoon for a customer who wants no mornings) that leaves the whole action inside the
    working day, off lunch and clear of ``busy``; else the latest such start before it; None
    when the day has no room left (the planner then moves the action to another day), and then
    none with more of the day ``busy`` either. ``length``: minutes the action holds (default:
    the channel's)."""
    base = hours.base(channel)
    earliest = hours.start
    if prefs.no_morning:
        earliest = max(earliest, NOON)
        base = hours.afternoon if base < NOON else base
    length, at = length or MINUTES[channel], _minutes(base)
    free = _free(_minutes(earliest), _minutes(hours.end), busy)
    for first, last in free:
        if max(first, at) + length <= last:
            return _clock(max(first, at))
    for first, last in reversed(free):
        if first < at and last - length >= first:
            return _clock(last - length)
    return None


def _free(start: int, end: int, busy: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans from ``start`` to ``end`` that neither lunch nor ``busy`` holds, in order."""
    taken = sorted([(_minutes(LUNCH[0]), _minutes(LUNCH[1])), *busy])
    out, at = [], start
    for first, last in taken:
        if first > at:
            out.append((at, min(first, end)))
        at = max(at, last)
    if at < end:
        out.append((at, end))
    return [(first, last) for first, last in out if first < last]


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)
