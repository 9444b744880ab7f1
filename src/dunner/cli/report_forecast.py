"""``dunner report forecast``: expected collections per week, best and worst case, and a
backtest of the forecast's own accuracy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._fields import Field, Record, part, record, rows
from dunner.cli._options import CsvOpt, JsonOpt
from dunner.cli._spark import bar, sparkline
from dunner.errors import UsageError
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.domain.backtest import Backtest
    from dunner.domain.forecast import Prediction, Reason
    from dunner.domain.weeks import Week
    from dunner.services.forecasting import ForecastReport

WEEK = (Field("start", "date", "forecast.col.week"), Field("expected", "money", "forecast.col.expected"),
        Field("best", "money", "forecast.col.best"), Field("worst", "money", "forecast.col.worst"))
FORECAST = record(
    "", Field("as_of", "date"), Field("by"), rows("weeks", *WEEK), Field("total_expected", "money"),
    Field("undated", "money"),
    rows("rows", Field("key"), rows("weeks", *WEEK), Field("total_expected", "money"), optional=True),
    rows("invoices", Field("customer"), Field("owner"), Field("number"), Field("due", "date"),
         Field("open", "money"), Field("class"), Field("predicted_pay_date", "date"),
         Field("probability", "number"), Field("expected", "money"),
         Field("reasons", many=True), optional=True),
    # the CSV's table: one line per week (and per customer or owner with --by), not in the JSON
    rows("lines", Field("key", header="forecast.col.key"), *WEEK, optional=True),
)
_ACCURACY = (Field("mae_days", "number", "forecast.col.mae"),
             Field("weekly_error_pct", "number", "forecast.col.weekly_error"),
             Field("invoices", "count", "forecast.col.compared"),
             Field("weeks", "count", "forecast.col.weeks"))
BACKTEST = record(
    "", Field("from", "date"), Field("to", "date"), Field("cutoffs", "date", many=True),
    record("model", *_ACCURACY), record("baseline", *_ACCURACY),
    rows("lines", Field("forecast", header="forecast.col.forecast"), *_ACCURACY, optional=True),
)

WeeksOpt = Annotated[int, typer.Option("--weeks", help="Weeks ahead (from this week's Monday); "
                                       "with --backtest, the weeks scored after each replay.")]


def register(app: typer.Typer) -> None:
    app.command("forecast")(forecast)


@_output.guarded
def forecast(
    ctx: typer.Context,
    weeks: WeeksOpt = 12,
    by: Annotated[str | None, typer.Option(help="Also per owner or customer.")] = None,
    backtest: Annotated[bool, typer.Option("--backtest", help="Replay the ledger as of past days "
                                           "and compare the forecast with what was paid.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="First replayed day (YYYY-MM-DD); "
                                              "default six months ago.")] = None,
    step: Annotated[str, typer.Option(help="Days between replays: 14d, 2w, 1m.")] = "1m",
    explain: Annotated[bool, typer.Option("--explain", help="List each invoice's predicted "
                                          "date, probability and reasons.")] = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write a workbook with a bar chart "
                                              "to this file.")] = None,
    as_csv: CsvOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Expected collections per week: Σ open × probability of the invoices predicted in it,
    with a best and worst case (the 90 % range); bad and dead invoices get no date.

    An invoice's pay date is its due date plus the customer's typical lateness (the weighted
    median days late of its last 12 paid invoices; under 3, the portfolio's median for the
    invoice's class), moved to the customer's next pay day and working day; an open promise of
    a customer keeping at least half its promises sets the date. --backtest replays the ledger
    as of past days (nothing dated later is seen) and reports the mean absolute error of the
    pay dates in days and the weekly totals' error in percent, beside the naive forecast (each
    invoice paid in full on its due date).

    Example: dunner report forecast --weeks 8 --by owner --xlsx 回款预测.xlsx
    """
    out = _output.output(as_json, as_csv)
    app_ctx = _output.app_context(ctx)
    if backtest:
        if xlsx is not None:
            raise UsageError("backtest_xlsx", t("forecast.backtest.xlsx"),
                             t("forecast.backtest.xlsx.hint"))
        from dunner.cli._parse import optional_day
        from dunner.services.forecasting import run_backtest

        result = run_backtest(app_ctx, optional_day(start, "--from"), step, weeks)
        _backtest_out(out, result)
        return
    if start is not None:
        raise UsageError("from_alone", t("forecast.from.alone"), t("forecast.from.alone.hint"))
    from dunner.services.forecasting import forecast_report

    report = forecast_report(app_ctx, weeks, by)
    doc = _document(report, explain)
    if xlsx is not None:
        _workbook(xlsx, report)
        if out is _output.Output.HUMAN:
            _render.lines(t("report.written", path=xlsx))
            return
    if out is _output.Output.CSV and report.by:  # a line per week and customer or owner
        doc["lines"] = _lines(report)
    _output.emit(out, FORECAST, doc, table="lines" if report.by else "weeks",
                 human=lambda: _screen(report, explain))


def _weeks(weeks: list[Week]) -> list[Record]:
    return [{"start": w.start, "expected": w.expected, "best": w.best, "worst": w.worst}
            for w in weeks]


