"""Late-payment interest: rates as typed, the default basis, day-by-day accrual to the fen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from dunner.domain.interest import (
    Rate,
    RateError,
    RatePoint,
    RateTables,
    accrue,
    default_rate,
    half_up,
    parse_rate,
)

TABLES = RateTables(
    lpr=(RatePoint(date(2019, 8, 20), Decimal("4.25")), RatePoint(date(2024, 7, 22), Decimal("3.35")),
         RatePoint(date(2024, 10, 21), Decimal("3.10"))),
    benchmark=(RatePoint(date(2015, 10, 24), Decimal("4.35")),),
    known_until=date(2024, 10, 21))
DAILY = parse_rate("0.05%/day").daily(365)


@pytest.mark.parametrize(("text", "rate"), [
    ("0.05%/day", Rate(Decimal("0.05"), "day")), ("6%/year", Rate(Decimal("6"), "year")),
    ("0.05%/日", Rate(Decimal("0.05"), "day")), ("6% / 年", Rate(Decimal("6"), "year")),
    ("４.35%/year", Rate(Decimal("4.35"), "year")),
])
def test_rates_as_typed(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["0.05", "5%", "0%/day", "2%/day", "abc", "6%/month", "150%/year"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(RateError):
        parse_rate(text)


def test_a_yearly_rate_is_spread_over_the_day_basis() -> None:
    assert parse_rate("7.3%/year").daily(365) == Fraction(2, 10000)
    assert parse_rate("3.6%/year").daily(360) == Fraction(1, 10000)
    assert parse_rate("0.05%/day").daily(360) == Fraction(5, 10000)  # a daily rate is a daily rate


def test_the_worked_example_without_a_payment() -> None:
    # 10,000 due 08-01 at 0.05 %/day as of 09-21: 08-02 … 09-21 is 51 days = ¥255.00
    assert accrue(1_000_000, date(2026, 8, 1), [], date(2026, 9, 21), DAILY) == (51, 1_000_000, 25_500)


def test_the_worked_example_with_a_payment() -> None:
    # 4,000 paid on 09-01: 30 days on 10,000 (08-02 … 08-31) and 21 on 6,000 (09-01 … 09-21) = ¥213.00
    paid = [(date(2026, 9, 1), 400_000)]
    assert accrue(1_000_000, date(2026, 8, 1), paid, date(2026, 9, 21), DAILY) == (51, 600_000, 21_300)


def test_payments_before_default_and_after_the_as_of_day() -> None:
    early = [(date(2026, 7, 20), 400_000), (None, 100_000), (date(2026, 10, 1), 500_000)]
    # 5,000 open all 51 days: 5,000 × 51 × 0.0005 = 127.50; the October payment is not seen yet
    assert accrue(1_000_000, date(2026, 8, 1), early, date(2026, 9, 21), DAILY) == (51, 500_000, 12_750)


def test_nothing_before_default() -> None:
    assert accrue(1_000_000, date(2026, 8, 1), [], date(2026, 8, 1), DAILY) == (0, 1_000_000, 0)


def test_rounding_is_half_up_to_the_fen() -> None:
    assert half_up(Fraction(1, 2)) == 1
    assert half_up(Fraction(149, 100)) == 1
    assert half_up(Fraction(249, 2)) == 125  # 124.5 → 125
    # 1,000.01 for 1 day at 0.05 %/day: 50.0005 fen → 50
    assert accrue(100_001, date(2026, 8, 1), [], date(2026, 8, 2), DAILY)[2] == 50


def test_the_default_basis_is_the_lpr_in_force_on_the_first_day_of_default() -> None:
    before = default_rate(TABLES, date(2024, 10, 20), Decimal("1.5"))
    after = default_rate(TABLES, date(2024, 10, 21), Decimal("1.5"))
    assert (before.basis, before.since, before.rate) == ("lpr", date(2024, 7, 22),
                                                          Rate(Decimal("5.025"), "year"))
    assert (after.basis, after.since, after.rate) == ("lpr", date(2024, 10, 21),
                                                       Rate(Decimal("4.650"), "year"))
    assert default_rate(TABLES, date(2024, 10, 21), Decimal("1.3")).rate.percent == Decimal("4.030")


def test_a_default_before_the_first_lpr_uses_the_benchmark_rate() -> None:
    applied = default_rate(TABLES, date(2019, 8, 19), Decimal("1.5"))
    assert (applied.basis, applied.rate) == ("benchmark", Rate(Decimal("6.525"), "year"))


# 100,000 open, 40,000 paid on 2024-11-30, as of 2024-12-31, at 1.5 × LPR.
# Due 10-19: default from 10-20 at 3.35 % (the October LPR came the next day): 41 days on 100,000
# (10-20 … 11-29) and 32 on 60,000 (11-30 … 12-31): 6,020,000 yuan-days × 5.025 %.
# Due 10-20: default from 10-21 at 3.10 %: 40 days on 100,000 and 32 on 60,000: 5,920,000 × 4.65 %.
@pytest.mark.parametrize(("due", "basis", "expected"), [
    (date(2024, 10, 19), 365, 82_878),  # 302,505 / 365 = 828.7808…
    (date(2024, 10, 19), 360, 84_029),  # 302,505 / 360 = 840.2916…
    (date(2024, 10, 20), 365, 75_419),  # 275,280 / 365 = 754.1917…
    (date(2024, 10, 20), 360, 76_467),  # 275,280 / 360 = 764.6666…
])
def test_interest_across_an_lpr_change_and_a_partial_payment(due: date, basis: int,
                                                             expected: int) -> None:
    start = date.fromordinal(due.toordinal() + 1)
    applied = default_rate(TABLES, start, Decimal("1.5"))
    paid = [(date(2024, 11, 30), 4_000_000)]
    days, open_fen, fen = accrue(10_000_000, due, paid, date(2024, 12, 31), applied.rate.daily(basis))
    assert (open_fen, fen) == (6_000_000, expected)
    assert days == (date(2024, 12, 31) - due).days
