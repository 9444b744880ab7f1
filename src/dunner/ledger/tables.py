"""The ledger's tables, the one declaration of its schema: money in integer fen, dates as dates,
nothing SQLite-only."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


def _fk(table: str) -> Column[int]:
    return Column(Integer, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=True)


def _fen(nullable: bool = False) -> Column[int]:
    return Column(BigInteger, nullable=nullable)


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    name_key: str = Field(unique=True)
    owner: str = ""
    phone: str = ""
    wechat: str = ""
    address: str = ""
    city: str = ""
    distance_km: float | None = None
    credit_limit: int | None = Field(default=None, sa_column=_fen(nullable=True))
    terms: str | None = None  # None: the configured default
    pay_days: str = ""  # "10,25"
    closing_day: int | None = None
    no_monday: bool = False
    no_morning: bool = False
    do_not_contact: bool = False
    paused_until: date | None = None
    status: str = "active"
    founded: date | None = None
    registered_capital: int | None = Field(default=None, sa_column=_fen(nullable=True))
    annual_revenue: int | None = Field(default=None, sa_column=_fen(nullable=True))
    debt_ratio: int | None = None  # percent
    notes: str = ""
    created_on: date | None = None
    late_rate: str | None = None  # contract late-payment rate ("0.05%/day"); None: the LPR basis


class ContactPerson(SQLModel, table=True):
    __tablename__ = "contact_person"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customer"))
    name: str
    role: str = "other"
    phone: str = ""
    wechat: str = ""


class Invoice(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("customer_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customer"))
    number: str
    issued: date
    due: date | None = None  # explicit due date; None: from the customer's terms
    amount: int = Field(sa_column=_fen())
    description: str = ""
    signed_receipt: bool = False
    disputed: bool = False
    dispute_reason: str = ""
    owner: str = ""  # empty: the customer's owner
    source_file: str = ""
    source_ref: str = ""
    fapiao_state: str = "untracked"  # the tax invoice (发票): untracked | none | issued | received
    fapiao_no: str = ""
    fapiao_date: date | None = None  # issued on
    fapiao_received_on: date | None = None
    approximate: bool = False  # an export's estimate (an opening balance, an aging bucket)


class Payment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customer"))
    paid_on: date | None = None  # None: a paid amount whose date the ledger did not give
    amount: int = Field(sa_column=_fen())
    method: str = ""
    reference: str = ""
    invoice_number: str | None = None
    # manual | sheet | paid_column (a rise of the workbook's paid column: a claim, see allocation)
    origin: str = "manual"
    import_key: str | None = Field(default=None, unique=True)
    recorded_on: date | None = None  # the day it entered the ledger (a claim: first seen)
    source_file: str = ""
    source_ref: str = ""
    undone_on: date | None = None  # `dunner undo`: stays in the history, out of every rule
    undo_note: str = ""
    # an acceptance bill (承兑汇票): bank | commercial; None for money in hand
    bill_kind: str | None = None
    bill_no: str | None = Field(default=None, index=True)
    bill_acceptor: str = ""
    bill_matures: date | None = None
    bill_state: str | None = None  # held | endorsed | dishonoured (honoured: derived)
    bill_state_on: date | None = None  # the day it was endorsed or dishonoured
    bill_endorsed_to: str = ""


class ContactLog(SQLModel, table=True):
    __tablename__ = "contact_log"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customer"))
    at: datetime = Field(sa_column=Column(DateTime, nullable=False))  # local time
    channel: str
    outcome: str | None = None
    excuse: str | None = None
    note: str = ""
    who: str = ""
    evidence: bool = False
    action_id: str | None = Field(default=None, index=True)
    undone_on: date | None = None
    undo_note: str = ""


class Promise(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customer"))
    made_on: date
    due_on: date
    amount: int = Field(sa_column=_fen())
    plan: str | None = None  # instalments of one repayment plan share a plan label
    note: str = ""
    undone_on: date | None = None
    undo_note: str = ""


class Acknowledgement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customer"))
    on_date: date
    balance: int = Field(sa_column=_fen())
    note: str = ""
    undone_on: date | None = None
    undo_note: str = ""


class Signal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(sa_column=_fk("customer"))
    on_date: date
    kind: str
    note: str = ""
    resolved_on: date | None = None
    undone_on: date | None = None
    undo_note: str = ""


class ImportFile(SQLModel, table=True):
    """A file an import read invoices from, and its family: files are one family when one of
    them lists invoices another brought (a clerk's copies of one workbook, each saved under a
    day's name). An invoice a file no longer lists is reported only to a file of the family of
    the file that brought it, not to another period's or another rep's workbook."""

    __tablename__ = "import_file"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    family: str = Field(index=True)  # the name of the family's first file


class ReminderSent(SQLModel, table=True):
    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("sent_on", "recipient", "channel", "digest_hash"),)
    id: int | None = Field(default=None, primary_key=True)
    sent_on: date
    recipient: str
    channel: str
    digest_hash: str
    sent_at: datetime = Field(sa_column=Column(DateTime, nullable=False))

