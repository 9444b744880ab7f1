"""A receivables detail ledger (应收账款明细账, 往来明细账) as the import's rows: the opening
balance an approximate invoice, each debit an invoice, each credit a payment, a red-letter debit
taken off the invoice it names, the running balance checked against 余额."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dunner.adapters.workbook import Sheet
from dunner.domain import accounting as rules
from dunner.domain.dates import DateError
from dunner.domain.problems import Problem
from dunner.domain.text import identifier, name_key, normalize_name
from dunner.i18n import t
from dunner.services.importing.accounting import Columns, Converted, SheetLayout, carrier, problem
from dunner.services.importing.rows import PARSERS, Parsed, Row, is_total


@dataclass
class Entry:
    """One data row of the ledger, read."""

    line: int
    cells: list[object]
    customer: str
    day: date | None = None
    debit: int = 0
    credit: int = 0
    stated: int | None = None  # the signed 余额, when the row gives one
    summary: str = ""
    voucher: str = ""
    document: str = ""
    opening: bool = False
    problems: list[Problem] = field(default_factory=list)


def convert(sheet: Sheet, columns: Columns, titles: list[str], file_name: str) -> Converted:
    entries = _entries(sheet, columns, titles, file_name)
    by_customer: dict[str, list[Entry]] = {}
    for entry in entries:
        by_customer.setdefault(entry.customer, []).append(entry)
    parsed: list[Parsed] = []
    counts = dict.fromkeys(("customers", "invoices", "payments", "openings"), 0)
    for customer, items in by_customer.items():
        _check_balance(items, columns, sheet.name, file_name)
        parsed += _customer_rows(sheet.name, customer, items, titles, counts, file_name)
    counts["customers"] = len([c for c in by_customer if c])
    return Converted(columns.row, parsed, SheetLayout(sheet.name, "detail_ledger", counts))


def _entries(sheet: Sheet, columns: Columns, titles: list[str], file_name: str) -> list[Entry]:
    """Every row that moves money or opens a balance; totals, blanks and repeated headers left out.
    A customer cell left empty (merged down a block) is the customer above it."""
    current = rules.customer_from(titles) or ""
    year = _title_year(titles)
    debit_label = columns.labels[columns.index["debit"]]
    out: list[Entry] = []
    for index in range(columns.row + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        summary = _text(columns.cell(cells, "summary"))
        named = _text(columns.cell(cells, "customer"))
        if not any(c not in (None, "") for c in cells) or columns.cell(cells, "debit") == debit_label:
            continue
        if rules.is_total_text(summary) or rules.is_total_text(named) or is_total(cells):
            continue
        current = normalize_name(named) if named else current
        entry = Entry(index + 1, cells, current, summary=summary,
                      voucher=identifier(columns.cell(cells, "voucher") or ""),
                      document=identifier(columns.cell(cells, "document") or ""),
                      opening=rules.is_opening(summary))
        _read_cells(entry, columns, sheet.name, file_name, year)
        if entry.opening or entry.debit or entry.credit or entry.problems:
            out.append(entry)
    return out


def _text(value: object) -> str:
    return str(value).strip() if value not in (None, "") else ""


def _title_year(titles: list[str]) -> int | None:
    start = rules.period_start(titles)
    return start.year if start else None


def _read_cells(entry: Entry, columns: Columns, sheet: str, file_name: str, year: int | None) -> None:
    def fail(name: str, message: str) -> None:
        col = columns.index.get(name)
        label = columns.labels.get(col, name) if col is not None else name
        entry.problems.append(problem(file_name, sheet, entry.line, col, f"bad_{name}",
                                      t("cell.bad", column=label, value=_shown(columns.cell(
                                          entry.cells, name)), reason=message),
                                      t("hint.amount") if name != "date" else t("hint.issued")))

    for name in ("debit", "credit", "balance"):
        raw = columns.cell(entry.cells, name)
        if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            value = PARSERS["amount"](raw)
        except ValueError as exc:
            fail(name, str(exc))
            continue
        if name == "balance":
            entry.stated = rules.signed_balance(value, _text(columns.cell(entry.cells, "direction")))
        else:
            setattr(entry, name, value)
    try:
        entry.day = _day(entry, columns, year)
    except ValueError as exc:
        fail("date" if "date" in columns.index else "day", str(exc))
    if entry.day is None and not entry.opening and (entry.debit or entry.credit):
        col = columns.index.get("date", columns.index.get("day"))
        entry.problems.append(problem(file_name, sheet, entry.line, col, "bad_date",
                                      t("cell.empty", column=columns.labels.get(col, "日期")
                                        if col is not None else "日期"), t("hint.issued")))
    if not entry.customer:
        entry.problems.append(problem(file_name, sheet, entry.line, None, "no_customer",
                                      t("import.detail.no_customer"),
                                      t("import.detail.no_customer.hint")))


def _day(entry: Entry, columns: Columns, year: int | None) -> date | None:
    raw = columns.cell(entry.cells, "date")
    if raw not in (None, "") and str(raw).strip():
        return PARSERS["issued"](raw)  # type: ignore[no-any-return]
    month, day = columns.cell(entry.cells, "month"), columns.cell(entry.cells, "day")
    if month in (None, "") or day in (None, ""):
        return None
    if year is None:
        raise ValueError(t("import.detail.no_year"))
    try:
        return date(year, int(float(str(month))), int(float(str(day))))
    except (ValueError, DateError) as exc:
        raise ValueError(t("cell.date")) from exc


def _shown(raw: object) -> str:
    return repr(raw) if isinstance(raw, str) else str(raw)


def _check_balance(items: list[Entry], columns: Columns, sheet: str, file_name: str) -> None:
    """Each row whose 余额 is not the running balance from the opening balance is rejected."""
    if "balance" not in columns.index:
        return
    opening = sum(_opening_amount(e) for e in items if e.opening)
    moves = [e for e in items if not e.opening]
    found = rules.balance_mismatches(opening, [(None if e.problems else e.debit - e.credit, e.stated)
                                               for e in moves])
    col = columns.index["balance"]
    from dunner.domain.money import yuan

    for index, expected in found:
        entry = moves[index]
        entry.problems.append(problem(file_name, sheet, entry.line, col, "balance_mismatch", t(
            "import.detail.balance", column=columns.labels[col], stated=yuan(entry.stated),
            expected=yuan(expected)), t("import.detail.balance.hint")))


def _opening_amount(entry: Entry) -> int:
    return entry.stated if entry.stated is not None else entry.debit - entry.credit


def _customer_rows(sheet: str, customer: str, items: list[Entry], titles: list[str],
                   counts: dict[str, int], file_name: str) -> list[Parsed]:
    key = name_key(customer) if customer else ""
    out = [Parsed(carrier(sheet, e.line, e.cells, customer, key), e.problems, [])
           for e in items if e.problems]
    good = [e for e in items if not e.problems]
    if not good or not customer:
        return out
    invoices: dict[str, Row] = {}
    payments: list[Row] = []
    reversals: list[Entry] = []

    def row(entry: Entry, kind: str, values: dict[str, Any]) -> Row:
        return Row(sheet, entry.line, kind, {"customer": customer, **values}, entry.cells, key)

    first = min((e.day for e in good if e.day), default=None)
    for entry in good:
        if entry.opening:
            _opening(entry, rules.opening_day(titles, first), row, invoices, payments, counts)
            continue
        debit, credit = entry.debit, entry.credit
        if credit < 0:  # a red-letter credit (a payment reversed) owes again
            debit, credit = debit - credit, 0
        if debit < 0:
            reversals.append(entry)
        elif debit:
            _invoice(entry, debit, row, invoices)
        if credit:
            payments.append(row(entry, "payments", {"payment_date": entry.day, "amount": credit,
                                                    "reference": entry.document or entry.voucher,
                                                    "description": entry.summary}))
    payments += _reverse(reversals, invoices, row)
    _name_payments(payments, invoices)
    counts["invoices"] += sum(1 for r in invoices.values()
                              if r.values["amount"] > 0 and not r.values.get("approximate"))
    counts["payments"] += len(payments)
    kept = [r for r in invoices.values() if r.values["amount"] > 0]
    customer_row = Row(sheet, good[0].line, "customers", {"customer": customer}, good[0].cells, key)
    return out + [Parsed(r, [], []) for r in (customer_row, *kept, *payments)]


def _opening(entry: Entry, day: date | None, row: Any, invoices: dict[str, Row],
             payments: list[Row], counts: dict[str, int]) -> None:
    amount = _opening_amount(entry)
    if not amount or day is None:
        return
    counts["openings"] += 1
    if amount > 0:
        number = f"{rules.OPENING_PREFIX}{day:%Y%m%d}"
        invoices[number] = row(entry, "invoices", {"number": number, "issued": day, "amount": amount,
                                                  "description": entry.summary, "approximate": True})
    else:  # a credit balance carried forward: the customer paid ahead
        payments.append(row(entry, "payments", {"payment_date": day, "amount": -amount,
                                                "reference": entry.summary}))


def _invoice(entry: Entry, amount: int, row: Any, invoices: dict[str, Row]) -> None:
    """A debit: numbered by its document, a number its 摘要 quotes, else its voucher and day;
    two lines of one document are one invoice."""
    assert entry.day is not None
    voucher = f"{entry.voucher}-{entry.day:%Y%m%d}" if entry.voucher else ""
    number = entry.document or rules.document_number(entry.summary) or voucher
    values: dict[str, Any] = {"issued": entry.day, "amount": amount, "description": entry.summary}
    if not number:
        invoices[f"\0{entry.line}"] = row(entry, "invoices", values)  # numbered as any sheet's
        return
    if number in invoices:
        invoices[number].values["amount"] += amount
        return
    invoices[number] = row(entry, "invoices", {"number": number, **values})


def _reverse(reversals: list[Entry], invoices: dict[str, Row], row: Any) -> list[Row]:
    """Red-letter debits off the invoices in this sheet (the one named, else the oldest); what
    none can take stays a reduction of the balance: a payment naming no invoice."""
    charges: list[list[object]] = [[n, r.values["amount"]] for n, r in invoices.items()]
    out: list[Row] = []
    for entry in reversals:
        quoted = (entry.document, rules.document_number(entry.summary))
        named = next((n for n in quoted if n and n in invoices), None)
        left = rules.reduce_charges(charges, -entry.debit, named)
        if left:
            out.append(row(entry, "payments", {"payment_date": entry.day, "amount": left,
                                               "reference": entry.document or entry.voucher,
                                               "method": "红字冲销"}))
    for number, amount in charges:
        invoices[str(number)].values["amount"] = amount
    return out


def _name_payments(payments: list[Row], invoices: dict[str, Row]) -> None:
    """A receipt whose 摘要 quotes an invoice of this sheet pays that invoice first."""
    for payment in payments:
        quoted = rules.document_number(str(payment.values.get("description", "")))
        if quoted and quoted in invoices and invoices[quoted].values["amount"] > 0:
            payment.values["number"] = quoted
