"""Approximate figures in an import's change set: a customer's detail replaces the aging table's
buckets; an aging table never lies on top of a detail; an opening balance the ledger's own
records already cover is not added twice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dunner.domain.accounting import AGING_PREFIX, OPENING_PREFIX
from dunner.domain.problems import Problem
from dunner.i18n import t
from dunner.ledger import repo
from dunner.ledger.db import Ledger
from dunner.services.importing.changes import (
    INV_APPROXIMATE,
    INV_ISSUED,
    INV_NUMBER,
    ChangeSet,
    State,
)
from dunner.services.importing.rows import Row


@dataclass
class _File:
    """What the file's good invoice rows say per customer key."""

    aging: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    detail: set[str] = field(default_factory=set)


def _is_aging(values: dict[str, Any]) -> bool:
    return bool(values.get("approximate")) and str(values.get("number", "")).startswith(AGING_PREFIX)


def _is_aging_record(record: tuple[Any, ...]) -> bool:
    """``_is_aging`` of a change set's invoice (an ``INVOICE_RECORD``)."""
    return bool(record[INV_APPROXIMATE]) and str(record[INV_NUMBER]).startswith(AGING_PREFIX)


def _read(rows: list[Row]) -> _File:
    out = _File()
    for row in rows:
        if row.kind != "invoices" or not row.customer_key:
            continue
        if _is_aging(row.values):
            out.aging[row.customer_key].add(row.values["number"])
        else:
            out.detail.add(row.customer_key)
    return out


def replace_approximations(ledger: Ledger, rows: list[Row], state: State, changes: ChangeSet,
                           missing: dict[tuple[int, str], str], file_name: str) -> None:
    """Adjust ``changes`` (and the ``missing`` report) for approximate figures, see above."""
    found = _read(rows)
    if not found.aging and not found.detail:
        return
    held: list[tuple[int, int, str, date]] = []
    real: set[int] = set()  # the customers the ledger holds real invoices of (only aging rows ask)
    issued_by: dict[int, list[tuple[str, date, int]]] = {}  # (number, issued, id) by customer
    if ledger.exists:
        with ledger.reader() as conn:
            held = repo.approximate_invoices(conn)
            if found.aging:
                real = repo.customers_holding(conn, besides=AGING_PREFIX)
            for opening in _with_openings(state, changes):
                issued_by[opening] = [(r[2], r[3], r[0]) for r in repo.invoice_facts(conn, opening)]
    rough = {h[0] for h in held}
    for _iid, holder, number, _issued in held:  # estimates: their absence from a file is no news
        missing.pop((holder, number), None)
    aging_held: dict[int, dict[str, int]] = defaultdict(dict)
    for iid, holder, number, _issued in held:
        if number.startswith(AGING_PREFIX):
            aging_held[holder][number] = iid
    for key in sorted(found.detail | set(found.aging)):
        customer = state.customers.get(key)
        cid = customer["id"] if customer else None
        detailed = key in found.detail or cid in real
        if cid is not None:
            mine = aging_held.get(cid, {})
            gone = {n: i for n, i in mine.items() if detailed or n not in found.aging[key]}
            _delete(gone, cid, changes, missing)
            if gone and detailed:
                changes.notes.append(Problem(file_name, "approximations_replaced", t(
                    "import.aging.replaced", customer=customer["name"] if customer else key,
                    count=len(gone)), ""))
        if detailed and found.aging.get(key):
            _drop(changes, key, _is_aging_record)
            changes.notes.append(Problem(file_name, "aging_skipped", t(
                "import.aging.skipped", customer=_name(state, changes, key)),
                t("import.aging.skipped.hint")))
    _known_openings(state, changes, rough, issued_by, file_name)


def _delete(gone: dict[str, int], cid: int, changes: ChangeSet,
            missing: dict[tuple[int, str], str]) -> None:
    ids = set(gone.values())
    changes.invoice_deletes += sorted(ids)
    changes.invoice_updates[:] = [u for u in changes.invoice_updates if u["id"] not in ids]
    for number in gone:
        missing.pop((cid, number), None)


def _drop(changes: ChangeSet, key: str, which: Any) -> int:
    kept = [(k, r) for k, r in changes.invoices if k != key or not which(r)]
    dropped = len(changes.invoices) - len(kept)
    changes.invoices[:] = kept
    changes.counts["invoices_added"] -= dropped
    return dropped


def _is_opening_record(record: tuple[Any, ...]) -> bool:
    """Whether a change set's invoice is an opening balance (期初)."""
    return bool(record[INV_APPROXIMATE]) and str(record[INV_NUMBER]).startswith(OPENING_PREFIX)


def _with_openings(state: State, changes: ChangeSet) -> list[int]:
    """The customers the ledger holds whom the file gives a new opening balance."""
    return sorted({state.customers[key]["id"] for key, record in changes.invoices
                   if key in state.customers and _is_opening_record(record)})


def _known_openings(state: State, changes: ChangeSet, rough: set[int],
                    issued_by: dict[int, list[tuple[str, date, int]]], file_name: str) -> None:
    """A new opening balance of a customer whose invoices up to that day the ledger holds
    already (an earlier period's export, a hand-made list) is theirs: it is not added again.
    ``issued_by``: the (number, issued, id) of the invoices of each such customer."""
    for key, record in list(changes.invoices):
        number = str(record[INV_NUMBER])
        customer = state.customers.get(key)
        if not _is_opening_record(record) or customer is None:
            continue
        earlier = [n for n, issued, iid in issued_by.get(customer["id"], [])
                   if issued <= record[INV_ISSUED] and n != number
                   and not (iid in rough and n.startswith(AGING_PREFIX))]
        if earlier and _drop(changes, key, lambda r, n=number: r[INV_NUMBER] == n):
            changes.notes.append(Problem(file_name, "opening_known", t(
                "import.detail.opening_known", customer=customer["name"], number=number),
                t("import.detail.opening_known.hint")))


def _name(state: State, changes: ChangeSet, key: str) -> str:
    customer = state.customers.get(key) or changes.customers.get(key)
    return str(customer["name"]) if customer else key
