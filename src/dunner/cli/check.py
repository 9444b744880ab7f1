"""``dunner check``: the credit gate before a delivery — exit 0 allow, exit 3 hold."""

from __future__ import annotations

from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import CustomerArg, JsonOpt
from dunner.domain.money import fen_str
from dunner.i18n import t

HOLD_EXIT = 3


def register(app: typer.Typer) -> None:
    app.command("check")(check)


@_output.guarded
def check(
    ctx: typer.Context,
    customer: CustomerArg,
    amount: Annotated[str | None, typer.Option("--amount", help="The new delivery's amount in "
                                               "yuan, counted against the credit limit.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """May a new delivery go to this customer? Every reason to hold it is listed with its
    figures; exit 0 allow, exit 3 hold.

    Example: dunner check 恒通 --amount 8000
    """
    from dunner.cli import _parse
    from dunner.services.document_text import reason_message
    from dunner.services.documents import gate

    fen = 0 if amount is None else _parse.amount(amount, allow_zero=True)
    result = gate(_output.app_context(ctx), customer, fen)
    reasons = [(r, reason_message(r)) for r in result.decision.reasons]
    decision = "allow" if result.decision.allow else "hold"
    if as_json:
        _output.emit_json({
            "customer": result.party.name, "decision": decision,
            "reasons": [{"code": str(r.rule), "message": text,
                         "invoices": [{"number": n, "open": fen_str(o), "days_overdue": d}
                                      for n, o, d in r.invoices]}
                        for r, text in reasons],
            "amount": fen_str(fen), "open": fen_str(result.open), "grade": result.grade,
            "credit_limit": None if result.credit_limit is None else fen_str(result.credit_limit)})
    else:
        head = (t("check.allow", customer=result.party.name) if result.decision.allow
                else t("check.hold", customer=result.party.name, n=len(reasons)))
        limit = (_render.money(result.credit_limit) if result.credit_limit
                 else t("check.no_limit"))
        _render.lines(head, *(f"  - {text}" for _, text in reasons),
                      t("check.figures", open=_render.money(result.open), grade=result.grade,
                        limit=limit))
    if not result.decision.allow:
        raise typer.Exit(HOLD_EXIT)
