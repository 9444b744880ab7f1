"""Turning a sheet's rows into invoice, payment and customer records, collecting every problem."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache, partial
from itertools import compress, repeat
from operator import eq, is_, itemgetter, not_
from typing import Any, NamedTuple, cast

from dunner.adapters.workbook import CellError, Sheet
from dunner.domain.dates import MAX_YEAR, MIN_YEAR, DateError, parse_date
from dunner.domain.money import MAX_FEN, AmountError, AmountTooLarge, parse_decimal, to_fen
from dunner.domain.problems import Problem
from dunner.domain.terms import TermsError, UnsupportedTerms, parse_terms
from dunner.domain.text import identifier, name_key, normalize_name
from dunner.i18n import t
from dunner.services.importing.columns import (
    EMPTY,
    Column,
    Failed,
    convert_column,
    fen_of_float,
    fen_of_text,
    plain_identifier,
)
from dunner.services.importing.headers import Header

# A total row's label ends with the total word, after at most 8 characters (张三小计, 本页合计,
# Grand total) and before an optional bracketed unit and colon (合计（元）, 总计：12,345.00); so
# 合计贸易有限公司 is a customer. Matched after NFKC, which makes （）： plain ASCII.
# Excel's 分类汇总 (Subtotal) labels each group's row "<the group's value> 汇总": a customer's
# whole name before it
_TOTAL = re.compile(r"^(?:.{0,8}?(?:合\s*计|总\s*计|小\s*计|累\s*计|总额)|.{0,60}?汇\s*总"
                    r"|(?:.{0,8}?\b)?(?:totals?|sum|subtotal))"
                    r"\s*(?:[(\[【][^)\]】]{0,8}[)\]】])?\s*(?::.*)?$", re.IGNORECASE)


@dataclass(slots=True, eq=False)  # compared by identity: problems and notes are keyed by row
class Row:
    """One data row: where it came from, its fields, and its original cells for a rejects file."""

    sheet: str
    line: int  # 1-based row number as Excel shows it
    kind: str
    values: dict[str, Any]
    cells: list[object]
    customer_key: str = ""  # the customer's name key, computed once


class Parsed(NamedTuple):
    """A row as read, with what rejects it (its cells, its own rules) and warnings that do not."""

    row: Row
    problems: list[Problem]
    notes: list[Problem]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value: object) -> str:
    return normalize_name(str(value)) if value not in (None, "") else ""


def _amount(value: object) -> int:
    try:
        return to_fen(value)
    except AmountTooLarge as exc:
        raise ValueError(t("cell.amount", reason=t("cell.amount.too_large",
                                                   limit=f"{MAX_FEN // 100:,}"))) from exc
    except AmountError as exc:
        raise ValueError(t("cell.amount", reason=t(f"cell.amount.{_reason(exc)}"))) from exc


def _reason(exc: Exception) -> str:
    return "decimals" if "decimals" in str(exc) else "nan"


def _date(value: object) -> date:
    try:
        day = parse_date(value)
    except DateError as exc:
        raise ValueError(t("cell.date")) from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(t("cell.date.range", low=MIN_YEAR, high=MAX_YEAR))
    return day


def _unreadable(raw: object) -> str:
    """Why a cell holds no value at all: an error a formula left, or a number that is none."""
    if isinstance(raw, CellError):
        return t("cell.error") if raw.startswith(("#", "Err:")) else t("cell.not_finite")
    if isinstance(raw, float) and not math.isfinite(raw):
        return t("cell.not_finite")
    return ""


class UnknownTerms(ValueError):
    """Terms text dunner cannot use: a rejected cell, or only a warning when the row gives its due date."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _terms(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a bare number of days in a numeric cell under 账期: 30.0 → net:30
    try:
        return str(parse_terms(str(value)))
    except UnsupportedTerms as exc:
        raise UnknownTerms(t("cell.terms_fapiao"), t("cell.terms_fapiao.hint")) from exc
    except TermsError as exc:
        raise UnknownTerms(t("cell.terms"), t("hint.terms")) from exc


