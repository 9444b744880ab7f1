"""An import's change set: the good rows compared with the ledger — what to add, what changed,
what is missing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import itemgetter
from typing import Any, NamedTuple

from dunner.domain.allocation import SAME_PAYMENT_DAYS, Claim, Remittance, reconcile
from dunner.domain.money import fen_str
from dunner.domain.problems import Problem
from dunner.domain.roles import role_from_title
from dunner.i18n import t
from dunner.services.importing.rows import Row

# customer sheet field → customer column
CUSTOMER_FIELDS = {
    "owner": "owner", "phone": "phone", "wechat": "wechat", "address": "address", "city": "city",
    "terms": "terms", "credit_limit": "credit_limit", "pay_days": "pay_days",
    "closing_day": "closing_day", "distance": "distance_km", "note": "notes",
}


# The columns of an invoice and of a payment an import writes, in the order of the tuples
# ``ChangeSet.invoices`` and ``ChangeSet.payments`` hold (the customer's id is added when
# written; every other column takes its default).
INVOICE_RECORD = ("number", "issued", "due", "amount", "description", "owner", "source_file",
                  "source_ref", "fapiao_state", "fapiao_no", "fapiao_date", "approximate")
INV_NUMBER, INV_ISSUED, INV_APPROXIMATE = 0, 1, 11
PAYMENT_RECORD = ("paid_on", "amount", "method", "reference", "invoice_number", "origin",
                  "import_key", "recorded_on", "source_file", "source_ref", "bill_kind", "bill_no",
                  "bill_matures", "bill_acceptor", "bill_state")
PAY_ON, PAY_AMOUNT, PAY_NUMBER, PAY_ORIGIN = 0, 1, 4, 5
NO_FAPIAO = ("untracked", "", None)  # the fapiao columns' defaults: a sheet without them
NO_BILL = (None, None, None, "", None)


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
    persons: set[tuple[int, str]]
    # customer id → its payments: (id, paid on, amount, number, origin, recorded on, import key,
    # source file)
    payments: dict[int, list[tuple[Any, ...]]] = field(default_factory=dict)
    ids: dict[int, str] = field(default_factory=dict)  # customer id → key
    # (customer id, invoice number) → what earlier imports' paid column said: its claims' sum
    paid_sums: dict[tuple[int, str], int] = field(default_factory=dict)
    # the files earlier imports read invoices from: name → (id, the name of its family)
    files: dict[str, tuple[int, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ids = {c["id"]: k for k, c in self.customers.items()}
        for cid, rows in self.payments.items():
            for _id, _on, amount, number, origin, _recorded, _key, _source in rows:
                if origin == "paid_column":
                    self.paid_sums[cid, number] = self.paid_sums.get((cid, number), 0) + amount

    @cached_property
    def _by_amount(self) -> dict[tuple[int, int], list[tuple[Any, ...]]]:
        out: dict[tuple[int, int], list[tuple[Any, ...]]] = {}
        for cid, rows in self.payments.items():
            for row in rows:
                out.setdefault((cid, row[2]), []).append(row)
        return out

    def payments_of(self, customer_id: int, amount: int) -> list[tuple[Any, ...]]:
        """The customer's payments of ``amount`` fen, in the order of ``payments``."""
        return self._by_amount.get((customer_id, amount), [])


@dataclass
class ChangeSet:
    """What an import writes, in one transaction (``store.write_changes``), and what it reports."""

    customers: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → new row
    customer_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    # (customer key, the row's INVOICE_RECORD columns): a tuple each, 100,000 of them written at once
    invoices: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    invoice_updates: list[dict[str, Any]] = field(default_factory=list)
    payments: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)  # PAYMENT_RECORD
    # payments already in the ledger that a payment-sheet row turned out to be: id → new keys
    payment_links: list[dict[str, Any]] = field(default_factory=list)
    persons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    invoice_deletes: list[int] = field(default_factory=list)  # approximations a detail replaces
    families: list[tuple[str, str]] = field(default_factory=list)  # (file, family): ``Listing.joins``


class PaidCell(NamedTuple):
    """What one invoice row's paid column (已收金额) says."""

    key: str  # customer key
    number: str
    paid: int
    floor: int  # what earlier imports' paid column already said (the sum of its claims)
    file: str
    row: Row
    existing: bool

    @property
    def where(self) -> str:
        """The row, as a problem names it (made when asked: most cells need no note)."""
        return f"{self.file}:{self.row.sheet}!{self.row.line}"


