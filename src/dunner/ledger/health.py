"""The queries of ``dunner db check``: SQLite's own integrity check, rows whose customer or
invoice is missing, and each customer's money as the database sums it."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from dunner.ledger import repo

# The tables whose rows belong to a customer (``customer_id``).
CHILD_TABLES = ("contact_person", "invoice", "payment", "contact_log", "promise",
                "acknowledgement", "signal")


def integrity(conn: Connection) -> list[str]:
    """What SQLite's ``integrity_check`` finds wrong in the file (nothing to check on another
    server, whose storage is its own business)."""
    if conn.dialect.name != "sqlite":
        return []
    found = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
    return [] if found == ["ok"] else found


def orphans(conn: Connection) -> list[tuple[str, int, int]]:
    """(table, row id, customer id) of every row whose customer does not exist."""
    tables = repo.TABLES
    customer = tables["customer"]
    out: list[tuple[str, int, int]] = []
    for name in CHILD_TABLES:
        child = tables[name]
        query = (select(child.c.id, child.c.customer_id)
                 .outerjoin(customer, customer.c.id == child.c.customer_id)
                 .where(customer.c.id.is_(None)).order_by(child.c.id))
        out += [(name, int(r[0]), int(r[1])) for r in conn.execute(query).all()]
    return out


def unmatched_payments(conn: Connection) -> list[tuple[int, str, str]]:
    """(payment id, customer name, invoice number) of payments naming an invoice their customer
    does not have (undone ones left out: they count nowhere)."""
    pay, inv, cust = repo.PAYMENT, repo.INVOICE, repo.CUSTOMER
    query = (select(pay.c.id, cust.c.name, pay.c.invoice_number)
             .join(cust, cust.c.id == pay.c.customer_id)
             .outerjoin(inv, and_(inv.c.customer_id == pay.c.customer_id,
                                  inv.c.number == pay.c.invoice_number))
             .where(pay.c.invoice_number.is_not(None), pay.c.invoice_number != "",
                    pay.c.undone_on.is_(None), inv.c.id.is_(None))
             .order_by(pay.c.id))
    return [(int(r[0]), str(r[1]), str(r[2])) for r in conn.execute(query).all()]


def money_sums(conn: Connection) -> dict[int, tuple[int, int, int]]:
    """customer id → (Σ invoices, Σ recorded payments, Σ paid-column claims) in fen, summed by
    the database; undone payments left out."""
    inv, pay = repo.INVOICE, repo.PAYMENT
    out: dict[int, list[int]] = {}
    for cid, total in conn.execute(select(inv.c.customer_id, func.sum(inv.c.amount))
                                   .group_by(inv.c.customer_id)).all():
        out.setdefault(cid, [0, 0, 0])[0] = int(total)
    claim = pay.c.origin == "paid_column"
    query = (select(pay.c.customer_id, claim, func.sum(pay.c.amount))
             .where(pay.c.undone_on.is_(None)).group_by(pay.c.customer_id, claim))
    for cid, is_claim, total in conn.execute(query).all():
        out.setdefault(cid, [0, 0, 0])[2 if is_claim else 1] = int(total)
    return {cid: (v[0], v[1], v[2]) for cid, v in out.items()}
