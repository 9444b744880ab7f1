"""``dunner report kpi``: DSO, best possible DSO, ADD, CEI and more per month end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._fields import Field, Record, part, record, rows
from dunner.cli._options import CsvOpt, JsonOpt
from dunner.cli._spark import pad, sparkline
from dunner.domain.vocab import CHANNELS
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.domain.kpi import MonthKpi

RATIOS = ("dso", "bpdso", "add", "cei", "overdue_share", "keep_rate")
MONTH = (
    Field("month", header="kpi.col.month"), Field("dso", "number", "kpi.col.dso"),
    Field("bpdso", "number", "kpi.col.bpdso"), Field("add", "number", "kpi.col.add"),
    Field("cei", "number", "kpi.col.cei"), Field("overdue_share", "number", "kpi.col.overdue_share"),
    Field("collected", "money", "kpi.col.collected"), Field("keep_rate", "number", "kpi.col.keep_rate"),
    *(Field(c, "count", f"channel.{c}", group="contacts", screen=False) for c in CHANNELS),
)
KPI = record(
    "", Field("as_of", "date"), rows("months", *MONTH),
    Field("by", optional=True), rows("rows", Field("key"), rows("months", *MONTH), optional=True),
    rows("lines", Field("key", header="col.owner_key"), *MONTH, optional=True),  # --by owner's CSV
)


def register(app: typer.Typer) -> None:
    app.command("kpi")(kpi)


@_output.guarded
def kpi(
    ctx: typer.Context,
    months: Annotated[int, typer.Option("--months", help="Months back, this one included.")] = 12,
    by: Annotated[str | None, typer.Option(help="owner: also one set per owner.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write a workbook with line charts "
                                              "to this file.")] = None,
    as_csv: CsvOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Collection KPIs per month end, from the ledger's own history (the month still running
    ends today). AR: what is open at the end of a day; sales: invoices issued.

    DSO (countback): days of sales the month-end AR holds, counted back month by month — a
    month's days while the AR left covers its sales, the share of a month where it runs out.
    BPDSO (best possible DSO): current AR (not yet due) / the month's sales × its days.
    ADD (average days delinquent): DSO − BPDSO.
    CEI (collection effectiveness index): (AR at the start + sales − AR at the end) / (AR at
    the start + sales − current AR at the end) × 100; 100 collects everything collectable.
    Overdue share: overdue AR / AR (0–1). Collected: payments dated in the month.
    Keep-rate: promises due in the month kept in full, among them (0–1).
    Contacts: logged in the month, per channel.

    Example: dunner report kpi --months 6 --xlsx 指标.xlsx
    """
    from dunner.services.forecasting import kpi_report

    out = _output.output(as_json, as_csv)
    app_ctx = _output.app_context(ctx)
    total, per_owner = kpi_report(app_ctx, months, by)
    doc: dict[str, Any] = {"as_of": app_ctx.today, "months": [month_record(k) for k in total]}
    if by:
        doc["by"] = by
        doc["rows"] = [{"key": key, "months": [month_record(k) for k in ks]}
                       for key, ks in per_owner.items()]
    if xlsx is not None:
        _workbook(xlsx, doc)
        if out is _output.Output.HUMAN:
            _render.lines(t("report.written", path=xlsx))
            return
    if out is _output.Output.CSV and by:
        doc["lines"] = [{"key": r["key"], **m} for r in doc["rows"] for m in r["months"]]
    _output.emit(out, KPI, doc, table="lines" if by else "months",
                 human=lambda: _screen(doc), title=t("kpi.title", as_of=app_ctx.today))


def month_record(k: MonthKpi) -> Record:
    return {"month": f"{k.month[0]:04d}-{k.month[1]:02d}", "dso": k.dso, "bpdso": k.bpdso,
            "add": k.add, "cei": k.cei, "overdue_share": k.overdue_share,
            "collected": k.collected, "keep_rate": k.keep_rate,
            "contacts": {c: k.contacts.get(c, 0) for c in CHANNELS}}


def _screen(doc: dict[str, Any]) -> None:
    months = doc["months"]
    _output.emit(_output.Output.HUMAN, KPI, doc, table="months",
                 title=t("kpi.title", as_of=doc["as_of"]))
    lines = [t("kpi.trends")]
    for name in (*RATIOS, "collected"):
        series = [m[name] for m in months]
        last = series[-1] if series else None
        shown = "—" if last is None else _render.money(last) if name == "collected" else str(last)
        lines.append(f"  {pad(t('kpi.col.' + name), 24)} {sparkline(series)}  {shown}")
    _render.lines(*lines)
    for row in doc.get("rows", []):
        dso = [m["dso"] for m in row["months"]]
        _render.lines(f"  {pad(row['key'], 24)} DSO {sparkline(dso)}  {dso[-1] if dso else '—'}")


def _workbook(path: Path, doc: dict[str, Any]) -> None:
    from dunner.services.forecasting import Chart, Sheet, chart_workbook

    table = part(KPI, "months")
    header, cells = _output.table_cells(table, doc["months"])
    sheets = [Sheet(t("kpi.sheet"), header, cells)]
    if doc.get("by"):
        lines = part(KPI, "lines")
        flat = [{"key": r["key"], **m} for r in doc["rows"] for m in r["months"]]
        sheets.append(Sheet(t("col.owner"), *_output.table_cells(lines, flat)))
    # columns: 1 month, 2 DSO, 3 BPDSO, 4 ADD, 5 CEI
    chart_workbook(path, sheets, [Chart(0, "line", t("kpi.chart.days"), 2, 4, y_title=t("kpi.days")),
                                  Chart(0, "line", t("kpi.chart.cei"), 5, 5, y_title="%")])
