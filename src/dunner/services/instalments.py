"""Instalment plans: record one (a series of promises sharing a plan label), cancel it, and
each plan's state (on track or behind)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dunner.domain.instalments import PlanStatus, due_dates, plans, split
from dunner.domain.money import fen_str
from dunner.errors import UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, position_of, resolve
from dunner.services.portfolio import assess_all


@dataclass(frozen=True)
class Instalments:
    customer: CustomerRef
    label: str
    schedule: list[tuple[date, int]]  # (due, fen)


def record_instalments(ctx: AppContext, customer: str, count: int, every: str, first: date,
                       total: int | None = None) -> Instalments:
    """``count`` instalments every ``every`` (month or week) from ``first``: ``total`` (default:
    the open balance) split evenly, the remainder on the last; each one a promise."""
    if first < ctx.today:
        raise UsageError("instalments_past", t("instalments.first_past", date=first),
                         t("instalments.first_past.hint"))
    with ctx.ledger(create=True).writer() as conn:
        ref = resolve(conn, customer)
        amount = total if total is not None else position_of(conn, ctx.config, ref.id).open
        if amount <= 0:
            raise UsageError("instalments_nothing", t("instalments.nothing_open", customer=ref.name),
                             t("instalments.nothing_open.hint"))
        try:
            parts = split(amount, count)
        except ValueError:
            raise UsageError("instalments_small", t("instalments.too_small", total=fen_str(amount),
                                                    count=count),
                             t("instalments.too_small.hint")) from None
        label = f"{ctx.today.isoformat()}×{count}"
        days = due_dates(first, count, every)
        for k, (due, fen) in enumerate(zip(days, parts, strict=True), start=1):
            repo.insert_one(conn, "promise", {"customer_id": ref.id, "made_on": ctx.today,
                                                 "due_on": due, "amount": fen, "plan": label,
                                                 "note": f"{k}/{count}"})
    return Instalments(ref, label, list(zip(days, parts, strict=True)))


def cancel_instalments(ctx: AppContext, customer: str) -> tuple[CustomerRef, int]:
    """Cancel the customer's open plans: their instalments not yet due are undone (kept in the
    history); chasing resumes in full. Returns the customer and how many were open."""
    with ctx.ledger().writer() as conn:
        ref = resolve(conn, customer)
        count = repo.undo_open_instalments(conn, ref.id, ctx.today, "instalment plan cancelled")
    if not count:
        raise UsageError("instalments_none", t("instalments.none", customer=ref.name),
                         t("instalments.none.hint"))
    return ref, int(count)


def plan_states(ctx: AppContext, customer_id: int | None = None) -> dict[int, list[PlanStatus]]:
    """Each customer's instalment plans (on track or behind), by customer id."""
    assessments, _ = assess_all(ctx, scope=customer_id)
    return {a.file.id: found for a in assessments if (found := plans(a.promise_states))}
