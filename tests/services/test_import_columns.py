"""Import: reading a sheet a column at a time, each distinct cell once, gives what reading every
cell of every row on its own gives — the same values of the same types, the same problems."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from dunner.adapters.workbook import CellError, Sheet
from dunner.domain.money import AmountError, to_fen
from dunner.domain.problems import Problem
from dunner.domain.text import identifier, name_key
from dunner.i18n import t
from dunner.ledger import repo
from dunner.ledger.defaults import defaults
from dunner.services.importing import rows as rows_module
from dunner.services.importing.columns import (
    EMPTY,
    Failed,
    convert_column,
    fen_of_float,
    plain_identifier,
)
from dunner.services.importing.headers import find_header
from dunner.services.importing.rows import PARSERS, UnknownTerms, check_row, parse_rows
from tests.services.workbooks import INVOICE_HEADERS, PAYMENT_HEADERS, SheetSpec, write_book

# Cells a ledger repeats, and cells that are odd: blanks of every kind, error cells, NaN, both
# zeros, numbers that equal each other across types (1, 1.0, True), full-width and padded text.
ODD: list[object] = [
    "", " ", "\t", "\u3000", None, CellError("#N/A"), CellError("nan"), math.nan, math.inf, -math.inf,
    0.0, -0.0, 0, 1, 1.0, True, False, 30.0, 45, 2.5, 12.345, 0.1 + 0.2, 1e13, 1e11 + 0.005, -5.0,
    46086, 46086.6, 202301010002.0, 1e300,
    date(2026, 3, 5), datetime(2026, 3, 5), datetime(2026, 3, 5, 14, 30), date(1980, 1, 1),
    "2026-03-05", " 2026-03-05 ", "２０２６－０３－０５", "2026年3月5日", "20260305", "46086",
    "1234.50", "¥1,234.50", "８８００元", "-3000", "0.001", "abc",
    "XS2025-001234", " XS2025-001234", "XS2025-001234 ", "XS  2025", "XS 2025", "ＸＳ2025",
    "a\u00a0b", "杭州恒通五金有限公司", " 杭州恒通五金有限公司 ", "杭州恒通五金  有限公司",
    "月结", "月结25日", "账期30天", "60天", "net:45", "送二结一", "现款现货", "货到付款", "开票后30天",
    "5,20", "5号", "32", "12km", "已开票", "未开票", "银行承兑", "合计", "Total:",
]


def cell_by_cell(raw: object, parse: Any) -> object:
    """What the import made of one cell before it read columns: the reference."""
    if raw == "" or raw is None or (isinstance(raw, str) and not raw.strip()):
        return EMPTY
    if type(raw) is CellError or (type(raw) is float and not math.isfinite(raw)):
        return Failed(ValueError(rows_module._unreadable(raw)))
    try:
        return parse(raw)
    except ValueError as exc:
        return Failed(exc)


def shown(value: object) -> object:
    """A value with its type (1 and 1.0 and True are equal, and so are 0.0 and -0.0)."""
    if isinstance(value, Failed):
        return ("failed", type(value.error), str(value.error), getattr(value.error, "hint", None))
    return type(value), repr(value)


def test_every_parser_gives_cell_by_cell_results_on_odd_cells() -> None:
    cells = ODD + ODD[::-1]  # each value twice, so the second comes from the cache
    for name, parse in sorted(PARSERS.items()):
        got, blanks, failures = rows_module._column(list(cells), parse)
        assert blanks == any(v is EMPTY for v in got) and failures == any(isinstance(v, Failed) for v in got)
        want = [cell_by_cell(raw, parse) for raw in cells]
        assert [shown(v) for v in got] == [shown(v) for v in want], name


def test_a_cached_value_is_not_shared_across_types() -> None:
    # 1 == 1.0 == True and date == datetime is False: each keeps its own parse
    got = convert_column([1, 1.0, True, "1", 1], identifier, rows_module._unreadable).values
    assert got == ["1", "1", "True", "1", "1"]
    assert [type(v) for v in got] == [str] * 5


@given(st.floats(allow_nan=True, allow_infinity=True))
@settings(max_examples=500)
def test_the_float_shortcut_agrees_with_to_fen(value: float) -> None:
    fast = fen_of_float(value)
    if fast is None:
        return
    assert fast == to_fen(value)
    assert type(fast) is int


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_the_float_shortcut_takes_every_amount_typed_to_the_fen(fen: int) -> None:
    # up to ¥10 million; beyond, a float's error may pass the slack and the full rules decide
    value = fen / 100
    try:
        expected = to_fen(value)
    except AmountError:
        return
    assert fen_of_float(value) == expected


@given(st.text(max_size=20))
@settings(max_examples=500)
def test_the_identifier_shortcut_agrees_with_identifier(text: str) -> None:
    fast = plain_identifier(text)
    if fast is not None:
        assert fast == identifier(text)
    if text.isascii() and text.isprintable() and text == text.strip() and "  " not in text:
        assert fast == text


# --- whole sheets -----------------------------------------------------------------------------

HEADER = ["客户名称", "单据编号", "发货日期", "到期日", "价税合计", "已收金额", "结算方式", "备注"]


def rows_by_reference(sheet: Sheet, source: str) -> list[tuple[Any, ...]]:
    """Each row read cell by cell, as the import did before it read columns."""
    header = find_header(sheet.rows, sheet.name, {})
    assert header is not None
    required = rows_module.REQUIRED[header.kind]
    columns = [(col, name, PARSERS[name], name in required) for col, name in sorted(header.columns.items())]
    key = next(col for col, name in header.columns.items() if name == "customer")
    label = sheet.rows[header.row][key]
    out = []
    for index in range(header.row + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if not any(cells) or rows_module.is_total(cells) or (key < len(cells) and cells[key] == label):
            continue
        values: dict[str, Any] = {}
        empty, failed = [], []
        for col, name, parse, needed in columns:
            value = cell_by_cell(cells[col] if col < len(cells) else "", parse)
            if value is EMPTY:
                if needed:
                    empty.append(col)
            elif isinstance(value, Failed):
                failed.append((col, cells[col], value.error))
            else:
                values[name] = value
        if not values and not failed:
            continue
        row = rows_module.Row(sheet.name, index + 1, header.kind, values, cells,
                              name_key(values["customer"]) if "customer" in values else "")
        problems = [rows_module._problem(source, header, row, col,
                                         t("cell.empty", column=header.labels[col])) for col in empty]
        notes: list[Problem] = []
        for col, raw, reason in failed:
            problem = rows_module._problem(source, header, row, col,
                                           rows_module._describe(header, col, raw, reason))
            if isinstance(reason, UnknownTerms):
                if "due" in values:
                    notes.append(rows_module._terms_note(problem))
                    continue
                problem = replace(problem, hint=reason.hint)
            problems.append(problem)
        out.append(as_tuple(row, problems + check_row(row, source, rows_module.header_letters(header)),
                            notes))
    return out


def as_tuple(row: rows_module.Row, problems: list[Problem], notes: list[Problem]) -> tuple[Any, ...]:
    values = [(k, type(v), repr(v)) for k, v in row.values.items()]  # in the order of the columns
    return row.sheet, row.line, row.kind, values, row.cells, row.customer_key, problems, notes


CELL = st.sampled_from(ODD)
ROW = st.lists(CELL, min_size=0, max_size=len(HEADER) + 1)


@given(st.lists(ROW, max_size=40))
@settings(max_examples=150, deadline=None)
def test_a_sheet_reads_as_it_did_cell_by_cell(body: list[list[object]]) -> None:
    sheet = Sheet("应收明细", [["应收账款明细表"], list(HEADER), *body,
                                ["杭州恒通五金有限公司", "XS-1", date(2026, 3, 5), "", 100.0, "", "", ""]])
    got = [as_tuple(p.row, p.problems, p.notes) for p in
           parse_rows(sheet, find_header(sheet.rows, sheet.name, {}), "f.xlsx")]  # type: ignore[arg-type]
    assert got == rows_by_reference(sheet, "f.xlsx")
    assert got[-1][3][0] == ("customer", str, repr("杭州恒通五金有限公司"))


def test_a_ledger_of_repeated_rows_reads_each_row() -> None:
    names = ["杭州恒通五金有限公司", "宁波博文电子有限公司", " 宁波博文电子有限公司"]
    body = [[names[i % 3], f"XS-{i}", date(2026, 1, 1 + i % 28), "" if i % 2 else date(2026, 3, 1),
             100.0 + i, 0.0 if i % 5 else "", "月结" if i % 7 else "怪", "" if i % 3 else "备注"]
            for i in range(300)]
    sheet = Sheet("应收明细", [list(HEADER), *body])
    parsed = list(parse_rows(sheet, find_header(sheet.rows, sheet.name, {}), "f.xlsx"))  # type: ignore[arg-type]
    assert [as_tuple(p.row, p.problems, p.notes) for p in parsed] == rows_by_reference(sheet, "f.xlsx")
    assert len(parsed) == 300
    assert {p.row.customer_key for p in parsed} == {name_key(names[0]), name_key(names[1])}
    # terms dunner cannot read are a note on a row with its due date, a problem on one without
    odd_terms = [p for p in parsed if p.row.cells[6] == "怪"]
    assert odd_terms and all(bool(p.notes) == ("due" in p.row.values) for p in odd_terms)
    assert all("due" not in p.row.values for p in parsed if p.row.cells[3] == "")


# --- the cells a rejects workbook shows ---------------------------------------------------------

def test_rows_rejected_by_other_rows_keep_their_cells_for_the_rejects_workbook(
        tmp_path: Path, ledger, run) -> None:
    # a good row's cells are let go before the ledger loads; a repeated invoice number and a
    # payment naming an invoice nobody holds are rejected only then, and show all their cells
    ht = "杭州恒通五金有限公司"
    rows = [(ht, "HT-1", date(2026, 9, 1), None, 100, None, "张三"),
            (ht, "HT-1", date(2026, 9, 2), None, 200, None, "张三"),
            (ht, "HT-2", date(2026, 9, 3), None, 300, None, "张三")]
    pays = [(ht, date(2026, 10, 1), 50, "HT-9"), (ht, date(2026, 10, 2), 60, "HT-2")]
    book = write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows),
                                                 SheetSpec("回款记录", PAYMENT_HEADERS, pays)])
    report = run(book, skip_bad=True)
    assert [p.code for p in report.rejected] == ["duplicate_invoice", "unknown_invoice"]
    assert report.counts["invoices_added"] == 2 and report.counts["payments_added"] == 1
    saved = load_workbook(tmp_path / "ledger.xlsx.rejects.xlsx")
    invoice_rows = list(saved["应收明细"].iter_rows(values_only=True))
    assert invoice_rows[1][0] == 3 and invoice_rows[1][2:7] == (ht, "HT-1", datetime(2026, 9, 2), None, 200)
    payment_rows = list(saved["回款记录"].iter_rows(values_only=True))
    assert payment_rows[1][0] == 2 and payment_rows[1][2:] == (ht, datetime(2026, 10, 1), 50, "HT-9")


# --- writing rows that give different columns ---------------------------------------------------

@pytest.mark.postgres_too
@pytest.mark.parametrize("plain", [True, False])  # the standard library's connection or SQLAlchemy's
def test_bulk_insert_keeps_the_order_and_defaults_of_rows_giving_different_columns(
        ledger, plain: bool) -> None:
    people = [{"name": "甲", "name_key": "甲"}, {"name": "乙", "name_key": "乙", "owner": "张三"},
              {"name": "丙", "name_key": "丙", "owner": "李四"}, {"name_key": "丁", "name": "丁"},
              {"name": "戊", "name_key": "戊", "terms": "net:30", "owner": "王五"}]
    with ledger.writer() if plain else ledger.write() as conn:
        repo.bulk_insert(conn, "customer", people, defaults("customer"))
    with ledger.read() as conn:
        rows = conn.execute(select(repo.CUSTOMER.c.name, repo.CUSTOMER.c.owner, repo.CUSTOMER.c.terms,
                                   repo.CUSTOMER.c.status).order_by(repo.CUSTOMER.c.id)).all()
    status = defaults("customer")["status"]
    assert [tuple(r) for r in rows] == [("甲", "", None, status), ("乙", "张三", None, status),
                                        ("丙", "李四", None, status), ("丁", "", None, status),
                                        ("戊", "王五", "net:30", status)]
