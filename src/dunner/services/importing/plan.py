"""Comparing parsed rows with the ledger: what to add, what changed, what is missing, what is wrong."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dunner.domain.money import fen_str
from dunner.domain.problems import Problem
from dunner.i18n import t
from dunner.services.importing.rows import Row

# customer sheet field → customer column
CUSTOMER_FIELDS = {
    "owner": "owner", "phone": "phone", "wechat": "wechat", "address": "address", "city": "city",
    "terms": "terms", "credit_limit": "credit_limit", "pay_days": "pay_days",
    "closing_day": "closing_day", "distance": "distance_km", "note": "notes",
}


@dataclass(frozen=True)
class Change:
    source: str
    subject: str
    field: str
    old: str
    new: str


@dataclass
class State:
    """What the ledger holds already, loaded once."""

    customers: dict[str, dict[str, Any]]
    invoices: dict[tuple[int, str], tuple[Any, ...]]
    payment_keys: set[str]
    paid_sums: dict[tuple[int, str], int]
    persons: set[tuple[int, str]]
    ids: dict[int, str] = field(default_factory=dict)  # customer id → key

    def __post_init__(self) -> None:
        self.ids = {c["id"]: k for k, c in self.customers.items()}


@dataclass
class Plan:
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → new row
    customer_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    invoices: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (customer key, row)
    invoice_updates: list[dict[str, Any]] = field(default_factory=list)
    payments: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    persons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def build_plan(rows: list[Row], state: State, file_name: str, only_sheet: str | None) -> Plan:
    """Everything the import would do; row problems found on the way are added to the rows."""
    plan = Plan()
    names = _customer_names(rows)
    _plan_customers(rows, state, names, plan, file_name)
    numbers, present = _plan_invoices(rows, state, names, plan, file_name)
    _plan_payments(rows, state, numbers, plan, file_name)
    if any(r.kind == "invoices" for r in rows):
        _missing(present, state, plan, file_name, only_sheet)
    return plan


def _customer_names(rows: list[Row]) -> dict[str, str]:
    """Display name per key: the customer sheet's spelling first, else the first seen."""
    names: dict[str, str] = {}
    for wanted in (True, False):
        for row in rows:
            if (row.kind == "customers") is wanted and row.customer_key:
                names.setdefault(row.customer_key, row.values["customer"])
    return names


def _plan_customers(rows: list[Row], state: State, names: dict[str, str], plan: Plan,
                    file_name: str) -> None:
    wanted: dict[str, dict[str, Any]] = {}
    filled: dict[str, dict[str, Any]] = {}  # from invoice rows: fill gaps, never overwrite
    for row in rows:
        if row.problems or "customer" not in row.values:
            continue
        target = wanted if row.kind == "customers" else filled
        if row.kind == "payments":
            continue
        attrs = target.setdefault(row.customer_key, {})
        for src, column in CUSTOMER_FIELDS.items():
            if src in row.values and (row.kind == "customers" or src != "note"):
                attrs.setdefault(column, row.values[src])
        if row.kind == "customers" and "contact" in row.values:
            plan.persons.append((row.customer_key, {"name": row.values["contact"],
                                                    "phone": row.values.get("phone", "")}))
    for key in sorted(set(wanted) | set(filled)):
        attrs = {**filled.get(key, {}), **wanted.get(key, {})}
        existing = state.customers.get(key)
        if existing is None:
            plan.customers[key] = {"name": names[key], "name_key": key, **attrs}
            plan.counts["customers_added"] += 1
            continue
        changed = {}
        for column, value in attrs.items():
            old = existing.get(column)
            overwrite = key in wanted and column in wanted[key]
            if value != old and (overwrite or old in (None, "")):
                changed[column] = value
                plan.changes.append(Change(file_name, existing["name"], column, _show(old),
                                           _show(value)))
        if changed:
            plan.customer_updates[existing["id"]] = changed
            plan.counts["customers_updated"] += 1
        else:
            plan.counts["customers_unchanged"] += 1
    plan.persons = [(k, p) for k, p in plan.persons
                    if k in plan.customers or (state.customers[k]["id"], p["name"]) not in
                    state.persons]


def _show(value: object) -> str:
    return "" if value is None else str(value)


def _plan_invoices(rows: list[Row], state: State, names: dict[str, str], plan: Plan,
                   file_name: str) -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """Every invoice number per customer key (file and ledger) for payment checks, and the
    (customer key, number) pairs this file lists, generated numbers included."""
    seen: dict[tuple[str, str], int] = {}
    numbers: dict[str, set[str]] = {}
    present: set[tuple[str, str]] = set()
    synthetic: Counter[tuple[str, date]] = Counter()
    for row in rows:
        if row.kind != "invoices":
            continue
        key, v = row.customer_key, row.values
        number = v.get("number")
        if number is None and "issued" in v:
            synthetic[(key, v["issued"])] += 1
            number = f"{v['issued']:%Y%m%d}-{synthetic[(key, v['issued'])]}"
        if key and number:
            present.add((key, number))  # listed, even if rejected: not missing from the file
        if row.problems or number is None:
            continue
        if (key, number) in seen:
            row.problems.append(Problem(f"{file_name}:{row.sheet}!{row.line}", "duplicate_invoice",
                                        t("row.duplicate", number=number, line=seen[key, number]),
                                        t("row.duplicate.hint")))
            continue
        seen[key, number] = row.line
        numbers.setdefault(key, set()).add(number)
        _plan_invoice(row, key, number, state, plan, file_name)
    for (cid, number) in state.invoices:
        numbers.setdefault(state.ids[cid], set()).add(number)
    return numbers, present


