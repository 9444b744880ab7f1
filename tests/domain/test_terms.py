"""Payment terms (结算方式): parsing the ways they are written, and the due date each gives."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain import terms as terms_rules
from dunner.domain.terms import Terms, TermsError, UnsupportedTerms, parse_terms
from tests.policies import settings

FALLBACK = settings().terms.batch_fallback_days


def due_date(terms: Terms, issued: date, next_issued: date | None = None,
             fallback: int = FALLBACK) -> date:
    return terms_rules.due_date(terms, issued, next_issued, fallback)


@pytest.mark.parametrize(("text", "expected"), [
    ("现款现货", Terms("cash")),
    ("现结", Terms("cash")),
    ("现款", Terms("cash")),
    ("货到付款", Terms("cash")),
    ("款到发货", Terms("cash")),
    ("cash", Terms("cash")),
    ("CASH", Terms("cash")),
    (" cash ", Terms("cash")),
    ("送二结一", Terms("batch")),
    ("batch", Terms("batch")),
    ("Batch", Terms("batch")),
    ("月结", Terms("monthly", 25)),
    ("月结10日", Terms("monthly", 10)),
    ("月结10号", Terms("monthly", 10)),
    ("月结10", Terms("monthly", 10)),
    ("月结 25 日", Terms("monthly", 25)),
    ("月结１５日", Terms("monthly", 15)),  # full-width digits
    ("月结1日", Terms("monthly", 1)),
    ("月结31日", Terms("monthly", 31)),
    ("monthly", Terms("monthly", 25)),
    ("monthly:5", Terms("monthly", 5)),
    ("monthly5", Terms("monthly", 5)),
    ("Monthly:31", Terms("monthly", 31)),
    ("30天", Terms("net", 30)),
    ("30日", Terms("net", 30)),
    ("30", Terms("net", 30)),
    ("账期60天", Terms("net", 60)),
    ("帐期60天", Terms("net", 60)),
    ("账期 90 天", Terms("net", 90)),
    ("net:45", Terms("net", 45)),
    ("net45", Terms("net", 45)),
    ("NET 30", Terms("net", 30)),
    ("net：30", Terms("net", 30)),  # full-width colon
    ("net:0", Terms("net", 0)),
    ("net:365", Terms("net", 365)),
])
def test_parse_terms(text: str, expected: Terms) -> None:
    assert parse_terms(text) == expected


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "hello",
    "送一结一",
    "月结0日",
    "月结32日",
    "monthly:0",
    "monthly:99",
    "monthly:-5",
    "net:",
    "net:-30",
    "net:1000",
    "net:30.5",
    "账期",
    "30周",
    "天",
    "cash:30",
    "batch:2",
])
def test_bad_terms(text: str) -> None:
    with pytest.raises(TermsError):
        parse_terms(text)


@pytest.mark.parametrize(("terms", "text"), [
    (Terms("cash"), "cash"),
    (Terms("batch"), "batch"),
    (Terms("monthly", 25), "monthly:25"),
    (Terms("monthly", 1), "monthly:1"),
    (Terms("net", 30), "net:30"),
    (Terms("net", 0), "net:0"),
])
def test_str_round_trip(terms: Terms, text: str) -> None:
    assert str(terms) == text
    assert parse_terms(str(terms)) == terms


@pytest.mark.parametrize("text", ["现款现货", "送二结一", "月结", "月结10日", "账期60天", "net:45"])
def test_parsed_terms_round_trip_through_their_canonical_form(text: str) -> None:
    terms = parse_terms(text)
    assert parse_terms(str(terms)) == terms


@pytest.mark.parametrize(("issued", "expected"), [
    (date(2026, 3, 5), date(2026, 3, 5)),
    (date(2024, 2, 29), date(2024, 2, 29)),
])
def test_cash_is_due_on_issue(issued: date, expected: date) -> None:
    assert due_date(Terms("cash"), issued) == expected
    assert due_date(Terms("cash"), issued, next_issued=date(2026, 12, 1)) == expected


@pytest.mark.parametrize(("issued", "next_issued", "fallback", "expected"), [
    (date(2026, 3, 5), date(2026, 3, 20), 30, date(2026, 3, 20)),  # due with the next delivery
    (date(2026, 3, 5), date(2026, 6, 1), 30, date(2026, 6, 1)),  # even when later than the fallback
    (date(2026, 3, 5), date(2026, 3, 6), 30, date(2026, 3, 6)),
    (date(2026, 3, 5), None, 30, date(2026, 4, 4)),  # no next delivery yet: issue + fallback
    (date(2026, 3, 5), None, 45, date(2026, 4, 19)),
    (date(2026, 12, 15), None, 30, date(2027, 1, 14)),
    (date(2026, 3, 5), None, 0, date(2026, 3, 5)),
])
def test_batch(issued: date, next_issued: date | None, fallback: int, expected: date) -> None:
    assert due_date(Terms("batch"), issued, next_issued, fallback) == expected


def test_batch_fallback_defaults_to_30_days() -> None:
    assert due_date(Terms("batch"), date(2026, 3, 5)) == date(2026, 4, 4)


@pytest.mark.parametrize(("day", "issued", "expected"), [
    (25, date(2026, 3, 5), date(2026, 4, 25)),
    (25, date(2026, 3, 31), date(2026, 4, 25)),
    (25, date(2026, 3, 1), date(2026, 4, 25)),
    (10, date(2026, 3, 28), date(2026, 4, 10)),
    (5, date(2026, 12, 15), date(2027, 1, 5)),  # across the year end
    (31, date(2026, 1, 15), date(2026, 2, 28)),  # February has no 31st
    (31, date(2024, 1, 15), date(2024, 2, 29)),
    (31, date(2026, 1, 31), date(2026, 2, 28)),
    (30, date(2026, 1, 10), date(2026, 2, 28)),
    (31, date(2026, 3, 10), date(2026, 4, 30)),
    (31, date(2026, 4, 10), date(2026, 5, 31)),
    (1, date(2026, 11, 23), date(2026, 12, 1)),
])
def test_monthly(day: int, issued: date, expected: date) -> None:
    assert due_date(Terms("monthly", day), issued) == expected


def test_monthly_ignores_the_next_delivery() -> None:
    assert due_date(Terms("monthly", 25), date(2026, 3, 5), date(2026, 3, 6)) == date(2026, 4, 25)


@pytest.mark.parametrize(("days", "issued", "expected"), [
    (30, date(2026, 3, 5), date(2026, 4, 4)),
    (45, date(2026, 1, 20), date(2026, 3, 6)),
    (60, date(2026, 12, 15), date(2027, 2, 13)),
    (0, date(2026, 3, 5), date(2026, 3, 5)),
    (1, date(2024, 2, 28), date(2024, 2, 29)),
    (365, date(2026, 1, 1), date(2027, 1, 1)),
])
def test_net(days: int, issued: date, expected: date) -> None:
    assert due_date(Terms("net", days), issued) == expected
    assert due_date(Terms("net", days), issued, next_issued=date(2026, 3, 6)) == expected


@pytest.mark.parametrize(("text", "issued", "expected"), [
    ("现款现货", date(2026, 3, 5), date(2026, 3, 5)),
    ("月结", date(2026, 3, 5), date(2026, 4, 25)),
    ("月结10日", date(2026, 3, 5), date(2026, 4, 10)),
    ("账期60天", date(2026, 3, 5), date(2026, 5, 4)),
    ("送二结一", date(2026, 3, 5), date(2026, 4, 4)),
])
def test_parsed_terms_give_the_due_date(text: str, issued: date, expected: date) -> None:
    assert due_date(parse_terms(text), issued) == expected


# Terms words clerks write: 月结N天, N天, 账期N天, the cash words, fapiao terms.

@pytest.mark.parametrize(("text", "expected"), [
    ("月结30天", Terms("month-end", 30)),
    ("月结60天", Terms("month-end", 60)),
    ("月结 90 天", Terms("month-end", 90)),
    ("月结０天", Terms("month-end", 0)),
    ("month-end:30", Terms("month-end", 30)),
    ("Month-End: 45", Terms("month-end", 45)),
    ("月结30日", Terms("monthly", 30)),  # 日/号 is a day of the next month, 天 a count of days
    ("月结30号", Terms("monthly", 30)),
    ("货到付款", Terms("cash")),
    ("款到发货", Terms("cash")),
    ("现结", Terms("cash")),
    ("45天", Terms("net", 45)),
    ("账期45天", Terms("net", 45)),
    ("账期(天)30", None),  # a header, not terms
])
def test_clerks_terms_words(text: str, expected: Terms | None) -> None:
    if expected is None:
        with pytest.raises(TermsError):
            parse_terms(text)
    else:
        assert parse_terms(text) == expected


@pytest.mark.parametrize(("text", "days"), [("票到30天", 30), ("票到付款", 0), ("开票后30天", 30),
                                           ("收票后60天", 60), ("票到 60 天", 60), ("fapiao:30", 30)])
def test_fapiao_terms_count_from_the_tax_invoice(text: str, days: int) -> None:
    assert parse_terms(text) == Terms("fapiao", days)
    assert str(parse_terms(text)) == f"fapiao:{days}"


@pytest.mark.parametrize("text", ["月结天", "month-end", "month-end:", "month-end:1000", "月结-30天",
                                  "票到", "票到30", "开票后"])
def test_bad_month_end_and_fapiao_forms(text: str) -> None:
    with pytest.raises(TermsError) as caught:
        parse_terms(text)
    assert not isinstance(caught.value, UnsupportedTerms)


@pytest.mark.parametrize(("terms", "text"), [
    (Terms("month-end", 30), "month-end:30"),
    (Terms("month-end", 0), "month-end:0"),
    (Terms("month-end", 120), "month-end:120"),
])
def test_month_end_round_trip(terms: Terms, text: str) -> None:
    assert str(terms) == text
    assert parse_terms(text) == terms


@pytest.mark.parametrize(("days", "issued", "expected"), [
    (30, date(2026, 1, 15), date(2026, 3, 2)),  # Jan 31 + 30
    (30, date(2026, 2, 10), date(2026, 3, 30)),  # Feb 28 + 30
    (30, date(2024, 2, 10), date(2024, 3, 30)),  # Feb 29 (leap year) + 30
    (30, date(2026, 1, 31), date(2026, 3, 2)),  # issued on the last day: the same month end
    (30, date(2026, 3, 1), date(2026, 4, 30)),
    (60, date(2026, 1, 15), date(2026, 4, 1)),
    (60, date(2026, 12, 5), date(2027, 3, 1)),  # across the year end
    (0, date(2026, 4, 3), date(2026, 4, 30)),  # 月结0天: the month end itself
])
def test_month_end(days: int, issued: date, expected: date) -> None:
    assert due_date(Terms("month-end", days), issued) == expected
    assert due_date(Terms("month-end", days), issued, next_issued=date(2026, 3, 6)) == expected


@pytest.mark.parametrize(("text", "issued", "expected"), [
    ("月结30天", date(2026, 1, 15), date(2026, 3, 2)),
    ("月结30天", date(2026, 2, 10), date(2026, 3, 30)),
    ("月结60天", date(2026, 1, 15), date(2026, 4, 1)),
    ("月结60天", date(2026, 2, 10), date(2026, 4, 29)),
    ("货到付款", date(2026, 3, 5), date(2026, 3, 5)),
    ("款到发货", date(2026, 3, 5), date(2026, 3, 5)),
    ("现结", date(2026, 3, 5), date(2026, 3, 5)),
    ("30天", date(2026, 3, 5), date(2026, 4, 4)),
    ("账期45天", date(2026, 1, 20), date(2026, 3, 6)),
    ("30", date(2026, 3, 5), date(2026, 4, 4)),
])
def test_clerks_terms_give_the_due_date(text: str, issued: date, expected: date) -> None:
    assert due_date(parse_terms(text), issued) == expected
