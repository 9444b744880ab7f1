"""Collection KPIs of a small ledger over three months, each figure computed by hand below."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from dunner.domain.allocation import Remittance
from dunner.domain.assessment import ContactFact, CustomerFile, PromiseRow
from dunner.domain.kpi import MonthKpi, by_owner, countback, kpis, month_ends
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from tests.policies import policy

YUAN = 100
TODAY = date(2026, 3, 31)

# One customer, explicit due dates (amounts in yuan):
#   A issued 2025-12-10, due 2026-01-09, 10,000     paid 2026-01-20 (10,000)
#   B issued 2026-01-15, due 2026-02-14, 20,000     paid 15,000 on 2026-03-05: 5,000 left
#   C issued 2026-02-10, due 2026-03-12, 30,000
#   D issued 2026-03-20, due 2026-04-19, 12,000
# AR (open) and current AR (not yet due) at each month end:
#   2025-12-31: A 10,000 (current)                          AR 10,000, current 10,000
#   2026-01-31: B 20,000 (current)                          AR 20,000, current 20,000
#   2026-02-28: B 20,000 (overdue), C 30,000 (current)      AR 50,000, current 30,000
#   2026-03-31: B 5,000, C 30,000 (overdue), D 12,000 (cur) AR 47,000, current 12,000
# Sales: Dec 10,000; Jan 20,000; Feb 30,000; Mar 12,000.
FILE = CustomerFile(
    1, "甲", "张三", Terms("net", 30),
    invoices=(InvoiceFact(1, "A", date(2025, 12, 10), 10_000 * YUAN, date(2026, 1, 9)),
              InvoiceFact(2, "B", date(2026, 1, 15), 20_000 * YUAN, date(2026, 2, 14)),
              InvoiceFact(3, "C", date(2026, 2, 10), 30_000 * YUAN, date(2026, 3, 12)),
              InvoiceFact(4, "D", date(2026, 3, 20), 12_000 * YUAN, date(2026, 4, 19))),
    payments=(Remittance(1, date(2026, 1, 20), 10_000 * YUAN),
              Remittance(2, date(2026, 3, 5), 15_000 * YUAN)),
    # kept (15,000 paid on 03-05, between 02-20 and 03-06) and broken (nothing paid 03-10–03-25)
    promises=(PromiseRow(date(2026, 2, 20), date(2026, 3, 6), 10_000 * YUAN),
              PromiseRow(date(2026, 3, 10), date(2026, 3, 25), 5_000 * YUAN)),
    contacts=(ContactFact(datetime(2026, 2, 3, 15, 30), "call"),
              ContactFact(datetime(2026, 2, 4, 10, 0), "wechat"),
              ContactFact(datetime(2026, 3, 2, 15, 30), "call")),
)


def months() -> dict[str, MonthKpi]:
    result = kpis([FILE], policy(), TODAY, 3)[""]
    return {f"{k.month[0]}-{k.month[1]:02d}": k for k in result}


def test_month_ends_run_to_today() -> None:
    assert month_ends(TODAY, 3) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert month_ends(date(2026, 3, 15), 2) == [date(2026, 2, 28), date(2026, 3, 15)]


def test_january() -> None:
    k = months()["2026-01"]
    # DSO: AR 20,000 covers January's sales of 20,000 → 31 days, nothing left → 31.00
    assert k.dso == Decimal("31.00")
    # BPDSO: current 20,000 / sales 20,000 × 31 = 31.00; ADD = 31 − 31 = 0.00
    assert k.bpdso == Decimal("31.00")
    assert k.add == Decimal("0.00")
    # CEI: (10,000 + 20,000 − 20,000) / (10,000 + 20,000 − 20,000) × 100 = 100.00
    assert k.cei == Decimal("100.00")
    assert k.overdue_share == Decimal("0.00")
    assert k.collected == 10_000 * YUAN
    assert k.keep_rate is None


def test_february() -> None:
    k = months()["2026-02"]
    # DSO: AR 50,000 covers February's 30,000 (28 days, 20,000 left), then January's 20,000
    # (31 days, nothing left) → 59.00
    assert k.dso == Decimal("59.00")
    # BPDSO: 30,000 / 30,000 × 28 = 28.00; ADD = 59 − 28 = 31.00
    assert k.bpdso == Decimal("28.00")
    assert k.add == Decimal("31.00")
    # CEI: (20,000 + 30,000 − 50,000) / (20,000 + 30,000 − 30,000) × 100 = 0 / 20,000 = 0.00
    assert k.cei == Decimal("0.00")
    # overdue share: 20,000 / 50,000 = 0.40
    assert k.overdue_share == Decimal("0.40")
    assert k.collected == 0
    assert k.contacts == {"call": 1, "wechat": 1}


def test_march() -> None:
    k = months()["2026-03"]
    # DSO: AR 47,000 covers March's 12,000 (31 days, 35,000 left), February's 30,000 (28 days,
    # 5,000 left), then a share of January: 31 × 5,000 / 20,000 = 7.75 → 66.75
    assert k.dso == Decimal("66.75")
    # BPDSO: 12,000 / 12,000 × 31 = 31.00; ADD = 66.75 − 31 = 35.75
    assert k.bpdso == Decimal("31.00")
    assert k.add == Decimal("35.75")
    # CEI: (50,000 + 12,000 − 47,000) / (50,000 + 12,000 − 12,000) × 100 = 15,000 / 50,000 = 30.00
    assert k.cei == Decimal("30.00")
    # overdue share: 35,000 / 47,000 = 0.7446… → 0.74
    assert k.overdue_share == Decimal("0.74")
    assert k.collected == 15_000 * YUAN
    # promises due in March: one kept, one broken → 0.50
    assert k.keep_rate == Decimal("0.50")
    assert k.contacts == {"call": 1}


def test_countback_stops_where_the_ar_runs_out() -> None:
    assert countback(0, [(31, 100)]) == 0
    assert countback(150, [(30, 100), (31, 100)]) == Fraction(30) + Fraction(31 * 50, 100)
    assert countback(500, [(30, 100), (31, 100)]) == 61  # more AR than history: all of it
    assert countback(10, [(30, 0)]) is None  # no sales at all


def test_by_owner_splits_by_the_invoice_owner() -> None:
    from dataclasses import replace

    split = replace(FILE, invoice_owners={4: "李四"})
    rows = kpis([split], policy(), TODAY, 1, by_owner)
    assert set(rows) == {"张三", "李四"}
    assert rows["李四"][0].ar == 12_000 * YUAN
    assert rows["张三"][0].ar == 35_000 * YUAN
