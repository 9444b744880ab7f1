"""Month-end positions read off one settlement (``open_by_day``) against the position worked out
at each month end from the facts as they stood then, whatever the facts: payments naming their
invoice (or one that does not exist, or one issued later), overpayments, undated paid amounts,
paid-column claims, acceptance bills (recorded as payments), disputes, fapiao and 送二结一
terms, duplicate invoice numbers and invoices of nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.domain.allocation import Claim, Remittance
from dunner.domain.assessment import ContactFact, CustomerFile, Policy, PromiseRow
from dunner.domain.dates import add_months
from dunner.domain.fapiao import Fapiao, FapiaoState
from dunner.domain.forecast import as_of
from dunner.domain.kpi import (
    KeyOf,
    MonthKpi,
    _Book,
    _end,
    _history,
    _month,
    by_owner,
    everyone,
    kpis,
    kpis_with_total,
    month_ends,
    position_then,
)
from dunner.domain.open_by_day import OpenByDay, open_by_day
from dunner.domain.receivables import InvoiceFact, position
from dunner.domain.terms import Terms
from tests.policies import policy

POLICY = policy()
TODAY = date(2026, 11, 23)
START = date(2025, 9, 1)  # facts from here to a little after TODAY
SPAN = (TODAY - START).days + 40
TERMS = [Terms("cash"), Terms("net", 30), Terms("monthly", 25), Terms("batch"),
         Terms("batch"), Terms("fapiao", 30)]
ANY_TERMS = st.sampled_from(TERMS)
DAYS = [_end(add_months(START, n)) for n in range(14)] + [TODAY]  # month ends, then today

day_in = st.integers(min_value=0, max_value=SPAN).map(lambda n: START + timedelta(days=n))
# few distinct issue days, so several invoices share a delivery (送二结一 looks at the next one)
issue_day = st.integers(min_value=0, max_value=24).map(lambda n: START + timedelta(days=19 * n))


def _row(key: int) -> str:
    """Each invoice a row of its own: every invoice's open amount is compared."""
    return str(key)


@st.composite
def fapiaos(draw: st.DrawFn) -> Fapiao:
    state = draw(st.sampled_from(list(FapiaoState)))
    if state in (FapiaoState.UNTRACKED, FapiaoState.NONE):
        return Fapiao(state)
    issued = draw(day_in)
    received = draw(st.none() | day_in) if state == FapiaoState.RECEIVED else None
    return Fapiao(state, "F1", issued, received)


@st.composite
def files(draw: st.DrawFn, cid: int = 1,
          terms: st.SearchStrategy[Terms] = ANY_TERMS) -> CustomerFile:
    count = draw(st.integers(min_value=0, max_value=9))
    unique = draw(st.booleans())  # else an invoice number may be told twice
    numbers = draw(st.lists(st.sampled_from(["A", "B", "C", "D", "E", "F", "G", "H", "J", "K",
                                             "L", "M"]), min_size=count, max_size=count,
                            unique=unique))
    invoices = tuple(_invoice(draw, cid * 100 + n, numbers[n]) for n in range(count))
    named = st.none() | st.sampled_from([*numbers, "UNKNOWN"]) if numbers else st.none()
    payments = tuple(
        Remittance(cid * 1000 + n, draw(st.none() | day_in | day_in),
                   draw(st.integers(min_value=1, max_value=120_000)), draw(named))
        for n in range(draw(st.integers(min_value=0, max_value=8))))
    claimed = draw(st.integers(min_value=0, max_value=2)) if draw(st.booleans()) and numbers else 0
    claims = tuple(
        Claim(cid * 1000 + 500 + n, draw(day_in), draw(st.integers(min_value=1, max_value=50_000)),
              draw(st.sampled_from(numbers)))
        for n in range(claimed))
    promises = tuple(
        PromiseRow(made, made + timedelta(days=draw(st.integers(0, 60))),
                   draw(st.integers(min_value=1, max_value=80_000)))
        for made in draw(st.lists(day_in, max_size=3)))
    contacts = tuple(ContactFact(datetime(d.year, d.month, d.day, 10), draw(
        st.sampled_from(["call", "wechat", "visit"]))) for d in draw(st.lists(day_in, max_size=3)))
    owners = {i.key: draw(st.sampled_from(["李四", "王五"])) for i in invoices
              if draw(st.booleans())}
    disputed = frozenset(i.key for i in invoices if draw(st.booleans()))
    return CustomerFile(cid, f"C{cid}", draw(st.sampled_from(["张三", ""])),
                        draw(terms), invoices=invoices, payments=payments,
                        claims=claims, promises=promises, contacts=contacts,
                        invoice_owners=owners, disputed=disputed)


