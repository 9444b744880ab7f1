"""Writing an import's change set in one transaction: customers, people, invoices, payments — or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import repeat
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from dunner.ledger import repo
from dunner.ledger.db import Ledger
from dunner.ledger.sql import KINDS
from dunner.ledger.stamp import Stamp, content_stamp, hold_off_writers
from dunner.services.importing.changes import INVOICE_RECORD, PAYMENT_RECORD, ChangeSet


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
        _insert(conn, repo.INVOICE, INVOICE_RECORD, ids, changes.invoices)
        repo.bulk_update(conn, repo.INVOICE, changes.invoice_updates)
        _insert(conn, repo.PAYMENT, PAYMENT_RECORD, ids, changes.payments)
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


def _insert(conn: Connection, table: Table, names: tuple[str, ...], ids: dict[str, int],
            rows: list[tuple[str, tuple[Any, ...]]]) -> None:
    """The change set's rows of ``table`` — (customer key, the values of ``names``) — through
    the driver's executemany, each with its customer's id; the columns they leave out take the
    model's default."""
    if not rows:
        return
    from dunner.ledger.defaults import defaults  # the table models: only a write needs them

    base = defaults(table.name)
    rest = [c.name for c in table.columns if c.name not in ("id", "customer_id", *names)]
    lite = conn.dialect.name == "sqlite"
    if lite:  # a column whose default is NULL in the model and in the schema is left to it
        nulls = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{table.name}")') if r[4] is None}
        rest = [n for n in rest if not (base[n] is None and n in nulls)]
    tail = tuple(_lite(base[n]) if lite else base[n] for n in rest)
    columns = ", ".join(f'"{n}"' for n in ("customer_id", *names, *rest))
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * (len(names) + len(rest) + 1))
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    kinds = KINDS[table.name]
    typed = [i + 1 for i, n in enumerate(names) if kinds[n] in ("date", "flag")] if lite else []
    for start in range(0, len(rows), repo.BATCH):  # batches keep the parameter lists small
        batch = rows[start:start + repo.BATCH]
        conn.exec_driver_sql(sql, _lite_rows(batch, ids, tail, typed) if typed else
                             [(ids[key], *values, *tail) for key, values in batch])


def _lite(value: Any) -> Any:
    """A value as SQLite's driver stores it — a day as its ISO text, a flag as 0 or 1 —
    handed over so: the driver adapts any other type than int, float and text value by value,
    at several times the cost of binding it."""
    if value.__class__ is date:
        return value.isoformat()
    return int(value) if value.__class__ is bool else value


def _lite_rows(rows: list[tuple[str, tuple[Any, ...]]], ids: dict[str, int], tail: tuple[Any, ...],
               typed: list[int]) -> list[tuple[Any, ...]]:
    """The parameters of ``rows``, the values at the ``typed`` positions (days and flags) as
    ``_lite`` gives them: built a column at a time, each distinct value converted once."""
    keys, records = zip(*rows, strict=True)
    columns: list[Iterable[Any]] = [list(map(ids.__getitem__, keys)), *zip(*records, strict=True)]
    for i in typed:
        texts = {value: _lite(value) for value in set(columns[i])}
        columns[i] = map(texts.__getitem__, columns[i])
    return list(zip(*columns, *(repeat(value, len(rows)) for value in tail), strict=True))


def _with(customer_id: int, row: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": customer_id, **row}
