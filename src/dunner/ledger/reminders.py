"""What ``dunner remind`` reads and writes: the digests delivered (``reminder_sent``) and the
payments entered in a span — plain SQL (``sql.fetch``), on the standard library's SQLite
connection or an SQLAlchemy one alike, so a digest run on an SQLite file never loads
SQLAlchemy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dunner.ledger import repo
from dunner.ledger.sql import fetch


def sent_on(conn: Any, day: date, channel: str) -> set[str]:
    """The recipients a digest was delivered to on ``day`` through ``channel``."""
    (bound,) = repo.bound(conn, [(day, channel)])
    rows = fetch(conn, "SELECT DISTINCT recipient FROM reminder_sent"
                       " WHERE sent_on = ? AND channel = ?", bound)
    return {r[0] for r in rows}


def last_sent_before(conn: Any, day: date, channel: str | None) -> dict[str, date]:
    """Each recipient's latest delivered digest before ``day``, through ``channel`` (or any)."""
    sql = "SELECT recipient, MAX(sent_on) FROM reminder_sent WHERE sent_on < ?"
    params: list[Any] = [day]
    if channel is not None:
        sql += " AND channel = ?"
        params.append(channel)
    (bound,) = repo.bound(conn, [tuple(params)])
    rows = fetch(conn, sql + " GROUP BY recipient", bound, ("text", "date"))
    return {r[0]: r[1] for r in rows}


_KEY = "sent_on = ? AND recipient = ? AND channel = ? AND digest_hash = ?"


def record_sent(conn: Any, day: date, recipient: str, channel: str, digest_hash: str,
                at: datetime) -> None:
    """Record one delivered digest; the same digest sent again (``--force``) updates its time."""
    (key,) = repo.bound(conn, [(day, recipient, channel, digest_hash)])
    if fetch(conn, f"SELECT id FROM reminder_sent WHERE {_KEY}", key):
        repo.execute_many(conn, f"UPDATE reminder_sent SET sent_at = ? WHERE {_KEY}",
                          repo.bound(conn, [(at, *key)]))
        return
    repo.execute_many(conn, "INSERT INTO reminder_sent (sent_on, recipient, channel, digest_hash,"
                            " sent_at) VALUES (?, ?, ?, ?, ?)", repo.bound(conn, [(*key, at)]))


def payments_entered(conn: Any, since: date, until: date,
                     owner: str | None = None) -> list[tuple[int, int, date]]:
    """(customer id, fen, day) of the payments that entered the ledger on ``since`` ≤ day <
    ``until`` — the day recorded, or the day paid when the ledger does not know when it was
    entered; only ``owner``'s customers when given; none ``dunner undo`` marked."""
    day = "COALESCE(payment.recorded_on, payment.paid_on)"
    sql = (f"SELECT payment.customer_id, payment.amount, {day} FROM payment"
           f" WHERE {day} >= ? AND {day} < ? AND payment.undone_on IS NULL")
    params: list[Any] = [since, until]
    if owner is not None:
        sql += (" AND payment.customer_id IN (SELECT customer.id FROM customer"
                " WHERE customer.owner = ?)")
        params.append(owner)
    (bound,) = repo.bound(conn, [tuple(params)])
    rows = fetch(conn, sql, bound, ("int", "big", "date"))
    return [(r[0], int(r[1]), r[2]) for r in rows]