def _document(report: ForecastReport, explain: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {"as_of": report.as_of, "by": report.by, "weeks": _weeks(report.weeks),
                           "total_expected": report.total_expected, "undated": report.undated}
    if report.by:
        doc["rows"] = [{"key": k, "weeks": _weeks(w), "total_expected": sum(x.expected for x in w)}
                       for k, w in report.rows]
    if explain:
        doc["invoices"] = [prediction_record(p) for p in _ordered(report.predictions)]
    return doc


def _ordered(predictions: list[Prediction]) -> list[Prediction]:
    from datetime import date

    return sorted(predictions, key=lambda p: (p.pay_date or date.max, p.customer, p.number))


def prediction_record(p: Prediction) -> Record:
    return {"customer": p.customer, "owner": p.owner, "number": p.number, "due": p.due,
            "open": p.open, "class": p.cls, "predicted_pay_date": p.pay_date,
            "probability": p.probability, "expected": p.expected,
            "reasons": [reason_text(r) for r in p.reasons]}


def reason_text(r: Reason) -> str:
    """A prediction's reason in the run's language."""
    values = {k: _render.word("class", v) if k == "cls" else
              "、".join(_render.word("signal", x) for x in v) if k == "kinds" else v
              for k, v in r.values.items()}
    return t(f"forecast.reason.{r.code}", **values)


def _lines(report: ForecastReport) -> list[Record]:
    return [{"key": k, **w} for k, weeks in report.rows for w in _weeks(weeks)]


def _screen(report: ForecastReport, explain: bool) -> None:
    largest = max((w.best for w in report.weeks), default=0)
    _render.table([t("forecast.col.week"), t("forecast.col.expected"), t("forecast.col.best"),
                   t("forecast.col.worst"), ""],
                  [(w.start, _render.money(w.expected), _render.money(w.best),
                    _render.money(w.worst), bar(w.expected, largest)) for w in report.weeks],
                  title=t("forecast.title", as_of=report.as_of, weeks=len(report.weeks)),
                  right=(1, 2, 3))
    _render.lines(t("forecast.total", expected=_render.money(report.total_expected)))
    if report.undated:
        _render.lines(t("forecast.undated", amount=_render.money(report.undated)))
    if report.by:
        _render.table([t(f"col.{report.by}"), t("forecast.col.expected"), t("forecast.col.best"),
                       t("forecast.col.worst"), t("forecast.col.trend")],
                      [(k, _render.money(sum(x.expected for x in w)),
                        _render.money(sum(x.best for x in w)), _render.money(sum(x.worst for x in w)),
                        sparkline([x.expected for x in w])) for k, w in report.rows], right=(1, 2, 3))
    if explain:
        _render.table([t("col.customer"), t("col.invoice"), t("col.open"),
                       t("forecast.col.predicted"), t("forecast.col.probability"), t("col.reason")],
                      [(p.customer, p.number, _render.money(p.open), _render.day(p.pay_date) or "—",
                        f"{p.probability:.0%}", "; ".join(reason_text(r) for r in p.reasons))
                       for p in _ordered(report.predictions)], right=(2, 4))


def _workbook(path: Path, report: ForecastReport) -> None:
    from dunner.services.forecasting import Chart, Sheet, chart_workbook

    header, _ = _output.table_cells(part(FORECAST, "weeks"), [])
    cells = [[w.start, _yuan(w.expected), _yuan(w.best), _yuan(w.worst)] for w in report.weeks]
    sheets = [Sheet(t("forecast.sheet"), header, cells)]
    if report.by:
        starts = [w.start for w in report.weeks]
        sheets.append(Sheet(t(f"col.{report.by}"), [t(f"col.{report.by}"), *map(str, starts),
                                                    t("word.total")],
                            [[k, *(_yuan(x.expected) for x in w), _yuan(sum(x.expected for x in w))]
                             for k, w in report.rows]))
    chart_workbook(path, sheets, [Chart(0, "bar", t("forecast.chart", as_of=report.as_of), 2, 4)])


def _yuan(fen: int) -> object:
    from dunner.domain.money import fen_to_decimal

    return fen_to_decimal(fen)


def _backtest_out(out: _output.Output, result: Backtest) -> None:
    def accuracy(a: Any) -> Record:
        return {"mae_days": a.mae_days, "weekly_error_pct": a.weekly_error_pct,
                "invoices": a.invoices, "weeks": a.weeks}

    doc: dict[str, Any] = {"from": result.start, "to": result.end, "cutoffs": list(result.cutoffs),
                           "model": accuracy(result.model), "baseline": accuracy(result.baseline)}
    lines = [{"forecast": t("forecast.model"), **accuracy(result.model)},
             {"forecast": t("forecast.baseline"), **accuracy(result.baseline)}]
    if out is _output.Output.JSON:
        _output.emit(out, BACKTEST, doc)
        return
    _output.emit(out, BACKTEST, {**doc, "lines": lines}, table="lines",
                 title=t("forecast.backtest.title", start=result.start, end=result.end,
                         count=len(result.cutoffs)))
