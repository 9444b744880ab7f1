"""A dated prediction's reasons in order and its probability to the hundredth: the lateness,
the move to today, to a pay day and to a working day, the curve, a keep-rate and signals; and
customers that share preferences and due days share none of each other's record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dunner.domain.assessment import CustomerFile, PromiseRow, SignalFact
from dunner.domain.forecast import Prediction, forecast
from dunner.domain.timing import Prefs
from tests.conftest import TODAY
from tests.domain.test_forecast import OPEN_DUE, late_payer
from tests.policies import policy

CENT = Decimal("0.01")
KEPT = PromiseRow(date(2026, 6, 20), date(2026, 7, 21), 100_000)  # P-3 is paid on 07-21
BROKEN = PromiseRow(date(2026, 9, 1), date(2026, 9, 10), 999_999)


def share(days: int) -> Decimal:
    return policy().ages[days].share


def pct(rate: Decimal) -> str:
    return f"{rate * 100:.0f}%"


def predicted(*files: CustomerFile) -> dict[str, Prediction]:
    return {p.customer: p for p in forecast(list(files), policy(), TODAY)}


def codes(p: Prediction) -> list[str]:
    return [r.code for r in p.reasons]


def test_own_lateness_then_the_curve() -> None:
    (p,) = predicted(late_payer(20)).values()  # 12-01 + 20 days: Monday 12-21
    assert p.pay_date == date(2026, 12, 21)
    assert codes(p) == ["own_history", "curve"]
    assert p.reasons[0].values == {"days": 20, "count": 4}
    assert p.reasons[1].values == {"days": 20, "pct": pct(share(20))}
    assert p.probability == share(20).quantize(CENT, ROUND_HALF_UP)


def test_moved_to_the_pay_day_which_falls_back_from_a_saturday() -> None:
    (p,) = predicted(late_payer(20, Prefs(pay_days=(26,)))).values()  # 12-26 is a Saturday
    assert p.pay_date == date(2026, 12, 25)
    assert codes(p) == ["own_history", "pay_day", "curve"]
    assert p.reasons[1].values == {"date": date(2026, 12, 25)}
    assert p.reasons[2].values == {"days": 24, "pct": pct(share(24))}


def test_a_saturday_moves_on_to_monday() -> None:
    (p,) = predicted(late_payer(18)).values()  # 12-01 + 18 days: Saturday 12-19
    assert p.pay_date == date(2026, 12, 21)
    assert codes(p) == ["own_history", "working_day", "curve"]
    assert p.reasons[1].values == {"date": date(2026, 12, 21)}
    assert p.reasons[2].values["days"] == 20


def test_a_day_already_past_is_today() -> None:
    f = late_payer(5)
    overdue = f.invoices[-1]._replace(due=date(2026, 11, 10))  # + 5 days: 11-15, passed
    (p,) = predicted(replace(f, invoices=(*f.invoices[:-1], overdue))).values()
    assert p.pay_date == TODAY
    assert codes(p) == ["own_history", "later_than_usual", "curve"]
    assert p.reasons[1].values == {"date": TODAY}
    assert p.reasons[2].values == {"days": 13, "pct": pct(share(13))}


def test_a_keep_rate_below_one_and_a_signal_lower_the_probability_in_turn() -> None:
    f = replace(late_payer(20), promises=(KEPT, BROKEN),
                signals=(SignalFact(date(2026, 11, 1), "customer_complaint"),))
    (p,) = predicted(f).values()
    assert codes(p) == ["own_history", "curve", "keep_rate", "signals"]
    assert p.reasons[2].values == {"rate": "50%"}
    assert p.reasons[3].values == {"kinds": ["customer_complaint"]}
    expected = share(20) * ((1 + Decimal("0.5")) / 2) * Decimal("0.8")
    assert p.probability == expected.quantize(CENT, ROUND_HALF_UP)


def test_an_untrusted_promise_leads_and_the_lateness_still_dates() -> None:
    promise = PromiseRow(date(2026, 11, 20), date(2026, 12, 3), 50_000)
    (p,) = predicted(replace(late_payer(20), promises=(BROKEN, promise))).values()
    assert p.pay_date == OPEN_DUE + timedelta(days=20)
    assert codes(p) == ["promise_untrusted", "own_history", "curve", "keep_rate"]
    assert p.probability == (share(20) * Decimal("0.5")).quantize(CENT, ROUND_HALF_UP)


def test_customers_sharing_preferences_and_due_days_keep_their_own_records() -> None:
    prefs = Prefs(pay_days=(26,))
    plain = late_payer(20, prefs)
    flagged = replace(late_payer(20, prefs), id=2, name="乙",
                      signals=(SignalFact(date(2026, 11, 1), "bankruptcy_risk"),))
    slow = replace(late_payer(40, prefs), id=3, name="丙")
    found = predicted(flagged, plain, slow)
    assert found["乙"].pay_date == found["甲"].pay_date == date(2026, 12, 25)
    assert codes(found["甲"]) == ["own_history", "pay_day", "curve"]
    assert codes(found["乙"]) == ["own_history", "pay_day", "curve", "signals"]
    assert found["乙"].probability == (share(24) * Decimal("0.5")).quantize(CENT, ROUND_HALF_UP)
    assert found["甲"].probability == share(24).quantize(CENT, ROUND_HALF_UP)
    assert found["丙"].reasons[0].values == {"days": 40, "count": 4}
    assert found["丙"].pay_date == date(2027, 1, 26)  # 12-01 + 40: 01-10, then the 26th