def _pay_days(value: object) -> str:
    text = unicodedata.normalize("NFKC", identifier(value))
    days = [int(d) for d in re.findall(r"\d+", text)]
    if not days or any(not 1 <= d <= 31 for d in days) or re.search(r"[^\d\s,，、;；/号日和]", text):
        raise ValueError(t("cell.pay_days"))
    return ",".join(str(d) for d in sorted(set(days)))


def _day_of_month(value: object) -> int:
    text = re.sub(r"[号日]$", "", identifier(value))
    if not text.isdigit() or not 1 <= int(text) <= 31:
        raise ValueError(t("cell.day"))
    return int(text)


def _distance(value: object) -> float:
    try:
        number = parse_decimal(str(value).replace("km", "").replace("公里", ""))
    except AmountError as exc:
        raise ValueError(t("cell.number")) from exc
    if number < 0:
        raise ValueError(t("cell.number"))
    return float(number)  # a distance in km, not money


def _fapiao_state(value: object) -> str:
    from dunner.domain.fapiao import parse_state

    try:
        return str(parse_state(str(value)).value)
    except ValueError as exc:
        raise ValueError(t("cell.fapiao_state")) from exc


def _credit(value: object) -> int:
    fen = _amount(value)
    if fen < 0:
        raise ValueError(t("cell.negative"))
    return fen


PARSERS: dict[str, Callable[[object], Any]] = {
    "customer": _text, "number": identifier, "issued": _date, "due": _date, "amount": _amount,
    "paid": _amount, "owner": _text, "phone": identifier, "note": _text,
    "payment_date": _date, "terms": _terms, "credit_limit": _credit, "pay_days": _pay_days,
    "wechat": identifier, "address": _text, "city": _text, "description": _text,
    "method": _text, "reference": identifier, "contact": _text, "title": _text, "closing_day": _day_of_month,
    "distance": _distance,
    "fapiao_state": _fapiao_state, "fapiao_no": identifier, "fapiao_date": _date,
    "bill_no": identifier, "bill_matures": _date, "bill_acceptor": _text,
}
REQUIRED = {
    "invoices": ("customer", "issued", "amount"),
    "payments": ("customer", "payment_date", "amount"),
    "customers": ("customer",),
}


def is_total(cells: list[object]) -> bool:
    for cell in cells:
        if isinstance(cell, str) and cell.strip():
            return _total_text(cell)
        if cell not in ("", None):
            return False
    return False


@lru_cache(maxsize=4096)  # the first text of a row is mostly a customer's name, again and again
def _total_text(cell: str) -> bool:
    text = unicodedata.normalize("NFKC", cell).strip()
    low = text.lower()  # a plain substring test first: the regex costs 4× on every row
    if "计" not in text and "总" not in text and "total" not in low and "sum" not in low:
        return False
    return bool(_TOTAL.match(text))


_NOT_TOTAL, _TOTAL_ROW, _READ_ON = 0, 1, 2  # what a row's first cell says of ``is_total``


def _first_cell_says(cell: object) -> int:
    """``is_total`` decided by the row's first cell, or ``_READ_ON`` when that cell is empty."""
    if isinstance(cell, str) and cell.strip():
        return _TOTAL_ROW if _total_text(cell) else _NOT_TOTAL
    return _READ_ON if cell in ("", None) else _NOT_TOTAL


