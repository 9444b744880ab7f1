"""The LPR history shipped with dunner: sorted, one change a month at most, each value sourced."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources

from dunner.services.interest import rate_tables, shipped_tables
from dunner.settings import InterestSettings


def test_the_table_is_package_data() -> None:
    assert resources.files("dunner").joinpath("data", "lpr.toml").is_file()


def test_lpr_values_are_sorted_distinct_months_from_the_first_announcement() -> None:
    lpr = shipped_tables().lpr
    days = [p.since for p in lpr]
    assert days == sorted(days)
    assert days[0] == date(2019, 8, 20)
    months = [(d.year, d.month) for d in days]
    assert len(set(months)) == len(months)
    assert all(a.percent != b.percent for a, b in zip(lpr, lpr[1:], strict=False))  # only changes
    assert all(p.source and 0 < p.percent < 10 for p in lpr)
    assert shipped_tables().known_until >= days[-1]


def test_known_values() -> None:
    lpr = {p.since: p.percent for p in shipped_tables().lpr}
    assert lpr[date(2019, 8, 20)] == Decimal("4.25")
    assert lpr[date(2021, 12, 20)] == Decimal("3.80")
    assert lpr[date(2024, 10, 21)] == Decimal("3.10")
    benchmark = {p.since: p.percent for p in shipped_tables().benchmark}
    assert benchmark[date(2015, 10, 24)] == Decimal("4.35")
    assert max(benchmark) < date(2019, 8, 20)


def test_configured_values_add_to_the_table() -> None:
    tables = rate_tables(InterestSettings(lpr=((date(2026, 1, 20), Decimal("2.9")),
                                              (date(2024, 10, 21), Decimal("3.15")))))
    lpr = {p.since: p.percent for p in tables.lpr}
    assert lpr[date(2026, 1, 20)] == Decimal("2.9")
    assert lpr[date(2024, 10, 21)] == Decimal("3.15")  # a configured value replaces a shipped one
    assert tables.known_until == date(2026, 1, 20)
