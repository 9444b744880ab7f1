"""Queries over acceptance bills (payments with a bill number) and invoices' fapiao columns."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from dunner.ledger import repo
from dunner.ledger.sql import fetch, kinds_of, listing

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

BILL_COLUMNS = ("id", "customer_id", "bill_no", "bill_kind", "amount", "paid_on", "bill_matures",
                "bill_acceptor", "bill_state", "bill_state_on", "bill_endorsed_to")


def bill_rows(conn: Connection, scope: repo.Scope = None,
              number: str | None = None) -> list[dict[str, Any]]:
    """Every bill not undone (or those numbered ``number``), with its customer's name."""
    conditions = ["payment.bill_no IS NOT NULL", "payment.undone_on IS NULL"]
    if number is not None:
        conditions.append("payment.bill_no = ?")
    where, params = repo._where(conditions, scope, "payment.customer_id",
                                [] if number is None else [number])
    kinds = kinds_of("payment", BILL_COLUMNS)
    sql = (f"SELECT {listing(['payment.' + n for n in BILL_COLUMNS], kinds)}, customer.name"
           f" FROM payment JOIN customer ON customer.id = payment.customer_id{where}"
           " ORDER BY payment.bill_matures, payment.id")
    names = (*BILL_COLUMNS, "customer")
    return [dict(zip(names, r, strict=True)) for r in fetch(conn, sql, params, (*kinds, "text"))]


def set_bill_state(conn: Connection, payment_id: int, state: str, on: date,
                   endorsed_to: str = "") -> None:
    repo.update_one(conn, "payment", payment_id, {"bill_state": state, "bill_state_on": on,
                                                      "bill_endorsed_to": endorsed_to})


def fapiao_by_invoice(conn: Connection, scope: repo.Scope = None) -> dict[int, tuple[Any, ...]]:
    """Invoice id → (state, number, issued on, received on) of the invoices whose fapiao the
    ledger tracks."""
    names = ("id", "fapiao_state", "fapiao_no", "fapiao_date", "fapiao_received_on")
    rows = repo._facts(conn, "invoice", names, scope, ("fapiao_state != 'untracked'",))
    return {r[0]: tuple(r[1:]) for r in rows}


def invoice_fapiao(conn: Connection, customer_id: int, number: str) -> dict[str, Any] | None:
    names = ("id", "number", "issued", "fapiao_state", "fapiao_no", "fapiao_date",
             "fapiao_received_on")
    kinds = kinds_of("invoice", names)
    rows = fetch(conn, f"SELECT {listing(names, kinds)} FROM invoice WHERE customer_id = ?"
                       " AND number = ? LIMIT 1", (customer_id, number), kinds)
    return dict(zip(names, rows[0], strict=True)) if rows else None
