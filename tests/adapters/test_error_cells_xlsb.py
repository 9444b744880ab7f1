"""Error cells of .xlsb files — an error typed in (BrtCellError) and a formula's error result
(BrtFmlaError, which calamine passes over) — arrive named as errors, not as empty cells, on the
sheet they are on; a damaged file is refused or read as calamine reads it, never a traceback."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dunner.adapters import error_cells as E
from dunner.adapters.error_cells import BIFF_ERRORS, error_cells
from dunner.adapters.workbook import CellError
from tests.adapters import legacy_files as L
from tests.adapters import xlsb_files as X
from tests.adapters.legacy_files import error_marks as _errors
from tests.adapters.legacy_files import read_cells as _cells
from tests.conftest import Cli

DATA = Path(__file__).resolve().parents[1] / "data"
ISSUED = date(2026, 3, 5)
ROWS = [("恒通", "A-1", "2026-03-05", 100.5),
        ("恒通", "A-2", "2026-03-05", ("err", "#DIV/0!")),
        ("鑫达", "A-3", ("cellerr", "#N/A"), 200),
        ("鑫达", "A-4", "2026-03-05", 300)]
# ErrorTypes.xlsb, as Excel saved it: (row, column) → the error, 0-based from A1
EXCEL_ERRORS = {
    (1, 0): "#NULL!", (1, 1): "#NULL!", (2, 0): "#DIV/0!", (2, 1): "#DIV/0!",
    (3, 0): "#VALUE!", (3, 1): "#VALUE!", (4, 0): "#REF!", (4, 1): "#REF!",
    (5, 0): "#NAME?", (5, 2): "#NAME?", (6, 0): "#NUM!", (6, 1): "#NUM!",
    (7, 0): "#N/A", (7, 3): "#N/A",
    **{(r, 5): "#N/A" for r in range(8, 14)},  # =ERROR.TYPE(…) of a value that is no error
}
MAPS = ("--map", "Error=customer", "--map", "Bang=number", "--map", "Val=issued",
        "--map", "ErrType=amount")


def _excel_file(folder: Path, name: str = "errors.xlsb") -> Path:
    path = folder / name
    path.write_bytes((DATA / "ErrorTypes.xlsb").read_bytes())
    return path


def _rezip(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the zip ``source`` with ``part``'s bytes changed by ``change``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == part else data)
    return target


# --- a file Excel saved ------------------------------------------------------------------------

def test_calamine_hands_the_error_cells_over_as_empty() -> None:
    """Why the file is read a second time: python-calamine gives "" for both kinds of record."""
    import python_calamine as pc

    sheet = pc.CalamineWorkbook.from_path(str(DATA / "ErrorTypes.xlsb")).get_sheet_by_name("RawErrors")
    rows = sheet.to_python(skip_empty_area=False)
    assert {rows[r][c] for r, c in EXCEL_ERRORS} == {""}
    assert rows[1][2:4] == ["#NULL?", "#NULL"]  # text, next to the errors


def test_the_scan_finds_each_error_cell_of_a_file_excel_saved() -> None:
    assert error_cells(DATA / "ErrorTypes.xlsb", ["RawErrors"]) == {"RawErrors": EXCEL_ERRORS}


def test_error_cells_of_a_file_excel_saved_arrive_as_errors(tmp_path: Path) -> None:
    cells = _cells(_excel_file(tmp_path))
    assert _errors(cells) == EXCEL_ERRORS
    assert cells[0][:3] == ["Error", "Bang", "Que"]
    assert cells[1][2] == "#NULL?" and type(cells[1][2]) is str  # text that looks like one is text
    assert cells[8][:2] == ["#WTF", "#WTF!"] and not isinstance(cells[8][0], CellError)
    assert cells[9][0] == 123.0 and cells[11][0] == date(2014, 10, 11)


def test_import_names_each_error_of_a_file_excel_saved(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(_excel_file(tmp_path)), *MAPS)
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    fix = "fix the formula or type the value"
    assert lines[0] == (f"errors.xlsb:RawErrors!A2: column Error: #NULL! is an error a formula left, not a "
                        f"value: {fix} — fill in the customer's name")
    assert "errors.xlsb:RawErrors!A3: column Error: #DIV/0! is an error" in result.stderr
    assert "errors.xlsb:RawErrors!A8: column Error: #N/A is an error" in result.stderr
    for row in range(9, 15):  # the formulas' results
        assert f"RawErrors!F{row}: column ErrType: #N/A is an error a formula left" in result.stderr
    assert "empty" not in result.stderr and "Traceback" not in result.stderr
    assert cli.wrote_nothing()


# --- files built record by record --------------------------------------------------------------

def test_both_kinds_of_error_record_arrive_as_errors(tmp_path: Path) -> None:
    path = X.write_xlsb(tmp_path / "book.xlsb", L.ledger(ROWS))
    cells = _cells(path)
    assert _errors(cells) == {(2, 3): "#DIV/0!", (3, 2): "#N/A"}
    assert cells[1] == ["恒通", "A-1", "2026-03-05", 100.5]
    assert cells[4] == ["鑫达", "A-4", "2026-03-05", 300.0]


def test_every_error_code_is_named_and_an_unknown_one_left_alone(tmp_path: Path) -> None:
    rows = [("x", code, ("err", code)) for code in BIFF_ERRORS] + [("x", 0x07, ("cellerr", 0x07)),
                                                                   ("x", 0x99, ("err", 0x99))]
    cells = _cells(X.write_xlsb(tmp_path / "codes.xlsb", {"S": rows}))
    assert [str(row[2]) for row in cells] == [*BIFF_ERRORS.values(), "#DIV/0!", ""]
    assert all(isinstance(row[2], CellError) for row in cells[:-1]) and type(cells[-1][2]) is str


def test_sheets_are_matched_by_name_not_by_their_parts_order(tmp_path: Path) -> None:
    """Sheet 说明 is part sheet3.bin and 应收 sheet1.bin: each error stays on its own sheet."""
    sheets: dict[str, L.Rows] = {"说明": [("说明", ("err", "#REF!"))], "空": [("a",)], **L.ledger(ROWS)}
    path = X.write_xlsb(tmp_path / "three.xlsb", sheets, numbers=[3, 2, 1])
    assert error_cells(path, []) == {"说明": {(0, 1): "#REF!"}, "应收": {(2, 3): "#DIV/0!", (3, 2): "#N/A"}}
    assert _errors(_cells(path, only="应收")) == {(2, 3): "#DIV/0!", (3, 2): "#N/A"}
    # calamine trims the formula's cell off the right of 说明 (it passes its record over): the
    # row is lengthened to hold the error
    assert _cells(path, only="说明") == [["说明", CellError("#REF!")]]


def test_rows_of_nothing_but_formula_errors_below_the_sheet_are_added(tmp_path: Path) -> None:
    """calamine passes over a formula's error, so a last row holding nothing else is trimmed
    off the sheet (formulas copied down past the data): it comes back, errors named. Rows are
    added only up to ``MAX_MARKED`` below the sheet's last."""
    far = E.MAX_MARKED + 10
    rows: list[list[object]] = [["客户", "金额"], ["a", 1], [None, ("err", "#N/A")]]
    rows += [[None]] * 2 + [[None, None, ("err", "#DIV/0!")]] + [[None]] * far + [[("err", "#REF!")]]
    path = X.write_xlsb(tmp_path / "tail.xlsb", {"S": rows})
    assert error_cells(path, []) == {"S": {(2, 1): "#N/A", (5, 2): "#DIV/0!", (far + 6, 0): "#REF!"}}
    cells = _cells(path)
    assert cells == [["客户", "金额"], ["a", 1.0], ["", CellError("#N/A")], [], [],
                     ["", "", CellError("#DIV/0!")]]
    assert [type(v) for v in cells[2]] == [str, CellError]