def build_changes(rows: list[Row], state: State, file_name: str, today: date,
                  payment_sheet: bool, family: frozenset[str] = frozenset()) -> ChangeSet:
    """Everything the import of ``rows`` — the good ones: checked, none rejected — would do.
    ``payment_sheet``: whether the file has one (even if all its rows were rejected);
    ``family``: the files this one is a copy of (``Listing.family``)."""
    out = ChangeSet()
    _customers(rows, state, _customer_names(rows), out, file_name)
    for added in out.customers.values():
        added["created_on"] = today  # the plan owes nothing from before the ledger knew it
    if payment_sheet:  # the paid columns only checked against it: each customer's cells
        cells: dict[str, list[tuple[str, int, Row]]] = {}
        _invoices(rows, state, out, file_name, cells)
        _payments(rows, state, out, file_name, family, payment_sheet)
        _cross_check(cells, state, out, file_name)
    else:
        paid = _invoices(rows, state, out, file_name)
        _payments(rows, state, out, file_name, family)
        _claims(paid, state, out, file_name, today)
    return out


def _customer_names(rows: list[Row]) -> dict[str, str]:
    """Display name per key: the customer sheet's spelling first, else the first seen."""
    names: dict[str, str] = {}
    for wanted in (True, False):
        for row in rows:
            if (row.kind == "customers") is wanted and row.customer_key:
                names.setdefault(row.customer_key, row.values["customer"])
    return names


def _customers(rows: list[Row], state: State, names: dict[str, str], out: ChangeSet,
               file_name: str) -> None:
    wanted: dict[str, dict[str, Any]] = {}
    filled: dict[str, dict[str, Any]] = {}  # from invoice rows: fill gaps, never overwrite
    fields: dict[tuple[bool, tuple[str, ...]], list[tuple[str, str]]] = {}  # by the row's fields
    for row in rows:
        if "customer" not in row.values:
            continue
        target = wanted if row.kind == "customers" else filled
        if row.kind == "payments":
            continue
        attrs = target.setdefault(row.customer_key, {})
        shape = (row.kind == "customers", tuple(row.values))
        pairs = fields.get(shape)
        if pairs is None:
            pairs = fields[shape] = [(src, column) for src, column in CUSTOMER_FIELDS.items()
                                     if src in row.values and (shape[0] or src != "note")]
        for src, column in pairs:
            attrs.setdefault(column, row.values[src])
        if row.kind == "customers" and "contact" in row.values:
            # the role from the title as written (老板 → decision, 出纳 → payer, 仓库 → acceptance)
            role = role_from_title(row.values.get("title", "")) or "other"
            out.persons.append((row.customer_key, {"name": row.values["contact"], "role": role,
                                                   "phone": row.values.get("phone", ""),
                                                   "wechat": row.values.get("wechat", "")}))
    for key in sorted(set(wanted) | set(filled)):
        attrs = {**filled.get(key, {}), **wanted.get(key, {})}
        existing = state.customers.get(key)
        if existing is None:
            out.customers[key] = {"name": names[key], "name_key": key, **attrs}
            out.counts["customers_added"] += 1
            continue
        changed = {}
        for column, value in attrs.items():
            old = existing.get(column)
            overwrite = key in wanted and column in wanted[key]
            if value != old and (overwrite or old in (None, "")):
                changed[column] = value
                out.changes.append(Change(file_name, existing["name"], column, _show(old),
                                          _show(value)))
        if changed:
            out.customer_updates[existing["id"]] = changed
            out.counts["customers_updated"] += 1
        else:
            out.counts["customers_unchanged"] += 1
    out.persons = [(k, p) for k, p in out.persons
                   if k in out.customers or (state.customers[k]["id"], p["name"]) not in state.persons]


def _show(value: object) -> str:
    return "" if value is None else str(value)


