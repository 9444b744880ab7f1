"""Error cells of .xls and .ods files (``#DIV/0!``, ``#N/A``, LibreOffice's ``Err:502``), which
calamine reads as empty, arrive named as errors; the rows around them import as before."""

from __future__ import annotations

import struct
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.adapters.error_cells import BIFF_ERRORS, error_cells
from dunner.adapters.workbook import CellError
from tests.adapters import legacy_files as L
from tests.adapters.legacy_files import error_marks as _errors
from tests.adapters.legacy_files import read_cells as _cells
from tests.conftest import Cli

ISSUED = date(2026, 3, 5)
ROWS = [("恒通", "A-1", ISSUED, 100.5),
        ("恒通", "A-2", ISSUED, ("err", "#DIV/0!")),
        ("鑫达", "A-3", ("err", "#N/A"), 200),
        ("鑫达", "A-4", ISSUED, 300)]


# --- .xls --------------------------------------------------------------------------------------

@pytest.mark.parametrize("pad", [0, 8000], ids=["mini-stream", "sectors"])
def test_xls_formula_and_error_cells_arrive_as_errors(tmp_path: Path, pad: int) -> None:
    rows = [*ROWS, ("鑫达", "A-5", ISSUED, ("boolerr", "#VALUE!"))]
    cells = _cells(L.write_xls(tmp_path / "book.xls", L.ledger(rows), pad=pad))
    assert _errors(cells) == {(2, 3): "#DIV/0!", (3, 2): "#N/A", (5, 3): "#VALUE!"}
    assert cells[1] == ["恒通", "A-1", ISSUED, 100.5]
    assert cells[4] == ["鑫达", "A-4", ISSUED, 300.0]


def test_every_biff_error_code_is_named(tmp_path: Path) -> None:
    rows = [("x", code, ("err", code)) for code in BIFF_ERRORS] + [("x", 0x07, ("boolerr", 0x07))]
    cells = _cells(L.write_xls(tmp_path / "codes.xls", {"S": rows}))
    assert [str(row[2]) for row in cells] == [*BIFF_ERRORS.values(), "#DIV/0!"]
    assert all(isinstance(row[2], CellError) for row in cells)


def test_xls_errors_are_found_on_the_sheet_they_are_on(tmp_path: Path) -> None:
    path = L.write_xls(tmp_path / "two.xls", {"说明": [("说明", ("err", "#REF!"))],
                                              "应收": [*L.ledger(ROWS)["应收"]]})
    assert _errors(_cells(path, only="应收")) == {(2, 3): "#DIV/0!", (3, 2): "#N/A"}
    assert _errors(_cells(path, only="说明")) == {(0, 1): "#REF!"}


def test_records_of_a_chart_inside_a_sheet_are_not_its_cells() -> None:
    chart = (L._bof(0x0020) + L._xls_cell(9, 9, ("boolerr", "#N/A")) + L._record(0x000A, b""))
    stream = L.biff_stream({"S": [("a", ("err", "#NUM!"))]})
    # the chart's records go just before the sheet's EOF, the stream's last record
    stream = stream[:-4] + chart + stream[-4:]
    with_chart = L.ole({"Workbook": stream})
    from io import BytesIO

    from dunner.adapters.error_cells import _xls_errors

    assert _xls_errors(BytesIO(with_chart), ["S"]) == {"S": {(0, 1): "#NUM!"}}


# --- .ods --------------------------------------------------------------------------------------

def test_ods_error_results_arrive_as_errors(tmp_path: Path) -> None:
    rows = [*ROWS, ("鑫达", "A-5", ISSUED, ("err", "Err:502"))]
    cells = _cells(L.write_ods(tmp_path / "book.ods", [L.ods_table("应收", L.ledger(rows)["应收"])]))
    assert _errors(cells) == {(2, 3): "#DIV/0!", (3, 2): "#N/A", (5, 3): "Err:502"}
    assert cells[1] == ["恒通", "A-1", ISSUED, 100.5]


def test_ods_cells_are_counted_as_calamine_counts_them(tmp_path: Path) -> None:
    """Repeated empty rows and cells, header rows, a merged (covered) cell and a comment all
    move the error to where calamine puts the row, not elsewhere."""
    err = L.ods_cell(("err", "#DIV/0!"))
    noted = ('<table:table-cell office:value-type="string"><office:annotation><text:p>#N/A'
             "</text:p></office:annotation><text:p>备注</text:p></table:table-cell>")
    body = ("<table:table-header-rows><table:table-row>" + L.ods_cell("客户") + L.ods_cell("金额")
            + "</table:table-row></table:table-header-rows>"
            '<table:table-row table:number-rows-repeated="3"><table:table-cell '
            'table:number-columns-repeated="5"/></table:table-row>'
            '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
            '<table:covered-table-cell/>' + err + noted + "</table:table-row>"
            "<table:table-row>" + L.ods_cell("a") + L.ods_cell(1) + "</table:table-row>")
    path = L.write_ods(tmp_path / "shape.ods", [L.ods_table("S", [], before=body)])
    cells = _cells(path)
    assert _errors(cells) == {(4, 3): "#DIV/0!"}
    assert cells[4][4] == "备注" and cells[5][:2] == ["a", 1.0]


