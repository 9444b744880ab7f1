"""Reading hostile input: whatever the bytes, ``read_workbook`` returns sheets or raises one
``DunnerError`` — never another exception, never a hang — and cell values out of range are
named as such. Hand-made cases for each kind of attack, and hypothesis for the rest."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dunner.adapters import sandbox
from dunner.adapters.workbook import CellError, Limits, read_workbook
from dunner.adapters.xlsx import clean_text, safe_cell
from dunner.adapters.xlsx_probe import _greater, probe_xlsx
from dunner.cli._console import printable
from dunner.domain.money import MAX_FEN, AmountError, AmountTooLarge, to_fen
from dunner.errors import DunnerError
from tests.adapters import hostile_files as H

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _read(path: Path, limits: Limits | None = None) -> list[list[list[object]]] | str:
    """The sheets' rows, or the refusal's code."""
    try:
        return [s.rows for s in read_workbook(path, limits or Limits())]
    except DunnerError as err:
        assert err.message and err.hint is not None
        assert "\n" not in err.message
        return err.code


# --- the sheet's extent, measured before calamine allocates -------------------------------

@pytest.mark.parametrize(("ref", "dimension", "code"), [
    ("XFD1048576", None, "file_too_many"),
    ("XFD1048576", "A1:D2", "file_too_many"),
    ("GR1000000", None, "file_too_many_cells"),
    ("GR1000000", "A1:D2", "file_too_many_cells"),  # the dimension lies
    ("GR1000000", "A1:XFD1048576", "file_too_many_cells"),  # claims more than allowed: counted
    ("A1000001", "A1:A3", "file_too_many"),
])
def test_a_far_cell_is_refused_before_the_parser_sees_it(tmp_path: Path, ref: str,
                                                         dimension: str | None, code: str) -> None:
    assert _read(H.lone_cell(tmp_path / "far.xlsx", ref, dimension)) == code


def test_a_true_dimension_is_trusted_and_a_far_cell_within_limits_read(tmp_path: Path) -> None:
    [rows] = _read(H.lone_cell(tmp_path / "near.xlsx", "H40", "A1:H40"))
    assert len(rows) == 40 and len(rows[0]) == 8 and rows[39][7] == "x"


def test_cells_without_references_are_read_in_a_child(tmp_path: Path) -> None:
    body = '<row r="1"><c t="inlineStr"><is><t>客户名称</t></is></c><c><v>5</v></c></row>'
    path = H.write_xlsx(tmp_path / "refless.xlsx", {"S": H.sheet_xml(body)})
    with zipfile.ZipFile(path) as zf:
        assert probe_xlsx(zf, 100, 10, 1000).child_only
    assert _read(path) == [[["客户名称", 5.0]]]


def test_a_prefixed_namespace_is_measured_too(tmp_path: Path) -> None:
    body = ('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>'
            '<x:row r="900000"><x:c r="GR900000"><x:v>1</x:v></x:c></x:row>')
    xml = (f'<?xml version="1.0"?><x:worksheet xmlns:x="{H.MAIN}"><x:dimension ref="A1"/>'
           f"<x:sheetData>{body}</x:sheetData></x:worksheet>")
    assert _read(H.write_xlsx(tmp_path / "ns.xlsx", {"S": xml})) == "file_too_many_cells"


def test_one_long_shared_string_named_by_many_cells_is_read_in_a_child(tmp_path: Path) -> None:
    shared = (f'<sst xmlns="{H.MAIN}" count="1" uniqueCount="1"><si><t>{"长" * 30000}</t></si></sst>')
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 1001))
    path = H.write_xlsx(tmp_path / "amplified.xlsx", {"S": H.sheet_xml(cells)}, shared=shared)
    with zipfile.ZipFile(path) as zf:
        assert probe_xlsx(zf, 10**6, 200, 10**6).child_only
    [rows] = _read(path)
    assert len(rows) == 1000 and rows[999][0] == "长" * 30000


def test_sheets_under_the_limit_each_are_refused_together(tmp_path: Path) -> None:
    body = H.rows_xml([["x"] * 100 for _ in range(100)])
    path = H.write_xlsx(tmp_path / "sheets.xlsx", {f"S{i}": H.sheet_xml(body) for i in range(12)})
    assert _read(path, Limits(max_cells=100_000)) == "file_too_many_cells"
    assert len(_read(path, Limits(max_cells=120_000))) == 12  # type: ignore[arg-type]


@given(st.integers(0, 10**9), st.integers(0, 10**9))
@settings(max_examples=200, deadline=None)
def test_greater_matches_exactly_the_larger_numbers(bound: int, value: int) -> None:
    pattern = re.compile(b"(?:" + _greater(str(bound), "9", "[0-9]") + b")")
    assert bool(pattern.fullmatch(str(value).encode())) == (value > bound)


# --- what the file is ---------------------------------------------------------------------

@pytest.mark.parametrize(("name", "streams", "code"), [
    ("old.xlsx", ("Workbook",), "file_wrong_suffix_xls"),
    ("old.csv", ("Book",), "file_wrong_suffix_xls"),
    ("locked.xlsx", ("EncryptionInfo", "EncryptedPackage"), "file_encrypted"),
    ("locked.xls", ("EncryptionInfo", "EncryptedPackage"), "file_encrypted"),
    ("memo.xls", ("WordDocument",), "file_not_workbook"),
])
def test_an_ole_file_is_told_by_its_streams(tmp_path: Path, name: str, streams: tuple[str, ...],
                                            code: str) -> None:
    assert _read(H.ole_file(tmp_path / name, "Root Entry", *streams)) == code


def test_a_damaged_xls_is_refused_by_the_child_that_read_it(tmp_path: Path) -> None:
    path = H.ole_file(tmp_path / "broken.xls", "Root Entry", "Workbook")
    with pytest.raises(DunnerError) as caught:
        read_workbook(path, Limits())
    assert caught.value.code == "file_parser_failed"
    assert caught.value.message.startswith("broken.xls is damaged: the reader failed (")


def test_a_child_out_of_memory_or_time_is_a_refusal(tmp_path: Path, monkeypatch) -> None:
    path = H.ole_file(tmp_path / "slow.xls", "Root Entry", "Workbook")
    monkeypatch.setattr(sandbox, "_child_args", lambda *a: ["/bin/sleep", "30"])  # never answers
    with pytest.raises(DunnerError) as caught:
        read_workbook(path, Limits(child_seconds=0.5))
    assert caught.value.code == "file_parser_time"
    monkeypatch.setattr(sandbox, "_child_args", lambda *a: [
        "/bin/sh", "-c", "echo 'memory allocation of 1099511627776 bytes failed' >&2; kill -ABRT $$"])
    with pytest.raises(DunnerError) as caught:
        read_workbook(path, Limits())
    assert caught.value.code == "file_parser_memory"


def test_the_child_sends_back_nothing_but_cells() -> None:
    import io
    import pickle

    hostile = pickle.dumps(("ok", [("S", [[print]])]))
    with pytest.raises(pickle.UnpicklingError):
        sandbox._Cells(io.BytesIO(hostile)).load()
    plain = pickle.dumps(("ok", [("S", [[1.5, "x", date(2026, 3, 5), None, True]])]))
    assert sandbox._Cells(io.BytesIO(plain)).load()[1][0][1] == [[1.5, "x", date(2026, 3, 5), None, True]]


# --- CSV ----------------------------------------------------------------------------------

def test_csv_without_line_breaks_is_refused_before_it_is_held(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_bytes(b"x" * (3 * 2**20))
    assert _read(path) == "file_long_line"


def test_csv_beyond_the_cell_budget_is_refused_as_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(",".join(["1"] * 50) for _ in range(3000)))
    assert _read(path, Limits(max_cells=100_000)) == "file_too_many_cells"


@given(st.binary(max_size=2000))
@FUZZ
def test_any_bytes_named_csv_read_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    _read(path)


# --- crafted workbooks, cell by cell ------------------------------------------------------

_REFS = st.one_of(st.sampled_from(["A1", "B2", "XFD1048576", "GR1000000", "A1048577", "ZZZ1",
                                   "A0", "AAAA1", "H7"]),
                  st.builds(lambda c, r: f"{H.column(c)}{r}", st.integers(0, 16400),
                            st.integers(1, 1_100_000)))
_VALUES = st.one_of(st.text(max_size=20), st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(-(10**20), 10**20), st.tuples(st.just("e"), st.sampled_from(
                        ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", ""])),
                    st.tuples(st.just("raw"), st.sampled_from(["NaN", "inf", "-Infinity", "1e999",
                                                               "", "abc", "1e308"])))


@given(st.lists(st.tuples(_REFS, _VALUES, st.sampled_from([0, 1])), max_size=8),
       st.one_of(st.none(), st.sampled_from(["A1", "A1:D5", "A1:XFD1048576", "B2:A1", "Z9"])))
@FUZZ
def test_any_crafted_sheet_is_read_or_refused(tmp_path: Path, cells: list[tuple[str, object, int]],
                                              dimension: str | None) -> None:
    body = "".join(f'<row r="{"".join(c for c in ref if c.isdigit()) or 1}">{H.cell(ref, v, s)}</row>'
                   for ref, v, s in cells)
    path = H.write_xlsx(tmp_path / "fuzz.xlsx", {"S": H.sheet_xml(body, dimension)})
    result = _read(path)
    if isinstance(result, list):  # read: every sheet within the limits
        assert sum(len(r) * max((len(c) for c in r), default=0) for r in result) <= Limits().max_cells


@given(st.binary(min_size=1, max_size=64), st.integers(0, 4000))
@example(b"\x00@", 3576)  # a zip version zipfile does not know: NotImplementedError
@FUZZ
def test_a_workbook_with_bytes_overwritten_is_read_or_refused(tmp_path: Path, junk: bytes,
                                                              at: int) -> None:
    path = H.ledger_xlsx(tmp_path / "mangled.xlsx", [("恒通", "A-1", 46000, 100)])
    data = bytearray(path.read_bytes())
    at %= len(data)
    data[at:at + len(junk)] = junk
    path.write_bytes(bytes(data))
    _read(path)


def test_error_and_nan_cells_arrive_marked(tmp_path: Path) -> None:
    path = H.ledger_xlsx(tmp_path / "e.xlsx", [("恒通", "A-1", ("raw", "NaN"), ("e", "#DIV/0!"))],
                         styles={2: 1})
    [rows] = _read(path)
    assert [type(v) for v in rows[1][2:]] == [CellError, CellError]
    assert rows[1][2:] == ["NaN", "#DIV/0!"]


# --- cell values --------------------------------------------------------------------------

@given(st.one_of(st.floats(), st.integers(-(10**30), 10**30), st.decimals(),
                 st.text(alphabet="0123456789.,-+¥元 eE", max_size=40)))
@settings(max_examples=300, deadline=None)
def test_any_amount_is_fen_within_the_column_or_an_amount_error(value: object) -> None:
    try:
        fen = to_fen(value)
    except AmountError:
        return
    assert -MAX_FEN <= fen <= MAX_FEN


def test_amounts_beyond_the_column_are_too_large() -> None:
    for value in (1e308, -1e308, 10**14, "123456789012345678", Decimal("1E+20")):
        with pytest.raises(AmountTooLarge):
            to_fen(value)
    assert to_fen("99999999999.99") == 9_999_999_999_999


# --- what is written and shown ------------------------------------------------------------

@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_is_safe_in_a_file_and_on_a_terminal(text: str) -> None:
    cleaned = clean_text(text)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", cleaned)
    cleaned.encode("utf-8")
    shown = printable(text)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", shown)
    shown.encode("utf-8")
    assert printable("恒通　五金 (厦门)") == "恒通　五金 (厦门)"
    cell = safe_cell(text)
    assert isinstance(cell, str) and not cell.startswith(("=", "+", "-", "@"))


def test_a_name_with_every_kind_of_control_writes_and_reads_back(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from dunner.adapters.xlsx import write_table_workbook

    name = "恒通\x1b[31m\x00\x07\u202e\udcff=x"
    path = tmp_path / "out.xlsx"
    write_table_workbook(path, [(name, ["客户"], [[name], ["=SUM(A1)"]])])
    book = load_workbook(path)
    assert [c.value for c in book.worksheets[0]["A"]] == ["客户", "恒通[31m\u202e=x", "=SUM(A1)"]
    assert book.worksheets[0]["A3"].data_type == "s"
