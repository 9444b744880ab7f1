"""The cells of an .xls or .ods that hold a formula's error, which calamine hands over as empty.

calamine reads ``#DIV/0!`` or ``#N/A`` in these formats as an empty cell, so a row would be
reported as missing its amount when the clerk's sheet shows an error there. The file is read a
second time for those cells only, by its own structure:

- .xls: the ``Workbook`` stream of the OLE compound file (``ole_stream``), searched as bytes
  for what an error cell's record must hold and, only when found, walked record by record for
  FORMULA records whose cached result is an error and BOOLERR records holding one. Sheets are
  matched to calamine's by their order (both list one per BoundSheet8 record).
- .ods: ``content.xml``, first searched as bytes for anything that can mark an error (most
  files have none, and the search costs a fraction of calamine's read), and only then parsed
  with expat, streaming, with any DTD refused, so no entity is ever declared or expanded.
  Rows and cells are counted as calamine counts them (the same element names, repeats).

A structure this reading cannot follow leaves the cells as calamine gave them, and only cells
calamine left empty (or holding the error's text) are replaced.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from dunner.adapters.ole_stream import DamagedCompoundFile, read_stream
from dunner.adapters.workbook import ZIP_ERRORS, CellError, Sheet

Cell = tuple[int, int]  # (row, column), 0-based from A1
Marks = dict[str, dict[Cell, str]]  # sheet name → cell → the error as the spreadsheet shows it

MAX_MARKED = 10_000  # error cells remembered per sheet
BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
               0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
# An error as LibreOffice or Excel writes a formula's result: #DIV/0!, #N/A, a translated
# #ЗНАЧЕН!, or LibreOffice's own Err:502.
ERROR_TEXT = re.compile(r"#[^\s#]{1,20}[!?]|#N/A|Err:\d{3}")
# Bytes without which a file holds no error cell; each search is led by a literal, so it runs
# at memory speed. .ods: an error's text (a name such as #DIV/0!, translated or not, or Err:5xx).
# .xls: a FORMULA record's error result (2, 0, code, 0, 0, 0, FF, FF) or a BOOLERR record's
# header; a match elsewhere only means the records are walked.
ODS_HINTS = (re.compile(rb"#(?:N/A|[^\s<>#\"]{1,24}[!?])"), re.compile(rb"Err:5\d\d"))
XLS_HINTS = (re.compile(rb"\x02\x00[\x00\x07\x0f\x17\x1d\x24\x2a\x2b]\x00\x00\x00\xff\xff"),
             re.compile(rb"\x05\x02[\x08-\x40]\x00"))
CHUNK = 1 << 20


class _Unreadable(Exception):
    """The structure is not what the reading expects: the cells stay as calamine gave them."""


def mark_error_cells(path: Path, sheets: list[Sheet], book_names: list[str], max_columns: int) -> None:
    """Replace, in ``sheets`` of the .xls or .ods at ``path``, the empty cells that hold an error
    (or its text) by ``CellError``; ``book_names`` are all the workbook's sheets, in order.

    calamine trims an error cell it read as empty off the right of a sheet (an .ods formula
    cell without a value type): such a row is lengthened to hold it, up to ``max_columns``.
    """
    marks = error_cells(path, book_names)
    for sheet in sheets:
        rows = sheet.rows
        for (r, c), text in marks.get(sheet.name, {}).items():
            if r >= len(rows) or c >= max_columns:
                continue
            row = rows[r]
            if c >= len(row):
                row.extend([""] * (c + 1 - len(row)))
            if row[c] in ("", None, text):
                row[c] = CellError(text)


def error_cells(path: Path, book_names: list[str]) -> Marks:
    """The error cells of each sheet of an .xls or .ods (by its suffix); none for other files."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xls":
            with open(path, "rb") as fh:
                return _xls_errors(fh, book_names)
        if suffix == ".ods":
            with zipfile.ZipFile(path) as zf:
                return _ods_errors(zf)
    except (*ZIP_ERRORS, _Unreadable, DamagedCompoundFile, KeyError, IndexError, struct.error,
            expat.ExpatError):
        return {}
    return {}


# --- .xls ------------------------------------------------------------------------------------

def _xls_errors(fh: BinaryIO, book_names: list[str]) -> Marks:
    stream = read_stream(fh, ("workbook", "book"))
    if not any(hint.search(stream) for hint in XLS_HINTS):
        return {}
    offsets = _sheet_offsets(stream)
    marks: Marks = {}
    for name, offset in zip(book_names, offsets, strict=False):
        found = _sheet_errors(stream, offset)
        if found:
            marks[name] = found
    return marks


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    """(kind, start of data, length) of each record from ``pos`` to the stream's end."""
    end = len(stream)
    unpack = struct.Struct("<HH").unpack_from
    while pos + 4 <= end:
        kind, size = unpack(stream, pos)
        yield kind, pos + 4, size
        pos += 4 + size


def _sheet_offsets(stream: bytes) -> list[int]:
    """Where each sheet's records begin, from the BoundSheet8 records of the globals."""
    offsets: list[int] = []
    for kind, at, size in _records(stream, 0):
        if kind == 0x000A:  # EOF of the globals
            break
        if kind == 0x002F and size >= 2 and stream[at:at + 2] != b"\0\0":  # FILEPASS: encrypted
            raise _Unreadable("encrypted")
        if kind == 0x0085 and size >= 4:
            offsets.append(struct.unpack_from("<I", stream, at)[0])
    return offsets


