"""``dunner report aging``: aging buckets by customer or owner, on screen, JSON, CSV or .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.domain.money import fen_str
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
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (formula-safe) to stdout.")]
    = False,
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

    report = run(_output.app_context(ctx), by, parse_user_date(as_of, "--as-of") if as_of else None)
    if as_json:
        _output.emit_json({"as_of": report.as_of, "by": by, "buckets": list(BUCKET_NAMES),
                           "rows": [{"key": r.key, "total": fen_str(r.total),
                                     "by_bucket": {b: fen_str(v) for b, v in r.by_bucket.items()}}
                                    for r in report.rows],
                           "totals": {b: fen_str(v) for b, v in report.bucket_totals().items()},
                           "total": fen_str(report.total)})
        return
    header = [t(f"col.{by}_key"), *(t(f"bucket.{b}") for b in BUCKET_NAMES), t("word.total")]
    rows: list[list[Any]] = [[r.key, *(r.by_bucket[b] for b in BUCKET_NAMES), r.total]
                             for r in report.rows]
    totals: list[Any] = [t("word.total"), *report.bucket_totals().values(), report.total]
    if xlsx is not None:
        from dunner.services.exports import aging_xlsx

        aging_xlsx(xlsx, t("report.aging.sheet"), header, rows, totals,
                   t("report.aging.chart", as_of=report.as_of))
        _render.lines(t("report.written", path=xlsx))
    elif as_csv:
        from dunner.services.exports import money_csv

        money_csv(header, [*rows, totals])
    else:
        _render.table(header, [[row[0], *(_render.money(v) for v in row[1:])]
                               for row in [*rows, totals]],
                      title=t("report.aging.title", as_of=report.as_of),
                      right=tuple(range(1, len(header))))

