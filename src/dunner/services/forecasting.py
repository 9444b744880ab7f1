"""Forecast and KPI use cases: the ledger's facts loaded once, then the pure rules over them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dunner.adapters.charts import Chart as Chart
from dunner.adapters.charts import Sheet as Sheet
from dunner.adapters.charts import write_chart_workbook
from dunner.domain.assessment import Assessment, CustomerFile, Policy
from dunner.domain.backtest import Backtest, backtest, cutoffs
from dunner.domain.boss import MONTHS, TOP, BossView, month_view
from dunner.domain.dates import add_months
from dunner.domain.forecast import (
    MIN_HISTORY,
    Prediction,
    forecast,
    lateness_history,
    portfolio_lateness,
    predict,
)
from dunner.domain.kpi import MonthKpi, by_owner, kpis, kpis_with_total
from dunner.domain.weeks import Week, grouped, monday, weekly
from dunner.errors import UsageError
from dunner.i18n import t
from dunner.services.context import AppContext
from dunner.services.gc_pause import no_cycles
from dunner.services.portfolio import load_files, policy_from

BY = ("owner", "customer")
STEP = re.compile(r"^([1-9][0-9]{0,2})([dwm])$")
DEFAULT_BACKTEST_MONTHS = 6
MAX_WEEKS = 104
MAX_MONTHS = 120


def load(ctx: AppContext) -> tuple[list[CustomerFile], Policy]:
    """Every customer's facts, read once, and the grading policy."""
    with no_cycles(), ctx.ledger().reader() as conn:
        return load_files(conn, ctx.config), policy_from(ctx.config)


@dataclass(frozen=True)
class ForecastReport:
    as_of: date
    weeks: list[Week]
    by: str | None
    rows: list[tuple[str, list[Week]]]
    predictions: list[Prediction]

    @property
    def total_expected(self) -> int:
        return sum(w.expected for w in self.weeks)

    @property
    def undated(self) -> int:
        """Open amounts given no date (bad and dead invoices)."""
        return sum(p.open for p in self.predictions if p.pay_date is None)


def check_by(by: str | None) -> None:
    if by is not None and by not in BY:
        raise UsageError("bad_by", t("choice.bad", what="--by", value=by),
                         t("choices.hint", choices=", ".join(BY)))


def check_count(value: int, what: str, most: int) -> None:
    if not 1 <= value <= most:
        raise UsageError("bad_count", t("forecast.count.bad", what=what, value=value, most=most),
                         t("forecast.count.hint", what=what, most=most))


def forecast_report(ctx: AppContext, weeks: int = 12, by: str | None = None) -> ForecastReport:
    """Expected collections per week from the Monday of this week, in total and per row."""
    check_count(weeks, "--weeks", MAX_WEEKS)
    check_by(by)
    files, policy = load(ctx)
    with no_cycles():
        predictions = forecast(files, policy, ctx.today)
    start = monday(ctx.today)
    rows = grouped(predictions, (lambda p: p.owner or "—") if by == "owner" else
                   (lambda p: p.customer), start, weeks) if by else []
    return ForecastReport(ctx.today, weekly(predictions, start, weeks), by, rows, predictions)


def parse_step(text: str) -> tuple[int, int]:
    """``14d``, ``2w`` or ``1m`` as (days, months)."""
    found = STEP.match(text.strip().lower())
    if not found:
        raise UsageError("bad_step", t("forecast.step.bad", value=text), t("forecast.step.hint"))
    n, unit = int(found.group(1)), found.group(2)
    return (n * 7 if unit == "w" else n if unit == "d" else 0), (n if unit == "m" else 0)


def run_backtest(ctx: AppContext, start: date | None = None, step: str = "1m",
                 weeks: int = 12) -> Backtest:
    """The forecast replayed as of past days (from ``start``, default six months back, every
    ``step``) and scored against what was paid, beside the naive due-date forecast."""
    check_count(weeks, "--weeks", MAX_WEEKS)
    days, months = parse_step(step)
    first = start or add_months(ctx.today, -DEFAULT_BACKTEST_MONTHS)
    days_back = cutoffs(first, ctx.today, days, months)
    if not days_back:
        raise UsageError("bad_from", t("forecast.from.late", value=first),
                         t("forecast.from.hint", last=ctx.today - timedelta(days=7)))
    files, policy = load(ctx)
    with no_cycles():
        return backtest(files, policy, days_back, ctx.today, weeks)


def kpi_report(ctx: AppContext, months: int = 12,
               by: str | None = None) -> tuple[list[MonthKpi], dict[str, list[MonthKpi]]]:
    """Per month end, the collection KPIs of the whole ledger and (``by="owner"``) per owner."""
    check_count(months, "--months", MAX_MONTHS)
    if by is not None and by != "owner":
        raise UsageError("bad_by", t("choice.bad", what="--by", value=by),
                         t("choices.hint", choices="owner"))
    files, policy = load(ctx)
    with no_cycles():
        if by:
            return kpis_with_total(files, policy, ctx.today, months, by_owner)
        return kpis(files, policy, ctx.today, months)[""], {}


def predictions(ctx: AppContext, assessments: Sequence[Assessment],
                whole: bool = False) -> dict[int, Prediction]:
    """Predictions of the assessed customers' open invoices, by invoice key. ``whole``: the
    assessments are the whole ledger, whose paid invoices give the portfolio's medians;
    otherwise the medians come from the ledger read for them."""
    policy = policy_from(ctx.config)
    portfolio = None
    short = any(len(a.history) < MIN_HISTORY for a in assessments) if not whole else False
    if short:  # someone's own record is too short: the portfolio's medians are needed
        files, _ = load(ctx)
        portfolio = portfolio_lateness([lateness_history(f, policy.batch_fallback_days)
                                        for f in files], policy.thresholds)
    with no_cycles():
        return {p.key: p for p in predict(assessments, policy, ctx.today, portfolio)}


def customer_predictions(ctx: AppContext, customer_id: int) -> dict[str, Prediction]:
    """One customer's open invoices' predictions, by invoice number."""
    from dunner.services.portfolio import assess_all

    assessed, _ = assess_all(ctx, scope=customer_id)
    return {p.number: p for p in predictions(ctx, assessed).values()}


def boss_view(ctx: AppContext, months: int = MONTHS, top: int = TOP, day: date | None = None,
              files: Sequence[CustomerFile] | None = None) -> BossView:
    """The month's collections against its forecast, the DSO trend and the largest risks, as of
    ``day`` (default today); ``files`` (the whole ledger) when the caller has read them already."""
    if files is None:
        files, policy = load(ctx)
    else:
        policy = policy_from(ctx.config)
    with no_cycles():
        return month_view(files, policy, day or ctx.today, months, top)


def chart_workbook(path: Path, sheets: Sequence[Sheet], charts: Sequence[Chart]) -> None:
    """A report workbook: tables of values and charts drawn from their columns (0600)."""
    write_chart_workbook(path, sheets, charts)
