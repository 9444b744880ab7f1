"""Recognising what accounting software exports (a detail ledger, an aging table) by its headers,
and turning it into the import's rows; ``SheetLayout`` says which layout each sheet had."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from dunner.adapters.workbook import Sheet
from dunner.domain.accounting import age_bucket
from dunner.domain.problems import Problem
from dunner.errors import DunnerError
from dunner.i18n import t
from dunner.services.importing.headers import HEADER_SCAN_ROWS, header_key
from dunner.services.importing.rows import Parsed, Row, column_letter

# A detail ledger's columns, each by the words its header may say (after ``header_key``).
DETAIL_WORDS: dict[str, tuple[str, ...]] = {
    "debit": ("借方", "借方金额", "借方发生额", "本期借方", "借方发生", "借方本币", "debit"),
    "credit": ("贷方", "贷方金额", "贷方发生额", "本期贷方", "贷方发生", "贷方本币", "credit"),
    "customer": ("往来单位", "往来单位名称", "客户", "客户名称", "核算项目", "核算项目名称",
                 "单位名称", "购货单位", "customer"),
    "date": ("日期", "业务日期", "单据日期", "凭证日期", "记账日期", "date"),
    "month": ("月",), "day": ("日",),
    "voucher": ("凭证字号", "凭证号", "凭证字", "凭证编号", "凭证号数", "voucher"),
    "document": ("单据编号", "单据号", "单号", "业务单据号", "发票号", "document"),
    "summary": ("摘要", "description"),
    "direction": ("方向", "余额方向", "借或贷", "借/贷"),
    "balance": ("余额", "余额金额", "期末余额", "balance"),
}
_DETAIL_INDEX = {header_key(w): name for name, words in DETAIL_WORDS.items() for w in words}
AGING_CUSTOMER = ("往来单位", "往来单位名称", "客户名称", "客户", "核算项目名称", "核算项目",
                  "单位名称", "购货单位", "customer")


@dataclass(frozen=True)
class Columns:
    """Where a layout's header row is, and its columns: name → column index and header text."""

    row: int
    index: dict[str, int]
    labels: dict[int, str]
    buckets: dict[int, object] = field(default_factory=dict)  # aging: column → AgeBucket

    def cell(self, cells: Sequence[object], name: str) -> object:
        col = self.index.get(name)
        return cells[col] if col is not None and col < len(cells) else None


@dataclass
class SheetLayout:
    """What one sheet of an import was read as, and how much of each thing it held."""

    sheet: str
    layout: str  # detail_ledger | aging_table | invoices | payments | customers
    counts: dict[str, int] = field(default_factory=dict)
    as_of: date | None = None


@dataclass
class Converted:
    """An accounting sheet as the import's rows, with what it says about itself."""

    header_row: int
    parsed: list[Parsed]
    layout: SheetLayout


def ordinary_layout(sheet: str, kind: str, rows: int) -> SheetLayout:
    return SheetLayout(sheet, kind, {"rows": rows})


def read_sheet(sheet: Sheet, file_name: str, overrides: Mapping[str, str],
               as_of: date | None) -> Converted | None:
    """The sheet's rows if it is a detail ledger or an aging table, else None."""
    from dunner.services.importing import aging_table, detail

    extra = {header_key(k) for k, v in overrides.items() if v == "customer"}
    for index, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns = detail_columns(cells, index, extra)
        if columns is not None:
            return detail.convert(sheet, columns, titles(sheet, index), file_name)
        columns = aging_columns(sheet.rows, index, extra)
        if columns is not None:
            day = as_of or aging_table.title_date(titles(sheet, columns.row))
            if day is None:
                raise DunnerError("aging_no_date", t("import.aging.no_date", file=file_name,
                                                     sheet=sheet.name), t("import.aging.no_date.hint"))
            return aging_table.convert(sheet, columns, day, file_name)
    return None


def titles(sheet: Sheet, header_row: int) -> list[str]:
    """The lines above the header row, each row's texts joined (a merged title is one cell)."""
    out = []
    for cells in sheet.rows[:header_row]:
        texts = [str(c).strip() for c in cells if c not in (None, "") and str(c).strip()]
        if texts:
            out.append("  ".join(texts))
    return out


def detail_columns(cells: Sequence[object], row: int, extra: set[str]) -> Columns | None:
    """A detail ledger's header row: a debit and a credit column and a date (or month and day)."""
    index: dict[str, int] = {}
    labels: dict[int, str] = {}
    for col, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        key = header_key(cell)
        name = "customer" if key in extra else _DETAIL_INDEX.get(key)
        if name and name not in index:
            index[name] = col
            labels[col] = cell.strip()
    dated = "date" in index or {"month", "day"} <= index.keys()
    return Columns(row, index, labels) if {"debit", "credit"} <= index.keys() and dated else None


def aging_columns(rows: Sequence[Sequence[object]], row: int, extra: set[str]) -> Columns | None:
    """An aging table's header row: two or more age buckets and a customer column (in that row
    or, under a header merged over two rows, the row above)."""
    cells = rows[row]
    buckets = {col: b for col, c in enumerate(cells) if (b := age_bucket(c)) is not None}
    if len(buckets) < 2:
        return None
    from dunner.domain.accounting import is_total_label

    labels = {col: str(c).strip() for col, c in enumerate(cells) if isinstance(c, str) and c.strip()}
    index: dict[str, int] = {}
    for source in (cells, rows[row - 1] if row else []):
        keys = [header_key(c) if isinstance(c, str) else "" for c in source]
        wanted = [*extra, *(header_key(w) for w in AGING_CUSTOMER)]
        col = next((keys.index(w) for w in wanted if w in keys), None)
        if col is not None:
            index["customer"] = col
            labels.setdefault(col, str(source[col]).strip())
            break
    if "customer" not in index:
        return None
    for source in (cells, rows[row - 1] if row else []):
        total = next((col for col, c in enumerate(source) if is_total_label(c)), None)
        if total is not None and total not in buckets:
            index["total"] = total
            labels.setdefault(total, str(source[total]).strip())
            break
    return Columns(row, index, labels, dict(buckets))


def problem(file_name: str, sheet: str, line: int, col: int | None, code: str, message: str,
            hint: str = "") -> Problem:
    where = f"{file_name}:{sheet}!{column_letter(col) if col is not None else ''}{line}"
    return Problem(where, code, message, hint)


def carrier(sheet: str, line: int, cells: list[object], customer: str, key: str) -> Row:
    """A row that carries only its problems (never written)."""
    return Row(sheet, line, "payments", {"customer": customer} if customer else {}, cells, key)
