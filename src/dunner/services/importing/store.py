"""Writing an import's change set in one transaction: customers, people, invoices, payments — or nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from dunner.ledger import repo
from dunner.ledger.db import Ledger
from dunner.ledger.stamp import Stamp, content_stamp, hold_off_writers
from dunner.services.importing.changes import ChangeSet


class StaleState(Exception):
    """Another writer changed the ledger after the import read it: compare again."""


def write_changes(ledger: Ledger, changes: ChangeSet, seen: Stamp | None = None) -> None:
    """Write the change set in one transaction; with ``seen`` (the stamp of the ledger the
    changes were computed from) only if no other writer changed it meanwhile, else nothing is
    written and ``StaleState`` is raised."""
    with ledger.write() as conn:
        if seen is not None:
            hold_off_writers(conn)
            if content_stamp(conn) != seen:
                raise StaleState
        repo.bulk_insert(conn, repo.CUSTOMER, list(changes.customers.values()))
        repo.bulk_update(conn, repo.CUSTOMER, [{"id": cid, **update} for cid, update
                                               in changes.customer_updates.items()])
        query = select(repo.CUSTOMER.c.name_key, repo.CUSTOMER.c.id)
        ids: dict[str, int] = dict(conn.execute(query).all())
        repo.bulk_insert(conn, repo.PERSON, [_with(ids[key], person)
                                             for key, person in changes.persons])
        repo.bulk_insert(conn, repo.INVOICE, [_with(ids[key], invoice)
                                              for key, invoice in changes.invoices])
        repo.bulk_update(conn, repo.INVOICE, changes.invoice_updates)
        repo.bulk_insert(conn, repo.PAYMENT, [_with(ids[key], payment)
                                              for key, payment in changes.payments])
        repo.bulk_update(conn, repo.PAYMENT, changes.payment_links)


def _with(customer_id: int, row: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": customer_id, **row}
