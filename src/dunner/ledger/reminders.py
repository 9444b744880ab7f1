"""What ``dunner remind`` reads and writes: the digests delivered (``reminder_sent``) and the
payments entered in a span — plain Core queries, no SQLModel."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, column, func, select, table
from sqlalchemy.engine import Connection

from dunner.ledger import read_tables as views

# A light handle on the table ``tables.ReminderSent`` declares (a test keeps the two equal).
SENT = table("reminder_sent", column("id", Integer), column("sent_on", Date),
             column("recipient", String), column("channel", String),
             column("digest_hash", String), column("sent_at", DateTime))


def sent_on(conn: Connection, day: date, channel: str) -> set[str]:
    """The recipients a digest was delivered to on ``day`` through ``channel``."""
    c = SENT.c
    query = select(c.recipient).where(c.sent_on == day, c.channel == channel).distinct()
    return set(conn.execute(query).scalars())


def last_sent_before(conn: Connection, day: date, channel: str | None) -> dict[str, date]:
    """Each recipient's latest delivered digest before ``day``, through ``channel`` (or any)."""
    c = SENT.c
    query = select(c.recipient, func.max(c.sent_on)).where(c.sent_on < day)
    if channel is not None:
        query = query.where(c.channel == channel)
    return {r[0]: r[1] for r in conn.execute(query.group_by(c.recipient)).all()}


def record_sent(conn: Connection, day: date, recipient: str, channel: str, digest_hash: str,
                at: datetime) -> None:
    """Record one delivered digest; the same digest sent again (``--force``) updates its time."""
    c = SENT.c
    key = (c.sent_on == day, c.recipient == recipient, c.channel == channel,
           c.digest_hash == digest_hash)
    if conn.execute(select(c.id).where(*key)).first() is not None:
        conn.execute(SENT.update().where(*key).values(sent_at=at))
        return
    conn.execute(SENT.insert().values(sent_on=day, recipient=recipient, channel=channel,
                                      digest_hash=digest_hash, sent_at=at))


def payments_entered(conn: Connection, since: date, until: date,
                     owner: str | None = None) -> list[tuple[int, int, date]]:
    """(customer id, fen, day) of the payments that entered the ledger on ``since`` ≤ day <
    ``until`` — the day recorded, or the day paid when the ledger does not know when it was
    entered; only ``owner``'s customers when given; none ``dunner undo`` marked."""
    p, cust = views.PAYMENT.c, views.CUSTOMER.c
    day = func.coalesce(p.recorded_on, p.paid_on)
    query = select(p.customer_id, p.amount, day).where(day >= since, day < until,
                                                       p.undone_on.is_(None))
    if owner is not None:
        query = query.where(p.customer_id.in_(select(cust.id).where(cust.owner == owner)))
    return [(r[0], int(r[1]), r[2]) for r in conn.execute(query).all()]