def _invoice(draw: st.DrawFn, key: int, number: str) -> InvoiceFact:
    issued = draw(issue_day)
    # a due date of its own: none, soon after the issue (near a next delivery) or any day
    own = draw(st.none() | st.integers(min_value=0, max_value=70).map(
        lambda n: issued + timedelta(days=n)) | day_in)
    return InvoiceFact(key, number, issued, draw(st.sampled_from([0, 1]) | st.integers(
        min_value=1, max_value=90_000)), own, draw(fapiaos()))


def _long_way(f: CustomerFile, day: date, fallback: int) -> tuple[dict[str, int], dict[str, int]]:
    """Open and current amounts per row at the end of ``day``: the position of the facts as
    they stood then."""
    then = as_of([f], day)[0]
    pos = position(then.invoices, then.payments, f.terms, fallback, then.claims, today=day)
    open_: dict[str, int] = defaultdict(int)
    current: dict[str, int] = defaultdict(int)
    for item in pos.items:
        open_[_row(item.key)] += item.open
        if item.due >= day:
            current[_row(item.key)] += item.open
    return open_, current


def _read_off(f: CustomerFile, fallback: int
              ) -> list[tuple[dict[str, int], dict[str, int]] | None]:
    """Per day, what ``open_by_day`` reads off (None where it cannot)."""
    fast = open_by_day(f.invoices, f.payments, f.terms, fallback, f.claims, DAYS, _row)
    if fast is None:
        return [None] * len(DAYS)
    assert fast.days == tuple(DAYS)
    return [({r: v[i] for r, v in fast.open.items()}, {r: v[i] for r, v in fast.current.items()})
            if fast.exact[i] else None for i in range(len(DAYS))]


def _nonzero(sums: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in sums.items() if v}


@settings(max_examples=600, deadline=None)
@given(files(), st.sampled_from([POLICY.batch_fallback_days, 3, 12, 45]))
def test_each_day_read_off_is_the_position_of_that_day(f: CustomerFile, fallback: int) -> None:
    _each_day(f, fallback)


def _each_day(f: CustomerFile, fallback: int) -> None:
    for day, got in zip(DAYS, _read_off(f, fallback), strict=True):
        if got is not None:
            want = _long_way(f, day, fallback)
            assert (_nonzero(got[0]), _nonzero(got[1])) == (_nonzero(want[0]), _nonzero(want[1]))


@settings(max_examples=600, deadline=None)
@given(files(terms=st.just(Terms("batch"))), st.sampled_from([3, 12, 25, 45]))
def test_under_batch_terms_each_day_read_off_is_the_position_of_that_day(
        f: CustomerFile, fallback: int) -> None:
    """送二结一, where the last delivery's due date on a day is not the one it gets later."""
    _each_day(f, fallback)


@settings(max_examples=100, deadline=None)
@given(files())
def test_position_then_is_the_position_of_the_facts_cut_at_the_day(f: CustomerFile) -> None:
    for day in DAYS:
        then = as_of([f], day)[0]
        assert position_then(f, POLICY, day) == position(
            then.invoices, then.payments, f.terms, POLICY.batch_fallback_days, then.claims,
            today=day)


def _kpis_long_way(files: list[CustomerFile], policy: Policy, today: date, months: int,
                   key: KeyOf = everyone) -> dict[str, list[MonthKpi]]:
    """``kpis`` with every month end's position worked out from the facts cut at that day."""
    ends = month_ends(today, months)
    before = add_months(ends[0].replace(day=1), -1)
    books: defaultdict[str, _Book] = defaultdict(_Book)
    if key is everyone:
        books[""] = _Book()
    for end in [_end(before), *ends]:
        for f in as_of(files, end):
            pos = position(f.invoices, f.payments, f.terms, policy.batch_fallback_days, f.claims,
                           today=end)
            for item in pos.items:
                if item.open:
                    book = books[key(f, item.key)]
                    book.ar[end] += item.open
                    if item.due >= end:
                        book.current[end] += item.open
    for f in files:
        _history(f, key, books, today)
    return {k: [_month(b, end) for end in ends] for k, b in sorted(books.items())}


