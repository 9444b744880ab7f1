"""Light read handles on the ledger's tables: SQLAlchemy Core only, so a command that only reads
never imports SQLModel and pydantic (≈ 0.2 s of every run). A test keeps them equal to the
tables in ``tables.py``, which stay the one definition of the schema. A record ``dunner undo``
marked (``undone_on`` set) is left out by every reader in ``repo``."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Float, Integer, String, column, table

CUSTOMER = table(
    "customer",
    column("id", Integer), column("name", String), column("name_key", String),
    column("owner", String), column("phone", String), column("wechat", String),
    column("address", String), column("city", String), column("distance_km", Float),
    column("credit_limit", BigInteger), column("terms", String), column("pay_days", String),
    column("closing_day", Integer), column("no_monday", Boolean), column("no_morning", Boolean),
    column("do_not_contact", Boolean), column("paused_until", Date), column("status", String),
    column("founded", Date), column("registered_capital", BigInteger),
    column("annual_revenue", BigInteger), column("debt_ratio", Integer), column("notes", String),
    column("created_on", Date), column("late_rate", String),
)
INVOICE = table(
    "invoice",
    column("id", Integer), column("customer_id", Integer), column("number", String),
    column("issued", Date), column("due", Date), column("amount", BigInteger),
    column("owner", String), column("disputed", Boolean), column("fapiao_state", String),
    column("fapiao_no", String), column("fapiao_date", Date), column("fapiao_received_on", Date),
)
PAYMENT = table(
    "payment",
    column("id", Integer), column("customer_id", Integer), column("paid_on", Date),
    column("amount", BigInteger), column("invoice_number", String), column("origin", String),
    column("recorded_on", Date), column("undone_on", Date), column("bill_kind", String),
    column("bill_no", String), column("bill_acceptor", String), column("bill_matures", Date),
    column("bill_state", String), column("bill_state_on", Date), column("bill_endorsed_to", String),
)
PROMISE = table(
    "promise",
    column("customer_id", Integer), column("made_on", Date), column("due_on", Date),
    column("amount", BigInteger), column("plan", String), column("undone_on", Date),
)
ACK = table("acknowledgement", column("customer_id", Integer), column("on_date", Date),
            column("balance", BigInteger), column("undone_on", Date))
CONTACT = table(
    "contact_log",
    column("customer_id", Integer), column("at", DateTime), column("channel", String),
    column("outcome", String), column("excuse", String), column("evidence", Boolean),
    column("action_id", String), column("undone_on", Date),
)
SIGNAL = table("signal", column("customer_id", Integer), column("on_date", Date),
               column("kind", String), column("resolved_on", Date), column("undone_on", Date))
HANDLES = (CUSTOMER, INVOICE, PAYMENT, PROMISE, ACK, CONTACT, SIGNAL)
