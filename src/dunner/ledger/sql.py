"""Plain SQL for the read path and the one-row writes, on either connection, without SQLAlchemy.

A command that only reads (``status``, ``grade``, ``plan``, ``customer show``, ``check``) opens
an SQLite ledger with the standard library's ``sqlite3`` and runs these queries on it; importing
SQLAlchemy alone costs longer than the rest of a small ledger's answer. The same functions run
on an SQLAlchemy connection (PostgreSQL, or the write transaction a command holds), through the
driver: so each query is written once, with ``?`` for its parameters (turned into the driver's
own mark), and typed here as the columns' kinds say — SQLite hands dates back as text and flags
as 0/1, PostgreSQL as dates and booleans, and both come out as ``date``/``datetime``/``bool``.

``COLUMNS`` is every ledger table's columns in order with their kinds: the one list the read
handles in ``read_tables`` are built from (a test keeps it equal to the schema in ``tables``).
``DEFAULTS`` is what a column a written row leaves out gets, as the table models say (a test
keeps them equal), so that writing on SQLite needs neither the models nor SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

Kind = str  # "int", "big", "text", "real", "flag", "date", "stamp"

COLUMNS: dict[str, tuple[tuple[str, Kind], ...]] = {
    "customer": (
        ("id", "int"), ("name", "text"), ("name_key", "text"), ("owner", "text"),
        ("phone", "text"), ("wechat", "text"), ("address", "text"), ("city", "text"),
        ("distance_km", "real"), ("credit_limit", "big"), ("terms", "text"), ("pay_days", "text"),
        ("closing_day", "int"), ("no_monday", "flag"), ("no_morning", "flag"),
        ("do_not_contact", "flag"), ("paused_until", "date"), ("status", "text"),
        ("founded", "date"), ("registered_capital", "big"), ("annual_revenue", "big"),
        ("debt_ratio", "int"), ("notes", "text"), ("created_on", "date"), ("late_rate", "text"),
    ),
    "invoice": (
        ("id", "int"), ("customer_id", "int"), ("number", "text"), ("issued", "date"),
        ("due", "date"), ("amount", "big"), ("description", "text"), ("signed_receipt", "flag"),
        ("disputed", "flag"), ("dispute_reason", "text"), ("owner", "text"),
        ("source_file", "text"), ("source_ref", "text"), ("fapiao_state", "text"),
        ("fapiao_no", "text"), ("fapiao_date", "date"), ("fapiao_received_on", "date"),
        ("approximate", "flag"),
    ),
    "payment": (
        ("id", "int"), ("customer_id", "int"), ("paid_on", "date"), ("amount", "big"),
        ("method", "text"), ("reference", "text"), ("invoice_number", "text"), ("origin", "text"),
        ("import_key", "text"), ("recorded_on", "date"), ("source_file", "text"),
        ("source_ref", "text"), ("undone_on", "date"), ("undo_note", "text"),
        ("bill_kind", "text"), ("bill_no", "text"), ("bill_acceptor", "text"),
        ("bill_matures", "date"), ("bill_state", "text"), ("bill_state_on", "date"),
        ("bill_endorsed_to", "text"),
    ),
    "promise": (
        ("id", "int"), ("customer_id", "int"), ("made_on", "date"), ("due_on", "date"),
        ("amount", "big"), ("plan", "text"), ("note", "text"), ("undone_on", "date"),
        ("undo_note", "text"),
    ),
    "acknowledgement": (
        ("id", "int"), ("customer_id", "int"), ("on_date", "date"), ("balance", "big"),
        ("note", "text"), ("undone_on", "date"), ("undo_note", "text"),
    ),
    "contact_log": (
        ("id", "int"), ("customer_id", "int"), ("at", "stamp"), ("channel", "text"),
        ("outcome", "text"), ("excuse", "text"), ("note", "text"), ("who", "text"),
        ("evidence", "flag"), ("action_id", "text"), ("undone_on", "date"), ("undo_note", "text"),
    ),
    "signal": (
        ("id", "int"), ("customer_id", "int"), ("on_date", "date"), ("kind", "text"),
        ("note", "text"), ("resolved_on", "date"), ("undone_on", "date"), ("undo_note", "text"),
    ),
    "reminder_sent": (
        ("id", "int"), ("sent_on", "date"), ("recipient", "text"), ("channel", "text"),
        ("digest_hash", "text"), ("sent_at", "stamp"),
    ),
    "contact_person": (
        ("id", "int"), ("customer_id", "int"), ("name", "text"), ("role", "text"),
        ("phone", "text"), ("wechat", "text"),
    ),
}
KINDS = {table: dict(cols) for table, cols in COLUMNS.items()}

DEFAULTS: dict[str, dict[str, Any]] = {
    "customer": {
        "owner": "", "phone": "", "wechat": "", "address": "", "city": "", "distance_km": None,
        "credit_limit": None, "terms": None, "pay_days": "", "closing_day": None,
        "no_monday": False, "no_morning": False, "do_not_contact": False, "paused_until": None,
        "status": "active", "founded": None, "registered_capital": None, "annual_revenue": None,
        "debt_ratio": None, "notes": "", "created_on": None, "late_rate": None,
    },
    "contact_person": {"role": "other", "phone": "", "wechat": ""},
    "invoice": {
        "due": None, "description": "", "signed_receipt": False, "disputed": False,
        "dispute_reason": "", "owner": "", "source_file": "", "source_ref": "",
        "fapiao_state": "untracked", "fapiao_no": "", "fapiao_date": None,
        "fapiao_received_on": None, "approximate": False,
    },
    "payment": {
        "paid_on": None, "method": "", "reference": "", "invoice_number": None,
        "origin": "manual", "import_key": None, "recorded_on": None, "source_file": "",
        "source_ref": "", "undone_on": None, "undo_note": "", "bill_kind": None, "bill_no": None,
        "bill_acceptor": "", "bill_matures": None, "bill_state": None, "bill_state_on": None,
        "bill_endorsed_to": "",
    },
    "contact_log": {"outcome": None, "excuse": None, "note": "", "who": "", "evidence": False,
                    "action_id": None, "undone_on": None, "undo_note": ""},
    "promise": {"plan": None, "note": "", "undone_on": None, "undo_note": ""},
    "acknowledgement": {"note": "", "undone_on": None, "undo_note": ""},
    "signal": {"note": "", "resolved_on": None, "undone_on": None, "undo_note": ""},
}


class _Days(dict[Any, date]):
    """Each day by the text (or bytes) the database holds, made once: a ledger repeats the same
    days thousands of times, and then one object serves them all."""

    def __missing__(self, value: Any) -> date:
        day = self[value] = date.fromisoformat(
            (value.decode() if value.__class__ is bytes else value)[:10])
        return day


_days = _Days()


def _day(value: Any) -> Any:
    if value.__class__ is date or value is None:
        return value
    return _days[value]


def _stamp(value: Any) -> Any:
    if value.__class__ is bytes:
        value = value.decode()
    return datetime.fromisoformat(value) if value.__class__ is str else value


def _flag(value: Any) -> Any:
    if value is None or value.__class__ is bool:
        return value
    return bool(int(value))


_CONVERT: dict[Kind, Callable[[Any], Any]] = {"date": _day, "stamp": _stamp, "flag": _flag}
# sqlite3 converts a column named "x [dunner_day]" itself, value by value in C, when the
# connection is opened with PARSE_COLNAMES (``Typed``): as fast as reading the text.
_NAMED = {"date": "dunner_day", "stamp": "dunner_stamp", "flag": "dunner_flag"}
# sqlite3 hands a converter the bytes of a value that is not NULL: a day it has met is then a
# lookup made in C, with no call of a Python function
_SQLITE = {**_CONVERT, "date": _days.__getitem__}
for _kind, _name in _NAMED.items():
    sqlite3.register_converter(_name, _SQLITE[_kind])


class Typed(sqlite3.Connection):
    """A connection opened with ``detect_types=PARSE_COLNAMES``: the columns ``listing`` names
    arrive typed."""


def listing(names: Sequence[str], kinds: Sequence[Kind]) -> str:
    """The select list of ``names``, each date, time or flag column named so that a ``Typed``
    connection converts it (``payment.paid_on AS "paid_on [dunner_day]"``)."""
    return ", ".join(f'{n} AS "{n.rsplit(".", 1)[-1]} [{_NAMED[k]}]"' if k in _NAMED else n
                     for n, k in zip(names, kinds, strict=True))


def kinds_of(table: str, names: Iterable[str]) -> tuple[Kind, ...]:
    """The kinds of ``table``'s columns ``names``, in that order."""
    kinds = KINDS[table]
    return tuple(kinds[n] for n in names)


