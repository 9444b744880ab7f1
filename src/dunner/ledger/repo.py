"""Queries and bulk writes over the ledger as plain tuples and dicts (ORM rows never leave here)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeAlias

from sqlalchemy import Table, TableClause, or_, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from dunner.ledger import read_tables as views

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


def _table(name: str) -> Table:
    return __getattr__(name)  # type: ignore[no-any-return]


BATCH = 20_000


@dataclass(frozen=True)
class Owner:
    """The customers one owner (rep) is responsible for: all a plan for them, or for one of
    their customers, has to read (capacity is per owner)."""

    name: str


# Which customers a reader reads: one customer's id, one owner's customers, or (None) all.
Scope: TypeAlias = "int | Owner | None"


def _scoped(query: Any, customer_column: ColumnElement[Any], scope: Scope) -> Any:
    if scope is None:
        return query
    if isinstance(scope, Owner):
        c = views.CUSTOMER.c
        return query.where(customer_column.in_(select(c.id).where(c.owner == scope.name)))
    return query.where(customer_column == scope)


def _placeholder(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Many rows through the driver's executemany: one ORM object per row is 16× slower."""
    if not rows:
        return
    from itertools import groupby
    from operator import itemgetter

    from dunner.ledger.defaults import defaults

    base = defaults(table.name)
    names = [c.name for c in table.columns if c.name != "id"]
    mark = _placeholder(conn)
    for start in range(0, len(rows), BATCH):  # batches keep the parameter lists small
        # consecutive rows that give the same columns (an import's rows mostly all do) share
        # one statement; the columns they leave out take the model's default
        for keys, alike in groupby(rows[start:start + BATCH], key=tuple):
            given = [n for n in names if n in keys]
            rest = [n for n in names if n not in keys]
            tail = tuple(base[n] for n in rest)
            cols = ", ".join(f'"{n}"' for n in given + rest)
            sql = f'INSERT INTO "{table.name}" ({cols}) VALUES ({", ".join(mark for _ in names)})'
            if len(given) > 1:
                get = itemgetter(*given)
                conn.exec_driver_sql(sql, [get(r) + tail for r in alike])
            else:
                conn.exec_driver_sql(sql, [tuple(r[n] for n in given) + tail for r in alike])