def _data_rows(rows: list[list[object]], start: int, key: int,
               label: object) -> tuple[list[int], list[list[object]]]:
    """The indexes and cells of the rows from ``start`` on that hold data: not blank, not a
    total, not the customer column's label repeated. Decided a column at a time: the first
    cells (mostly a few hundred customers' names) each once, blank and label rows found in C."""
    body = rows[start:]
    count = len(body)
    width = min(map(len, body), default=0)
    firsts = list(map(itemgetter(0), body)) if width else [cells[0] if cells else "" for cells in body]
    says = dict.fromkeys(firsts)  # equal first cells say the same, whatever their types
    for cell in says:
        says[cell] = _first_cell_says(cell)
    said = list(map(says.__getitem__, firsts))
    # a row is blank only if its first cell is empty (or zero)
    dropped = {i for i in compress(range(count), map(not_, firsts)) if not any(body[i])}
    dropped.update(i for i in compress(range(count), said)
                   if said[i] == _TOTAL_ROW or is_total(body[i]))
    labels = firsts if key == 0 else map(itemgetter(key), body) if key < width else \
        (cells[key] if key < len(cells) else None for cells in body)
    dropped.update(compress(range(count), map(eq, labels, repeat(label))))
    if not dropped:
        return list(range(start, start + count)), body
    kept = [i for i in range(count) if i not in dropped]
    return [start + i for i in kept], [body[i] for i in kept]


def _columns_of(table: list[list[object]], wanted: list[int]) -> dict[int, Sequence[object]]:
    """The cells of each wanted column (``""`` where a row is too short), taken from each row
    in one pass."""
    width = min(map(len, table), default=0)
    inner = [col for col in wanted if col < width]
    out: dict[int, Sequence[object]] = {col: [cells[col] if col < len(cells) else "" for cells in table]
                                        for col in wanted if col >= width}
    if len(inner) == 1 or (inner and not table):
        out |= {col: list(map(itemgetter(col), table)) for col in inner}
    elif inner:
        out |= zip(inner, zip(*map(itemgetter(*inner), table), strict=True), strict=True)
    return out


def _column(raws: Sequence[object], parse: Callable[[object], Any]) -> Column:
    """A column's cells converted: its values, ``EMPTY`` or ``Failed`` (see ``columns``)."""
    return convert_column(raws, parse, _unreadable, fen_of_float if parse is _amount else None,
                          plain_identifier if parse is identifier else
                          fen_of_text if parse is _amount else None,
                          zero_alike=parse in _ZERO_ALIKE)


_ZERO_ALIKE = (_amount, _credit, identifier)  # parsers that read -0.0 as they read 0.0


def parse_rows(sheet: Sheet, header: Header, source: str) -> Iterator[Parsed]:
    """Every data row under the header; blank, total and repeated header rows and stray notes skipped."""
    required = REQUIRED[header.kind]
    columns = [(col, name, PARSERS[name], name in required) for col, name in sorted(header.columns.items())]
    # A header repeated on each printed page, or a header cell merged down over two rows, puts
    # the customer column's own label in a row below the header: that row is no customer's.
    key = next(col for col, name in header.columns.items() if name == "customer")
    lines, table = _data_rows(sheet.rows, header.row + 1, key, sheet.rows[header.row][key])
    # Each column converted at once; a row with a failed or a missing required cell (or none
    # at all) is read cell by cell below, every other row takes its values as they are.
    converted: list[list[object]] = []
    odd: set[int] = set()  # positions in ``table`` of the rows read cell by cell
    gaps: list[tuple[str, list[int]]] = []  # optional fields and the rows that leave them blank
    cells_of = _columns_of(table, [col for col, _, _, _ in columns])
    for col, name, parse, needed in columns:
        out, blanks, failures = _column(cells_of[col], parse)
        converted.append(out)
        blank = list(compress(range(len(out)), map(is_, out, repeat(EMPTY)))) if blanks else []
        if failures:
            odd.update(i for i, v in enumerate(out) if v.__class__ is Failed)
        if needed:
            odd.update(blank)
        elif blank:
            gaps.append((name, blank))
    names = [name for _, name, _, _ in columns]
    letters = header_letters(header)
    good = _good_rows(sheet.name, header.kind, source, names, lines, table, converted, odd, gaps,
                      letters)
    if not odd:
        yield from good
        return
    keys: dict[str, str] = {}

    def key_of(values: dict[str, Any]) -> str:
        """The customer's name key, computed once per name."""
        customer = values.get("customer")
        if customer is None:
            return ""
        if (key := keys.get(customer, "")) == "":
            key = keys[customer] = name_key(customer)
        return key

    done = 0  # good rows yielded
    for before, position in enumerate(sorted(odd)):  # the good rows up to it, then the row itself
        yield from good[done:position - before]
        done = position - before
        index, cells = lines[position], table[position]
        empty: list[int] = []
        failed: list[tuple[int, object, ValueError]] = []
        values = {}
        for (col, name, _, needed), out in zip(columns, converted, strict=True):
            value = out[position]
            if value is EMPTY:
                if needed:
                    empty.append(col)
            elif isinstance(value, Failed):
                failed.append((col, cells[col] if col < len(cells) else "", value.error))
            else:
                values[name] = value
        if not values and not failed:
            continue  # nothing in the mapped columns: a blank row or a note under the table
        row = Row(sheet.name, index + 1, header.kind, values, cells, key_of(values))
        if not empty and not failed:
            yield Parsed(row, check_row(row, source, letters), [])
            continue
        yield Parsed(row, *_cell_problems(source, header, row, empty, failed))
    yield from good[done:]