def _invoices(rows: list[Row], state: State, out: ChangeSet, file_name: str,
              cells: dict[str, list[tuple[str, int, Row]]] | None = None) -> list[PaidCell]:
    """Each invoice row added or compared; what their paid columns say (with ``cells``, only
    each row's number, paid amount and row, by customer key, added to it)."""
    paid: list[PaidCell] = []
    customers, invoices, counts = state.customers, state.invoices, out.counts
    for row in rows:
        v = row.values
        if row.kind != "invoices" or "number" not in v:
            continue
        key, number = row.customer_key, v["number"]
        text, note = v.get("description", ""), v.get("note", "")
        description = f"{text} {note}" if text and note else text or note
        fapiao = fapiao_columns(v) if ("fapiao_state" in v or "fapiao_no" in v
                                       or "fapiao_date" in v) else None
        customer = customers.get(key)
        existing = invoices.get((customer["id"], number)) if customer else None
        if existing is None:
            out.invoices.append((key, _record(row, description, fapiao, file_name)))
            counts["invoices_added"] += 1
        # the common case at once, with the answer ``_compare_invoice`` would give: the same
        # values, or an empty cell where the ledger knows more, and no fapiao columns
        elif (fapiao is None and v["issued"] == existing[1] and v["amount"] == existing[3]
              and v.get("due") in (None, "", existing[2]) and v.get("owner", "") in (None, "", existing[4])
              and description in (None, "", existing[5])):
            counts["invoices_unchanged"] += 1
        else:
            assert customer is not None
            _compare_invoice(_record(row, description, fapiao, file_name), fapiao or {}, existing,
                             customer["name"], out, file_name)
        if "paid" in v and cells is not None:
            cells.setdefault(key, []).append((number, v["paid"], row))
        elif "paid" in v:
            floor = state.paid_sums.get((customer["id"], number), 0) if existing is not None and \
                customer is not None else 0
            paid.append(PaidCell(key, number, v["paid"], floor, file_name, row, existing is not None))
    return paid


def _record(row: Row, description: str, fapiao: dict[str, Any] | None,
            file_name: str) -> tuple[Any, ...]:
    """An invoice row's ``INVOICE_RECORD``; ``fapiao``: its ``fapiao_columns`` (None: none)."""
    v = row.values
    return (v["number"], v["issued"], v.get("due"), v["amount"], description, v.get("owner", ""),
            file_name, f"{row.sheet}!{row.line}",
            *(NO_FAPIAO if fapiao is None else (fapiao["fapiao_state"], fapiao.get("fapiao_no", ""),
                                               fapiao.get("fapiao_date"))),
            bool(v.get("approximate")))


def _compare_invoice(values: tuple[Any, ...], fapiao: dict[str, Any], existing: tuple[Any, ...],
                     name: str, out: ChangeSet, file_name: str) -> None:
    """An invoice the ledger holds against the row's ``values`` (an ``INVOICE_RECORD``) and the
    fapiao columns the row gives."""
    inv_id, issued, due, amount, owner, description = existing[:6]
    record = dict(zip(INVOICE_RECORD, values, strict=True))
    current = {"issued": issued, "due": due, "amount": amount, "owner": owner,
               "description": description}
    current |= {k: existing[i] for i, k in enumerate(FAPIAO_COLUMNS, 8) if k in fapiao}
    update: dict[str, Any] = {}
    for column, old in current.items():
        new = record[column]
        if column in ("due", "owner", "description") and new in (None, ""):
            continue  # an empty cell keeps what the ledger knows
        if new != old:
            update[column] = new
            shown = (fen_str(old), fen_str(new)) if column == "amount" else (_show(old), _show(new))
            out.changes.append(Change(file_name, f"{name} {record['number']}", column, *shown))
    if update:
        out.invoice_updates.append({"id": inv_id, **update})
        out.counts["invoices_updated"] += 1
    else:
        out.counts["invoices_unchanged"] += 1


