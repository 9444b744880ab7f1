"""Writing an import plan in one transaction: customers, people, invoices, payments — or nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dunner.ledger import repo
from dunner.ledger.db import Ledger
from dunner.services.importing.plan import Plan


def write_plan(ledger: Ledger, plan: Plan) -> None:
    with ledger.write() as conn:
        repo.bulk_insert(conn, repo.CUSTOMER, list(plan.customers.values()))
        repo.bulk_update(conn, repo.CUSTOMER, [{"id": cid, **changes} for cid, changes
                                               in plan.customer_updates.items()])
        query = select(repo.CUSTOMER.c.name_key, repo.CUSTOMER.c.id)
        ids: dict[str, int] = dict(conn.execute(query).all())
        repo.bulk_insert(conn, repo.PERSON, [_with(ids[key], person)
                                             for key, person in plan.persons])
        repo.bulk_insert(conn, repo.INVOICE, [_with(ids[key], invoice)
                                              for key, invoice in plan.invoices])
        repo.bulk_update(conn, repo.INVOICE, plan.invoice_updates)
        repo.bulk_insert(conn, repo.PAYMENT, [_with(ids[key], payment)
                                              for key, payment in plan.payments])
        repo.bulk_update(conn, repo.PAYMENT, plan.payment_links)


def _with(customer_id: int, row: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": customer_id, **row}
