"""``dunner fapiao``: record a receivable's tax invoice (发票) — issued, received or none."""

from __future__ import annotations

from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import CustomerArg, JsonOpt
from dunner.i18n import t

Day = Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD).")]


def register(app: typer.Typer) -> None:
    app.command("fapiao")(fapiao)


@_output.guarded
def fapiao(ctx: typer.Context, customer: CustomerArg,
           invoice: Annotated[str, typer.Argument(help="The receivable's number (单号).")],
           issued: Annotated[str | None, typer.Option(help="The fapiao was issued on this date "
                                                      "(YYYY-MM-DD).")] = None,
           number: Annotated[str | None, typer.Option(help="With --issued: the fapiao's "
                                                      "number (发票号码).")] = None,
           received: Annotated[str | None, typer.Option(help="The customer confirmed receipt "
                                                        "on this date.")] = None,
           none: Annotated[bool, typer.Option("--none", help="No fapiao issued yet: the "
                                              "receivable waits on it.")] = False,
           as_json: JsonOpt = False) -> None:
    """Record the tax invoice (发票) of a receivable: --issued D [--number N], --received D or --none.

    Under fapiao terms (票到30天) the receivable falls due N days after the fapiao's date; a
    receivable whose fapiao is not issued is not chased for money.

    Example: dunner fapiao 恒通 XS-2026-0101 --issued 2026-11-05 --number 04412345
    """
    from dunner.cli import _parse
    from dunner.services.fapiao import record_fapiao

    done = record_fapiao(_output.app_context(ctx), customer, invoice,
                         issued=_parse.optional_day(issued, "--issued"), number=number,
                         received=_parse.optional_day(received, "--received"), none=none)
    f = done.fapiao
    if as_json:
        _output.emit_json({"customer": done.customer.name, "invoice": invoice, "state": f.state,
                           "number": f.number or None, "issued": f.issued_on,
                           "received": f.received_on})
        return
    _render.lines(t(f"fapiao.done.{f.state}", customer=done.customer.name, invoice=invoice,
                    number=f.number or "—", issued=_render.day(f.issued_on),
                    received=_render.day(f.received_on)))
