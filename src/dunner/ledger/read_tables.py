"""Light read handles on the ledger's tables: SQLAlchemy Core only, so a command that only reads
never imports SQLModel and pydantic (≈ 0.2 s of every run). A test keeps them equal to the
tables in ``tables.py`` (every column, in the same order), which stay the one definition of
the schema; their columns are ``sql.COLUMNS``, which the read path's plain SQL uses too. A
record ``dunner undo`` marked (``undone_on`` set) is left out by every reader in ``repo``."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Float, Integer, String, TableClause, column, table

from dunner.ledger.sql import COLUMNS

_TYPES = {"int": Integer, "big": BigInteger, "text": String, "real": Float, "flag": Boolean,
          "date": Date, "stamp": DateTime}


def _handle(name: str) -> TableClause:
    return table(name, *(column(n, _TYPES[kind]) for n, kind in COLUMNS[name]))


CUSTOMER = _handle("customer")
INVOICE = _handle("invoice")
PAYMENT = _handle("payment")
PROMISE = _handle("promise")
ACK = _handle("acknowledgement")
CONTACT = _handle("contact_log")
SIGNAL = _handle("signal")
PERSON = _handle("contact_person")
HANDLES = (CUSTOMER, INVOICE, PAYMENT, PROMISE, ACK, CONTACT, SIGNAL, PERSON)
BY_NAME = {h.name: h for h in HANDLES}
