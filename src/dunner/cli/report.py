"""``dunner report aging``: aging buckets by customer or owner, on screen, JSON, CSV or .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dunner.cli import _approx, _output, _render
from dunner.cli._fields import Field, Record, part, record, rows
from dunner.cli._options import CsvOpt, JsonOpt
from dunner.i18n import t

app = typer.Typer(help="Reports over the ledger.\n\nExample: dunner report aging --by owner",
                  no_args_is_help=True)


@app.command("aging")
@_output.guarded
def aging(
    ctx: typer.Context,
    by: Annotated[str, typer.Option(help="customer or owner.")] = "customer",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Age as of this date "
                                              "(YYYY-MM-DD); default today.")] = None,
    as_csv: CsvOpt = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write a workbook with a bar "
                                              "chart to this file.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Aging buckets (账龄): not due, 1–30, 31–60, 61–90, 91–180, 181–365, 1–2 y, > 2 y.

    Example: dunner report aging --by owner --xlsx 账龄.xlsx
    """
    from dunner.domain.aging import BUCKET_NAMES
    from dunner.services.context import parse_user_date
    from dunner.services.reports import aging as run

    out = _output.output(as_json, as_csv)
    report = run(_output.app_context(ctx), by, parse_user_date(as_of, "--as-of") if as_of else None)
    shape = aging_shape(by, BUCKET_NAMES)
    totals = report.bucket_totals()
    records = [{"key": r.key, "by_bucket": r.by_bucket, "total": r.total, "credit": r.credit,
                **_approx.flag(bool(r.approximate))} for r in report.rows]
    doc = {"as_of": report.as_of, "by": by, "buckets": BUCKET_NAMES, "rows": records,
           "totals": totals, "total": report.total, "credit": report.credit}
    footer: Record = {"key": t("word.total"), "by_bucket": totals, "total": report.total,
                      "credit": report.credit}
    if xlsx is not None:
        from dunner.services.exports import aging_xlsx

        header, cells = _output.table_cells(part(shape, "rows"), [*records, footer])
        aging_xlsx(xlsx, t("report.aging.sheet"), header, cells[:-1], cells[-1],
                   t("report.aging.chart", as_of=report.as_of),
                   (t("report.aging.as_of"), report.as_of), len(BUCKET_NAMES), by == "owner")
        if out is _output.Output.HUMAN:
            _render.lines(t("report.written", path=xlsx))
            return
    marks = [r.approximate for r in report.rows]
    marks.append(frozenset().union(*marks))
    _output.emit(out, shape, doc, table="rows", footer=footer,
                 title=t("report.aging.title", as_of=report.as_of),
                 human=lambda: _screen(part(shape, "rows"), [*records, footer], marks,
                                       t("report.aging.title", as_of=report.as_of)))


def _screen(table: Field, records: list[Record], marks: list[frozenset[str]], title: str) -> None:
    """The aging table on screen, each amount holding an export's estimate marked ``~``."""
    from dunner.cli._fields import NUMERIC, columns, screen_cell

    cols = [f for f in columns(table) if f.screen]
    cells = [[(_approx.MARK if f.kind == "money" and rough and (f.name in rough or f.name == "total")
               else "") + screen_cell(rec, f) for f in cols]
             for rec, rough in zip(records, marks, strict=True)]
    _render.table([t(f.header) for f in cols], cells, title=title,
                  right=[i for i, f in enumerate(cols) if f.kind in NUMERIC])
    _approx.legend(bool(marks[-1]))


def aging_shape(by: str, buckets: tuple[str, ...]) -> Field:
    """``report aging``: one row per customer or owner, a money column per bucket, the total,
    then the credit held (paid ahead, not aged; in JSON ``{"key", "by_bucket": {bucket:
    amount}, "total", "credit"}``). A customer holding only credit has a row too."""
    return record(
        "", Field("as_of", "date"), Field("by"), Field("buckets", many=True),
        rows("rows", Field("key", header=f"col.{by}_key"),
             *(Field(b, "money", f"bucket.{b}", group="by_bucket") for b in buckets),
             Field("total", "money", "word.total"), Field("credit", "money", "col.credit"),
             Field("approximate", "flag", optional=True)),  # only when a bucket holds an estimate
        Field("totals", "money", keyed=True), Field("total", "money"), Field("credit", "money"))



def _register_more() -> None:
    """Reports that live in modules of their own."""
    from dunner.cli import report_bills, report_forecast, report_kpi

    report_bills.register(app)
    report_forecast.register(app)
    report_kpi.register(app)


_register_more()