def _claims(cells: list[PaidCell], state: State, out: ChangeSet, file_name: str,
            today: date) -> None:
    """No payment sheet: a rise of the paid column is a claim (see ``domain.allocation``); what
    payments already recorded explain of it is counted once, the rest is a new payment."""
    new: dict[str, list[tuple[PaidCell, Claim]]] = {}
    for cell in cells:
        if cell.paid > cell.floor:
            claim = Claim(-1 - len(out.payments), today, cell.paid - cell.floor, cell.number)
            new.setdefault(cell.key, []).append((cell, claim))
            out.payments.append((cell.key, (
                None, claim.amount, "", "", cell.number, "paid_column",
                f"paid|{cell.key}|{cell.number}|{cell.paid}", today, file_name,
                cell.where.rsplit(":", 1)[-1], *NO_BILL)))
            if cell.existing:
                out.changes.append(Change(file_name, f"{_name(state, out, cell.key)} {cell.number}",
                                          "paid", fen_str(cell.floor), fen_str(cell.paid)))
        elif cell.paid < cell.floor:
            out.notes.append(Problem(cell.where, "paid_decreased",
                                     t("row.paid_decreased", number=cell.number,
                                       old=fen_str(cell.floor), new=fen_str(cell.paid)),
                                     t("row.paid_decreased.hint")))
        elif cell.paid:
            out.counts["payments_unchanged"] += 1
    planned = _sheet_payments(out)
    for key, items in new.items():
        explained = _explained(key, [c for _, c in items], state, planned.get(key, []))
        for cell, claim in items:
            known = explained.get(claim.key, 0)
            if known < claim.amount:
                out.counts["payments_added"] += 1
            else:
                out.counts["payments_unchanged"] += 1
            if known:
                out.notes.append(Problem(cell.where, "paid_explained", t(
                    "row.paid_explained", number=cell.number, amount=fen_str(known),
                    new=fen_str(claim.amount - known)), ""))


def _sheet_payments(changes: ChangeSet) -> dict[str, list[Remittance]]:
    """This file's payment-sheet rows as recorded payments, by customer key."""
    out: dict[str, list[Remittance]] = {}
    for i, (key, row) in enumerate(changes.payments):
        if row[PAY_ORIGIN] == "sheet":  # keys of their own, below every ledger id
            out.setdefault(key, []).append(Remittance(-1 - i, row[PAY_ON], row[PAY_AMOUNT],
                                                      row[PAY_NUMBER]))
    return out


def _recorded(state: State, key: str) -> tuple[list[Remittance], list[Claim]]:
    """The customer's payments in the ledger: recorded ones, and the paid column's claims."""
    customer = state.customers.get(key)
    rows = state.payments.get(customer["id"], []) if customer else []
    real = [Remittance(p[0], p[1], p[2], p[3]) for p in rows if p[4] != "paid_column"]
    claims = [Claim(p[0], p[5] or date.min, p[2], p[3] or "") for p in rows if p[4] == "paid_column"]
    return real, claims


def _explained(key: str, claims: list[Claim], state: State, planned: list[Remittance]
               ) -> dict[int, int]:
    """How much of each new claim the payments recorded so far (and this file's) explain."""
    real, old = _recorded(state, key)
    real += planned
    if not real:
        return {}
    return reconcile(real, old + claims).explained


def _cross_check(cells: dict[str, list[tuple[str, int, Row]]], state: State, out: ChangeSet,
                 file_name: str) -> None:
    """A payment sheet is the record, the paid column a cross-check whose disagreements are
    reported, not applied (``cells``: each invoice row's number, paid amount and row, by
    customer key). Where a customer's paid column adds up to more than the payments the ledger
    will hold, the customer is named. Where the payments that name an invoice add up to more
    than its paid cell says, the invoice is: a 回款 row repeated, or one corrected in a file
    that is no copy of the one that brought it, counts again, and nothing else would show it.
    Payments this import corrects count as corrected. A customer whose paid cells are all zero
    keeps no paid column: its cells are not compared one by one."""
    planned = _sheet_payments(out)
    # the payments this import corrects, as they will stand
    edits = {link["id"]: link for link in out.payment_links
             if "amount" in link or "invoice_number" in link}
    for key, listed in sorted(cells.items()):
        real, claims = _recorded(state, key)
        if edits:
            real = [_corrected(r, edits[r.key]) if r.key in edits else r for r in real]
        counted = reconcile(real + planned.get(key, []), claims).payments
        paid = sum(map(_CELL, listed))
        named: dict[str, int] = {}  # what the payments naming each invoice add up to
        held = 0
        for _, _, amount, invoice in counted:
            held += amount
            if invoice:
                named[invoice] = named.get(invoice, 0) + amount
        if paid > held:
            out.notes.append(Problem(f"{file_name}", "paid_not_in_sheet", t(
                "row.paid_not_in_sheet", customer=_name(state, out, key), paid=fen_str(paid),
                held=fen_str(held)), t("row.paid_not_in_sheet.hint")))
        if not paid or not named:
            continue
        for number, cell, row in listed:
            if named.get(number, 0) > cell:
                name = _name(state, out, key)
                out.notes.append(Problem(f"{file_name}:{row.sheet}!{row.line}", "paid_below_sheet", t(
                    "row.paid_below_sheet", number=number, held=fen_str(named[number]),
                    paid=fen_str(cell)), t("row.paid_below_sheet.hint", customer=name)))


