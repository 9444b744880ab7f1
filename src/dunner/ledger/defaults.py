"""Column defaults for bulk inserts, taken from the table models so they are written once."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined

from dunner.ledger.tables import (
    Acknowledgement,
    ContactLog,
    ContactPerson,
    Customer,
    Invoice,
    Payment,
    Promise,
    Signal,
)

MODELS = {"customer": Customer, "contact_person": ContactPerson, "invoice": Invoice,
          "payment": Payment, "contact_log": ContactLog, "promise": Promise,
          "acknowledgement": Acknowledgement, "signal": Signal}


@cache
def defaults(table: str) -> dict[str, Any]:
    fields = MODELS[table].model_fields
    return {name: f.default for name, f in fields.items()
            if name != "id" and f.default is not PydanticUndefined}


def complete(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every column the table has, missing ones at their default."""
    return {**defaults(table), **row}