def test_only_the_sheets_read_are_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = X.write_xlsb(tmp_path / "two.xlsb", {"说明": [("说明", ("err", "#REF!"))], **L.ledger(ROWS)})
    walked: list[bytes] = []
    walk = E._xlsb_sheet_errors

    def counted(fh: IO[bytes]) -> dict[tuple[int, int], str]:
        walked.append(fh.read(4))
        fh.seek(0)
        return walk(fh)

    monkeypatch.setattr(E, "_xlsb_sheet_errors", counted)
    assert error_cells(path, [], wanted={"应收"}) == {"应收": {(2, 3): "#DIV/0!", (3, 2): "#N/A"}}
    assert len(walked) == 1


def test_a_sheet_without_errors_is_not_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_walk(*_: object) -> None:
        raise AssertionError("walked")

    monkeypatch.setattr(E, "_xlsb_sheet_errors", no_walk)
    clean = [r for r in ROWS if not any(isinstance(v, tuple) for v in r)]
    path = X.write_xlsb(tmp_path / "clean.xlsb", L.ledger(clean))
    assert error_cells(path, ["应收"]) == {}


def test_only_the_cells_calamine_reads_are_the_sheets(tmp_path: Path) -> None:
    """Error records in a block calamine passes over on its way to the sheet's data, after
    BrtEndSheetData, or after a row beyond Excel's last are not cells of the sheet."""
    view = X.record(0x0085) + X.row_header(0) + X.cell(0, ("cellerr", "#N/A")) + X.record(0x0086)
    late = X.row_header(0) + X.cell(1, ("err", "#NUM!"))
    part = X.sheet_part([("a", ("err", "#DIV/0!"))], before_data=view, after_data=late)
    beyond = part.replace(X.record(0x0092), X.row_header(0x10_0001) + X.cell(0, ("err", "#N/A"))
                          + X.record(0x0092))
    path = X.write_xlsb(tmp_path / "places.xlsb", {"S": part, "T": beyond})
    assert error_cells(path, []) == {"S": {(0, 1): "#DIV/0!"}, "T": {(0, 1): "#DIV/0!"}}
    assert _cells(path, only="S") == [["a", CellError("#DIV/0!")]]


