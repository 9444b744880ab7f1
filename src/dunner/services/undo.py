"""Undoing a mistaken record: a payment, contact, promise, acknowledgement or signal.

Nothing is deleted. The record is marked undone (the day and a note): it stays in the customer's
history, shown as undone, and every rule, report and plan leaves it out from then on.

A record's id names its table: ``P12`` payment (回款), ``C7`` contact (催收记录), ``R3`` promise
(承诺还款), ``A2`` acknowledgement (对账确认), ``S5`` signal (异常情况); ``customer show`` lists them.
A payment from a payment sheet may be undone: importing the same row again leaves it undone (an
edited row comes in as a new payment). A rise of the workbook's paid column may be undone too, but
it is a running total: unless the workbook is corrected, the next import brings it back, and the
command says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dunner.errors import DunnerError, NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext

# prefix → ledger table; the prefix is the first letter of what it is
# called in the ledger, except promises (R, as in repayment: C is taken by contacts)
KINDS = {"P": "payment", "C": "contact_log", "R": "promise", "A": "acknowledgement", "S": "signal"}
PREFIX = {table: prefix for prefix, table in KINDS.items()}
_ID = re.compile(r"([A-Za-z])\s*(\d+)")


def record_id(table: str, row_id: int) -> str:
    """The id ``dunner undo`` takes for row ``row_id`` of a ledger table: ``P12``."""
    return f"{PREFIX[table]}{row_id}"


def parse_id(text: str) -> tuple[str, int]:
    """``"P12"`` (any case) → ("P", 12); anything else is a usage error naming the prefixes."""
    match = _ID.fullmatch(text.strip())
    if match is None or match[1].upper() not in KINDS:
        raise UsageError("bad_record_id", t("undo.bad_id", value=text), t("undo.bad_id.hint"))
    return match[1].upper(), int(match[2])


@dataclass(frozen=True)
class Undone:
    id: str
    table: str  # the ledger table: payment, contact_log, promise, acknowledgement, signal
    customer: str
    row: dict[str, Any]  # the record as it now stands (``undone_on`` set)
    open: int | None  # a payment's customer's open balance after the undo, in fen


def undo_record(ctx: AppContext, typed: str, note: str = "") -> Undone:
    """Mark the record ``typed`` (an id like ``P12``) undone today, in one transaction."""
    prefix, row_id = parse_id(typed)
    table = KINDS[prefix]
    rid = f"{prefix}{row_id}"
    with ctx.ledger().writer() as conn:
        row = repo.undo_target(conn, table, row_id)
        if row is None:
            raise NotFound("unknown_record", t("undo.unknown", id=rid), t("undo.unknown.hint"))
        if row["undone_on"] is not None:
            raise DunnerError("already_undone", t("undo.already", id=rid, date=row["undone_on"]))
        also: dict[str, str] = {}
        if table == "payment" and row["origin"] == "paid_column" and row["import_key"]:
            # the key names the live rise: the same rise shown again is a new one, not this
            also["import_key"] = f"{row['import_key']}|undone:{rid}"
        repo.mark_undone(conn, table, row_id, ctx.today, note, **also)
        balance = None
        if table == "payment":
            from dunner.services.customers import position_of

            balance = position_of(conn, ctx.config, row["customer_id"]).open
    return Undone(rid, table, row["customer_name"],
                  {**row, "undone_on": ctx.today, "undo_note": note}, balance)
