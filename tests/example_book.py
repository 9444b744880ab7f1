"""The bundled example workbook read on its own terms (python-calamine and a few lines of parsing,
no dunner code), so tests compare dunner's figures with the workbook, not with dunner."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ledger.xlsx"
README = ROOT / "README.md"
TOTAL_LABELS = ("合计", "总计", "小计")


@dataclass(frozen=True)
class ExampleInvoice:
    customer: str
    number: str
    issued: date
    due: date | None  # None: the 到期日 cell is empty (terms decide)
    amount: int  # fen
    paid_cell: object  # the 已收金额 cell as calamine reads it ("" when empty)

    @property
    def paid(self) -> int:
        return fen(self.paid_cell) if self.paid_cell != "" else 0


@dataclass(frozen=True)
class ExamplePayment:
    customer: str
    paid_on: date
    amount: int  # fen
    number: str | None


@dataclass(frozen=True)
class ExampleBook:
    customers: list[str]
    invoices: list[ExampleInvoice]
    payments: list[ExamplePayment]
    total_amount: int  # the 合计 row
    total_paid: int


def fen(cell: object) -> int:
    """An amount cell in fen: a number, or text with ¥/￥/元 and thousands separators."""
    if isinstance(cell, (int, float)):
        value = Decimal(repr(cell))
    else:
        value = Decimal(re.sub(r"[¥￥元,\s]", "", str(cell)))
    cents = value * 100
    assert cents == cents.to_integral_value(), cell
    return int(cents)


def day(cell: object) -> date:
    """A date cell, or text such as 2026/3/5, 2026.03.05, 2026年3月5日, 2026-03-05."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    found = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", str(cell).strip())
    assert found, cell
    return date(*(int(g) for g in found.groups()))


def number(cell: object) -> str:
    return str(int(cell)) if isinstance(cell, float) else str(cell)


def name_key(name: str) -> str:
    """Spellings that differ only by full-width characters or whitespace are one customer."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def readme_today() -> date:
    """The --today of the README's quick start."""
    text = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    dates = set(re.findall(r"--today (\d{4}-\d{2}-\d{2})", text))
    assert len(dates) == 1, dates
    return date.fromisoformat(dates.pop())


def _table(rows: list[list[object]], first: str) -> tuple[dict[str, int], list[list[object]]]:
    at = next(i for i, r in enumerate(rows) if r and r[0] == first)
    return {str(h): i for i, h in enumerate(rows[at]) if h != ""}, rows[at + 1:]


def read_example(path: Path = EXAMPLE) -> ExampleBook:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    col, rows = _table(book.get_sheet_by_name("应收明细").to_python(), "客户名称")
    invoices, totals = [], []
    for r in rows:
        name = str(r[col["客户名称"]]).strip()
        if not name:
            continue
        if name in TOTAL_LABELS:
            totals.append(r)
            continue
        due = r[col["到期日"]]
        invoices.append(ExampleInvoice(name, number(r[col["单据编号"]]), day(r[col["发货日期"]]),
                                       day(due) if due != "" else None, fen(r[col["价税合计"]]),
                                       r[col["已收金额"]]))
    assert len(totals) == 1, totals
    pcol, prows = _table(book.get_sheet_by_name("回款").to_python(), "客户")
    payments = [ExamplePayment(str(r[pcol["客户"]]), day(r[pcol["回款日期"]]), fen(r[pcol["金额"]]),
                               number(r[pcol["单号"]]) if r[pcol["单号"]] != "" else None)
                for r in prows if str(r[pcol["客户"]]).strip()]
    ccol, crows = _table(book.get_sheet_by_name("客户").to_python(), "客户名称")
    customers = [str(r[ccol["客户名称"]]) for r in crows if str(r[ccol["客户名称"]]).strip()]
    return ExampleBook(customers, invoices, payments, fen(totals[0][col["价税合计"]]),
                       fen(totals[0][col["已收金额"]]))
