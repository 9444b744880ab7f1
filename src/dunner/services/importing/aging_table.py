"""An aging table (账龄分析表) as the import's rows: each customer's non-zero bucket one open
receivable marked approximate, due the bucket's middle before the as-of day; 合计 checked."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from dunner.adapters.workbook import Sheet
from dunner.domain import accounting as rules
from dunner.domain.money import yuan
from dunner.domain.problems import Problem
from dunner.domain.text import name_key, normalize_name
from dunner.i18n import t
from dunner.services.importing.accounting import Columns, Converted, SheetLayout, carrier, problem
from dunner.services.importing.rows import PARSERS, Parsed, Row, is_total


def title_date(titles: list[str]) -> date | None:
    return rules.as_of_from(titles)


def bucket_number(label: str) -> str:
    """``账龄-<bucket>``: the bucket's header without spaces (账龄-1-30天, 账龄-3年以上)."""
    plain = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))
    return f"{rules.AGING_PREFIX}{plain}"


def convert(sheet: Sheet, columns: Columns, as_of: date, file_name: str) -> Converted:
    parsed: list[Parsed] = []
    customers: set[str] = set()
    receivables = 0
    label = columns.labels[columns.index["customer"]]
    for index in range(columns.row + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        name = columns.cell(cells, "customer")
        if name in (None, "") or not str(name).strip() or name == label or is_total(cells):
            continue
        if rules.is_total_text(str(name)):
            continue
        customer = normalize_name(str(name))
        made = _row(sheet.name, index + 1, cells, customer, columns, as_of, file_name)
        if made and not made[0].problems:
            customers.add(customer)
            receivables += sum(1 for p in made if p.row.kind == "invoices")
        parsed += made
    counts = {"customers": len(customers), "receivables": receivables}
    return Converted(columns.row, parsed, SheetLayout(sheet.name, "aging_table", counts, as_of))


def _row(sheet: str, line: int, cells: list[object], customer: str, columns: Columns,
         as_of: date, file_name: str) -> list[Parsed]:
    key = name_key(customer)
    amounts: dict[int, int] = {}
    problems: list[Problem] = []
    for col in [*columns.buckets, columns.index.get("total")]:
        if col is None:
            continue
        raw = cells[col] if col < len(cells) else None
        if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            amounts[col] = PARSERS["amount"](raw)
        except ValueError as exc:
            problems.append(problem(file_name, sheet, line, col, "bad_amount", t(
                "cell.bad", column=columns.labels[col], value=repr(raw) if isinstance(raw, str)
                else str(raw), reason=str(exc)), t("hint.amount")))
    total_col = columns.index.get("total")
    added = sum(v for c, v in amounts.items() if c != total_col)
    if not problems and total_col is not None and total_col in amounts and amounts[total_col] != added:
        problems.append(problem(file_name, sheet, line, total_col, "aging_total", t(
            "import.aging.total", column=columns.labels[total_col], stated=yuan(amounts[total_col]),
            added=yuan(added)), t("import.aging.total.hint")))
    if problems:
        return [Parsed(carrier(sheet, line, cells, customer, key), problems, [])]
    out = [Parsed(Row(sheet, line, "customers", {"customer": customer}, cells, key), [], [])]
    for col, bucket in columns.buckets.items():
        assert isinstance(bucket, rules.AgeBucket)
        amount = amounts.get(col, 0)
        values: dict[str, Any] = {"customer": customer}
        if amount > 0:
            due = bucket.due(as_of)
            values |= {"number": bucket_number(bucket.label), "issued": min(due, as_of), "due": due,
                       "amount": amount, "approximate": True}
            out.append(Parsed(Row(sheet, line, "invoices", values, cells, key), [], []))
        elif amount < 0:  # paid ahead: a credit, not aged
            values |= {"payment_date": as_of, "amount": -amount,
                       "reference": bucket_number(bucket.label)}
            out.append(Parsed(Row(sheet, line, "payments", values, cells, key), [], []))
    return out