def _sheet_errors(stream: bytes, offset: int) -> dict[Cell, str]:
    """FORMULA records whose cached result is an error, BOOLERR records holding one; the
    records of a chart embedded in the sheet (a nested BOF … EOF) are passed over. The loop is
    written out: a sheet has a record per cell."""
    found: dict[Cell, str] = {}
    header = struct.Struct("<HH").unpack_from
    depth, pos, end = 0, offset, len(stream) - 4
    while pos <= end:
        kind, size = header(stream, pos)
        at, pos = pos + 4, pos + 4 + size
        if kind == 0x0006:  # FORMULA: an error result is 2, 0, code, 0, 0, 0, FF, FF
            if depth == 1 and size >= 14 and stream[at + 6] == 2 and stream[at + 12:at + 14] == b"\xff\xff":
                _note(found, stream, at, stream[at + 8])
        elif kind == 0x0205:  # BOOLERR: value, then 1 for an error
            if depth == 1 and size >= 8 and stream[at + 7] == 1:
                _note(found, stream, at, stream[at + 6])
        elif kind == 0x0809:  # BOF
            depth += 1
        elif kind == 0x000A:  # EOF
            depth -= 1
            if depth <= 0:
                break
    return found


def _note(found: dict[Cell, str], stream: bytes, at: int, code: int) -> None:
    name = BIFF_ERRORS.get(code)
    if name is not None and len(found) < MAX_MARKED:
        row, col = struct.unpack_from("<HH", stream, at)
        found[(row, col)] = name


# --- .ods ------------------------------------------------------------------------------------

def _ods_errors(zf: zipfile.ZipFile) -> Marks:
    if not _may_hold_errors(zf):
        return {}
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse  # no DTD: no entity can be declared, so none expanded
    parser.EntityDeclHandler = _refuse
    parser.buffer_text = True
    scan = _OdsScan(parser)
    with zf.open("content.xml") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return {name: cells for name, cells in scan.marks.items() if cells}


def _refuse(*_: object) -> None:
    raise _Unreadable("a DTD in content.xml")


def _may_hold_errors(zf: zipfile.ZipFile) -> bool:
    """Whether content.xml has any text that can mark an error, searched chunk by chunk (a
    search led by one literal runs at memory speed; most ledgers have no such text)."""
    keep = 32
    tail = b""
    with zf.open("content.xml") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            buf = tail + chunk
            if any(hint.search(buf) for hint in ODS_HINTS):
                return True
            tail = buf[-keep:]
    return False


class _OdsScan:
    """Counts rows and cells as calamine does (``table:table-row`` with its repeats anywhere in a
    named ``table:table``; ``table:table-cell`` and ``table:covered-table-cell`` with theirs;
    nothing inside a cell) and notes the cells whose formula left an error. Text is collected
    only inside such a cell, where alone the parser is asked for it."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        self.marks: Marks = {}
        self.sheet: str | None = None  # the name of the table being read, if calamine reads it
        self.row = self.col = 0
        self.row_repeat = self.col_repeat = 1
        self.in_cell = 0  # depth in cells: a cell inside a cell is its content, as for calamine
        self.cell: dict[str, str] | None = None  # the attributes of an error candidate
        self.words: list[str] = []
        self.notes = 0  # depth in a comment (office:annotation), whose text is not the cell's

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.in_cell:
            self.notes += name == "office:annotation"
            self.in_cell += name == "table:table-cell" or name == "table:covered-table-cell"
        elif name == "table:table-cell" or name == "table:covered-table-cell":
            self.in_cell = 1
            self.col_repeat = _count(attrs.get("table:number-columns-repeated"))
            if self.sheet is not None and ("table:formula" in attrs or _error_typed(attrs)):
                self.cell, self.words, self.notes = attrs, [], 0
                self.parser.CharacterDataHandler = self.text
        elif name == "table:table-row":
            self.row_repeat = _count(attrs.get("table:number-rows-repeated"))
            self.col = 0
        elif name == "table:table":
            self.sheet = attrs.get("table:name")
            self.row = 0

    def text(self, data: str) -> None:
        if not self.notes and len(self.words) < 8:
            self.words.append(data[:64])

    def end(self, name: str) -> None:
        if self.in_cell > 1 or (self.in_cell and name != "table:table-cell"
                                and name != "table:covered-table-cell"):
            self.notes -= name == "office:annotation"
            self.in_cell -= name == "table:table-cell" or name == "table:covered-table-cell"
        elif self.in_cell:
            if self.cell is not None:
                self.parser.CharacterDataHandler = None
                self._candidate(self.cell, "".join(self.words).strip())
                self.cell = None
            self.in_cell = 0
            self.col += self.col_repeat
        elif name == "table:table-row":
            self.row += self.row_repeat
        elif name == "table:table":
            self.sheet = None

    def _candidate(self, attrs: dict[str, str], text: str) -> None:
        if self.sheet is None or attrs.get("office:value-type", "string") != "string":
            return
        if _error_typed(attrs) or ERROR_TEXT.fullmatch(text):
            found = self.marks.setdefault(self.sheet, {})
            shown = text[:40] if text else "#N/A"
            for r in range(self.row, self.row + self.row_repeat):
                for c in range(self.col, self.col + self.col_repeat):
                    if len(found) >= MAX_MARKED:
                        return
                    found[(r, c)] = shown


def _error_typed(attrs: dict[str, str]) -> bool:
    """LibreOffice's mark of an error result (``calcext:value-type="error"``), whatever the
    prefix its namespace was given."""
    return any(v == "error" and k.endswith(":value-type") and k != "office:value-type"
               for k, v in attrs.items())


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1 << 20))
    except ValueError:
        return 1
