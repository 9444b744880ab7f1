"""A cheap stamp of what the ledger holds, to tell whether another writer changed it between a
read and a later write (an import compares the workbook with what it read, then writes)."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from dunner.ledger import repo

Stamp = tuple[int, ...]
# What an import reads: customers, their people, invoices and payments (added or undone).
STAMPED = ("customer", "contact_person", "invoice", "payment")
EMPTY: Stamp = (0,) * (2 * len(STAMPED) + 1)


def content_stamp(conn: Connection) -> Stamp:
    """Row count and highest id of each table an import reads, and the undone payments."""
    out: list[int] = []
    for name in STAMPED:
        table = repo.TABLES[name]
        count, top = conn.execute(select(func.count(), func.coalesce(func.max(table.c.id), 0))
                                  .select_from(table)).one()
        out += [int(count), int(top)]
    pay = repo.PAYMENT
    undone = conn.execute(select(func.count()).select_from(pay)
                          .where(pay.c.undone_on.is_not(None))).scalar_one()
    return (*out, int(undone))


def hold_off_writers(conn: Connection) -> None:
    """Make other writers of what an import reads wait until this transaction ends. SQLite's
    write transactions already begin with the database's write lock; on PostgreSQL, whose
    statements each see what others committed, the tables are locked against changes (reads
    go on)."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(f'"{name}"' for name in STAMPED)
        conn.execute(text(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))
