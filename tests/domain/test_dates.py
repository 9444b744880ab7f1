"""Dates from cells and text (date cells, Excel serials, Chinese forms), and month and year arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dunner.domain.dates import DateError, add_months, add_years, days_in_month, parse_date, parse_date_text

EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 in Excel's 1900 system (past its phantom 1900-02-29)


def serial_of(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def test_serial_helper_agrees_with_known_excel_values() -> None:
    # Well-known Excel serials: 1 January 2000 is 36526, 1 January 2024 is 45292.
    assert serial_of(date(2000, 1, 1)) == 36526
    assert serial_of(date(2024, 1, 1)) == 45292


@pytest.mark.parametrize(("value", "expected"), [
    (date(2026, 3, 5), date(2026, 3, 5)),
    (datetime(2026, 3, 5, 14, 30), date(2026, 3, 5)),
    (datetime(2026, 3, 5, 0, 0), date(2026, 3, 5)),
])
def test_date_cells(value: date, expected: date) -> None:
    result = parse_date(value)
    assert result == expected
    assert type(result) is date


@pytest.mark.parametrize(("serial", "expected"), [
    (45000, EXCEL_EPOCH + timedelta(days=45000)),
    (45000, date(2023, 3, 15)),
    (45000.0, date(2023, 3, 15)),
    (45000.75, date(2023, 3, 15)),  # a date-time: the fraction is the time of day
    (serial_of(date(2026, 11, 23)), date(2026, 11, 23)),
    (serial_of(date(2024, 2, 29)), date(2024, 2, 29)),
    (serial_of(date(1990, 1, 1)), date(1990, 1, 1)),
    (serial_of(date(2100, 12, 31)), date(2100, 12, 31)),
])
def test_excel_serials(serial: float, expected: date) -> None:
    assert parse_date(serial) == expected


@pytest.mark.parametrize("serial", [
    5,  # 1900-01-04: far more likely a quantity than a date
    0,
    -1,
    -45000,
    0.5,
    serial_of(date(1989, 12, 31)),
    serial_of(date(2101, 1, 1)),
    2958466,
    10**12,
    1e20,
])
def test_serials_out_of_range(serial: float) -> None:
    with pytest.raises(DateError):
        parse_date(serial)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_not_dates(value: float) -> None:
    with pytest.raises(DateError):
        parse_date(value)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-05", date(2026, 3, 5)),
    ("2026-3-5", date(2026, 3, 5)),
    ("2026/3/5", date(2026, 3, 5)),
    ("2026/03/05", date(2026, 3, 5)),
    ("2026.03.05", date(2026, 3, 5)),
    ("2026.3.5", date(2026, 3, 5)),
    ("2026年3月5日", date(2026, 3, 5)),
    ("2026年03月05日", date(2026, 3, 5)),
    ("2026 年 3 月 5 日", date(2026, 3, 5)),
    ("20260305", date(2026, 3, 5)),
    ("２０２６－０３－０５", date(2026, 3, 5)),  # full-width digits and hyphens
    ("２０２６年３月５日", date(2026, 3, 5)),
    ("２０２６０３０５", date(2026, 3, 5)),
    ("  2026-03-05  ", date(2026, 3, 5)),
    ("2026-03-05 14:30", date(2026, 3, 5)),
    ("2026-03-05 14:30:59", date(2026, 3, 5)),
    ("2026-03-05T14:30:59.123", date(2026, 3, 5)),
    ("2024-02-29", date(2024, 2, 29)),
    ("2026-12-31", date(2026, 12, 31)),
    ("45000", date(2023, 3, 15)),  # a serial that reached us as text
    ("45000.0", date(2023, 3, 15)),
])
def test_text(text: str, expected: date) -> None:
    assert parse_date(text) == expected
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("value", [
    "2026-13-01",
    "2026-00-10",
    "2026-02-30",
    "2025-02-29",
    "2026-04-31",
    "2026-03-00",
    "20261301",
    "20260230",
    "hello",
    "",
    "   ",
    "2026-03",
    "2026年3月",
    "26/3/5",
    "3/5/2026",
    "2026-03-05x",
    "5",  # as a serial, 1900-01-04
    "2026",
    True,
    False,
    None,
    [2026, 3, 5],
    object(),
])
def test_not_dates(value: object) -> None:
    with pytest.raises(DateError):
        parse_date(value)


@pytest.mark.parametrize(("day", "years", "expected"), [
    (date(2023, 3, 31), 3, date(2026, 3, 31)),
    (date(2024, 2, 29), 3, date(2027, 2, 28)),
    (date(2024, 2, 29), 1, date(2025, 2, 28)),
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2024, 2, 29), -1, date(2023, 2, 28)),
    (date(2024, 2, 29), -4, date(2020, 2, 29)),
    (date(2026, 11, 23), 0, date(2026, 11, 23)),
    (date(2025, 12, 31), 2, date(2027, 12, 31)),
])
def test_add_years(day: date, years: int, expected: date) -> None:
    assert add_years(day, years) == expected


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 1, 15), 1, date(2026, 2, 15)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 1, 15), -1, date(2025, 12, 15)),
    (date(2026, 10, 31), 4, date(2027, 2, 28)),
    (date(2026, 5, 31), 12, date(2027, 5, 31)),
    (date(2026, 5, 31), 24, date(2028, 5, 31)),
    (date(2026, 5, 31), 0, date(2026, 5, 31)),
    (date(2023, 11, 30), 3, date(2024, 2, 29)),
])
def test_add_months_clamps_to_the_month_length(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("day", "months", "on_day", "expected"), [
    (date(2026, 1, 5), 1, 25, date(2026, 2, 25)),
    (date(2026, 1, 5), 1, 31, date(2026, 2, 28)),
    (date(2024, 1, 5), 1, 31, date(2024, 2, 29)),
    (date(2026, 3, 31), 1, 10, date(2026, 4, 10)),
    (date(2026, 3, 1), 1, 31, date(2026, 4, 30)),
    (date(2026, 12, 20), 1, 5, date(2027, 1, 5)),
    (date(2026, 1, 1), 0, 31, date(2026, 1, 31)),
])
def test_add_months_on_a_given_day(day: date, months: int, on_day: int, expected: date) -> None:
    assert add_months(day, months, on_day) == expected


@pytest.mark.parametrize(("year", "month", "days"), [
    (2026, 1, 31), (2026, 2, 28), (2024, 2, 29), (2000, 2, 29), (2100, 2, 28),
    (2026, 4, 30), (2026, 11, 30), (2026, 12, 31),
])
def test_days_in_month(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days