def _plan_invoice(row: Row, key: str, number: str, state: State, plan: Plan,
                  file_name: str) -> None:
    v = row.values
    description = " ".join(x for x in (v.get("description", ""), v.get("note", "")) if x)
    record = {"number": number, "issued": v["issued"], "due": v.get("due"), "amount": v["amount"],
              "owner": v.get("owner", ""), "description": description, "source_file": file_name,
              "source_ref": f"{row.sheet}!{row.line}"}
    customer = state.customers.get(key)
    existing = state.invoices.get((customer["id"], number)) if customer else None
    paid = v.get("paid", 0)
    if existing is None:
        plan.invoices.append((key, record))
        plan.counts["invoices_added"] += 1
        if paid:
            plan.payments.append((key, _paid_payment(number, paid, paid, record, key)))
            plan.counts["payments_added"] += 1
        return
    assert customer is not None
    _compare_invoice(row, record, existing, customer["name"], plan, file_name)
    already = state.paid_sums.get((customer["id"], number), 0)
    if paid > already:
        plan.payments.append((key, _paid_payment(number, paid - already, paid, record, key)))
        plan.changes.append(Change(file_name, f"{customer['name']} {number}", "paid",
                                   fen_str(already), fen_str(paid)))
        plan.counts["payments_added"] += 1
    elif paid and paid == already:
        plan.counts["payments_unchanged"] += 1
    elif paid < already:
        plan.notes.append(Problem(f"{file_name}:{row.sheet}!{row.line}", "paid_decreased",
                                  t("row.paid_decreased", number=number, old=fen_str(already),
                                    new=fen_str(paid)), t("row.paid_decreased.hint")))


def _compare_invoice(row: Row, record: dict[str, Any], existing: tuple[Any, ...], name: str,
                     plan: Plan, file_name: str) -> None:
    inv_id, issued, due, amount, owner, description = existing[:6]
    current = {"issued": issued, "due": due, "amount": amount, "owner": owner,
               "description": description}
    update: dict[str, Any] = {}
    for column, old in current.items():
        new = record[column]
        if column in ("due", "owner", "description") and new in (None, ""):
            continue  # an empty cell keeps what the ledger knows
        if new != old:
            update[column] = new
            shown = (fen_str(old), fen_str(new)) if column == "amount" else (_show(old), _show(new))
            plan.changes.append(Change(file_name, f"{name} {record['number']}", column, *shown))
    if update:
        plan.invoice_updates.append({"id": inv_id, **update})
        plan.counts["invoices_updated"] += 1
    else:
        plan.counts["invoices_unchanged"] += 1


def _paid_payment(number: str, amount: int, total: int, record: dict[str, Any],
                  key: str) -> dict[str, Any]:
    return {"paid_on": None, "amount": amount, "method": "", "reference": "",
            "invoice_number": number, "origin": "paid_column",
            "import_key": f"paid|{key}|{number}|{total}",
            "source_file": record["source_file"], "source_ref": record["source_ref"]}


def _plan_payments(rows: list[Row], state: State, numbers: dict[str, set[str]], plan: Plan,
                   file_name: str) -> None:
    occurrences: Counter[str] = Counter()
    known = set(state.customers) | set(plan.customers)
    for row in rows:
        if row.kind != "payments" or row.problems:
            continue
        key, v = row.customer_key, row.values
        where = f"{file_name}:{row.sheet}!{row.line}"
        if key not in known:
            row.problems.append(Problem(where, "unknown_customer",
                                        t("row.unknown_customer", customer=v["customer"]),
                                        t("row.unknown_customer.hint")))
            continue
        number = v.get("number")
        if number and number not in numbers.get(key, set()):
            row.problems.append(Problem(where, "unknown_invoice",
                                        t("row.unknown_invoice", number=number),
                                        t("row.unknown_invoice.hint")))
            continue
        base = f"pay|{key}|{v['payment_date']}|{v['amount']}|{number or ''}|{v.get('reference', '')}"
        occurrences[base] += 1
        import_key = f"{base}|{occurrences[base]}"
        if import_key in state.payment_keys:
            plan.counts["payments_unchanged"] += 1
            continue
        plan.payments.append((key, {
            "paid_on": v["payment_date"], "amount": v["amount"], "method": v.get("method", ""),
            "reference": v.get("reference", ""), "invoice_number": number, "origin": "sheet",
            "import_key": import_key, "source_file": file_name,
            "source_ref": f"{row.sheet}!{row.line}"}))
        plan.counts["payments_added"] += 1


def _missing(present: set[tuple[str, str]], state: State, plan: Plan, file_name: str,
             only_sheet: str | None) -> None:
    """Invoices this file brought before that it no longer lists: reported, never deleted."""
    for (cid, number), inv in state.invoices.items():
        source_file, ref = inv[6], inv[7]
        if source_file != file_name or (only_sheet and not ref.startswith(f"{only_sheet}!")):
            continue
        key = state.ids[cid]
        if (key, number) not in present:
            plan.missing.append(f"{state.customers[key]['name']} {number}")
