"""Writing .xlsx: formula-like text stays text, numbers stay numbers, files are private (0600)."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
import python_calamine as pc
from openpyxl import load_workbook

from dunner.adapters.xlsx import private_file, safe_cell, write_table_workbook

FORMULA_LIKE = ["=1+1", "+x", "-x", "@x", "=HYPERLINK(\"http://example.invalid\",\"点我\")", "-", "=",
                "+86 138 0000 1234", "@SUM(A1:A2)", "\tx", "\rx"]


def _calamine_rows(path: Path, sheet: str) -> list[list[object]]:
    return pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_formula_like_text_is_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table_workbook(path, [("导出", ["值"], [[v] for v in FORMULA_LIKE])])
    cells = [row[0] for row in load_workbook(path)["导出"].iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * len(FORMULA_LIKE)
    # openpyxl's stdlib writer leaves a bare CR for the XML parser to read as a line feed, its lxml
    # writer escapes it; what matters is that the cell stays text
    assert [c.value for c in cells][:-1] == FORMULA_LIKE[:-1]
    assert cells[-1].value in ("\nx", "\rx")


def test_calamine_reads_formula_like_text_back_as_the_same_string(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    values = ["=1+1", "+x", "-x", "@x"]
    write_table_workbook(path, [("S", ["a", "b", "c", "d"], [values])])
    assert _calamine_rows(path, "S")[1] == values


def test_no_formula_reaches_the_file(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "out.xlsx"
    write_table_workbook(path, [("S", ["a"], [[v] for v in FORMULA_LIKE])])
    with zipfile.ZipFile(path) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_formula_like_header_is_written_as_text(tmp_path: Path) -> None:
    # headers come from the workbook being imported when a rejects file is written
    path = tmp_path / "out.xlsx"
    write_table_workbook(path, [("S", ["row", "=1+1", "@x", "-x"], [[1, "a", "b", "c"]])])
    header = next(load_workbook(path)["S"].iter_rows(max_row=1))
    assert [(c.value, c.data_type) for c in header] == [
        ("row", "s"), ("=1+1", "s"), ("@x", "s"), ("-x", "s")]


def test_real_numbers_stay_numbers(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table_workbook(path, [("S", ["a", "b", "c", "d", "e"], [[-5, -12.5, 0, 1234.56, -0.01]])])
    cells = next(load_workbook(path)["S"].iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in cells] == [
        (-5, "n"), (-12.5, "n"), (0, "n"), (1234.56, "n"), (-0.01, "n")]
    assert _calamine_rows(path, "S")[1] == [-5.0, -12.5, 0.0, 1234.56, -0.01]


def test_dates_and_empty_cells(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table_workbook(path, [("S", ["a", "b", "c"], [[date(2026, 3, 5), None, "x"]])])
    cells = next(load_workbook(path)["S"].iter_rows(min_row=2))
    assert cells[0].is_date
    assert cells[0].value.date() == date(2026, 3, 5)
    assert cells[1].value in (None, "")
    assert cells[2].value == "x"


def test_several_sheets_and_safe_titles(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    long_name = "应收明细" * 10
    sheets = [("a/b[c]:d*e?f\\g", ["x"], [[1]]), (long_name, ["y"], [[2]]), ("", ["z"], [])]
    write_table_workbook(path, sheets)
    assert load_workbook(path).sheetnames == ["a_b_c__d_e_f_g", long_name[:31], "Sheet"]


def test_written_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "out.xlsx"
    write_table_workbook(path, [("S", ["a"], [[1]])])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_an_existing_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"older content that is much longer than nothing")
    path.chmod(0o644)
    write_table_workbook(path, [("S", ["a"], [[1]])])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_workbook(path)["S"]["A2"].value == 1


def test_private_file_is_created_empty_and_0600(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "secret.txt"
    private_file(path)
    assert path.read_bytes() == b""
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    path.write_text("data", encoding="utf-8")
    path.chmod(0o666)
    private_file(path)
    assert path.read_bytes() == b""
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"),
    ("+x", "'+x"),
    ("-x", "'-x"),
    ("@x", "'@x"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("'=already", "'=already"),
    ("plain", "plain"),
    ("", ""),
    ("x=1", "x=1"),
    ("客户-1", "客户-1"),
    (-5, -5),
    (-12.5, -12.5),
    (0, 0),
    (None, None),
    (date(2026, 3, 5), date(2026, 3, 5)),
])
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected
    assert type(safe_cell(value)) is type(expected)