def test_a_table_inside_a_cell_is_that_cell_content(tmp_path: Path) -> None:
    nested = ('<table:table-cell office:value-type="float" office:value="1"><table:table '
              'table:name="in"><table:table-row><table:table-cell/><table:table-cell/>'
              "</table:table-row></table:table></table:table-cell>")
    body = "<table:table-row>" + nested + L.ods_cell(("err", "#N/A")) + "</table:table-row>"
    cells = _cells(L.write_ods(tmp_path / "nested.ods", [L.ods_table("S", [], before=body)]))
    assert cells == [[1.0, CellError("#N/A")]] and isinstance(cells[0][1], CellError)


def test_an_ods_formula_with_a_text_result_is_text(tmp_path: Path) -> None:
    text = ('<table:table-cell table:formula="of:=&quot;#1 仓&quot;" office:value-type="string" '
            'office:string-value="#1 仓"><text:p>#1 仓</text:p></table:table-cell>')
    old = '<table:table-cell table:formula="oooc:=1/0"><text:p>#DIV/0!</text:p></table:table-cell>'
    body = "<table:table-row>" + text + old + "</table:table-row>"
    cells = _cells(L.write_ods(tmp_path / "t.ods", [L.ods_table("S", [], before=body)]))
    assert cells == [["#1 仓", CellError("#DIV/0!")]]
    assert type(cells[0][0]) is str and type(cells[0][1]) is CellError


def test_ods_without_errors_is_not_parsed_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dunner.adapters import error_cells as E

    def no_parse(*_: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(E.expat, "ParserCreate", no_parse)
    rows = [r for r in ROWS if not any(isinstance(v, tuple) for v in r)]
    path = L.write_ods(tmp_path / "clean.ods", [L.ods_table("应收", L.ledger(rows)["应收"])])
    with zipfile.ZipFile(path) as zf:
        assert E._ods_errors(zf) == {}


def test_an_ods_declaring_entities_is_not_expanded(tmp_path: Path) -> None:
    """A DTD is refused before any entity is declared: a billion laughs costs nothing."""
    lol = "".join(f'<!ENTITY l{i + 1} "{f"&l{i};" * 10}">' for i in range(9))
    prolog = f'<!DOCTYPE office:document-content [<!ENTITY l0 "#DIV/0!">{lol}]>'
    cell = ('<table:table-cell table:formula="of:=1/0" office:value-type="string" '
            'office:string-value="" calcext:value-type="error"><text:p>&l9;</text:p></table:table-cell>')
    table = L.ods_table("S", [], before=f"<table:table-row>{cell}</table:table-row>")
    path = L.write_ods(tmp_path / "lol.ods", [table], prolog=prolog)
    started = time.perf_counter()
    assert error_cells(path, ["S"]) == {}
    assert time.perf_counter() - started < 1
    row = f"<table:table-row>{L.ods_cell(('err', '#N/A'))}</table:table-row>"
    plain = L.write_ods(tmp_path / "plain.ods", [L.ods_table("S", [], before=row)])
    assert error_cells(plain, ["S"]) == {"S": {(0, 0): "#N/A"}}
    with_dtd = L.write_ods(tmp_path / "dtd.ods", [L.ods_table("S", [], before=row)],
                           prolog="<!DOCTYPE office:document-content>")
    assert error_cells(with_dtd, ["S"]) == {}  # any DTD at all is refused


# --- damaged files: the cells stay as calamine gave them, nothing raises -------------------------

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.integers(0, 12_000))
def test_a_damaged_xls_never_breaks_the_search(tmp_path: Path, flips: list[tuple[int, int]],
                                               cut: int) -> None:
    data = bytearray(L.ole({"Workbook": L.biff_stream(L.ledger(ROWS)) + bytes(5000)}))
    for at, value in flips:
        data[at % len(data)] = value
    path = tmp_path / "damaged.xls"
    path.write_bytes(bytes(data[:cut]) if cut < len(data) else bytes(data))
    found = error_cells(path, ["应收"])
    assert set(found) <= {"应收"} and all(len(cells) <= 10_000 for cells in found.values())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.lists(st.sampled_from(list('<>/="#! :-abtlecrwDIV0NAxmns&;') + [
    '<table:table table:name="S">', "<table:table-row>", "</table:table-row>", "<table:table-cell ",
    'table:number-columns-repeated="99999999"', 'calcext:value-type="error"', "</table:table-cell>",
    "#DIV/0!", "<!DOCTYPE x>", "</table:table>"]), max_size=300).map("".join))