def fetch(conn: Any, sql: str, params: Sequence[Any] = (),
          kinds: Sequence[Kind] = ()) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` (``?`` marks its parameters) as tuples, each column typed by its kind
    in ``kinds`` (none given: as the driver returns them). Typed columns are named by
    ``listing``."""
    if isinstance(conn, sqlite3.Connection):
        rows: list[tuple[Any, ...]] = conn.execute(sql, params).fetchall()
    else:  # an SQLAlchemy connection: the driver's own parameter mark
        if conn.dialect.paramstyle != "qmark":
            sql = sql.replace("?", "%s")
        rows = [tuple(r) for r in conn.exec_driver_sql(sql, tuple(params))]
    converters = [(i, _CONVERT[k]) for i, k in enumerate(kinds) if k in _CONVERT]
    if not converters or not rows or (isinstance(conn, Typed) and _typed(rows, converters)):
        return rows
    out = []
    for r in rows:
        row = list(r)
        for i, convert in converters:
            row[i] = convert(row[i])
        out.append(tuple(row))
    return out


def _typed(rows: list[tuple[Any, ...]], converters: list[tuple[int, Any]]) -> bool:
    """Whether sqlite3 converted the columns already (judged by the first and last row)."""
    return all(row[i] is None or row[i].__class__ not in (str, bytes, int)
               for row in (rows[0], rows[-1]) for i, _ in converters)


def select_all(conn: Any, table: str, where: str = "", params: Sequence[Any] = (),
               order: str = "") -> list[dict[str, Any]]:
    """Every column of ``table``'s rows matching ``where``, as dicts by column name."""
    names = [n for n, _ in COLUMNS[table]]
    sql = f'SELECT {listing(names, kinds_of(table, names))} FROM "{table}"'
    if where:
        sql += f" WHERE {where}"
    if order:
        sql += f" ORDER BY {order}"
    return [dict(zip(names, r, strict=True))
            for r in fetch(conn, sql, params, kinds_of(table, names))]


def column(conn: Any, sql: str, params: Sequence[Any] = (), kind: Kind = "text") -> list[Any]:
    """The first column of ``sql``'s rows."""
    return [r[0] for r in fetch(conn, sql, params, (kind,))]
