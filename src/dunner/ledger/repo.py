"""Queries and bulk writes over the ledger as plain tuples and dicts (ORM rows never leave here).

The readers the read commands use are plain SQL (``sql.fetch``): they take an SQLite connection
of the standard library or an SQLAlchemy one alike, so a command that only reads never imports
SQLAlchemy. So do the writes of an import (``bulk_insert``, ``bulk_update``) and of a command
that records or corrects one fact (``insert_one``, ``update_one``, ``delete_where``): on an
SQLite file they go through the standard library (so does ``reminders``, what ``dunner remind``
reads and records). What is left (``ledger check``) uses SQLAlchemy Core, imported when first
used."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeAlias

from dunner.ledger.sql import COLUMNS, DEFAULTS, column, fetch, kinds_of, listing, select_all

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

_TABLE_MODELS = {"CUSTOMER": "Customer", "INVOICE": "Invoice", "PAYMENT": "Payment",
                 "PERSON": "ContactPerson", "CONTACT": "ContactLog", "PROMISE": "Promise",
                 "ACK": "Acknowledgement", "SIGNAL": "Signal"}


def __getattr__(name: str) -> Any:
    """``repo.CUSTOMER`` and friends (the SQLModel tables, for writes) load on first use."""
    from dunner.ledger import tables

    if name in _TABLE_MODELS:
        return getattr(tables, _TABLE_MODELS[name]).__table__
    if name == "TABLES":
        return {t.name: t for t in (getattr(tables, m).__table__ for m in _TABLE_MODELS.values())}
    raise AttributeError(name)


BATCH = 20_000


@dataclass(frozen=True)
class Owner:
    """The customers one owner (rep) is responsible for: all a plan for them, or for one of
    their customers, has to read (capacity is per owner)."""

    name: str


# Which customers a reader reads: one customer's id, one owner's customers, or (None) all.
Scope: TypeAlias = "int | Owner | None"


def _where(conditions: Sequence[str], scope: Scope, customer_column: str = "customer_id",
           params: Sequence[Any] = ()) -> tuple[str, list[Any]]:
    """`` WHERE …`` of plain SQL: ``conditions`` and ``scope`` (none: empty), and its parameters."""
    parts, values = list(conditions), list(params)
    if isinstance(scope, Owner):
        parts.append(f"{customer_column} IN (SELECT customer.id FROM customer"
                     " WHERE customer.owner = ?)")
        values.append(scope.name)
    elif scope is not None:
        parts.append(f"{customer_column} = ?")
        values.append(scope)
    return (" WHERE " + " AND ".join(parts) if parts else ""), values


def _facts(conn: Any, table: str, names: Sequence[str], scope: Scope,
           conditions: Sequence[str] = (), order: str = "") -> list[tuple[Any, ...]]:
    """``names`` of ``table``'s rows meeting ``conditions`` in ``scope``, typed."""
    where, params = _where(conditions, scope)
    kinds = kinds_of(table, names)
    sql = f'SELECT {listing(names, kinds)} FROM "{table}"{where}'
    return fetch(conn, sql + (f" ORDER BY {order}" if order else ""), params, kinds)


def execute_many(conn: Any, sql: str, rows: Sequence[Sequence[Any]] | None = None) -> None:
    """Run ``sql`` (``?`` marks its parameters) once for each of ``rows`` through the driver's
    executemany, or once without parameters (``rows`` None); no rows, nothing is run. On the
    standard library's SQLite connection or an SQLAlchemy one."""
    if rows is not None and not rows:
        return
    if isinstance(conn, sqlite3.Connection):
        if rows is None:
            conn.execute(sql)
        else:
            conn.executemany(sql, rows)
        return
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    conn.exec_driver_sql(sql, rows if rows is None else list(rows))


def lite(value: Any) -> Any:
    """A value as SQLite's driver stores it — a day as its ISO text, a time as SQLAlchemy's text
    of it, a flag as 0 or 1 —
    handed over so: the driver adapts any other type than int, float and text value by value,
    at several times the cost of binding it (and its adapter for days is deprecated)."""
    cls = value.__class__
    if cls is date:
        return value.isoformat()
    if cls is bool:
        return int(value)
    if isinstance(value, datetime):  # as SQLAlchemy writes SQLite's DateTime: to the microsecond
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"
    if isinstance(value, date):  # a subclass's own text may differ (pendulum's)
        return date.isoformat(value)
    return value


