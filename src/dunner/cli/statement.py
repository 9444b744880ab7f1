"""``dunner statement``: a statement of account (对账单) for the customer to stamp, as .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.domain.money import fen_str
from dunner.errors import UsageError
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.services.documents import StatementDoc


def register(app: typer.Typer) -> None:
    app.command("statement")(statement)


@_output.guarded
def statement(
    ctx: typer.Context,
    customer: Annotated[str | None, typer.Argument(help="Customer name, or a unique part of it.")]
    = None,
    out: Annotated[Path | None, typer.Option("--out", help="The .xlsx to write; with --all, the "
                                             "folder for one file per customer.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day of the period "
                                              "(YYYY-MM-DD); default: the first record.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Last day of the period "
                                              "(YYYY-MM-DD); default today.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Every customer with an open balance.")]
    = False,
    as_json: JsonOpt = False,
) -> None:
    """Statement of account: opening balance, invoices and payments with a running balance,
    closing balance, aging and a block for the customer's signature and stamp.

    Example: dunner statement 恒通 --from 2026-01-01 --out 恒通对账单.xlsx
    """
    from dunner.cli import _parse
    from dunner.services import documents

    if (customer is None) == (not every):
        raise UsageError("all_or_one", t("statement.all_or_one"), t("statement.all_or_one.hint"))
    if out is None and not as_json:
        raise UsageError("out_needed", t("document.out_needed"), t("document.out_needed.hint"))
    first, last = _parse.optional_day(start, "--from"), _parse.optional_day(as_of, "--as-of")
    app_ctx = _output.app_context(ctx)
    if every:
        docs = (documents.all_statements(app_ctx, first, last) if out is None
                else documents.write_all_statements(app_ctx, out, first, last))
    elif out is None:
        docs = [documents.statement(app_ctx, customer or "", first, last)]
    else:
        docs = [documents.write_statement(app_ctx, customer or "", out, first, last)]
    if as_json:
        records = [as_record(d) for d in docs]
        _output.emit_json(records if every else records[0])
        return
    _report(docs, out, every, last or app_ctx.today)


def _report(docs: list[StatementDoc], out: Path | None, every: bool, as_of: object) -> None:
    for d in docs:
        _render.lines(t("statement.written", customer=d.party.name, path=d.path,
                        amount=_render.money(d.statement.closing)))
    if every:
        _render.lines(t("statement.written_all", n=len(docs), folder=out) if docs
                      else t("statement.none", as_of=as_of))
    missing = sorted({m for d in docs for m in d.missing})
    if missing:
        _render.warn(t("document.missing_fields", fields=", ".join(missing)))
        _render.warn(t("document.missing_fields.hint"))


def as_record(d: StatementDoc) -> dict[str, Any]:
    """The statement as data: the same content as the workbook."""
    s, c = d.statement, d.company
    return {
        "customer": d.party.name, "owner": d.party.owner,
        "company": {"name": c.name, "address": c.address, "phone": c.phone, "bank": c.bank,
                    "account": c.account, "contact": c.contact},
        "from": s.start, "as_of": s.as_of, "opening": fen_str(s.opening),
        "lines": [{"date": line.on, "kind": line.kind, "number": line.reference,
                   "due": line.due, "invoiced": fen_str(line.debit), "paid": fen_str(line.credit),
                   "balance": fen_str(line.balance), "note": line.note} for line in s.lines],
        "invoiced": fen_str(s.invoiced), "paid": fen_str(s.paid), "closing": fen_str(s.closing),
        "credit": fen_str(s.credit),
        "aging": {name: fen_str(fen) for name, fen in s.aging.items()},
        "open_invoices": [{"number": i.number, "issued": i.issued, "due": i.due,
                           "open": fen_str(i.open),
                           "days_overdue": max((s.as_of - i.due).days, 0)}
                          for i in s.open_items],
        "interest": None if d.interest is None else fen_str(d.interest),
        "missing": d.missing, "file": str(d.path) if d.path else None,
    }