def _good_rows(sheet: str, kind: str, source: str, names: list[str], lines: list[int],
               table: list[list[object]], converted: list[list[object]], odd: set[int],
               gaps: list[tuple[str, list[int]]], letters: Mapping[str, str]) -> list[Parsed]:
    """The rows whose every cell was read well (all but the positions ``odd``), in order: their
    values as converted, less the optional fields they leave blank, and their own problems
    (``letters``: each field's column letter)."""
    values = list(map(dict, map(zip, repeat(names), zip(*converted, strict=True))))
    for name, blank in gaps:
        for position in blank:
            del values[position][name]
    customers = cast(list[str], converted[names.index("customer")])  # a good row names its customer
    if odd:
        kept = [i for i in range(len(table)) if i not in odd]
        lines, table = [lines[i] for i in kept], [table[i] for i in kept]
        values, customers = [values[i] for i in kept], [customers[i] for i in kept]
    known = {customer: name_key(customer) for customer in set(customers)}
    rows = list(map(Row, repeat(sheet), map(_PLUS_ONE, lines), repeat(kind), values, table,
                    map(known.__getitem__, customers)))
    notes: Iterator[list[Problem]] = iter(list, None)  # a fresh empty list for each row
    return list(map(_parsed, zip(rows, map(check_row, rows, repeat(source), repeat(letters)), notes,
                                 strict=False)))


_PLUS_ONE = (1).__add__  # a row's index → its line as Excel numbers it
# A Parsed made from a (row, problems, notes) tuple without a Python-level call per row.
_parsed = cast(Callable[[tuple[Row, list[Problem], list[Problem]]], Parsed], partial(tuple.__new__, Parsed))


def _cell_problems(source: str, header: Header, row: Row, empty: list[int],
                   failed: list[tuple[int, object, ValueError]]) -> tuple[list[Problem], list[Problem]]:
    """A row's problems (its empty required cells, its cells that failed, its own rules) and
    its notes (terms unread on a row with its own due date)."""
    problems = [_problem(source, header, row, col, t("cell.empty", column=header.labels[col]))
                for col in empty]
    notes: list[Problem] = []
    for col, raw, reason in failed:
        problem = _problem(source, header, row, col, _describe(header, col, raw, reason))
        if isinstance(reason, UnknownTerms):
            if "due" in row.values:
                notes.append(_terms_note(problem))
                continue
            problem = replace(problem, hint=reason.hint)
        problems.append(problem)
    return problems + check_row(row, source, header_letters(header)), notes


def _terms_note(problem: Problem) -> Problem:
    """The row has its own due date, so terms dunner cannot read cost nothing but the terms."""
    return Problem(problem.source, "terms_ignored", t("note.terms_ignored", problem=problem.message),
                   t("note.terms_ignored.hint"))


