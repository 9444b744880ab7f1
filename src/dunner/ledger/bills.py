"""Queries over acceptance bills (payments with a bill number) and invoices' fapiao columns."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dunner.ledger import read_tables as views
from dunner.ledger import repo

BILL_COLUMNS = ("id", "customer_id", "bill_no", "bill_kind", "amount", "paid_on", "bill_matures",
                "bill_acceptor", "bill_state", "bill_state_on", "bill_endorsed_to")


def bill_rows(conn: Connection, scope: repo.Scope = None,
              number: str | None = None) -> list[dict[str, Any]]:
    """Every bill not undone (or those numbered ``number``), with its customer's name."""
    p, cust = views.PAYMENT.c, views.CUSTOMER.c
    query = (select(*(p[name] for name in BILL_COLUMNS), cust.name.label("customer"))
             .join(views.CUSTOMER, cust.id == p.customer_id)
             .where(p.bill_no.is_not(None), p.undone_on.is_(None)))
    if number is not None:
        query = query.where(p.bill_no == number)
    query = repo._scoped(query, p.customer_id, scope)
    return [dict(r) for r in conn.execute(query.order_by(p.bill_matures, p.id)).mappings()]


def set_bill_state(conn: Connection, payment_id: int, state: str, on: date,
                   endorsed_to: str = "") -> None:
    repo.update_one(conn, repo.PAYMENT, payment_id, {"bill_state": state, "bill_state_on": on,
                                                      "bill_endorsed_to": endorsed_to})


def fapiao_by_invoice(conn: Connection, scope: repo.Scope = None) -> dict[int, tuple[Any, ...]]:
    """Invoice id → (state, number, issued on, received on) of the invoices whose fapiao the
    ledger tracks."""
    c = views.INVOICE.c
    query = select(c.id, c.fapiao_state, c.fapiao_no, c.fapiao_date,
                   c.fapiao_received_on).where(c.fapiao_state != "untracked")
    return {r[0]: tuple(r[1:]) for r in conn.execute(repo._scoped(query, c.customer_id, scope))}


def invoice_fapiao(conn: Connection, customer_id: int, number: str) -> dict[str, Any] | None:
    c = views.INVOICE.c
    query = select(c.id, c.number, c.issued, c.fapiao_state, c.fapiao_no, c.fapiao_date,
                   c.fapiao_received_on).where(c.customer_id == customer_id, c.number == number)
    row = conn.execute(query).mappings().first()
    return None if row is None else dict(row)
