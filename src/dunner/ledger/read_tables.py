"""Light read handles on the ledger's tables: SQLAlchemy Core only, so a command that only reads
never imports SQLModel and pydantic (≈ 0.2 s of every run). A test keeps them equal to the
tables in ``tables.py`` (every column, in the same order), which stay the one definition of
the schema. A record ``dunner undo``
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
    column("description", String), column("signed_receipt", Boolean), column("disputed", Boolean),
    column("dispute_reason", String), column("owner", String), column("source_file", String),
    column("source_ref", String), column("fapiao_state", String), column("fapiao_no", String),
    column("fapiao_date", Date), column("fapiao_received_on", Date),
    column("approximate", Boolean),
)
PAYMENT = table(
    "payment",
    column("id", Integer), column("customer_id", Integer), column("paid_on", Date),
    column("amount", BigInteger), column("method", String), column("reference", String),
    column("invoice_number", String), column("origin", String), column("import_key", String),
    column("recorded_on", Date), column("source_file", String), column("source_ref", String),
    column("undone_on", Date), column("undo_note", String), column("bill_kind", String),
    column("bill_no", String), column("bill_acceptor", String), column("bill_matures", Date),
    column("bill_state", String), column("bill_state_on", Date),
    column("bill_endorsed_to", String),
)
PROMISE = table(
    "promise",
    column("id", Integer), column("customer_id", Integer), column("made_on", Date),
    column("due_on", Date), column("amount", BigInteger), column("plan", String),
    column("note", String), column("undone_on", Date), column("undo_note", String),
)
ACK = table(
    "acknowledgement",
    column("id", Integer), column("customer_id", Integer), column("on_date", Date),
    column("balance", BigInteger), column("note", String), column("undone_on", Date),
    column("undo_note", String),
)
CONTACT = table(
    "contact_log",
    column("id", Integer), column("customer_id", Integer), column("at", DateTime),
    column("channel", String), column("outcome", String), column("excuse", String),
    column("note", String), column("who", String), column("evidence", Boolean),
    column("action_id", String), column("undone_on", Date), column("undo_note", String),
)
PERSON = table(
    "contact_person",
    column("id", Integer), column("customer_id", Integer), column("name", String),
    column("role", String), column("phone", String), column("wechat", String),
)
SIGNAL = table(
    "signal",
    column("id", Integer), column("customer_id", Integer), column("on_date", Date),
    column("kind", String), column("note", String), column("resolved_on", Date),
    column("undone_on", Date), column("undo_note", String),
)
HANDLES = (CUSTOMER, INVOICE, PAYMENT, PROMISE, ACK, CONTACT, SIGNAL, PERSON)
BY_NAME = {h.name: h for h in HANDLES}
