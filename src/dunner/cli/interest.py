"""``dunner interest``: late-payment interest (逾期付款损失) per invoice of one customer."""

from __future__ import annotations

from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._fields import Field, record, rows
from dunner.cli._options import CustomerArg, JsonOpt
from dunner.i18n import t

INTEREST = record(
    "", Field("customer"), Field("as_of", "date"),
    rows("invoices", Field("number", header="col.invoice"), Field("open", "money", "col.open"),
         Field("from", "date", "col.interest_from"), Field("days", "count", "col.interest_days"),
         Field("rate", header="col.rate"), Field("basis", header="col.basis", word="basis"),
         Field("amount", "money", "col.interest")),
    Field("total", "money"), Field("warnings", many=True),
)


def register(app: typer.Typer) -> None:
    app.command("interest")(interest)


@_output.guarded
def interest(ctx: typer.Context, customer: CustomerArg,
             as_of: Annotated[str | None, typer.Option("--as-of", help="Count up to this date "
                                                       "(YYYY-MM-DD); default today.")] = None,
             as_json: JsonOpt = False) -> None:
    """Late-payment interest of each overdue invoice: the customer's contract rate
    (customer edit --late-rate), else the one-year LPR at default × [interest] lpr_multiplier.

    Day by day on the open amount from the day after the due date; a payment lowers it from
    its date on. Never folded into the balance.

    Example: dunner interest 恒通 --as-of 2026-11-30
    """
    from dunner.cli import _parse
    from dunner.services.interest import interest_for

    out = _output.output(as_json)
    rep = interest_for(_output.app_context(ctx), customer, _parse.optional_day(as_of, "--as-of"))
    doc = {"customer": rep.customer.name, "as_of": rep.as_of, "total": rep.total,
           "warnings": rep.warnings,
           "invoices": [{"number": a.number, "open": a.open, "from": a.start, "days": a.days,
                         "rate": str(a.applied.rate), "basis": a.applied.basis,
                         "amount": a.amount} for a in rep.accruals]}
    if out is _output.Output.JSON:
        _output.emit(out, INTEREST, doc)
        return
    for warning in rep.warnings:
        _render.warn(warning)
    if not rep.accruals:
        _render.lines(t("interest.none", customer=rep.customer.name, as_of=rep.as_of))
        return
    _output.emit(out, INTEREST, doc, table="invoices",
                 footer={"number": t("word.total"), "amount": rep.total},
                 title=t("interest.title", customer=rep.customer.name, as_of=rep.as_of))
