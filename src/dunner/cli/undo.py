"""``dunner undo ID``: reverse a mistaken payment, contact, promise, acknowledgement or signal."""

from __future__ import annotations

from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt, NoteOpt
from dunner.domain.money import fen_str
from dunner.i18n import t


def register(app: typer.Typer) -> None:
    app.command("undo")(undo)


@_output.guarded
def undo(ctx: typer.Context,
         record: Annotated[str, typer.Argument(metavar="ID", help="The record's id as customer "
                                               "show lists it: P payment, C contact, R promise, "
                                               "A acknowledgement, S signal, e.g. P12.")],
         note: NoteOpt = "", as_json: JsonOpt = False) -> None:
    """Undo a mistaken record (撤销): it leaves balances, grades and the plan, and stays in the
    customer's history marked undone. Nothing is deleted; a record is undone once.

    Example: dunner undo P12 --note '金额录错，应为 1200'
    """
    from dunner.cli._customer_view import describe
    from dunner.services.undo import undo_record

    done = undo_record(_output.app_context(ctx), record, note)
    paid_column = done.table == "payment" and done.row["origin"] == "paid_column"
    if as_json:
        _output.emit_json({"id": done.id, "customer": done.customer,
                           "undone_on": done.row["undone_on"], "note": note,
                           "open": None if done.open is None else fen_str(done.open),
                           "from_paid_column": paid_column})
        return
    when, what = describe(done.table, {**done.row, "undone_on": None})
    _render.lines(t("undo.done", id=done.id, customer=done.customer, what=f"{when} {what}"),
                  t("undo.kept"))
    if done.open is not None:
        _render.lines(t("undo.open", amount=_render.money(done.open)))
    if paid_column:
        _render.lines(t("undo.paid_column"))
