"""Reports over the assessed ledger: aging buckets and the home-screen status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from dunner.domain.aging import BUCKET_NAMES, age, bucket
from dunner.domain.assessment import Assessment
from dunner.domain.grading import CLASSES
from dunner.domain.instalments import PlanStatus, plans
from dunner.domain.vocab import PromiseState
from dunner.errors import UsageError
from dunner.i18n import t
from dunner.services.bills import BillSummary, bill_summary
from dunner.services.context import AppContext
from dunner.services.portfolio import assess_all, calendar_from

NEW_SIGNAL_DAYS = 7
TOP = 5


@dataclass(frozen=True)
class AgingRow:
    key: str
    by_bucket: dict[str, int]
    credit: int = 0  # paid ahead: not aged, shown beside (a customer may hold nothing else)
    approximate: frozenset[str] = frozenset()  # the buckets holding an export's estimate

    @property
    def total(self) -> int:
        return sum(self.by_bucket.values())


@dataclass(frozen=True)
class AgingReport:
    as_of: date
    by: str
    rows: list[AgingRow]

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def credit(self) -> int:
        return sum(r.credit for r in self.rows)

    def bucket_totals(self) -> dict[str, int]:
        return {b: sum(r.by_bucket[b] for r in self.rows) for b in BUCKET_NAMES}


def aging(ctx: AppContext, by: str = "customer", as_of: date | None = None) -> AgingReport:
    if by not in ("customer", "owner"):
        raise UsageError("bad_by", t("choice.bad", what="--by", value=by),
                         t("choices.hint", choices="customer, owner"))
    day = as_of or ctx.today
    results, _ = assess_all(ctx, day)
    items: dict[str, list[tuple[date, int]]] = {}
    credit: Counter[str] = Counter()
    rough: dict[str, set[str]] = {}
    for a in results:
        for inv in a.invoices:
            key = a.file.name if by == "customer" else (inv.owner or "—")
            items.setdefault(key, []).append((inv.item.due, inv.item.open))
            if inv.item.approximate and inv.item.open:
                rough.setdefault(key, set()).add(bucket((day - inv.item.due).days))
        if a.credit:
            credit[a.file.name if by == "customer" else (a.file.owner or "—")] += a.credit
    rows = [AgingRow(key, age(items.get(key, []), day), credit[key], frozenset(rough.get(key, ())))
            for key in [*items, *(k for k in credit if k not in items)]]
    rows = [r for r in rows if r.total or r.credit]
    rows.sort(key=lambda r: (-r.total, r.key))
    return AgingReport(day, by, rows)


def derived_signals(ctx: AppContext, customer_id: int) -> list[str]:
    """The warning signals a customer's record shows though nobody recorded them (a changed
    payment pattern), as ``status`` and ``grade`` count them."""
    results, _ = assess_all(ctx, scope=customer_id)
    return [k for a in results for k in a.signals if k not in {s.kind for s in a.file.signals}]


@dataclass
class Status:
    today: date
    open: int = 0
    overdue: int = 0
    expected: int = 0
    credit: int = 0
    by_class: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    top_overdue: list[Assessment] = field(default_factory=list)
    promises_due: list[tuple[str, date, int]] = field(default_factory=list)
    # (customer, due, promised, not paid of it: all of a broken one, the rest of a partly kept one)
    promises_broken: list[tuple[str, date, int, int]] = field(default_factory=list)
    limitation_alerts: list[tuple[str, date, int]] = field(default_factory=list)
    new_signals: list[tuple[str, str]] = field(default_factory=list)
    grades: Counter[str] = field(default_factory=Counter)
    unknown_years: list[int] = field(default_factory=list)
    bills: BillSummary = field(default_factory=BillSummary)
    # (customer, invoice, open, why) of the receivables waiting on a fapiao
    fapiao_waiting: list[tuple[str, str, int, str]] = field(default_factory=list)
    plans: list[tuple[str, PlanStatus]] = field(default_factory=list)  # instalment plans
    # what of the open and overdue amounts an export gave only roughly, by class and overdue
    approximate: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    approximate_overdue: int = 0


def status(ctx: AppContext) -> Status:
    results, unknown = assess_all(ctx)
    today = ctx.today
    # broken "since the last working day": on a Monday, Friday's (and the weekend's) promises
    since = calendar_from(ctx.config).previous_working_day(today - timedelta(days=1))
    st = Status(today, unknown_years=unknown)
    for a in results:
        st.open += a.open
        st.overdue += a.overdue
        st.expected += a.expected_recovery
        st.credit += a.credit
        for inv in a.invoices:
            st.by_class[inv.cls] += inv.item.open
            if inv.item.approximate:
                st.approximate[inv.cls] += inv.item.open
                st.approximate_overdue += inv.item.open if inv.item.due < today else 0
        if a.invoices:
            st.grades[a.grade] += 1
        for p, state in a.promise_states:
            if p.due_on == today and state == PromiseState.OPEN:
                st.promises_due.append((a.file.name, p.due_on, p.amount))
            if since <= p.due_on < today and state in (PromiseState.BROKEN, PromiseState.PARTLY_KEPT):
                st.promises_broken.append((a.file.name, p.due_on, p.amount, a.promise_short(p)))
        if alert := a.limitation_alert:  # the invoices about to run out, and what they owe
            st.limitation_alerts.append((a.file.name, *alert))
        recent = {s.kind for s in a.file.signals if 0 <= (today - s.on).days <= NEW_SIGNAL_DAYS}
        recent |= {k for k in a.signals if k == "payment_pattern_change"}
        st.new_signals += [(a.file.name, k) for k in sorted(recent)]
    st.top_overdue = sorted((a for a in results if a.overdue), key=lambda a: -a.overdue)[:TOP]
    st.limitation_alerts.sort(key=lambda x: x[1])
    st.fapiao_waiting = [(a.file.name, v.item.number, v.item.open, v.fapiao_wait)
                         for a in results for v in a.invoices if v.fapiao_wait is not None]
    st.plans = [(a.file.name, p) for a in results for p in plans(a.promise_states)]
    with ctx.ledger().reader() as conn:
        st.bills = bill_summary(conn, today, ctx.config.settings.terms.bill_grace_days)
    return st