def bound(conn: Any, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``rows`` as parameters for ``conn``'s driver: on SQLite (the standard library's connection
    or SQLAlchemy's), days, times and flags as ``lite`` gives, so that what is stored and compared
    is what SQLAlchemy writes."""
    if isinstance(conn, sqlite3.Connection) or conn.dialect.name == "sqlite":
        return [tuple(map(lite, row)) for row in rows]
    return rows


def bulk_insert(conn: Any, table: str, rows: Sequence[Mapping[str, Any]],
                defaults: Mapping[str, Any]) -> None:
    """Many rows given as dicts, through the driver's executemany: consecutive rows that give
    the same columns (an import's rows mostly all do) share one statement; the columns they
    leave out take ``defaults`` (the table model's: ``ledger.defaults``)."""
    names = [n for n, _ in COLUMNS[table] if n != "id"]
    marks = ", ".join("?" for _ in names)
    for start in range(0, len(rows), BATCH):  # batches keep the parameter lists small
        for keys, alike in groupby(rows[start:start + BATCH], key=tuple):
            given = [n for n in names if n in keys]
            rest = [n for n in names if n not in keys]
            tail = tuple(defaults[n] for n in rest)
            cols = ", ".join(f'"{n}"' for n in given + rest)
            sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'
            if len(given) > 1:
                get = itemgetter(*given)
                execute_many(conn, sql, bound(conn, [get(r) + tail for r in alike]))
            else:
                execute_many(conn, sql, bound(conn, [tuple(r[n] for n in given) + tail
                                                      for r in alike]))


def bulk_update(conn: Any, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Update rows by ``id``, grouped by the set of columns each changes."""
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    for names, items in groups.items():
        sets = ", ".join(f'"{n}" = ?' for n in names)
        execute_many(conn, f'UPDATE "{table}" SET {sets} WHERE id = ?',
                     bound(conn, [tuple(r[n] for n in names) + (r["id"],) for r in items]))


def customers_by_key(conn: Connection) -> dict[str, dict[str, Any]]:
    return {r["name_key"]: r for r in select_all(conn, "customer")}


# What an import knows of an invoice of the ledger, (customer id, number) first
_COMPARED = ("customer_id", "number", "id", "issued", "due", "amount", "owner", "description",
             "source_file", "source_ref", "fapiao_state", "fapiao_no", "fapiao_date")
# An import that names fewer invoices than one in this many of the ledger's looks them up by
# key (a period's workbook in a ledger of many periods); more, and one read of the whole table
# is faster.
KEYED_SHARE = 4


def invoices_by_number(conn: Connection) -> dict[tuple[int, str], tuple[Any, ...]]:
    """(customer id, number) → (id, issued, due, amount, owner, description, source_file, ref,
    fapiao state, fapiao number, fapiao date) of every invoice."""
    return _by_number(_facts(conn, "invoice", _COMPARED, None))


def keyed_lookup_pays(conn: Connection, count: int) -> bool:
    """Whether looking up ``count`` invoices by key (``invoices_named``) beats reading them all:
    on an SQLite file (the standard library's connection) or PostgreSQL that holds more than
    ``KEYED_SHARE`` times as many."""
    if not (isinstance(conn, sqlite3.Connection) or conn.dialect.name == "postgresql"):
        return False
    highest = fetch(conn, "SELECT max(id) FROM invoice")[0][0] or 0
    return count * KEYED_SHARE < highest


# The invoices that a table or list of wanted keys (wanted_customer, wanted_number) names
_NAMED = ("SELECT {columns} FROM {wanted} JOIN invoice ON invoice.customer_id = wanted_customer"
          " AND invoice.number = wanted_number")


def invoices_named(conn: Connection, wanted: Collection[tuple[int, str]]
                   ) -> dict[tuple[int, str], tuple[Any, ...]]:
    """``invoices_by_number`` of the ``wanted`` (customer id, number) the ledger holds, looked
    up by key: on SQLite through a temporary table, on PostgreSQL through two arrays."""
    kinds = kinds_of("invoice", _COMPARED)
    columns = listing([f"invoice.{n}" for n in _COMPARED], kinds)
    if not isinstance(conn, sqlite3.Connection):
        if not wanted:
            return {}
        customers, numbers = (list(part) for part in zip(*wanted, strict=True))
        return _by_number(fetch(conn, _NAMED.format(columns=columns, wanted=(
            "unnest(CAST(? AS integer[]), CAST(? AS text[]))"
            " AS wanted (wanted_customer, wanted_number)")), (customers, numbers), kinds))
    conn.execute("CREATE TEMP TABLE wanted_invoice (wanted_customer INTEGER, wanted_number TEXT)")
    try:
        conn.executemany("INSERT INTO wanted_invoice VALUES (?, ?)", wanted)
        return _by_number(fetch(conn, _NAMED.format(columns=columns, wanted="wanted_invoice"),
                                (), kinds))
    finally:
        conn.execute("DROP TABLE temp.wanted_invoice")


def invoices_from(conn: Connection, files: Collection[str]) -> dict[tuple[int, str], tuple[Any, ...]]:
    """``invoices_by_number`` of the invoices ``files`` brought."""
    out: dict[tuple[int, str], tuple[Any, ...]] = {}
    names, kinds = sorted(files), kinds_of("invoice", _COMPARED)
    for start in range(0, len(names), 500):  # within every driver's count of parameters
        part = names[start:start + 500]
        out |= _by_number(fetch(conn, f"SELECT {listing(_COMPARED, kinds)} FROM invoice WHERE"
                                      f" source_file IN ({', '.join('?' * len(part))})", part, kinds))
    return out


def _by_number(rows: list[tuple[Any, ...]]) -> dict[tuple[int, str], tuple[Any, ...]]:
    one: dict[Any, Any] = {}  # a name or file repeated on thousands of rows: one object
    s = one.setdefault
    return {(r[0], r[1]): (r[2], r[3], r[4], r[5], s(r[6], r[6]), s(r[7], r[7]), s(r[8], r[8]),
                           r[9], s(r[10], r[10]), s(r[11], r[11]), r[12]) for r in rows}


def payment_keys(conn: Connection) -> set[str]:
    """Every imported payment's key, undone ones too: importing the same row again leaves an
    undone payment undone (an edited row has a new key and comes in as a new payment)."""
    return set(column(conn, "SELECT import_key FROM payment WHERE import_key IS NOT NULL"))


def payments_by_customer(conn: Connection) -> dict[int, list[tuple[Any, ...]]]:
    """customer id → (id, paid on, amount, invoice number, origin, recorded on, import key,
    source file) of the payments that count."""
    rows = _facts(conn, "payment", ("customer_id", "id", "paid_on", "amount", "invoice_number",
                                    "origin", "recorded_on", "import_key", "source_file"), None,
                  ("undone_on IS NULL", COUNTS))
    one: dict[Any, Any] = {}
    s = one.setdefault
    out: dict[int, list[tuple[Any, ...]]] = {}
    for r in rows:
        out.setdefault(r[0], []).append((r[1], r[2], r[3], r[4], s(r[5], r[5]), r[6], r[7],
                                         s(r[8], r[8])))
    return out


def import_files(conn: Connection) -> dict[str, tuple[int, str]]:
    """The files imports read invoices from: name → (id, the name of its family)."""
    return {r[0]: (int(r[1]), r[2]) for r in fetch(conn, "SELECT name, id, family FROM import_file")}


def set_families(conn: Connection, rows: Sequence[tuple[str, str]]) -> None:
    """Record each (file, family): a file new to the ledger, or one whose family changed."""
    execute_many(conn, "INSERT INTO import_file (name, family) VALUES (?, ?)"
                       " ON CONFLICT (name) DO UPDATE SET family = excluded.family", rows)


def person_names(conn: Connection) -> set[tuple[int, str]]:
    return {(r[0], r[1]) for r in fetch(conn, "SELECT customer_id, name FROM contact_person")}


def person_id(conn: Connection, customer_id: int, name: str) -> int | None:
    """The id of the customer's contact person named ``name`` (the first, should there be two)."""
    found = column(conn, "SELECT id FROM contact_person WHERE customer_id = ? AND name = ?"
                   " ORDER BY id LIMIT 1", (customer_id, name))
    return int(found[0]) if found else None


def invoice_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(id, customer id, number, issued, due, amount) — plain tuples for the hot paths."""
    return _facts(conn, "invoice", ("id", "customer_id", "number", "issued", "due", "amount"),
                  scope)


# A payment counts unless it is an acceptance bill that was dishonoured (拒付): that one
# settled nothing.
COUNTS = "(bill_state IS NULL OR bill_state != 'dishonoured')"


def payment_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(id, customer id, paid on, amount, invoice number, origin, recorded on), not undone."""
    return _facts(conn, "payment", ("id", "customer_id", "paid_on", "amount", "invoice_number",
                                    "origin", "recorded_on"), scope, ("undone_on IS NULL", COUNTS))


def customer_rows(conn: Connection, scope: Scope = None) -> list[dict[str, Any]]:
    """By name in Python's order (SQLite's): a PostgreSQL server's ORDER BY follows its locale."""
    names = [n for n, _ in COLUMNS["customer"]]
    where, params = _where([], scope, "id")
    kinds = kinds_of("customer", names)
    rows = fetch(conn, f"SELECT {listing(names, kinds)} FROM customer{where}", params, kinds)
    return sorted((dict(zip(names, r, strict=True)) for r in rows), key=lambda r: r["name"])


def customer_names(conn: Connection) -> list[tuple[int, str, str]]:
    """(id, name, name key) of every customer."""
    return fetch(conn, "SELECT id, name, name_key FROM customer")


def rows_for(conn: Connection, table: str, customer_id: int, order: str) -> list[dict[str, Any]]:
    """Every column of a customer's rows of ``table``, by ``order`` (ties in the order they were
    recorded)."""
    return select_all(conn, table, "customer_id = ?", (customer_id,), f"{order}, id")


def insert_one(conn: Any, table: Table | str, row: Mapping[str, Any]) -> int:
    """One row of ``table`` (its name, or the model's table), the columns it leaves out at the
    model's defaults; its id. On the standard library's SQLite connection in plain SQL (a
    command that records one fact then loads neither SQLAlchemy nor the models)."""
    name = table if isinstance(table, str) else table.name
    if isinstance(conn, sqlite3.Connection):
        values = {**DEFAULTS[name], **row}
        columns = ", ".join(f'"{n}"' for n in values)
        marks = ", ".join("?" * len(values))
        cursor = conn.execute(f'INSERT INTO "{name}" ({columns}) VALUES ({marks})',
                              tuple(map(lite, values.values())))
        return int(cursor.lastrowid)  # type: ignore[arg-type]
    from dunner.ledger.defaults import complete

    result = conn.execute(_model(table).insert().values(**complete(name, dict(row))))
    return int(result.inserted_primary_key[0])


def update_one(conn: Any, table: Table | str, row_id: int, values: Mapping[str, Any]) -> None:
    """Set ``values`` on the row ``row_id`` of ``table`` (its name, or the model's table)."""
    if isinstance(conn, sqlite3.Connection):
        name = table if isinstance(table, str) else table.name
        sets = ", ".join(f'"{n}" = ?' for n in values)
        conn.execute(f'UPDATE "{name}" SET {sets} WHERE id = ?',
                     (*map(lite, values.values()), row_id))
        return
    model = _model(table)
    conn.execute(model.update().where(model.c.id == row_id).values(**values))


def _model(table: Table | str) -> Table:
    """The model's table of ``table`` (a name, or the table itself)."""
    return __getattr__("TABLES")[table] if isinstance(table, str) else table


def delete_where(conn: Any, table: Table | str, **where: Any) -> int:
    """Delete the rows of ``table`` whose columns equal ``where``; how many."""
    if isinstance(conn, sqlite3.Connection):
        name = table if isinstance(table, str) else table.name
        test = " AND ".join(f'"{n}" = ?' for n in where)
        return conn.execute(f'DELETE FROM "{name}" WHERE {test}',
                            tuple(map(lite, where.values()))).rowcount
    model = _model(table)
    query = model.delete()
    for column_name, value in where.items():
        query = query.where(model.c[column_name] == value)
    return int(conn.execute(query).rowcount)


_LIVE = ("undone_on IS NULL",)  # not marked by ``dunner undo``


def person_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, name, role, phone, wechat) of every contact person, in the order entered."""
    return _facts(conn, "contact_person", ("customer_id", "name", "role", "phone", "wechat"), scope,
                  order="id")


def promise_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, made on, due on, amount, plan)."""
    return _facts(conn, "promise", ("customer_id", "made_on", "due_on", "amount", "plan"), scope,
                  _LIVE)


def ack_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, date, confirmed balance)."""
    return _facts(conn, "acknowledgement", ("customer_id", "on_date", "balance"), scope, _LIVE)


def contact_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, at, channel, outcome, excuse, evidence, action id)."""
    return _facts(conn, "contact_log", ("customer_id", "at", "channel", "outcome", "excuse",
                                        "evidence", "action_id"), scope, _LIVE)


def signal_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, date, kind, resolved on)."""
    return _facts(conn, "signal", ("customer_id", "on_date", "kind", "resolved_on"), scope, _LIVE)


def invoice_owners(conn: Connection, scope: Scope = None) -> dict[int, str]:
    return {r[0]: r[1] for r in _facts(conn, "invoice", ("id", "owner"), scope, ("owner != ''",))}


def invoice_owners_apart(conn: Connection, scope: Scope = None) -> dict[int, str]:
    """``invoice_owners`` of the invoices whose owner is not their customer's (for every other
    invoice the customer's owner stands): usually none, whatever the size of the ledger."""
    # each invoice tested against the customers' (id, owner) pairs, which the database gathers
    # once, rather than joined to its customer's row: on a ledger larger than the page cache
    # the join costs a lookup per invoice
    where, params = _where(["invoice.owner != ''", "(invoice.customer_id, invoice.owner) NOT IN"
                            " (SELECT customer.id, customer.owner FROM customer)"], scope,
                           "invoice.customer_id")
    return dict(fetch(conn, f"SELECT invoice.id, invoice.owner FROM invoice{where}", params))


def disputed_invoices(conn: Connection, scope: Scope = None) -> set[int]:
    where, params = _where(["disputed = ?"], scope, params=[True])
    return set(column(conn, f"SELECT id FROM invoice{where}", params, "int"))


def customers_holding(conn: Connection, besides: str) -> set[int]:
    """The customers holding an invoice that is not an approximate one numbered ``besides``…"""
    return set(column(conn, "SELECT DISTINCT customer_id FROM invoice WHERE NOT"
                            " (approximate = ? AND substr(number, 1, ?) = ?)",
                      (True, len(besides), besides), "int"))


def approximate_invoices(conn: Connection, scope: Scope = None) -> list[tuple[int, int, str, date]]:
    """(id, customer id, number, issued) of the invoices an export gave only roughly."""
    names = ("id", "customer_id", "number", "issued")
    where, params = _where(["approximate = ?"], scope, params=[True])
    kinds = kinds_of("invoice", names)
    return fetch(conn, f"SELECT {listing(names, kinds)} FROM invoice{where}", params, kinds)


def done_action_ids(conn: Connection, scope: Scope = None) -> frozenset[str]:
    """The plan actions contacts were logged against (``log --action``)."""
    where, params = _where(["action_id IS NOT NULL", "undone_on IS NULL"], scope)
    return frozenset(column(conn, f"SELECT action_id FROM contact_log{where}", params))


# --- what recording and editing look up ------------------------------------------------------

def customer_id_by_key(conn: Connection, key: str) -> tuple[int, str] | None:
    """(id, name) of the customer whose normalised name is ``key``."""
    rows = fetch(conn, "SELECT id, name FROM customer WHERE name_key = ? LIMIT 1", (key,))
    return (rows[0][0], rows[0][1]) if rows else None


def customer_owner(conn: Connection, customer_id: int) -> str:
    (owner,) = column(conn, "SELECT owner FROM customer WHERE id = ?", (customer_id,))
    return str(owner)


def owner_names(conn: Connection) -> list[str]:
    """Every owner (rep) the ledger names: the distinct owners of customers and invoices."""
    return sorted(column(conn, "SELECT owner FROM customer WHERE owner != ''"
                               " UNION SELECT owner FROM invoice WHERE owner != ''"))


def payment_near(conn: Any, customer_id: int, fen: int, on: date,
                 days: int) -> tuple[Any, ...] | None:
    """(id, paid on, reference, source file, source ref) of the earliest dated payment of
    exactly ``fen`` within ``days`` of ``on`` (a paid-column claim has no date of its own)."""
    near = timedelta(days=days)
    names = ("id", "paid_on", "reference", "source_file", "source_ref")
    (params,) = bound(conn, [(customer_id, fen, on - near, on + near)])
    rows = fetch(conn, f"SELECT {listing(names, kinds_of('payment', names))} FROM payment"
                       " WHERE customer_id = ? AND amount = ? AND origin != 'paid_column'"
                       " AND paid_on BETWEEN ? AND ? AND undone_on IS NULL"
                       " ORDER BY paid_on, id LIMIT 1", params, kinds_of("payment", names))
    return rows[0] if rows else None


def claims_before(conn: Any, customer_id: int, fen: int, on: date, days: int,
                  invoice: str | None = None) -> list[tuple[Any, ...]]:
    """(id, seen on, invoice number, source file, source ref) of the paid-column claims of
    exactly ``fen`` first seen in the ``days`` days before ``on`` (not on it), latest first; with
    ``invoice``, only those of that invoice or of none."""
    names = ("id", "recorded_on", "invoice_number", "source_file", "source_ref")
    kinds = kinds_of("payment", names)
    values: tuple[Any, ...] = (customer_id, fen, on - timedelta(days=days), on)
    sql = (f"SELECT {listing(names, kinds)} FROM payment"
           " WHERE customer_id = ? AND amount = ? AND origin = 'paid_column'"
           " AND recorded_on >= ? AND recorded_on < ? AND undone_on IS NULL")
    if invoice is not None:
        sql += " AND (invoice_number = ? OR invoice_number IS NULL OR invoice_number = '')"
        values += (invoice,)
    (params,) = bound(conn, [values])
    return fetch(conn, sql + " ORDER BY recorded_on DESC, id", params, kinds)


def invoice_dispute(conn: Connection, customer_id: int, number: str) -> tuple[int, bool, str] | None:
    """(id, disputed, reason) of a customer's invoice by its number."""
    rows = fetch(conn, "SELECT id, disputed, dispute_reason FROM invoice"
                       " WHERE customer_id = ? AND number = ? LIMIT 1", (customer_id, number))
    return None if not rows else (rows[0][0], bool(rows[0][1]), rows[0][2])


def set_dispute(conn: Connection, invoice_id: int, disputed: bool, reason: str) -> None:
    update_one(conn, "invoice", invoice_id, {"disputed": disputed, "dispute_reason": reason})


def disputes(conn: Connection, customer_id: int) -> dict[str, str]:
    """A customer's disputed invoices: number → reason, by number."""
    rows = fetch(conn, "SELECT number, dispute_reason FROM invoice"
                       " WHERE customer_id = ? AND disputed = ?", (customer_id, True))
    return dict(sorted((r[0], r[1]) for r in rows))  # not the server locale's order


# --- undo ------------------------------------------------------------------------------------

def undo_target(conn: Any, table: str, row_id: int) -> dict[str, Any] | None:
    """The record ``row_id`` of ``table`` (payment, contact, promise, acknowledgement or signal)
    with its customer's name, or None."""
    names = [n for n, _ in COLUMNS[table]]
    kinds = (*kinds_of(table, names), "text")
    rows = fetch(conn, f'SELECT {listing([f"{table}.{n}" for n in names], kinds[:-1])},'
                       f' customer.name FROM "{table}" JOIN customer'
                       f' ON customer.id = "{table}".customer_id WHERE "{table}".id = ?',
                 (row_id,), kinds)
    return dict(zip([*names, "customer_name"], rows[0], strict=True)) if rows else None


def undo_open_instalments(conn: Any, customer_id: int, on: date, note: str) -> int:
    """Mark undone on ``on`` the customer's instalments (promises of a plan) not undone and
    not yet due; how many."""
    sql = ("UPDATE promise SET undone_on = ?, undo_note = ? WHERE customer_id = ?"
           " AND plan IS NOT NULL AND undone_on IS NULL AND due_on >= ?")
    (params,) = bound(conn, [(on, note, customer_id, on)])
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, params).rowcount
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    return int(conn.exec_driver_sql(sql, params).rowcount)


def mark_undone(conn: Any, table: str, row_id: int, on: date, note: str,
                **also: Any) -> None:
    update_one(conn, table, row_id, {"undone_on": on, "undo_note": note, **also})