def test_long_records_and_chunk_edges_move_no_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A formula long enough to need a two-byte size, a record longer than a chunk between the
    cells, a two-byte record type: the cells found are the same whatever the chunk size."""
    long_formula = X.DIV_BY_ZERO * 40  # 280 bytes: the record's size takes two bytes
    rows = b"".join(X.row_header(r) + X.cell(0, f"r{r}") + X.cell(2, ("err", "#N/A"), long_formula)
                    + X.record(0x0100 + r, bytes(3000 * (r % 3)))  # unknown records, some long
                    + X.cell(3, ("cellerr", "#VALUE!")) for r in range(60))
    part = X.sheet_part([]).replace(X.record(0x0091), X.record(0x0091) + rows)
    path = X.write_xlsb(tmp_path / "long.xlsb", {"S": part})
    expected = {(r, c): e for r in range(60) for c, e in ((2, "#N/A"), (3, "#VALUE!"))}
    assert error_cells(path, []) == {"S": expected}
    for chunk in (7, 16, 61, 4096):
        monkeypatch.setattr(E, "CHUNK", chunk)
        assert error_cells(path, []) == {"S": expected}, chunk


def test_a_huge_number_of_error_cells_is_bounded(tmp_path: Path) -> None:
    cells = b"".join(X.row_header(r) + X.cell(0, ("cellerr", "#N/A")) for r in range(12_000))
    part = X.sheet_part([]).replace(X.record(0x0091), X.record(0x0091) + cells)
    path = X.write_xlsb(tmp_path / "many.xlsb", {"S": part})
    assert len(error_cells(path, [])["S"]) == E.MAX_MARKED


# --- through `dunner import` -------------------------------------------------------------------

def test_import_names_the_error_not_an_empty_cell(cli: Cli, tmp_path: Path) -> None:
    path = X.write_xlsb(tmp_path / "ledger.xlsb", L.ledger(ROWS))
    result = cli("import", str(path))
    assert result.exit_code == 1
    fix = "fix the formula or type the value"
    assert [ln for ln in result.stderr.splitlines() if ln.strip()][:2] == [
        f"ledger.xlsb:应收!D3: column 金额: #DIV/0! is an error a formula left, not a value: {fix}"
        " — write a number such as 1234.50 or ¥1,234.50",
        f"ledger.xlsb:应收!C4: column 开票日期: #N/A is an error a formula left, not a value: {fix}"
        " — write a date such as 2026-03-05 or 2026年3月5日"]
    assert "empty" not in result.stderr and "Traceback" not in result.stderr
    assert cli.wrote_nothing()


def test_skip_bad_imports_the_other_rows_and_keeps_the_errors(cli: Cli, tmp_path: Path) -> None:
    held, rejects = L.imported_skipping_bad(cli, X.write_xlsb(tmp_path / "ledger.xlsb", L.ledger(ROWS)))
    assert held == {"A-1": ("恒通", ISSUED, None, 10_050), "A-4": ("鑫达", ISSUED, None, 30_000)}
    assert [(r[0], r[1].split(":")[0]) for r in rejects[1:]] == [(3, "column 金额"), (4, "column 开票日期")]
    assert rejects[1][-1] == "#DIV/0!" and rejects[2][4] == "#N/A"


def test_import_of_one_sheet_names_its_errors(cli: Cli, tmp_path: Path) -> None:
    sheets = {"说明": [("说明", ("err", "#REF!"))], **L.ledger(ROWS)}
    path = X.write_xlsb(tmp_path / "two.xlsb", sheets, numbers=[2, 1])
    result = cli("import", str(path), "--sheet", "应收", "--dry-run")
    assert result.exit_code == 1
    assert "two.xlsb:应收!D3: column 金额: #DIV/0! is an error" in result.stderr
    assert "two.xlsb:应收!C4: column 开票日期: #N/A is an error" in result.stderr
    assert "#REF!" not in result.stderr


# --- damaged files: refused, or read as calamine reads them; never a traceback -----------------

def _one_line_refusal(result: Any, name: str) -> None:
    err = result.stderr
    assert result.exit_code == 1, err
    assert err.startswith(f"error: {name} ") and "Traceback" not in err
    assert len([ln for ln in err.splitlines() if ln.strip()]) == 2  # the error and its hint


@pytest.mark.parametrize("keep", [0.5, 0.9, -30], ids=["half", "most", "all-but-the-directory-end"])
def test_a_cut_file_is_refused_in_one_line(cli: Cli, tmp_path: Path, keep: float) -> None:
    data = (DATA / "ErrorTypes.xlsb").read_bytes()
    path = tmp_path / "cut.xlsb"
    path.write_bytes(data[:int(len(data) * keep)] if keep > 0 else data[:int(keep)])
    result = cli("import", str(path), *MAPS)
    _one_line_refusal(result, "cut.xlsb")
    assert "is not a workbook" in result.stderr


def _past_the_end(data: bytes) -> bytes:
    """The first BrtFmlaError claims 268 MB of data."""
    at = data.index(b"\x0b\x1c")
    return data[:at] + b"\x0b\xff\xff\xff\x7f" + data[at + 2:]


@pytest.mark.parametrize(("change", "what"), [
    (_past_the_end, "a record size pointing past the end"),
    (lambda data: data[:data.index(b"\x0b\x1c") + 12], "the sheet cut inside a record"),
])
def test_a_damaged_sheet_part_is_refused_in_one_line(cli: Cli, tmp_path: Path,
                                                     change: Callable[[bytes], bytes], what: str) -> None:
    path = _rezip(DATA / "ErrorTypes.xlsb", tmp_path / "damaged.xlsb", "xl/worksheets/sheet1.bin", change)
    result = cli("import", str(path), *MAPS)
    _one_line_refusal(result, "damaged.xlsb")
    assert "damaged.xlsb is damaged: the reader failed" in result.stderr, what


def test_a_sheet_only_calamine_can_follow_keeps_calamine_cells(cli: Cli, tmp_path: Path) -> None:
    """A row header too short to hold its row: calamine reads on, the scan gives up, and the
    cells stay as calamine gave them (the error cell empty), named as such."""
    def short_row(data: bytes) -> bytes:
        header = X.row_header(2)
        return data.replace(header, X.record(0x0000, b"\x02\x00"), 1)

    path = _rezip(X.write_xlsb(tmp_path / "b.xlsb", L.ledger(ROWS)), tmp_path / "short.xlsb",
                  "xl/worksheets/sheet1.bin", short_row)
    assert error_cells(path, ["应收"]) == {}
    result = cli("import", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "short.xlsb:应收!D3: column 金额 is empty" in result.stderr


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 5_000), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.integers(0, 5_000), part=st.sampled_from(["xl/worksheets/sheet1.bin", "xl/workbook.bin",
                                                         "xl/_rels/workbook.bin.rels"]))
@example(flips=[(861, 65)], cut=55, part="xl/_rels/workbook.bin.rels")  # encoding="ATF-8"
def test_a_damaged_part_never_breaks_the_scan(tmp_path: Path, flips: list[tuple[int, int]], cut: int,
                                              part: str) -> None:
    def damage(data: bytes) -> bytes:
        out = bytearray(data)
        for at, value in flips:
            out[at % len(out)] = value
        return bytes(out[:cut]) if cut < len(out) else bytes(out)

    path = _rezip(DATA / "ErrorTypes.xlsb", tmp_path / "damaged.xlsb", part, damage)
    found = error_cells(path, ["RawErrors"])
    assert len(found) <= 1 and all(len(cells) <= E.MAX_MARKED for cells in found.values())
    if part == "xl/worksheets/sheet1.bin":
        assert set(found) <= {"RawErrors"}
    else:  # the sheet's list damaged, its part whole: its cells all found, or none (under any name)
        assert list(found.values()) in ([], [EXCEL_ERRORS])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(1, 20_000))
def test_a_cut_file_never_breaks_the_scan(tmp_path: Path, cut: int) -> None:
    data = (DATA / "ErrorTypes.xlsb").read_bytes()
    path = tmp_path / "cut.xlsb"
    path.write_bytes(data[:-cut])
    assert error_cells(path, ["RawErrors"]) in ({}, {"RawErrors": EXCEL_ERRORS})


def test_a_relationships_part_declaring_entities_is_not_expanded(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i + 1} "{f"&l{i};" * 10}">' for i in range(9))
    bomb = f'<?xml version="1.0"?><!DOCTYPE Relationships [<!ENTITY l0 "x">{lol}]><Relationships>&l9;'

    def with_dtd(data: bytes) -> bytes:
        return bomb.encode() + data.split(b"<Relationships", 1)[1].split(b">", 1)[1]

    path = _rezip(DATA / "ErrorTypes.xlsb", tmp_path / "lol.xlsb", "xl/_rels/workbook.bin.rels", with_dtd)
    assert error_cells(path, ["RawErrors"]) == {}


def test_the_sheet_list_is_read_as_the_format_lays_it_out() -> None:
    """BrtBundleSh: state, tab id, relationship id and name as XLWideStrings (a count, UTF-16LE)."""
    with zipfile.ZipFile(DATA / "ErrorTypes.xlsb") as zf:
        assert E._xlsb_sheet_parts(zf, None) == {"RawErrors": "xl/worksheets/sheet1.bin"}
        book = zf.read("xl/workbook.bin")
    entry = book[book.index(b"\x9c\x01"):]
    assert entry[2] == 42 and struct.unpack_from("<III", entry, 3) == (0, 1, 4)
    assert entry[15:23].decode("utf-16-le") == "rId1"


@pytest.mark.parametrize(("source", "part"), [("ErrorTypes.xlsb", "xl/_rels/workbook.bin.rels"),
                                              ("libreoffice_errors.ods", "content.xml")])
def test_an_xml_part_in_an_unknown_encoding_leaves_the_cells_as_calamine_gave_them(
        tmp_path: Path, source: str, part: str) -> None:
    """expat refuses an encoding it does not know with a LookupError, not an ExpatError."""
    def unknown(data: bytes) -> bytes:
        head, rest = data.split(b"?>", 1)
        assert b'encoding="' in head.lower() or b"encoding='" in head.lower()
        return head.replace(b"UTF-8", b"ATF-8").replace(b"utf-8", b"ATF-8") + b"?>" + rest

    path = _rezip(DATA / source, tmp_path / f"odd{Path(source).suffix}", part, unknown)
    with zipfile.ZipFile(path) as zf:
        assert b"ATF-8" in zf.read(part)[:100]
    assert error_cells(path, ["RawErrors", "应收"]) == {}