@st.composite
def ledgers(draw: st.DrawFn) -> list[CustomerFile]:
    return [draw(files(cid)) for cid in range(1, draw(st.integers(min_value=1, max_value=4)) + 1)]


@settings(max_examples=150, deadline=None)
@given(ledgers(), st.integers(min_value=1, max_value=15),
       st.integers(min_value=-60, max_value=40).map(lambda n: TODAY + timedelta(days=n)))
def test_kpis_are_those_of_every_month_end_worked_out_the_long_way(
        ledger: list[CustomerFile], months: int, today: date) -> None:
    for key in (everyone, by_owner):
        assert kpis(ledger, POLICY, today, months, key) == _kpis_long_way(
            ledger, POLICY, today, months, key)
    # the whole ledger's row summed from the owners' in the same pass is the whole ledger's own
    assert kpis_with_total(ledger, POLICY, today, months, by_owner) == (
        kpis(ledger, POLICY, today, months)[""], kpis(ledger, POLICY, today, months, by_owner))


# A customer on net 30 whose payments each name an invoice issued before them: every month end
# is read off the one settlement.
PLAIN = CustomerFile(
    1, "甲", "张三", Terms("net", 30),
    invoices=(InvoiceFact(1, "A", date(2026, 1, 10), 10_000), InvoiceFact(2, "B", date(2026, 2, 5),
                                                                         20_000),
              InvoiceFact(3, "C", date(2026, 3, 20), 30_000)),
    payments=(Remittance(1, date(2026, 2, 20), 10_000, "A"),
              Remittance(2, date(2026, 3, 25), 5_000, "C")))
SHORT_DAYS = [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]


def test_payments_naming_earlier_invoices_are_read_off_every_day() -> None:
    fast = open_by_day(PLAIN.invoices, PLAIN.payments, PLAIN.terms, 30, (), SHORT_DAYS,
                       lambda _k: "")
    assert fast is not None
    assert fast.exact == (True, True, True)
    # Jan: A 10,000 (due 02-09: current); Feb: B 20,000 (due 03-07: current), A paid;
    # Mar: B 20,000 overdue, C 25,000 current
    assert fast.open == {"": [10_000, 20_000, 45_000]}
    assert fast.current == {"": [10_000, 20_000, 25_000]}


def test_a_payment_reaching_an_invoice_issued_after_a_day_leaves_that_day_to_the_long_way() -> None:
    early = Remittance(3, date(2026, 1, 20), 25_000)  # pays A, then B issued on 02-05
    fast = open_by_day(PLAIN.invoices, (early,), PLAIN.terms, 30, (), SHORT_DAYS, lambda _k: "")
    assert fast is not None
    assert fast.exact == (False, True, True)
    # on 01-31 the payment left 15,000 credit: nothing open
    assert position_then(replace(PLAIN, payments=(early,)), POLICY, SHORT_DAYS[0]).open == 0
    assert fast.open[""][1:] == [5_000, 35_000]


def test_the_last_delivery_falls_due_after_the_fallback_days_until_the_next_one() -> None:
    """送二结一: on 01-31 the delivery of 01-25 has no next one yet and falls due 30 days
    later (02-24: current); once 02-05 has been delivered it falls due then."""
    batch = [InvoiceFact(1, "A", date(2026, 1, 25), 10_000),
             InvoiceFact(2, "B", date(2026, 2, 5), 20_000)]
    days = [date(2026, 1, 31), date(2026, 2, 28)]
    fast = open_by_day(batch, (), Terms("batch"), 30, (), days, lambda _k: "")
    assert fast is not None and fast.exact == (True, True)
    # 01-31: A current (due 02-24); 02-28: A due 02-05 (overdue), B due 03-07 (current)
    assert fast.open == {"": [10_000, 30_000]}
    assert fast.current == {"": [10_000, 20_000]}
    short = open_by_day(batch, (), Terms("batch"), 3, (), days, lambda _k: "")
    # three days: A due 01-28 on 01-31 (overdue then, not 02-05), B due 02-08 on 02-28
    assert short is not None and short.exact == (True, True)
    assert short.current == {"": [0, 0]}


def _by_invoice(f: CustomerFile, days: list[date], fallback: int) -> OpenByDay | None:
    return open_by_day(f.invoices, f.payments, f.terms, fallback, f.claims, days, str)