_CELL = itemgetter(1)  # a paid cell's amount


def _corrected(payment: Remittance, link: dict[str, Any]) -> Remittance:
    """A recorded payment with what an import's link changes of it (its day, amount, invoice)."""
    return Remittance(payment.key, link.get("paid_on", payment.on), link.get("amount", payment.amount),
                      link.get("invoice_number", payment.invoice))


def _name(state: State, changes: ChangeSet, key: str) -> str:
    customer = state.customers.get(key) or changes.customers.get(key)
    return str(customer["name"]) if customer else key


def _payments(rows: list[Row], state: State, out: ChangeSet, file_name: str,
              family: frozenset[str] = frozenset(), payment_sheet: bool = False) -> None:
    occurrences: Counter[str] = Counter()
    listed: list[tuple[Row, str | None, str]] = []
    for row in rows:
        if row.kind != "payments":
            continue
        key, v = row.customer_key, row.values
        number = v.get("number")
        base = f"pay|{key}|{v['payment_date']}|{v['amount']}|{number or ''}|{v.get('reference', '')}"
        occurrences[base] += 1
        listed.append((row, number, f"{base}|{occurrences[base]}"))
    del occurrences  # its keys are each payment's key again: let them go before more is built
    file_keys = {k for _, _, k in listed}
    versions = _Versions(state, file_name, file_keys, family)
    taken: set[int] = set()
    for row, number, import_key in listed:
        key, v = row.customer_key, row.values
        if import_key in state.payment_keys:
            out.counts["payments_unchanged"] += 1
            continue
        ref = f"{row.sheet}!{row.line}"
        same = _recorded_match(state, key, v["payment_date"], v["amount"], file_keys, versions,
                               taken)
        if same is not None:
            pid, on, origin, was = same
            taken.add(pid)
            link = {"id": pid, "import_key": import_key, "source_file": file_name, "source_ref": ref}
            if origin == "sheet" and (was or None) != (number or None):  # it names another invoice now
                link["invoice_number"] = number
                out.counts["payments_updated"] += 1
                out.changes.append(Change(file_name, _name(state, out, key), "payment",
                                          _shown_payment(v["amount"], on, was),
                                          _shown_payment(v["amount"], on, number)))
            else:
                out.counts["payments_unchanged"] += 1
            out.payment_links.append(link)
            out.notes.append(Problem(f"{file_name}:{ref}", "payment_matched", t(
                "row.payment_matched", amount=fen_str(v["amount"]), date=v["payment_date"],
                recorded=on), ""))
            continue
        edited = None if "bill_no" in v else _edited_row(state, key, v["payment_date"], v["amount"],
                                                          number, file_keys, versions, taken)
        if edited is not None:  # the clerk corrected the row: the payment is corrected with it
            pid, was_on, was_fen = edited
            taken.add(pid)
            out.payment_links.append({
                "id": pid, "import_key": import_key, "source_file": file_name, "source_ref": ref,
                "paid_on": v["payment_date"], "amount": v["amount"], "invoice_number": number,
                "method": v.get("method", ""), "reference": v.get("reference", "")})
            out.counts["payments_updated"] += 1
            out.changes.append(Change(file_name, " ".join(filter(None, (_name(state, out, key), number))),
                                      "payment", _shown_payment(was_fen, was_on),
                                      _shown_payment(v["amount"], v["payment_date"])))
            continue
        bill = bill_columns(v) if "bill_no" in v else None
        out.payments.append((key, (
            v["payment_date"], v["amount"], v.get("method", ""), v.get("reference", ""), number,
            "sheet", import_key, None, file_name, ref,
            *(NO_BILL if not bill else (bill["bill_kind"], bill["bill_no"], bill["bill_matures"],
                                        bill["bill_acceptor"], bill["bill_state"])))))
        out.counts["payments_added"] += 1
    if payment_sheet:
        _left_off(rows, state, out, file_name, file_keys, versions, taken)