def _describe(header: Header, col: int, raw: object, exc: ValueError) -> str:
    """The cell as the user typed it: text quoted, numbers plain (``0.001``, never ``1E-3``)."""
    if isinstance(raw, CellError):
        shown = str(raw)
    elif isinstance(raw, float):
        shown = str(int(raw)) if raw.is_integer() and abs(raw) < 1e16 else repr(raw)
    else:
        shown = repr(raw) if isinstance(raw, str) else str(raw)
    return t("cell.bad", column=header.labels[col], value=shown, reason=str(exc))


def _problem(source: str, header: Header, row: Row, col: int, message: str) -> Problem:
    name = header.columns.get(col, "")
    return Problem(f"{source}:{row.sheet}!{column_letter(col)}{row.line}", f"bad_{name}", message,
                   t(f"hint.{name}") if name else "")


def header_letters(header: Header) -> dict[str, str]:
    """Each field's column letter under ``header``: ``{"amount": "E", …}``."""
    return {name: column_letter(col) for col, name in header.columns.items()}


def check_row(row: Row, source: str, letters: Mapping[str, str] | None = None) -> list[Problem]:
    """What is wrong with the row's values taken together (each cell read well on its own),
    each problem at the cell of the field it is about (``letters``: each field's column)."""
    values = row.values
    amount = values.get("amount")
    # the common row at once: a positive amount, nothing paid beyond it, no bill, due after issue
    if (amount is not None and amount > 0 and "bill_no" not in values
            and 0 <= values.get("paid", 0) <= amount
            and ("due" not in values or "issued" not in values or values["due"] >= values["issued"])):
        return []
    at = letters or {}

    def where(field: str) -> str:
        return f"{source}:{row.sheet}!{at.get(field, '')}{row.line}"

    out: list[Problem] = []
    if "amount" in values and values["amount"] <= 0 and row.kind in ("invoices", "payments"):
        out.append(Problem(where("amount"), "amount_not_positive", t("row.amount_not_positive"),
                           t("row.amount_not_positive.hint")))
    if values.get("paid", 0) < 0:
        out.append(Problem(where("paid"), "paid_negative", t("cell.negative"), t("hint.paid")))
    if "amount" in values and values.get("paid", 0) > values["amount"] > 0:
        out.append(Problem(where("paid"), "paid_exceeds", t("row.paid_exceeds"),
                           t("row.paid_exceeds.hint")))
    if row.kind == "payments" and "bill_no" in values:
        out += _bill_problems(values, where("method"), where("bill_no"))
    if "due" in values and "issued" in values and values["due"] < values["issued"]:
        out.append(Problem(where("due"), "due_before_issue", t("row.due_before_issue"),
                           t("row.due_before_issue.hint")))
    return out


def _bill_problems(values: dict[str, Any], method: str, bill: str) -> list[Problem]:
    """A bill number on a payment row: its method (at ``method``) says which kind of bill, and
    it (at ``bill``) has a maturity."""
    from dunner.domain.bills import BILL_KINDS, method_kind

    if method_kind(values.get("method", "")) not in BILL_KINDS:
        return [Problem(method, "bad_bill_kind", t("cell.bill_kind"), t("import.bill.hint"))]
    if "bill_matures" not in values:
        return [Problem(bill, "bill_no_maturity", t("bill.options_missing"), t("import.bill.hint"))]
    return []


def number_invoices(rows: list[Row]) -> None:
    """An invoice row without a number gets ``YYYYMMDD-n``: the n-th row of that customer and
    issue date in the file. Rejected rows count too, so the numbers stay when a fixed file is
    imported again."""
    taken: Counter[tuple[str, date]] = Counter()
    for row in rows:
        v = row.values
        if row.kind == "invoices" and "number" not in v and "issued" in v:
            taken[(row.customer_key, v["issued"])] += 1
            v["number"] = f"{v['issued']:%Y%m%d}-{taken[(row.customer_key, v['issued'])]}"
