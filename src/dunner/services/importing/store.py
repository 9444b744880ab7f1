"""Writing an import's change set in one transaction: customers, people, invoices, payments — or nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

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
        _hold_pages(conn)
        repo.bulk_insert(conn, repo.CUSTOMER, list(changes.customers.values()))
        repo.bulk_update(conn, repo.CUSTOMER, [{"id": cid, **update} for cid, update
                                               in changes.customer_updates.items()])
        query = select(repo.CUSTOMER.c.name_key, repo.CUSTOMER.c.id)
        ids: dict[str, int] = dict(conn.execute(query).all())
        repo.bulk_insert(conn, repo.PERSON, [_with(ids[key], person)
                                             for key, person in changes.persons])
        if changes.invoice_deletes:
            conn.execute(repo.INVOICE.delete().where(repo.INVOICE.c.id.in_(changes.invoice_deletes)))
        repo.bulk_insert(conn, repo.INVOICE, _owned(ids, changes.invoices))
        repo.bulk_update(conn, repo.INVOICE, changes.invoice_updates)
        repo.bulk_insert(conn, repo.PAYMENT, _owned(ids, changes.payments))
        repo.bulk_update(conn, repo.PAYMENT, changes.payment_links)
        _hold_pages(conn, None)  # shrinking frees clean pages only: the changed ones stay for the commit


# SQLite keeps the pages a transaction changes in its page cache (2 MB by default) and spills
# them to the journal whenever it fills, so a large import wrote many pages several times. An
# import's transaction may hold this much (KiB; a ledger of 100,000 invoices and 40,000
# payments is 26 MB): the commit writes each changed page once.
IMPORT_CACHE_KIB = 65_536
_SQLITE_DEFAULT_CACHE = -2000


def _hold_pages(conn: Connection, kib: int | None = IMPORT_CACHE_KIB) -> None:
    """Let this SQLite connection cache ``kib`` of pages (None: SQLite's default again)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = {-kib if kib else _SQLITE_DEFAULT_CACHE}")


def _owned(ids: dict[str, int], rows: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The change set's rows with their customer's id, set in place (a change set is written
    once; a copy of each of 100,000 rows would only cost time)."""
    for key, row in rows:
        row["customer_id"] = ids[key]
    return [row for _, row in rows]


def _with(customer_id: int, row: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": customer_id, **row}