def _left_off(rows: list[Row], state: State, out: ChangeSet, file_name: str, file_keys: set[str],
              versions: _Versions, taken: set[int]) -> None:
    """The payments an earlier copy of this workbook brought from its payment sheet that this
    copy's sheet no longer has, while it still lists the invoice they name: each is reported
    and kept (a row deleted because it was entered twice leaves its payment in the ledger,
    which ``dunner undo`` takes out). A payment whose invoice the copy no longer lists either
    went with its settled invoice, as clerks' copies shed them: nothing to say."""
    listed = {(r.customer_key, r.values["number"]) for r in rows
              if r.kind == "invoices" and "number" in r.values}
    if not listed:
        return
    from dunner.services.undo import record_id

    # only the customers the copy lists: a period's workbook in a ledger of many periods
    # does not go through every payment of the ledger
    for key in sorted({k for k, _ in listed} & state.customers.keys()):
        for pid, paid_on, fen, number, origin, _recorded, import_key, source in \
                state.payments.get(state.customers[key]["id"], ()):
            if origin != "sheet" or not number or (key, number) not in listed or pid in taken \
                    or import_key is None or import_key in file_keys or source not in versions:
                continue
            out.notes.append(Problem(f"{file_name}", "payment_left_off", t(
                "row.payment_left_off", customer=_name(state, out, key),
                payment=_shown_payment(fen, paid_on, number), source=source),
                t("row.payment_left_off.hint", id=record_id("payment", pid))))


class _Versions:
    """The files this one is a later copy of: those of its ``family`` (the copies that list
    its invoices), and ``_earlier_versions``, worked out when first asked: only a payment row
    that may be an edited row of an earlier version asks, so the import of a file unlike any
    before never goes through the ledger's payments for it."""

    def __init__(self, state: State, file_name: str, file_keys: set[str],
                 family: frozenset[str] = frozenset()) -> None:
        self.state, self.file_name, self.file_keys, self.family = state, file_name, file_keys, family
        self.names: set[str] | None = None

    def __contains__(self, name: object) -> bool:
        if name in self.family:
            return True
        if self.names is None:
            self.names = _earlier_versions(self.state, self.file_name, self.file_keys)
        return name in self.names


def _earlier_versions(state: State, file_name: str, file_keys: set[str]) -> set[str]:
    """The files earlier imports read that this one is a later copy of: its own name, or a
    file at least half of whose payment rows this one still lists (a clerk saves each day's
    copy under a new name). Another workbook's payments are never an edited row of this one."""
    keys: dict[str, list[str]] = {}
    for rows in state.payments.values():
        for p in rows:
            if p[4] == "sheet" and p[6] is not None and p[7]:
                keys.setdefault(p[7], []).append(p[6])
    return {file_name} | {name for name, found in keys.items()
                          if 2 * sum(k in file_keys for k in found) >= len(found)}


def _recorded_match(state: State, key: str, on: date, amount: int, file_keys: set[str],
                    versions: _Versions, taken: set[int]) -> tuple[int, date, str, str | None] | None:
    """A payment already in the ledger that this sheet row describes: one recorded by hand
    (same amount, within ``SAME_PAYMENT_DAYS``) or one an earlier version of this workbook
    brought (same day and amount, its row since edited): (id, day, origin, invoice named)."""
    customer = state.customers.get(key)
    if customer is None:
        return None
    for pid, paid_on, _fen, number, origin, _recorded, import_key, source in \
            state.payments_of(customer["id"], amount):
        if pid in taken or paid_on is None:
            continue
        if origin == "manual" and import_key is None and abs((paid_on - on).days) <= SAME_PAYMENT_DAYS:
            return pid, paid_on, origin, number
        if origin == "sheet" and paid_on == on and import_key not in file_keys \
                and source in versions:
            return pid, paid_on, origin, number
    return None


def _edited_row(state: State, key: str, on: date, amount: int, number: str | None,
                file_keys: set[str], versions: _Versions, taken: set[int]
                ) -> tuple[int, date, int] | None:
    """A payment an earlier version of this workbook brought from a payment-sheet row this
    version no longer lists, which this row is that row corrected: it names the same invoice
    (its day or amount changed, or both), or, naming none, it is of the same day or amount.
    The sheet is the record, so the corrected row corrects the payment rather than adding a
    second one. (id, day, amount) of it, the earliest such payment."""
    customer = state.customers.get(key)
    if customer is None:
        return None
    for pid, paid_on, fen, was, origin, _recorded, import_key, source in \
            state.payments.get(customer["id"], ()):
        if pid in taken or paid_on is None or origin != "sheet" or import_key is None \
                or import_key in file_keys or (was or None) != (number or None):
            continue
        if (number or paid_on == on or fen == amount) and source in versions:
            return pid, paid_on, fen
    return None