def bulk_update(conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    """Update rows by ``id``, grouped by the set of columns each changes."""
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    mark = _placeholder(conn)
    for names, items in groups.items():
        sets = ", ".join(f'"{n}" = {mark}' for n in names)
        sql = f'UPDATE "{table.name}" SET {sets} WHERE id = {mark}'
        conn.exec_driver_sql(sql, [tuple(r[n] for n in names) + (r["id"],) for r in items])


def customers_by_key(conn: Connection) -> dict[str, dict[str, Any]]:
    rows = conn.execute(select(*views.CUSTOMER.c)).mappings()
    return {r["name_key"]: dict(r) for r in rows}


def invoices_by_number(conn: Connection) -> dict[tuple[int, str], tuple[Any, ...]]:
    """(customer id, number) → (id, issued, due, amount, owner, description, source_file, ref,
    fapiao state, fapiao number, fapiao date)."""
    cols = views.INVOICE.c
    query = select(cols.customer_id, cols.number, cols.id, cols.issued, cols.due, cols.amount,
                   cols.owner, cols.description, cols.source_file, cols.source_ref,
                   cols.fapiao_state, cols.fapiao_no, cols.fapiao_date)
    out: dict[tuple[int, str], tuple[Any, ...]] = {}
    for part in _columns(conn.execute(query), (3, 4, 6, 7, 8, 10, 11, 12)):
        out.update(zip(zip(part[0], part[1], strict=True), zip(*part[2:], strict=True), strict=True))
    return out


def _columns(result: Any, shared: Sequence[int], size: int = 10_000) -> Iterator[list[Iterable[Any]]]:
    """The result's rows a batch at a time, as columns. In the ``shared`` columns equal values
    (a day, an owner, a file name: repeated on thousands of rows) become one object instead of
    one per row, which keeps a whole ledger's rows in a third less memory."""
    one: dict[Any, Any] = {}
    for part in result.partitions(size):
        columns: list[Iterable[Any]] = list(zip(*part, strict=True))
        for i in shared:
            columns[i] = map(one.setdefault, columns[i], columns[i])
        yield columns


def payment_keys(conn: Connection) -> set[str]:
    """Every imported payment's key, undone ones too: importing the same row again leaves an
    undone payment undone (an edited row has a new key and comes in as a new payment)."""
    c = views.PAYMENT.c
    query = select(c.import_key).where(c.import_key.is_not(None))
    return set(conn.execute(query).scalars())


def payments_by_customer(conn: Connection) -> dict[int, list[tuple[Any, ...]]]:
    """customer id → (id, paid on, amount, invoice number, origin, recorded on, import key,
    source file)."""
    c = views.PAYMENT.c
    query = select(c.customer_id, c.id, c.paid_on, c.amount, c.invoice_number, c.origin,
                   c.recorded_on, c.import_key, c.source_file).where(c.undone_on.is_(None),
                                                                     counts(c))
    out: dict[int, list[tuple[Any, ...]]] = {}
    for part in _columns(conn.execute(query), (2, 5, 6, 8)):
        for customer, row in zip(part[0], zip(*part[1:], strict=True), strict=True):
            out.setdefault(customer, []).append(row)
    return out


def person_names(conn: Connection) -> set[tuple[int, str]]:
    c = views.PERSON.c
    return {(r[0], r[1]) for r in conn.execute(select(c.customer_id, c.name)).all()}


def person_id(conn: Connection, customer_id: int, name: str) -> int | None:
    """The id of the customer's contact person named ``name`` (the first, should there be two)."""
    c = views.PERSON.c
    query = (select(c.id).where(c.customer_id == customer_id, c.name == name)
             .order_by(c.id).limit(1))
    found = conn.execute(query).scalar()
    return None if found is None else int(found)


def invoice_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(id, customer id, number, issued, due, amount) — plain tuples for the hot paths."""
    c = views.INVOICE.c
    query = select(c.id, c.customer_id, c.number, c.issued, c.due, c.amount)
    return [tuple(r) for r in conn.execute(_scoped(query, c.customer_id, scope)).all()]


def counts(c: Any) -> ColumnElement[bool]:
    """A payment counts unless it is an acceptance bill that was dishonoured (拒付): that one
    settled nothing."""
    return or_(c.bill_state.is_(None), c.bill_state != "dishonoured")


def payment_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(id, customer id, paid on, amount, invoice number, origin, recorded on), not undone."""
    c = views.PAYMENT.c
    query = select(c.id, c.customer_id, c.paid_on, c.amount, c.invoice_number, c.origin,
                   c.recorded_on).where(c.undone_on.is_(None), counts(c))
    return [tuple(r) for r in conn.execute(_scoped(query, c.customer_id, scope)).all()]


def customer_rows(conn: Connection, scope: Scope = None) -> list[dict[str, Any]]:
    """By name in Python's order (SQLite's): a PostgreSQL server's ORDER BY follows its locale."""
    query = _scoped(select(*views.CUSTOMER.c), views.CUSTOMER.c.id, scope)
    return sorted((dict(r) for r in conn.execute(query).mappings()), key=lambda r: r["name"])


def customer_names(conn: Connection) -> list[tuple[int, str, str]]:
    """(id, name, name key) of every customer."""
    c = views.CUSTOMER.c
    return [tuple(r) for r in conn.execute(select(c.id, c.name, c.name_key)).all()]


def rows_for(conn: Connection, table: TableClause, customer_id: int, order: str) -> list[dict[str, Any]]:
    query = (select(table).where(table.c.customer_id == customer_id)
             .order_by(table.c[order], table.c.id))  # ties in the order they were recorded
    return [dict(r) for r in conn.execute(query).mappings()]


def insert_one(conn: Connection, table: Table, row: Mapping[str, Any]) -> int:
    from dunner.ledger.defaults import complete

    result = conn.execute(table.insert().values(**complete(table.name, dict(row))))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def update_one(conn: Connection, table: Table, row_id: int, values: Mapping[str, Any]) -> None:
    conn.execute(table.update().where(table.c.id == row_id).values(**values))


def delete_where(conn: Connection, table: Table, **where: Any) -> int:
    query = table.delete()
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    return int(conn.execute(query).rowcount)


def _rows(conn: Connection, query: Any, table: Any, scope: Scope) -> list[tuple[Any, ...]]:
    """The rows of ``query`` in ``scope``, less those ``dunner undo`` marked."""
    query = _scoped(query.where(table.c.undone_on.is_(None)), table.c.customer_id, scope)
    return [tuple(r) for r in conn.execute(query).all()]


def person_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, name, role, phone, wechat) of every contact person, in the order entered."""
    c = views.PERSON.c
    query = _scoped(select(c.customer_id, c.name, c.role, c.phone, c.wechat).order_by(c.id),
                    c.customer_id, scope)
    return [tuple(r) for r in conn.execute(query).all()]


def promise_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, made on, due on, amount, plan)."""
    c = views.PROMISE.c
    return _rows(conn, select(c.customer_id, c.made_on, c.due_on, c.amount, c.plan), views.PROMISE,
                 scope)


def ack_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, date, confirmed balance)."""
    c = views.ACK.c
    return _rows(conn, select(c.customer_id, c.on_date, c.balance), views.ACK, scope)


def contact_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, at, channel, outcome, excuse, evidence, action id)."""
    c = views.CONTACT.c
    query = select(c.customer_id, c.at, c.channel, c.outcome, c.excuse, c.evidence, c.action_id)
    return _rows(conn, query, views.CONTACT, scope)


