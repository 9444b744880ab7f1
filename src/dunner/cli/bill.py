"""``dunner bill``: what became of an acceptance bill — dishonoured (拒付) or endorsed (背书)."""

from __future__ import annotations

from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import DateOpt, JsonOpt, NoteOpt
from dunner.domain.money import fen_str
from dunner.i18n import t

app = typer.Typer(help="Acceptance bills (承兑汇票) received as payment.\n\n"
                  "Example: dunner bill dishonoured 130158100001 --date 2026-11-20",
                  no_args_is_help=True)
BillArg = Annotated[str, typer.Argument(metavar="BILLNO", help="The bill's number (票据号).")]


@app.command("dishonoured")
@_output.guarded
def dishonoured(ctx: typer.Context, number: BillArg, date: DateOpt = None, note: NoteOpt = "",
                as_json: JsonOpt = False) -> None:
    """Record that a bill was dishonoured (拒付): the invoices it paid are open again.

    They are overdue from their own due dates, and a bill_dishonoured warning signal is
    recorded, which moves the customer's overdue invoices one class up.

    Example: dunner bill dishonoured 130158100001 --date 2026-11-20
    """
    from dunner.cli import _parse
    from dunner.services.bills import dishonour

    done = dishonour(_output.app_context(ctx), number, _parse.optional_day(date, "--date"), note)
    day = done.bill.state_on or _output.app_context(ctx).today
    if as_json:
        _output.emit_json({"bill_no": number, "customer": done.bill.customer,
                           "amount": fen_str(done.bill.amount), "dishonoured_on": day,
                           "reopened": [{"invoice": n, "amount": fen_str(a)}
                                        for n, a in done.reopened],
                           "open": fen_str(done.open), "signal_id": done.signal_id})
        return
    _render.lines(t("bill.dishonoured", number=number, customer=done.bill.customer,
                    amount=_render.money(done.bill.amount)))
    for invoice, amount in done.reopened:
        _render.lines(t("bill.reopened", invoice=invoice, amount=_render.money(amount)))
    _render.lines(t("pay.open", amount=_render.money(done.open)))


@app.command("endorse")
@_output.guarded
def endorse(ctx: typer.Context, number: BillArg,
            to: Annotated[str, typer.Option("--to", help="Whom the bill was passed on to.")],
            date: DateOpt = None) -> None:
    """Record that a bill was endorsed (背书转让) to someone else: no longer held.

    Example: dunner bill endorse 130158100001 --to 宁波钢材供应商
    """
    from dunner.cli import _parse
    from dunner.services.bills import endorse as run

    bill = run(_output.app_context(ctx), number, to, _parse.optional_day(date, "--date"))
    _render.lines(t("bill.endorsed", number=number, to=bill.endorsed_to,
                    amount=_render.money(bill.amount)))
