"""Late-payment interest per invoice: the rate tables, a customer's rate and the accruals."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources

from dunner.domain.dates import add_months
from dunner.domain.interest import (
    Accrual,
    Applied,
    Rate,
    RatePoint,
    RateTables,
    accrue,
    default_rate,
    parse_rate,
)
from dunner.domain.receivables import Position
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, position_of, resolve
from dunner.services.portfolio import money_facts
from dunner.settings import InterestSettings


@cache
def shipped_tables() -> RateTables:
    """The LPR and benchmark rates shipped with dunner (``dunner/data/lpr.toml``)."""
    text = resources.files("dunner").joinpath("data", "lpr.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)

    def points(name: str) -> tuple[RatePoint, ...]:
        return tuple(sorted((RatePoint(p["date"], Decimal(p["rate"]), p.get("source", ""))
                             for p in data[name]), key=lambda p: p.since))

    return RateTables(points("lpr"), points("benchmark"), data["known_until"])


def rate_tables(settings: InterestSettings) -> RateTables:
    """The shipped tables with the configured ``[interest] lpr`` values on top (a configured
    value replaces a shipped one of the same date)."""
    base = shipped_tables()
    if not settings.lpr:
        return base
    extra = {on: RatePoint(on, rate, "config.toml") for on, rate in settings.lpr}
    merged = {p.since: p for p in base.lpr} | extra
    return RateTables(tuple(merged[d] for d in sorted(merged)), base.benchmark,
                      max(base.known_until, *extra))


@dataclass(frozen=True)
class InterestReport:
    customer: CustomerRef
    as_of: date
    accruals: list[Accrual]
    contract: Rate | None  # the customer's contract rate, if any
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(a.amount for a in self.accruals)


def interest_for(ctx: AppContext, customer: str, as_of: date | None = None) -> InterestReport:
    """Late-payment interest of each open, overdue invoice of ``customer`` (a name as typed)
    as of ``as_of`` (default today): the customer's contract rate, else the LPR basis."""
    day = as_of or ctx.today
    settings = ctx.config.settings.interest
    with ctx.ledger().reader() as conn:
        ref = resolve(conn, customer)
        row = repo.customer_rows(conn, ref.id)[0]
        payments = money_facts(conn, ref.id)[1][ref.id]
        pos = position_of(conn, ctx.config, ref.id, day)
    contract = parse_rate(row["late_rate"]) if row.get("late_rate") else None
    paid_on = {p.key: p.on for p in payments}
    tables = rate_tables(settings)
    accruals = accruals_of(pos, paid_on, contract, tables, settings, day)
    return InterestReport(ref, day, accruals, contract, _warnings(accruals, tables))


def accruals_of(pos: Position, paid_on: dict[int, date | None], contract: Rate | None,
                tables: RateTables, settings: InterestSettings, as_of: date) -> list[Accrual]:
    """Each invoice open and overdue on ``as_of``: its days in default and interest."""
    out = []
    for item in pos.items:
        if item.due_pending or item.due >= as_of:
            continue
        reductions = [(paid_on.get(a.payment), a.amount) for a in pos.allocations
                      if a.invoice == item.key]
        start = item.due + timedelta(days=1)
        applied = (Applied(contract, "contract") if contract is not None
                   else default_rate(tables, start, settings.lpr_multiplier))
        days, open_fen, fen = accrue(item.amount, item.due, reductions, as_of,
                                     applied.rate.daily(settings.day_basis))
        if open_fen > 0:
            out.append(Accrual(item.number, open_fen, start, days, applied, fen))
    return out


def _warnings(accruals: list[Accrual], tables: RateTables) -> list[str]:
    stale = add_months(tables.known_until, 1, tables.known_until.day)
    late = [a.start for a in accruals if a.applied.basis == "lpr" and a.start > stale]
    if not late:
        return []
    return [t("interest.lpr_stale", last=tables.known_until, date=max(late))]