def signal_facts(conn: Connection, scope: Scope = None) -> list[tuple[Any, ...]]:
    """(customer id, date, kind, resolved on)."""
    c = views.SIGNAL.c
    return _rows(conn, select(c.customer_id, c.on_date, c.kind, c.resolved_on), views.SIGNAL,
                 scope)


def invoice_owners(conn: Connection, scope: Scope = None) -> dict[int, str]:
    c = views.INVOICE.c
    query = _scoped(select(c.id, c.owner).where(c.owner != ""), c.customer_id, scope)
    return {r[0]: r[1] for r in conn.execute(query).all()}


def disputed_invoices(conn: Connection, scope: Scope = None) -> set[int]:
    c = views.INVOICE.c
    query = _scoped(select(c.id).where(c.disputed.is_(True)), c.customer_id, scope)
    return set(conn.execute(query).scalars())


def approximate_invoices(conn: Connection, scope: Scope = None) -> list[tuple[int, int, str, date]]:
    """(id, customer id, number, issued) of the invoices an export gave only roughly."""
    c = views.INVOICE.c
    query = select(c.id, c.customer_id, c.number, c.issued).where(c.approximate.is_(True))
    return [tuple(r) for r in conn.execute(_scoped(query, c.customer_id, scope)).all()]


def done_action_ids(conn: Connection, scope: Scope = None) -> frozenset[str]:
    """The plan actions contacts were logged against (``log --action``)."""
    c = views.CONTACT.c
    query = _scoped(select(c.action_id).where(c.action_id.is_not(None), c.undone_on.is_(None)),
                    c.customer_id, scope)
    return frozenset(conn.execute(query).scalars())


# --- what recording and editing look up ------------------------------------------------------

def customer_id_by_key(conn: Connection, key: str) -> tuple[int, str] | None:
    """(id, name) of the customer whose normalised name is ``key``."""
    c = views.CUSTOMER.c
    row = conn.execute(select(c.id, c.name).where(c.name_key == key)).first()
    return None if row is None else (row[0], row[1])


def customer_owner(conn: Connection, customer_id: int) -> str:
    c = views.CUSTOMER.c
    return str(conn.execute(select(c.owner).where(c.id == customer_id)).scalar_one())


def owner_names(conn: Connection) -> list[str]:
    """Every owner (rep) the ledger names: the distinct owners of customers and invoices."""
    cust, inv = views.CUSTOMER.c, views.INVOICE.c
    query = union(select(cust.owner).where(cust.owner != ""),
                  select(inv.owner).where(inv.owner != ""))
    return sorted(conn.execute(query).scalars())


def payment_near(conn: Connection, customer_id: int, fen: int, on: date,
                 days: int) -> tuple[Any, ...] | None:
    """(id, paid on, reference, source file, source ref) of the earliest dated payment of
    exactly ``fen`` within ``days`` of ``on`` (a paid-column claim has no date of its own)."""
    c = views.PAYMENT.c
    near = timedelta(days=days)
    query = (select(c.id, c.paid_on, c.reference, c.source_file, c.source_ref)
             .where(c.customer_id == customer_id, c.amount == fen, c.origin != "paid_column",
                    c.paid_on.between(on - near, on + near), c.undone_on.is_(None))
             .order_by(c.paid_on, c.id))
    row = conn.execute(query).first()
    return None if row is None else tuple(row)


def invoice_dispute(conn: Connection, customer_id: int, number: str) -> tuple[int, bool, str] | None:
    """(id, disputed, reason) of a customer's invoice by its number."""
    c = views.INVOICE.c
    query = select(c.id, c.disputed, c.dispute_reason).where(c.customer_id == customer_id,
                                                             c.number == number)
    row = conn.execute(query).first()
    return None if row is None else (row[0], bool(row[1]), row[2])


def set_dispute(conn: Connection, invoice_id: int, disputed: bool, reason: str) -> None:
    update_one(conn, _table("INVOICE"), invoice_id, {"disputed": disputed, "dispute_reason": reason})


def disputes(conn: Connection, customer_id: int) -> dict[str, str]:
    """A customer's disputed invoices: number → reason, by number."""
    c = views.INVOICE.c
    query = select(c.number, c.dispute_reason).where(c.customer_id == customer_id,
                                                     c.disputed.is_(True))
    return dict(sorted((r[0], r[1]) for r in conn.execute(query)))  # not the server locale's order


# --- undo ------------------------------------------------------------------------------------

def undo_target(conn: Connection, table: Table, row_id: int) -> dict[str, Any] | None:
    """The record ``row_id`` of ``table`` (payment, contact, promise, acknowledgement or signal)
    with its customer's name, or None."""
    cust = views.CUSTOMER.c
    query = (select(table, cust.name.label("customer_name"))
             .join(views.CUSTOMER, cust.id == table.c.customer_id).where(table.c.id == row_id))
    row = conn.execute(query).mappings().first()
    return None if row is None else dict(row)


def mark_undone(conn: Connection, table: Table, row_id: int, on: date, note: str,
                **also: Any) -> None:
    update_one(conn, table, row_id, {"undone_on": on, "undo_note": note, **also})
