"""Reading the ledger back after an import: table dumps, customers, invoices, payments, configs."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select

from dunner.config import Config, load_config
from dunner.ledger import repo
from dunner.ledger.db import Ledger


def config_with(**limits: int) -> Config:
    """The default config with some ``[import]`` limits changed, e.g. ``max_rows=5``."""
    base = load_config(None, {})
    values = copy.deepcopy(base.values)
    values["import"].update(limits)
    return Config(values)


def dump_ledger(ledger: Ledger) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ordered by id, for before/after comparisons."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ledger.read() as conn:
        for name, table in repo.TABLES.items():
            out[name] = [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))]
    return out


def customers(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """Customer rows by display name."""
    with ledger.read() as conn:
        return {r["name"]: r for r in repo.customer_rows(conn)}


def invoices(ledger: Ledger) -> dict[str, tuple[Any, ...]]:
    """number → (customer name, issued, due, amount) for every invoice."""
    with ledger.read() as conn:
        names = {r["id"]: r["name"] for r in repo.customer_rows(conn)}
        return {number: (names[cid], issued, due, amount)
                for _id, cid, number, issued, due, amount in repo.invoice_facts(conn)}


def payments(ledger: Ledger) -> list[dict[str, Any]]:
    """Every payment row as a dict, in the order written."""
    with ledger.read() as conn:
        query = select(repo.PAYMENT).order_by(repo.PAYMENT.c.id)
        return [dict(r) for r in conn.execute(query).mappings()]


def persons(ledger: Ledger) -> list[dict[str, Any]]:
    with ledger.read() as conn:
        query = select(repo.PERSON).order_by(repo.PERSON.c.id)
        return [dict(r) for r in conn.execute(query).mappings()]
