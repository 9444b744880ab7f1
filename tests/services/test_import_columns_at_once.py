"""Import: columns of one or two kinds of cell (all amounts, all invoice numbers, numbers typed
among texts) are converted at once, and a sheet's blank, total and label rows are found a
column at a time. Either way each cell and each row reads as it does read on its own."""

from __future__ import annotations

import math
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.adapters.workbook import Sheet
from dunner.domain.text import identifier
from dunner.services.importing import rows as rows_module
from dunner.services.importing.columns import (
    EMPTY,
    Failed,
    convert_column,
    fen_of_float,
    fens_of_floats,
    plain_identifier,
    plain_identifiers,
)
from dunner.services.importing.headers import find_header
from dunner.services.importing.rows import PARSERS, parse_rows
from tests.services.test_import_columns import as_tuple, cell_by_cell, rows_by_reference, shown

FLOATS = [0.0, -0.0, 1.0, 12.5, 100.01, 0.1 + 0.2, 1.234, -5.0, 46086.0, 202301010002.0, 1e11 + 0.005,
          1e13, 1e20, 1e300, math.nan, math.inf, -math.inf]
TEXTS = ["", " ", "\u3000", "XS2025-001234", "XS-1", "13800001234", " XS-1", "XS-1 ", "XS  1", "ＸＳ1",
         "a\u00a0b", "杭州恒通五金有限公司", "1234.50", "¥1,234.50", "2026-03-05", "月结", "合计", "net:30"]
DATES = [date(2026, 3, 5), date(1980, 1, 1), datetime(2026, 3, 5), datetime(2026, 3, 5, 14, 30)]
A_FLOAT = st.one_of(st.sampled_from(FLOATS), st.integers(-10**9, 10**9).map(lambda fen: fen / 100),
                    st.floats(allow_nan=True, allow_infinity=True))
PLAIN = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12)
A_TEXT = st.one_of(st.sampled_from(TEXTS), PLAIN)
# columns as a sheet has them: one kind of cell, or texts with numbers or dates among them
COLUMN = st.one_of(st.lists(A_FLOAT, max_size=30), st.lists(PLAIN, max_size=30),
                   st.lists(A_TEXT, max_size=30), st.lists(st.one_of(PLAIN, A_FLOAT), max_size=30),
                   st.lists(st.one_of(A_TEXT, st.sampled_from(DATES)), max_size=30))


@given(COLUMN)
@settings(max_examples=300, deadline=None)
def test_a_column_of_few_kinds_of_cell_reads_cell_by_cell(cells: list[object]) -> None:
    for name, parse in sorted(PARSERS.items()):
        got, blanks, failures = rows_module._column(list(cells), parse)
        want = [cell_by_cell(raw, parse) for raw in cells]
        assert [shown(v) for v in got] == [shown(v) for v in want], name
        assert blanks == any(v is EMPTY for v in want)
        assert failures == any(isinstance(v, Failed) for v in want)


def test_each_float_zero_keeps_its_own_text_where_the_sign_shows() -> None:
    # 0.0 == -0.0: a cache by value would give both the same text
    assert convert_column([0.0, -0.0, 1.5], rows_module._text, rows_module._unreadable).values == \
        ["0.0", "-0.0", "1.5"]
    assert rows_module._column([-0.0, 0.0, 2.0], rows_module._amount).values == [0, 0, 200]


@given(st.lists(A_FLOAT, max_size=40))
@settings(max_examples=300)
def test_amounts_at_once_are_each_amount_alone(values: list[float]) -> None:
    got = fens_of_floats(values)
    assert got == [fen_of_float(v) for v in values]
    assert all(type(v) is int for v in got if v is not None)


@given(st.lists(st.one_of(st.text(min_size=1, max_size=12), PLAIN), max_size=40))
@settings(max_examples=300)
def test_identifiers_at_once_are_each_identifier_alone(texts: list[str]) -> None:
    assert plain_identifiers(texts) == [plain_identifier(t) for t in texts]


def test_one_padded_number_among_plain_ones_is_read_as_identifier_reads_it() -> None:
    cells: list[object] = ["XS-1", "XS-2", 202301010002.0, " XS-3", "", 5.0]
    assert rows_module._column(cells, identifier).values == \
        ["XS-1", "XS-2", "202301010002", "XS-3", EMPTY, "5"]


# --- whole sheets ---------------------------------------------------------------------------

HEADER = ["到期日", "客户名称", "单据编号", "发货日期", "价税合计", "已收金额", "备注"]  # customer second
NAMES = ["杭州恒通五金有限公司", "宁波博文电子有限公司", " 宁波博文电子有限公司", "合计", "Total:",
         "客户名称"]
ROW = st.tuples(st.sampled_from(["", date(2026, 5, 1), None, 0.0]), st.sampled_from(NAMES + ["", None]),
                st.one_of(PLAIN, st.sampled_from(["", 202301010002.0])),
                st.sampled_from([date(2026, 3, 5), datetime(2026, 3, 6), "", "2026-03-07"]),
                st.one_of(st.integers(-10**7, 10**7).map(lambda fen: fen / 100), st.sampled_from(FLOATS)),
                st.sampled_from(["", 0.0, 50.0, -0.0]), st.sampled_from(["", "备注", " "]))
CUT = st.integers(0, len(HEADER) + 1)


@given(st.lists(st.tuples(ROW, CUT), max_size=40))
@settings(max_examples=150, deadline=None)
def test_a_sheet_of_plain_columns_reads_as_it_did_cell_by_cell(
        body: list[tuple[tuple[object, ...], int]]) -> None:
    # rows cut short too, and a customer column that is not the first
    last = [date(2026, 5, 1), "杭州恒通五金有限公司", "XS-1", date(2026, 3, 5), 100.0, "", ""]
    cut_rows = [list(row)[:cut] for row, cut in body]
    sheet = Sheet("应收明细", [["应收账款明细表"], list(HEADER), *cut_rows, last])
    header = find_header(sheet.rows, sheet.name, {})
    assert header is not None
    got = [as_tuple(p.row, p.problems, p.notes) for p in parse_rows(sheet, header, "f.xlsx")]
    assert got == rows_by_reference(sheet, "f.xlsx")
    assert got[-1][1] == len(sheet.rows)


def test_blank_total_and_label_rows_are_left_out_wherever_they_are() -> None:
    good = ["杭州恒通五金有限公司", "XS-1", date(2026, 3, 5), "", 100.0]
    sheet = Sheet("应收明细", [["客户名称", "单据编号", "发货日期", "到期日", "价税合计"], good,
                                ["", "", "", "", ""], [0.0, None], ["", "合计", "", "", 100.0],
                                ["客户名称", "单据编号"], ["合计（元）", "", "", "", 100.0], [],
                                ["", "", "", "", ""], ["", "", "", "", "", "a note"], good])
    header = find_header(sheet.rows, sheet.name, {})
    assert header is not None
    parsed = list(parse_rows(sheet, header, "f.xlsx"))
    assert [p.row.line for p in parsed] == [2, 11]
    assert [as_tuple(p.row, p.problems, p.notes) for p in parsed] == rows_by_reference(sheet, "f.xlsx")
