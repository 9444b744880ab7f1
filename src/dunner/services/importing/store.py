"""Writing an import's change set in one transaction: customers, people, invoices, payments — or nothing.

Plain SQL through the driver's executemany, on either connection ``Ledger.writer`` gives: on an
SQLite file the standard library's, so that an import into it imports neither SQLAlchemy nor
the table models (together longer than the whole of a small import's own work); else an
SQLAlchemy connection's driver (PostgreSQL, or a write transaction held for the whole import).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from dunner.ledger import repo
from dunner.ledger.db import Ledger
from dunner.ledger.sql import COLUMNS, DEFAULTS, KINDS, fetch
from dunner.ledger.stamp import Stamp, content_stamp, hold_off_writers
from dunner.services.importing.changes import INVOICE_RECORD, PAYMENT_RECORD, ChangeSet


class StaleState(Exception):
    """Another writer changed the ledger after the import read it: compare again."""


def write_changes(ledger: Ledger, changes: ChangeSet, seen: Stamp | None = None) -> None:
    """Write the change set in one transaction; with ``seen`` (the stamp of the ledger the
    changes were computed from) only if no other writer changed it meanwhile, else nothing is
    written and ``StaleState`` is raised."""
    with ledger.writer() as conn:
        lite = _dialect(conn) == "sqlite"
        if seen is not None:
            if not lite:  # SQLite's write transaction holds the database's write lock already
                hold_off_writers(conn)
            if content_stamp(conn) != seen:
                raise StaleState
        if lite:
            _hold_pages(conn)
        repo.bulk_insert(conn, "customer", list(changes.customers.values()), DEFAULTS["customer"])
        rebuild = _set_indexes_aside(conn, {"contact_person": len(changes.persons),
                                            "invoice": len(changes.invoices),
                                            "payment": len(changes.payments)}) if lite else []
        repo.bulk_update(conn, "customer", [{"id": cid, **update} for cid, update
                                        in changes.customer_updates.items()])
        ids: dict[str, int] = dict(fetch(conn, "SELECT name_key, id FROM customer"))
        repo.bulk_insert(conn, "contact_person", [{"customer_id": ids[key], **person}
                                                  for key, person in changes.persons],
                         DEFAULTS["contact_person"])
        repo.execute_many(conn, "DELETE FROM invoice WHERE id = ?", [(i,) for i in changes.invoice_deletes])
        _insert(conn, "invoice", INVOICE_RECORD, ids, changes.invoices)
        repo.bulk_update(conn, "invoice", changes.invoice_updates)
        _insert(conn, "payment", PAYMENT_RECORD, ids, changes.payments)
        repo.bulk_update(conn, "payment", changes.payment_links)
        repo.set_families(conn, changes.families)
        for statement in rebuild:
            repo.execute_many(conn, statement)
        if lite:
            _hold_pages(conn, None)  # shrinking frees clean pages only: the changed ones stay for the commit


def _dialect(conn: Any) -> str:
    return "sqlite" if isinstance(conn, sqlite3.Connection) else str(conn.dialect.name)


# SQLite keeps the pages a transaction changes in its page cache (2 MB by default) and spills
# them to the journal whenever it fills, so a large import wrote many pages several times. An
# import's transaction may hold this much (KiB; a ledger of 100,000 invoices and 40,000
# payments is 26 MB): the commit writes each changed page once.
IMPORT_CACHE_KIB = 65_536
_SQLITE_DEFAULT_CACHE = -2000


def _hold_pages(conn: Any, kib: int | None = IMPORT_CACHE_KIB) -> None:
    """Let this SQLite connection cache ``kib`` of pages (None: SQLite's default again)."""
    repo.execute_many(conn, f"PRAGMA cache_size = {-kib if kib else _SQLITE_DEFAULT_CACHE}")


# SQLite builds an index from all of a table's rows at once (one sort) faster than it adds the
# rows to it one at a time, each where its key falls: into a table that is still empty, an import
# that adds this many rows or more drops the table's own indexes and makes them again after its
# inserts, in its transaction (the schema ends as it was; a failure rolls both back). The
# indexes of its keys and UNIQUE constraints stay: they are part of the table.
BUILD_INDEXES_AFTER = 20_000


def _set_indexes_aside(conn: Any, rows: dict[str, int]) -> list[str]:
    """Drop the indexes of each SQLite table that is empty and is about to get at least
    ``BUILD_INDEXES_AFTER`` rows (``rows``: table → how many); the statements that make them
    again, in the order they were made."""
    names = [name for name, count in rows.items() if count >= BUILD_INDEXES_AFTER
             and not fetch(conn, f'SELECT 1 FROM "{name}" LIMIT 1')]
    if not names:
        return []
    marks = ", ".join("?" * len(names))
    found = fetch(conn, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT"
                        f" NULL AND tbl_name IN ({marks}) ORDER BY rowid", names)
    for name, _ in found:
        repo.execute_many(conn, f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def _insert(conn: Any, table: str, names: tuple[str, ...], ids: dict[str, int],
            rows: list[tuple[str, tuple[Any, ...]]]) -> None:
    """The change set's rows of ``table`` — (customer key, the values of ``names``) — through
    the driver's executemany, each with its customer's id; the columns they leave out take the
    model's default."""
    if not rows:
        return
    base = DEFAULTS[table]
    rest = [n for n, _ in COLUMNS[table] if n not in ("id", "customer_id", *names)]
    lite = _dialect(conn) == "sqlite"
    if lite:  # a column whose default is NULL in the model and in the schema is left to it
        nulls = {r[1] for r in fetch(conn, f'PRAGMA table_info("{table}")') if r[4] is None}
        rest = [n for n in rest if not (base[n] is None and n in nulls)]
    tail = tuple(repo.lite(base[n]) if lite else base[n] for n in rest)
    columns = ", ".join(f'"{n}"' for n in ("customer_id", *names, *rest))
    marks = ", ".join(["?"] * (len(names) + len(rest) + 1))
    sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
    kinds = KINDS[table]
    typed = [i + 1 for i, n in enumerate(names) if kinds[n] in ("date", "flag")] if lite else []
    for start in range(0, len(rows), repo.BATCH):  # batches keep the parameter lists small
        batch = rows[start:start + repo.BATCH]
        repo.execute_many(conn, sql, _lite_rows(batch, ids, tail, typed) if typed else
              [(ids[key], *values, *tail) for key, values in batch])


def _lite_rows(rows: list[tuple[str, tuple[Any, ...]]], ids: dict[str, int], tail: tuple[Any, ...],
               typed: list[int]) -> list[tuple[Any, ...]]:
    """The parameters of ``rows``, the values at the ``typed`` positions (days and flags) as
    ``repo.lite`` gives them: built a column at a time, each distinct value converted once."""
    keys, records = zip(*rows, strict=True)
    columns: list[Iterable[Any]] = [list(map(ids.__getitem__, keys)), *zip(*records, strict=True)]
    for i in typed:
        texts = {value: repo.lite(value) for value in set(columns[i])}
        columns[i] = map(texts.__getitem__, columns[i])
    return list(zip(*columns, *(repeat(value, len(rows)) for value in tail), strict=True))
