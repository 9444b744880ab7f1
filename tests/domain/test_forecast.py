"""Predicted pay dates: the customer's own lateness, its pay day, a trusted promise, the as-of
replay that sees nothing later, and a backtest that beats the due-date forecast."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.domain.allocation import Remittance
from dunner.domain.assessment import CustomerFile, PromiseRow
from dunner.domain.backtest import backtest, cutoffs
from dunner.domain.forecast import Prediction, as_of, forecast, typical_lateness
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs
from dunner.domain.vocab import Class
from dunner.domain.weeks import weekly
from tests.conftest import TODAY
from tests.policies import policy

NET30 = Terms("net", 30)
OPEN_DUE = date(2026, 12, 1)  # a Tuesday
NO_PREFS = Prefs()


def late_payer(late: int, prefs: Prefs = NO_PREFS, paid: int = 4) -> CustomerFile:
    """``paid`` invoices, each paid exactly ``late`` days after its due date, and one open."""
    invoices, payments = [], []
    for n in range(paid):
        issued = date(2026, 3 + n, 1)
        due = issued + timedelta(days=30)
        invoices.append(InvoiceFact(n + 1, f"P-{n}", issued, 100_000, due))
        payments.append(Remittance(n + 1, due + timedelta(days=late), 100_000, f"P-{n}"))
    invoices.append(InvoiceFact(99, "OPEN", OPEN_DUE - timedelta(days=30), 50_000, OPEN_DUE))
    return CustomerFile(1, "甲", "张三", NET30, invoices=tuple(invoices),
                        payments=tuple(payments), prefs=prefs)


def only(files: list[CustomerFile], day: date = TODAY) -> Prediction:
    found = forecast(files, policy(), day)
    assert len(found) == 1
    return found[0]


def test_twenty_days_late_is_predicted_twenty_days_late() -> None:
    p = only([late_payer(20)])
    assert p.pay_date == OPEN_DUE + timedelta(days=20)
    assert [r.code for r in p.reasons][0] == "own_history"
    assert Decimal(0) < p.probability <= 1


def test_moved_to_the_customers_pay_day() -> None:
    # due 12-01 + 20 days = 12-21; the customer pays on the 25th: 2026-12-25, a Friday
    p = only([late_payer(20, Prefs(pay_days=(25,)))])
    assert p.pay_date == date(2026, 12, 25)
    assert "pay_day" in [r.code for r in p.reasons]


def test_moved_to_the_next_working_day() -> None:
    # 12-01 + 18 days = 12-19, a Saturday → Monday 12-21
    p = only([late_payer(18)])
    assert p.pay_date == date(2026, 12, 21)


def test_recent_payments_weigh_more() -> None:
    history = [(date(2026, 1, d), late) for d, late in ((1, 0), (2, 0), (3, 30), (4, 30))]
    assert typical_lateness(history) == 30  # weights 1+2 for 0 days, 3+4 for 30 days
    assert typical_lateness(history[:2]) is None


def test_short_history_takes_the_portfolios_median() -> None:
    newcomer = replace(late_payer(0, paid=1), id=2, name="乙",
                       invoices=tuple(i._replace(key=i.key + 1000)
                                      for i in late_payer(0, paid=1).invoices),
                       payments=tuple(p._replace(key=p.key + 1000)
                                      for p in late_payer(0, paid=1).payments))
    found = {p.customer: p for p in forecast([late_payer(12, paid=6), newcomer], policy(), TODAY)}
    p = found["乙"]
    assert p.reasons[0].code == "portfolio"
    # the portfolio's paid invoices: six 12 days late and one on time → median 12
    assert p.pay_date == policy().calendar.next_working_day(OPEN_DUE + timedelta(days=12))


def test_a_kept_promise_customer_s_promise_date_wins() -> None:
    f = late_payer(20)
    kept = PromiseRow(date(2026, 6, 20), date(2026, 7, 21), 100_000)  # P-3 paid on 07-21
    promise = PromiseRow(date(2026, 11, 20), date(2026, 12, 3), 50_000)
    p = only([replace(f, promises=(kept, promise))])
    assert p.pay_date == date(2026, 12, 3)
    assert p.reasons[0].code == "promise"


def test_a_promise_from_a_customer_who_breaks_them_is_not_relied_on() -> None:
    f = late_payer(20)
    broken = PromiseRow(date(2026, 9, 1), date(2026, 9, 10), 999_999)
    promise = PromiseRow(date(2026, 11, 20), date(2026, 12, 3), 50_000)
    p = only([replace(f, promises=(broken, promise))])
    assert p.pay_date == OPEN_DUE + timedelta(days=20)
    assert p.reasons[0].code == "promise_untrusted"


def test_bad_debts_get_no_date_and_a_low_probability() -> None:
    old = CustomerFile(1, "丙", "张三", NET30,
                       invoices=(InvoiceFact(1, "OLD", date(2025, 11, 1), 100_000,
                                             date(2025, 12, 1)),))
    p = only([old])
    assert p.cls == Class.BAD
    assert p.pay_date is None
    assert p.probability < Decimal("0.3")


def test_weeks_sum_amount_times_probability() -> None:
    found = forecast([late_payer(20)], policy(), TODAY)
    weeks = weekly(found, date(2026, 11, 23), 6)
    assert sum(w.expected for w in weeks) == found[0].expected
    hit = next(w for w in weeks if w.dated)
    assert hit.worst <= hit.expected <= hit.best <= hit.dated == 50_000


# --- the replay sees nothing after its day -------------------------------------------------

START = date(2025, 6, 1)
days = st.integers(min_value=0, max_value=540).map(lambda n: START + timedelta(days=n))


@st.composite
def ledgers(draw: st.DrawFn) -> list[CustomerFile]:
    files = []
    key = 0
    for cid in range(draw(st.integers(1, 3))):
        invoices, payments, promises = [], [], []
        for _ in range(draw(st.integers(0, 6))):
            key += 1
            issued = draw(days)
            invoices.append(InvoiceFact(key, f"I{key}", issued, draw(st.integers(1, 50)) * 10_000))
        for _ in range(draw(st.integers(0, 6))):
            key += 1
            payments.append(Remittance(key, draw(days), draw(st.integers(1, 50)) * 10_000))
        for _ in range(draw(st.integers(0, 2))):
            made = draw(days)
            promises.append(PromiseRow(made, made + timedelta(days=draw(st.integers(1, 30))),
                                       draw(st.integers(1, 50)) * 10_000))
        files.append(CustomerFile(cid + 1, f"C{cid}", "张三", NET30, invoices=tuple(invoices),
                                  payments=tuple(payments), promises=tuple(promises),
                                  prefs=Prefs(pay_days=(10, 25)) if cid == 0 else Prefs()))
    return files


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=ledgers(), day=days, later=st.integers(1, 200), amount=st.integers(1, 50),
       what=st.sampled_from(["payment", "invoice", "promise"]), who=st.integers(0, 2))
def test_predictions_as_of_a_day_ignore_anything_dated_after_it(
        files: list[CustomerFile], day: date, later: int, amount: int, what: str,
        who: int) -> None:
    before = forecast(files, policy(), day)
    f = files[who % len(files)]
    after = day + timedelta(days=later)
    if what == "payment":
        changed = replace(f, payments=(*f.payments, Remittance(10_000, after, amount * 10_000)))
    elif what == "invoice":
        changed = replace(f, invoices=(*f.invoices, InvoiceFact(10_000, "LATE", after,
                                                                amount * 10_000)))
    else:
        changed = replace(f, promises=(*f.promises, PromiseRow(after, after, amount * 10_000)))
    grown = [changed if g is f else g for g in files]
    assert forecast(grown, policy(), day) == before
    assert as_of(grown, day) == as_of(files, day)


# --- backtest -------------------------------------------------------------------------------

def synthetic(today: date) -> list[CustomerFile]:
    """Twenty customers, each paying its monthly invoices a known number of days late (a day
    or two either way), every payment dated on or before ``today``."""
    files, key = [], 0
    for cid in range(20):
        late = (0, 10, 25, 45, 60)[cid % 5]
        invoices, payments = [], []
        for month in range(18):
            key += 1
            issued = date(2025 + (5 + month) // 12, (5 + month) % 12 + 1, 5 + cid % 10)
            due = issued + timedelta(days=30)
            invoices.append(InvoiceFact(key, f"S{key}", issued, (50 + cid) * 10_000, due))
            paid = due + timedelta(days=late + (key % 3) - 1)
            if paid <= today:
                payments.append(Remittance(key, paid, (50 + cid) * 10_000, f"S{key}"))
        files.append(CustomerFile(cid + 1, f"S{cid:02d}", "张三", NET30,
                                  invoices=tuple(invoices), payments=tuple(payments)))
    return files


def test_backtest_beats_the_due_date_forecast() -> None:
    files = synthetic(TODAY)
    days_back = cutoffs(date(2026, 3, 1), TODAY, step_months=1)
    assert days_back[0] == date(2026, 3, 1) and days_back[-1] <= TODAY - timedelta(days=7)
    result = backtest(files, policy(), days_back, TODAY, 8)
    assert result.model.invoices == result.baseline.invoices > 50
    assert result.model.mae_days is not None and result.baseline.mae_days is not None
    assert result.model.mae_days < result.baseline.mae_days
    assert result.model.weekly_error_pct is not None
    assert result.baseline.weekly_error_pct is not None
    assert result.model.weekly_error_pct < result.baseline.weekly_error_pct
