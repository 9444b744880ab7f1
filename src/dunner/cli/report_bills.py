"""``dunner report bills``: acceptance bills by maturity, on screen, JSON, CSV or .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._fields import Field, rows
from dunner.cli._options import CsvOpt, JsonOpt
from dunner.i18n import t

BILLS = rows(
    "", Field("bill_no", header="col.bill_no"), Field("customer", header="col.customer"),
    Field("kind", header="col.bill_kind", word="bill_kind"),
    Field("acceptor", header="col.acceptor"), Field("amount", "money", "col.amount"),
    Field("received", "date", "col.bill_received", screen=False),
    Field("matures", "date", "col.matures"),
    Field("days_to_maturity", "count", "col.days_to_maturity"),
    Field("state", header="col.bill_state", word="bill_state"),
    Field("endorsed_to", header="col.endorsed_to", screen=False),
)


def register(app: typer.Typer) -> None:
    app.command("bills")(bills)


@_output.guarded
def bills(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="State as of this date "
                                              "(YYYY-MM-DD); default today.")] = None,
    customer: Annotated[str | None, typer.Option(help="Only this customer's bills.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write the list to this "
                                              "workbook.")] = None,
    as_csv: CsvOpt = False, as_json: JsonOpt = False,
) -> None:
    """Acceptance bills (承兑汇票) by maturity: held, endorsed, honoured or dishonoured.

    A bill is outstanding (held) until its maturity plus [terms] bill_grace_days; with no
    dishonour recorded by then it counts as honoured.

    Example: dunner report bills --xlsx 票据.xlsx
    """
    from dunner.cli import _parse
    from dunner.services.bills import bill_report, bills_xlsx, by_kind

    out = _output.output(as_json, as_csv)
    lines = bill_report(_output.app_context(ctx), _parse.optional_day(as_of, "--as-of"), customer)
    records = [{"bill_no": x.bill.number, "customer": x.bill.customer, "kind": x.bill.kind,
                "acceptor": x.bill.acceptor, "amount": x.bill.amount,
                "received": x.bill.received_on, "matures": x.bill.matures,
                "days_to_maturity": x.days_to_maturity, "state": x.state,
                "endorsed_to": x.bill.endorsed_to} for x in lines]
    if xlsx is not None:
        header, cells = _output.table_cells(BILLS, records)
        bills_xlsx(xlsx, t("report.bills.sheet"), header, cells)
        if out is _output.Output.HUMAN:
            _render.lines(t("report.written", path=xlsx))
            return
    if out is _output.Output.HUMAN and not records:
        _render.lines(t("report.bills.none"))
        return
    held = by_kind(lines)
    _output.emit(out, BILLS, records, title=t("report.bills.title", bank=_render.money(held["bank"]),
                                              commercial=_render.money(held["commercial"])))
