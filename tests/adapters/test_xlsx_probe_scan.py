"""The .xlsx probe's scan of a sheet part: the cell references beyond its dimension, the cells
without a reference and the numbers that are none are found whatever else the part holds, by
searches that turn the common cell away at its first characters."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.adapters.xlsx_probe import _beyond, cell_name, probe_xlsx, scan_sheet
from tests.adapters import hostile_files as H

LIMITS = (1_000_000, 200, 10_000_000)


@given(st.integers(1, 10**7), st.integers(1, 200), st.integers(0, 800), st.integers(1, 10**8),
       st.sampled_from([b"", b"x:"]))
@settings(max_examples=500)
def test_a_reference_is_found_exactly_when_it_is_beyond_the_dimension(
        rows: int, columns: int, col: int, row: int, prefix: bytes) -> None:
    cells, row_tags = _beyond(prefix, rows, columns)
    ref = cell_name(row - 1, col).encode()
    xml = b"<" + prefix + b'row r="3"><' + prefix + b'c r="' + ref + b'" s="1"><' + prefix + b"v>1<"
    assert bool(cells.search(xml)) == (col >= columns or row > rows)
    assert bool(row_tags.search(b"<" + prefix + b'row r="%d">' % row)) == (row > rows)


def _shape(tmp_path: Path, body: str, dimension: str | None = "A1:C3") -> tuple[int, int, int, dict]:
    path = H.write_xlsx(tmp_path / "s.xlsx", {"S": H.sheet_xml(body, dimension)})
    with zipfile.ZipFile(path) as zf:
        shape = scan_sheet(zf, "xl/worksheets/sheet1.xml", LIMITS)
    return shape.rows, shape.columns, shape.refless, shape.marked


ROWS = '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>'


def test_other_elements_named_c_something_are_no_cells_without_a_reference(tmp_path: Path) -> None:
    cols = '<cols><col min="1" max="3" width="9"/></cols>'
    body = ROWS + '<row r="2"><c r="C2"><v>-5</v></c></row>'
    xml = H.sheet_xml(body, "A1:C3").replace("<sheetData>", cols + "<sheetData>")
    path = H.write_xlsx(tmp_path / "cols.xlsx", {"S": xml})
    with zipfile.ZipFile(path) as zf:
        probe = probe_xlsx(zf, *LIMITS)
    assert not probe.child_only
    assert (probe.sheets["S"].rows, probe.sheets["S"].columns, probe.sheets["S"].refless) == (3, 3, 0)


def test_a_cell_without_a_reference_is_counted_however_it_is_written(tmp_path: Path) -> None:
    for odd in ('<c t="n"><v>1</v></c>', "<c><v>1</v></c>", "<c\t><v>1</v></c>", "<c/>", "<c\nt=\"n\"/>"):
        assert _shape(tmp_path, ROWS + f'<row r="2">{odd}</row>')[2] > 0, odd
    assert _shape(tmp_path, ROWS)[2] == 0


def test_a_cell_beyond_a_lying_dimension_is_measured(tmp_path: Path) -> None:
    assert _shape(tmp_path, ROWS + '<row r="2"><c r="D2"><v>1</v></c></row>')[:2] == (3, 4)
    assert _shape(tmp_path, ROWS + '<row r="7"><c r="B7"><v>1</v></c></row>')[:2] == (7, 3)
    assert _shape(tmp_path, ROWS + '<row r="9"></row>')[:2] == (9, 3)
    assert _shape(tmp_path, ROWS + '<row r="3"><c r="C3"><v>1</v></c></row>')[:2] == (3, 3)


def test_a_number_that_is_none_is_marked_among_negative_numbers(tmp_path: Path) -> None:
    body = ROWS + ('<row r="2"><c r="A2"><v>-5</v></c><c r="B2"><v> nan</v></c>'
                   '<c r="C2"><v>-Infinity</v></c></row><row r="3"><c r="A3"><v>+inf</v></c></row>')
    assert _shape(tmp_path, body)[3] == {(1, 1): "nan", (1, 2): "-Infinity", (2, 0): "+inf"}
    assert _shape(tmp_path, ROWS + '<row r="2"><c r="A2"><v>-5</v></c></row>')[3] == {}