def test_any_content_xml_never_breaks_the_search(tmp_path: Path, content: str) -> None:
    path = tmp_path / "any.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.xml", content)
    found = error_cells(path, [])
    assert all(len(cells) <= 10_000 for cells in found.values())


def test_a_huge_repeat_of_an_error_cell_is_bounded(tmp_path: Path) -> None:
    cell = ('<table:table-cell table:number-columns-repeated="16384" calcext:value-type="error" '
            'table:formula="of:=1/0"><text:p>#N/A</text:p></table:table-cell>')
    body = f'<table:table-row table:number-rows-repeated="1048576">{cell}</table:table-row>'
    path = L.write_ods(tmp_path / "wide.ods", [L.ods_table("S", [], before=body)])
    assert len(error_cells(path, ["S"])["S"]) == 10_000


def test_a_compound_file_whose_chains_loop_is_left_alone(tmp_path: Path) -> None:
    data = bytearray(L.ole({"Workbook": L.biff_stream(L.ledger(ROWS)) + bytes(5000)}))
    fat_sector = struct.unpack_from("<I", data, 76)[0]
    at = 512 + fat_sector * 512
    data[at:at + 8] = struct.pack("<II", 1, 0)  # sector 0 → 1 → 0 → …
    path = tmp_path / "loop.xls"
    path.write_bytes(bytes(data))
    assert error_cells(path, ["应收"]) == {}


# --- through `dunner import` -------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def _book(kind: str, folder: Path) -> Path:
    if kind == "xls":
        return L.write_xls(folder / "ledger.xls", L.ledger(ROWS))
    return L.write_ods(folder / "ledger.ods", [L.ods_table("应收", L.ledger(ROWS)["应收"])])


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_import_names_the_error_not_an_empty_cell(cli: Cli, tmp_path: Path, kind: str) -> None:
    path = _book(kind, tmp_path)
    result = cli("import", str(path))
    assert result.exit_code == 1
    fix = "fix the formula or type the value"
    assert _lines(result.stderr)[:2] == [
        f"ledger.{kind}:应收!D3: column 金额: #DIV/0! is an error a formula left, not a value: {fix}"
        " — write a number such as 1234.50 or ¥1,234.50",
        f"ledger.{kind}:应收!C4: column 开票日期: #N/A is an error a formula left, not a value: {fix}"
        " — write a date such as 2026-03-05 or 2026年3月5日"]
    assert "empty" not in result.stderr and "Traceback" not in result.stderr
    assert not cli.db.exists()


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_skip_bad_imports_the_other_rows_and_keeps_the_errors(cli: Cli, tmp_path: Path, kind: str) -> None:
    held, rejects = L.imported_skipping_bad(cli, _book(kind, tmp_path))
    assert held == {"A-1": ("恒通", ISSUED, None, 10_050), "A-4": ("鑫达", ISSUED, None, 30_000)}
    assert [(r[0], r[1].split(":")[0], r[-1]) for r in rejects[1:]] == [(3, "column 金额", "#DIV/0!"),
                                                                      (4, "column 开票日期", 200)]
    assert "#DIV/0! is an error a formula left" in rejects[1][1]
    assert rejects[2][4] == "#N/A"


def test_the_error_is_named_in_chinese_too(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(_book("ods", tmp_path)), lang="zh")
    assert result.exit_code == 1
    assert "#DIV/0! 是公式的错误结果，不是数值" in result.stderr


# --- files LibreOffice wrote -------------------------------------------------------------------

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(("name", "fourth"), [("libreoffice_errors.ods", "Err:502"),
                                              ("libreoffice_errors.xls", "#VALUE!")])
def test_error_cells_of_files_libreoffice_saved(tmp_path: Path, name: str, fourth: str) -> None:
    path = tmp_path / name
    path.write_bytes((DATA / name).read_bytes())
    cells = _cells(path)
    assert _errors(cells) == {(2, 3): "#DIV/0!", (3, 2): "#N/A", (4, 3): "#NUM!", (5, 3): fourth}
    assert [row[3] for row in cells[6:]] == [300, 600]  # a number, and a formula's number


def test_import_of_a_file_libreoffice_saved_names_each_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "ledger.ods"
    path.write_bytes((DATA / "libreoffice_errors.ods").read_bytes())
    held, rejects = L.imported_skipping_bad(cli, path)
    assert sorted(held) == ["A-1", "A-6", "A-7"]
    assert [r[1].split(" is ")[0] for r in rejects[1:]] == [
        "column 金额: #DIV/0!", "column 开票日期: #N/A", "column 金额: #NUM!", "column 金额: Err:502"]
