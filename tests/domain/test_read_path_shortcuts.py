"""The whole-ledger reads take shortcuts where a rule's answer depends on less than it looks
at; each shortcut must give the answer of the long way, whatever the facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.domain.allocation import Remittance
from dunner.domain.assessment import AckRow, CustomerFile, InvoiceView, assess
from dunner.domain.candidates import _due_on, _Overdue
from dunner.domain.forecast import CENT, _by_age, _written_off
from dunner.domain.grading import share
from dunner.domain.receivables import InvoiceFact, OpenItem
from dunner.domain.terms import Terms
from dunner.domain.vocab import Class
from tests.conftest import TODAY
from tests.policies import plan_policy, policy

POLICY = policy()
PLAN = plan_policy()
TERMS = [Terms("cash"), Terms("net", 30), Terms("monthly", 25), Terms("batch")]
days_back = st.integers(min_value=0, max_value=6 * 365)


@st.composite
def files(draw: st.DrawFn) -> CustomerFile:
    count = draw(st.integers(min_value=1, max_value=8))
    invoices = tuple(
        InvoiceFact(key, f"N-{key}", TODAY - timedelta(days=draw(days_back)),
                    draw(st.integers(min_value=1, max_value=10_000_000)),
                    draw(st.none() | days_back.map(lambda d: TODAY - timedelta(days=d))))
        for key in range(1, count + 1))
    payments = tuple(
        Remittance(100 + n, TODAY - timedelta(days=draw(days_back)),
                   draw(st.integers(min_value=1, max_value=10_000_000)),
                   draw(st.none() | st.sampled_from([i.number for i in invoices])))
        for n in range(draw(st.integers(min_value=0, max_value=6))))
    return CustomerFile(1, "C", "张三", draw(st.sampled_from(TERMS)), invoices=invoices,
                        payments=payments)


@settings(max_examples=150, deadline=None)
@given(files())
def test_payments_alone_restart_as_every_act_would(f: CustomerFile) -> None:
    """With payments its only acts, an invoice's period runs from the later of its due day and
    its last payment: the same last day to sue as each payment taken as a restart (an
    acknowledgement after today makes ``assess`` take every act, and restarts nothing)."""
    short = assess(f, POLICY, TODAY)
    long = assess(replace(f, acks=(AckRow(TODAY + timedelta(days=1)),)), POLICY, TODAY)
    assert short.invoices == long.invoices
    assert short.limitation_expires == long.limitation_expires
    assert short.at_risk == long.at_risk
    assert (short.open, short.overdue, short.expected_recovery) == (
        sum(v.item.open for v in long.invoices),
        sum(v.item.open for v in long.invoices if v.days_overdue > 0),
        sum(v.expected for v in long.invoices))


def _view(days: int, open_: int, expected: int, cls: Class) -> InvoiceView:
    due = TODAY - timedelta(days=days)
    item = OpenItem(1, "N-1", due - timedelta(days=30), due, open_, open_, None)
    return InvoiceView(item, days, cls, expected, date(2030, 1, 1), "张三")


@settings(max_examples=300, deadline=None)
@given(days=st.integers(min_value=-30, max_value=3000), cls=st.sampled_from([Class.BAD, Class.DEAD]),
       opens=st.lists(st.integers(min_value=1, max_value=10**9), min_size=2, max_size=2),
       at_curve=st.booleans(), parts=st.lists(st.integers(min_value=0, max_value=10**9),
                                              min_size=2, max_size=2))
def test_a_written_off_invoice_keyed_by_age_has_the_probability_of_any_other(
        days: int, cls: Class, opens: list[int], at_curve: bool, parts: list[int]) -> None:
    """``_by_age``: invoices of one key get one probability, the one the rule gives (the least
    of the curve's rate a year on and the share expected back)."""
    rule = POLICY.ages[days]
    views = [_view(days, o, share(o, rule.num, rule.den) if at_curve else min(p, o), cls)
             for o, p in zip(opens, parts, strict=True)]
    rate = POLICY.ages[days + 365].share
    for v in views:
        probability, reasons = _written_off(v, POLICY)
        exact = min(rate, Decimal(v.expected) / Decimal(v.item.open))
        assert probability == exact.quantize(CENT, ROUND_HALF_UP)
        assert reasons[0].code == "written_off"
    keys = [_by_age(v, POLICY) for v in views]
    if keys[0] is not None and keys[0] == keys[1]:
        assert _written_off(views[0], POLICY) == _written_off(views[1], POLICY)


@settings(max_examples=100, deadline=None)
@given(files(), st.lists(st.integers(min_value=-400, max_value=2400), min_size=1, max_size=5),
       st.randoms(use_true_random=False))
def test_what_is_overdue_on_a_day_is_found_as_it_is_counted(f: CustomerFile, offsets: list[int],
                                                           rnd: Random) -> None:
    """``_Overdue.on``: the invoices overdue on a day, their total and class, by bisection when
    they are listed oldest due first (as assessed) and by counting when not."""
    a = assess(f, POLICY, TODAY)
    for items in (list(a.invoices), rnd.sample(list(a.invoices), len(a.invoices))):
        overdue = _Overdue(items, a, PLAN)
        for offset in offsets:
            day = TODAY - timedelta(days=offset)
            assert overdue.on(day) == _due_on(items, a, PLAN, day)