def _open_then(f: CustomerFile, day: date, fallback: int) -> dict[str, int]:
    return {str(i.key): i.open for i in position_then(
        f, replace(POLICY, batch_fallback_days=fallback), day).items}


# 送二结一: Y (issued 01-05) has a due date of its own; G is the delivery of 01-25, H of 02-20.
Y = InvoiceFact(1, "Y", date(2026, 1, 5), 10_000, date(2026, 2, 10))
G = InvoiceFact(2, "G", date(2026, 1, 25), 5_000)
H = InvoiceFact(3, "H", date(2026, 2, 20), 8_000)
BATCH_DAYS = [date(2026, 1, 31), date(2026, 2, 28)]


def test_a_last_delivery_falling_due_sooner_then_is_paid_first_then() -> None:
    """Three days' fallback: on 01-31 G falls due 01-28, before Y (02-10), and takes the
    payment of 01-30; later it falls due with H (02-20), after Y, which took it."""
    f = CustomerFile(1, "乙", "张三", Terms("batch"), invoices=(Y, G, H),
                     payments=(Remittance(1, date(2026, 1, 30), 3_000),))
    fast = _by_invoice(f, BATCH_DAYS, 3)
    assert fast is not None and fast.exact == (False, True)
    assert _open_then(f, BATCH_DAYS[0], 3) == {"1": 10_000, "2": 2_000}
    assert {k: v[1] for k, v in fast.open.items()} == _open_then(f, BATCH_DAYS[1], 3) == {
        "1": 7_000, "2": 5_000, "3": 8_000}


def test_a_last_delivery_falling_due_later_then_is_not_paid_first_then() -> None:
    """45 days' fallback: on 01-31 G falls due 03-11, after Y (now due 03-01), so the payment
    of 01-30 goes to Y; later G falls due with H (02-20), before Y, and took it."""
    y = Y._replace(due=date(2026, 3, 1))
    f = CustomerFile(1, "乙", "张三", Terms("batch"), invoices=(y, G, H),
                     payments=(Remittance(1, date(2026, 1, 30), 2_000),))
    fast = _by_invoice(f, BATCH_DAYS, 45)
    assert fast is not None and fast.exact == (False, True)
    assert _open_then(f, BATCH_DAYS[0], 45) == {"1": 8_000, "2": 5_000}
    assert {k: v[1] for k, v in fast.open.items()} == _open_then(f, BATCH_DAYS[1], 45) == {
        "1": 10_000, "2": 3_000, "3": 8_000}


def test_a_paid_column_claim_counts_from_the_day_it_was_seen() -> None:
    """A rise of 4,000 on A seen on 01-15, before any recorded payment: an undated 4,000 on A;
    the 10,000 paid on 02-20 then pays A's other 6,000 and 4,000 of B."""
    claimed = replace(PLAIN, claims=(Claim(9, date(2026, 1, 15), 4_000, "A"),))
    fast = open_by_day(claimed.invoices, claimed.payments, claimed.terms, 30, claimed.claims,
                       SHORT_DAYS, lambda _k: "")
    assert fast is not None and fast.exact == (True, True, True)
    assert fast.open == {"": [6_000, 16_000, 41_000]}
    assert fast.current == {"": [6_000, 16_000, 25_000]}
    assert [position_then(claimed, POLICY, d).open for d in SHORT_DAYS] == [6_000, 16_000, 41_000]
    later = replace(PLAIN, claims=(Claim(9, date(2026, 3, 1), 4_000, "B"),))  # seen in March
    fast = open_by_day(later.invoices, later.payments, later.terms, 30, later.claims,
                       SHORT_DAYS, lambda _k: "")
    assert fast is not None
    assert fast.open == {"": [position_then(later, POLICY, d).open for d in SHORT_DAYS]}


def test_fapiao_terms_and_numbers_told_twice_take_the_long_way() -> None:
    assert open_by_day(PLAIN.invoices, PLAIN.payments, Terms("fapiao", 30), 30, (), SHORT_DAYS,
                       lambda _k: "") is None
    twice = (*PLAIN.invoices, InvoiceFact(4, "A", date(2026, 3, 1), 1_000))
    assert open_by_day(twice, PLAIN.payments, PLAIN.terms, 30, (), SHORT_DAYS,
                       lambda _k: "") is None
