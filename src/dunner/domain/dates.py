"""Dates from workbook cells and typed text: date cells, Excel serials and Chinese forms."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

_EXCEL_EPOCH = date(1899, 12, 30)
_YMD = re.compile(
    r"^(\d{4})\s*(?:[-/.年]\s*)(\d{1,2})\s*(?:[-/.月]\s*)(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Dates outside these years are far more likely a wrong column, an empty or broken date cell
# (Excel's day 0 is 1899-12-30) or a typing slip than a receivable's date.
MIN_YEAR, MAX_YEAR = 1990, 2100


class DateError(ValueError):
    """A cell or text that is not a date."""


def parse_date(value: object) -> date:
    """A date cell, an Excel serial number or text such as ``2026年3月5日`` → ``date``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        raise DateError("not a date")
    if isinstance(value, int | float):
        return _from_serial(value)
    if isinstance(value, str):
        return parse_date_text(value)
    raise DateError("not a date")


def parse_date_text(text: str) -> date:
    s = unicodedata.normalize("NFKC", text).strip()
    match = _YMD.match(s) or _COMPACT.match(s)
    if not match:
        if re.fullmatch(r"\d+(?:\.0+)?", s):  # an Excel serial day number written as text
            return _from_serial(int(s.split(".")[0]))
        raise DateError("not a date")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError("no such day") from exc


def _from_serial(serial: float) -> date:
    if not math.isfinite(serial):
        raise DateError("not a date")
    if serial != int(serial):
        serial = int(serial)  # a date-time serial: the fraction is the time of day
    result = _EXCEL_EPOCH + timedelta(days=int(serial)) if 0 < serial < 2958466 else None
    if result is None or not MIN_YEAR <= result.year <= MAX_YEAR:
        raise DateError("not a date")
    return result


def add_years(day: date, years: int) -> date:
    """Same month and day ``years`` later; a day the month lacks becomes its last day."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, day.month, 28)  # only 29 February lacks a twin


def add_months(day: date, months: int, on_day: int | None = None) -> date:
    """``on_day`` (default: the same day) of the month ``months`` later, clamped to its length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(on_day or day.day, days_in_month(year, month + 1)))


def days_in_month(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day