def _shown_payment(fen: int, on: date, number: str | None = None) -> str:
    """A payment in an import's report of changes: ``5000.00 2026-09-10``, with the invoice it
    names when that is what changed."""
    return " ".join(filter(None, (fen_str(fen), on.isoformat(), number)))


@dataclass(frozen=True)
class Listing:
    """The ledger's invoices a file lists, and the family of files it belongs to.

    Files are one family when one of them lists invoices another brought: a clerk's copies of
    one workbook, each saved under the day's name, are; the workbooks of successive periods, or
    of two reps, are not. An invoice a file no longer lists is reported only when a file of its
    family brought it: a month's workbook does not report every earlier month's invoices."""

    invoices: set[tuple[int, str]]  # (customer id, number)
    family: frozenset[str]  # the names of its files, this one's included
    joins: list[tuple[str, str]]  # (file, family) to record: files new to it or that it merged
    # whether it lists real invoices: an aging table's estimates list none, and drop none
    real: bool = False
    # the ledger's other files, when this one lists invoices and none of theirs (a workbook of
    # its own: none of their invoices is reported missing)
    others: list[str] = field(default_factory=list)


def listing_of(rows: list[Row], state: State, file_name: str) -> Listing:
    """What the file's invoice rows (rejected ones too) list of the ledger, and its family:
    its own files' and the families of the files that brought what it lists, merged under the
    earliest first file. A file without invoice rows joins no family and records none."""
    held = state.customers
    listed = {(held[r.customer_key]["id"], r.values["number"]) for r in rows
              if r.kind == "invoices" and r.customer_key and r.customer_key in held
              and "number" in r.values}
    if not any(r.kind == "invoices" for r in rows):
        return Listing(listed, frozenset({file_name}), [])
    known, registered = state.invoices, state.files
    files = {file_name} | ({known[k][6] for k in listed if k in known} - {""})
    roots = {registered[f][1] if f in registered else f for f in files}
    first = min(roots, key=lambda r: (0, registered[r][0], "") if r in registered else (1, 0, r))
    family = files | {name for name, (_, of) in registered.items() if of in roots}
    joins = [(name, first) for name in sorted(family)
             if name not in registered or registered[name][1] != first]
    real = any(r.kind == "invoices" and not r.values.get("approximate") for r in rows)
    others = sorted(registered.keys() - family) if real and family == {file_name} else []
    return Listing(listed, frozenset(family), joins, real, others)


def missing_invoices(state: State, only_sheet: str | None,
                     listing: Listing) -> dict[tuple[int, str], str]:
    """Invoices a file of this one's family brought that it no longer lists (its rejected rows
    count as listing theirs): reported, never deleted. With ``--sheet``, only those that came
    from that sheet. (customer id, number) → display name."""
    if not listing.real:
        return {}  # an aging table lists no invoice: it cannot have dropped one
    family, listed, held = listing.family, listing.invoices, state.customers
    found: list[tuple[int, tuple[int, str]]] = []  # (invoice id, key): in the ledger's order
    for (cid, number), inv in state.invoices.items():
        if inv[6] not in family or (cid, number) in listed:
            continue
        if only_sheet and not inv[7].startswith(f"{only_sheet}!"):
            continue
        found.append((inv[0], (cid, number)))
    return {(cid, number): f"{held[state.ids[cid]]['name']} {number}"
            for _, (cid, number) in sorted(found)}


FAPIAO_COLUMNS = ("fapiao_state", "fapiao_no", "fapiao_date")


def fapiao_columns(values: dict[str, Any]) -> dict[str, Any]:
    """The fapiao columns a row gives (none for a sheet without them): a number or a date
    alone means the fapiao was issued."""
    out = {k: values[k] for k in FAPIAO_COLUMNS if k in values}
    if out and "fapiao_state" not in out:
        out["fapiao_state"] = "issued"
    return out


def bill_columns(values: dict[str, Any]) -> dict[str, Any]:
    """A payment row with a bill number is an acceptance bill received (held)."""
    from dunner.domain.bills import method_kind

    if "bill_no" not in values:
        return {}
    return {"bill_kind": str(method_kind(values.get("method", ""))), "bill_no": values["bill_no"],
            "bill_matures": values.get("bill_matures"),
            "bill_acceptor": values.get("bill_acceptor", ""), "bill_state": "held"}
