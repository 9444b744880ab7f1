"""A cheap stamp of what the ledger holds, to tell whether another writer changed it between a
read and a later write (an import compares the workbook with what it read, then writes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dunner.ledger.sql import fetch

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

Stamp = tuple[int, ...]
# What an import reads: customers, their people, invoices and payments (added or undone), and
# the families of the files it read.
STAMPED = ("customer", "contact_person", "invoice", "payment", "import_file")
EMPTY: Stamp = (0,) * (2 * len(STAMPED) + 1)
# one statement: each table's row count and highest id, then the undone payments
_STAMP_SQL = "SELECT " + ", ".join(
    f'(SELECT count(*) FROM "{name}"), (SELECT coalesce(max(id), 0) FROM "{name}")'
    for name in STAMPED) + ", (SELECT count(*) FROM payment WHERE undone_on IS NOT NULL)"


def content_stamp(conn: Any) -> Stamp:
    """Row count and highest id of each table an import reads, and the undone payments (on an
    SQLAlchemy connection or the standard library's)."""
    return tuple(int(v) for v in fetch(conn, _STAMP_SQL)[0])


def hold_off_writers(conn: Connection) -> None:
    """Make other writers of what an import reads wait until this transaction ends. SQLite's
    write transactions already begin with the database's write lock; on PostgreSQL, whose
    statements each see what others committed, the tables are locked against changes (reads
    go on)."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(f'"{name}"' for name in STAMPED)
        conn.exec_driver_sql(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
