"""The cells of an .xls, .xlsb or .ods that hold an error, which calamine hands over as empty.

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
- .xlsb: each sheet's part (found by name, as calamine finds it, through the BrtBundleSh
  records of ``xl/workbook.bin`` and ``xl/_rels/workbook.bin.rels``), first searched as bytes
  for an error cell's record and, only when found, walked record by record, a chunk at a time,
  for BrtCellError records (an error typed in) and BrtFmlaError records (a formula's error
  result, which calamine passes over), at the row of the BrtRowHdr before them.

A structure this reading cannot follow leaves the cells as calamine gave them, and only cells
calamine left empty (or holding the error's text) are replaced.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO, BinaryIO
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
# .xlsb: a BrtCellError (type 3, size 9) or BrtFmlaError (type 11, a size of 1-4 bytes) record
# whose cell is in one of Excel's 16,384 columns and whose error byte is one of the codes (the
# BrtRowHdr of row 2,308 reads just like one: a sheet that long is walked).
_CELL_AND_CODE = rb".[\x00-\x3f]\x00\x00....[\x00\x07\x0f\x17\x1d\x24\x2a\x2b]"
XLSB_HINTS = (re.compile(rb"\x03\x09" + _CELL_AND_CODE, re.DOTALL),
              re.compile(rb"\x0b(?:[\x09-\x7f]|[\x80-\xff]{1,3}[\x00-\x7f])" + _CELL_AND_CODE, re.DOTALL))
CHUNK = 1 << 20


class _Unreadable(Exception):
    """The structure is not what the reading expects: the cells stay as calamine gave them."""


def mark_error_cells(path: Path, sheets: list[Sheet], book_names: list[str], max_columns: int) -> None:
    """Replace, in ``sheets`` of the .xls, .xlsb or .ods at ``path``, the empty cells that hold an error
    (or its text) by ``CellError``; ``book_names`` are all the workbook's sheets, in order.

    calamine trims error cells it read as empty off the right and the bottom of a sheet (an .ods
    formula cell without a value type, an .xlsb formula's error): a row is lengthened to hold
    one, up to ``max_columns``, and rows are added below the sheet's last, up to ``MAX_MARKED``.
    """
    marks = error_cells(path, book_names, {sheet.name for sheet in sheets})
    for sheet in sheets:
        rows = sheet.rows
        last = len(rows) + MAX_MARKED
        for (r, c), text in marks.get(sheet.name, {}).items():
            if r >= last or c >= max_columns:
                continue
            if r >= len(rows):
                rows.extend([] for _ in range(r + 1 - len(rows)))
            row = rows[r]
            if c >= len(row):
                row.extend([""] * (c + 1 - len(row)))
            if row[c] in ("", None, text):
                row[c] = CellError(text)


def error_cells(path: Path, book_names: list[str], wanted: Collection[str] | None = None) -> Marks:
    """The error cells of each sheet of an .xls, .xlsb or .ods (by its suffix); none for other
    files. An .xlsb's sheets outside ``wanted`` (when given) are not read."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xls":
            with open(path, "rb") as fh:
                return _xls_errors(fh, book_names)
        if suffix == ".ods":
            with zipfile.ZipFile(path) as zf:
                return _ods_errors(zf)
        if suffix == ".xlsb":
            with zipfile.ZipFile(path) as zf:
                return _xlsb_errors(zf, wanted)
    except (*ZIP_ERRORS, _Unreadable, DamagedCompoundFile, KeyError, IndexError, struct.error,
            expat.ExpatError, LookupError, ValueError):  # an XML part declaring no known encoding
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
    if not _part_has(zf, "content.xml", ODS_HINTS):
        return {}
    parser = _xml_parser()
    parser.buffer_text = True
    scan = _OdsScan(parser)
    with zf.open("content.xml") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return {name: cells for name, cells in scan.marks.items() if cells}


def _refuse(*_: object) -> None:
    raise _Unreadable("a DTD in content.xml")


def _part_has(zf: zipfile.ZipFile, part: str, hints: tuple[re.Pattern[bytes], ...]) -> bool:
    """Whether the zip's ``part`` holds bytes one of ``hints`` finds, searched chunk by chunk
    (a search led by one literal runs at memory speed; most ledgers have no error at all)."""
    keep = 32
    tail = b""
    with zf.open(part) as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            buf = tail + chunk
            if any(hint.search(buf) for hint in hints):
                return True
            tail = buf[-keep:]
    return False


def _xml_parser() -> expat.XMLParserType:
    """An expat parser that refuses any DTD: no entity can be declared, so none is expanded."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    return parser


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


# --- .xlsb -----------------------------------------------------------------------------------

def _xlsb_errors(zf: zipfile.ZipFile, wanted: Collection[str] | None) -> Marks:
    marks: Marks = {}
    for name, part in _xlsb_sheet_parts(zf, wanted).items():
        if _part_has(zf, part, XLSB_HINTS):
            with zf.open(part) as fh:
                found = _xlsb_sheet_errors(fh)
            if found:
                marks[name] = found
    return marks


def _xlsb_sheet_parts(zf: zipfile.ZipFile, wanted: Collection[str] | None) -> dict[str, str]:
    """Each sheet's part in the zip, found as calamine finds it: the BrtBundleSh records of
    ``xl/workbook.bin`` (up to BrtEndBundleShs) name the sheet and its relationship, whose target
    in ``xl/_rels/workbook.bin.rels``, under ``xl/``, is the part (its name matched without case,
    ``\\`` read as ``/``). A sheet named twice is the first of that name."""
    parts = {info.filename.replace("\\", "/").lower(): info.filename for info in zf.infolist()}
    book = parts.get("xl/workbook.bin", "xl/workbook.bin")
    sheets: dict[str, str] = {}  # sheet name → relationship id
    with zf.open(book) as fh:
        for kind, size, data in _xlsb_records(fh, 2048):
            if kind == 0x0090:  # BrtEndBundleShs
                break
            if kind == 0x009C and size == len(data) and size >= 12:  # BrtBundleSh
                rel = struct.unpack_from("<I", data, 8)[0]
                if rel == 0xFFFF_FFFF:  # no part: calamine does not list the sheet
                    continue
                at = 12 + 2 * rel  # the relationship id, then the name: a count, UTF-16LE
                chars = struct.unpack_from("<I", data, at)[0]
                rel_id, name = _wide(data[12:at]), _wide(data[at + 4:at + 4 + 2 * chars])
                if wanted is None or name in wanted:
                    sheets.setdefault(name, rel_id)
    if not sheets:
        return {}
    targets = _relationship_targets(zf, set(sheets.values()))
    found: dict[str, str] = {}
    for name, rel_id in sheets.items():
        target = targets.get(rel_id)
        if target is not None:
            path = f"xl/{target}"
            found[name] = parts.get(path.lower(), path)
    return found


def _wide(data: bytes) -> str:
    """UTF-16LE text as calamine decodes it: a leading byte-order mark dropped, anything
    undecodable replaced."""
    return data.decode("utf-16-le", "replace").removeprefix("\ufeff")


def _relationship_targets(zf: zipfile.ZipFile, ids: set[str]) -> dict[str, str]:
    """The targets of the relationships ``ids`` in ``xl/_rels/workbook.bin.rels``, streamed with
    expat, any DTD refused (a later relationship of the same id replaces an earlier one)."""
    targets: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship" and attrs.get("Id") in ids and "Target" in attrs:
            targets[attrs["Id"]] = attrs["Target"]

    parser = _xml_parser()
    parser.StartElementHandler = start
    with zf.open("xl/_rels/workbook.bin.rels") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return targets


# The blocks calamine passes over, begin → end, looking for BrtBeginSheetData: views, the AC
# blocks of later versions, column widths.
_BEFORE_DATA = {0x0085: 0x0086, 0x0025: 0x0026, 0x0186: 0x0187}
MAX_ROW = 0x10_0000  # a BrtRowHdr beyond this ends calamine's reading of the sheet
# The records that place a sheet's cells: BrtRowHdr, BrtCellError, BrtFmlaError, BrtWsDim,
# BrtBeginSheetData, BrtEndSheetData and the blocks before the data.
_SHEET_KINDS = frozenset({0x0000, 0x0003, 0x000B, 0x0094, 0x0091, 0x0092,
                          *_BEFORE_DATA, *_BEFORE_DATA.values()})


def _xlsb_sheet_errors(fh: IO[bytes]) -> dict[Cell, str]:
    """BrtCellError and BrtFmlaError records of the sheet's data, at the row of the BrtRowHdr
    before them. As calamine reads the sheet, the data begins after BrtWsDim and then
    BrtBeginSheetData (with the blocks before it passed over), and ends at BrtEndSheetData or a
    row beyond Excel's last."""
    records = _xlsb_records(fh, 9, _SHEET_KINDS)
    if not _xlsb_skip_to(records, 0x0094, {}) or not _xlsb_skip_to(records, 0x0091, _BEFORE_DATA):
        return {}
    found: dict[Cell, str] = {}
    row = 0
    for kind, size, data in records:
        if kind == 0x0000:  # BrtRowHdr: the row first
            if size < 4:
                raise _Unreadable("a row header too short")
            row = int.from_bytes(data[:4], "little")
            if row > MAX_ROW:
                break
        elif kind == 0x0003 or kind == 0x000B:  # BrtCellError, BrtFmlaError: column, style, error
            name = BIFF_ERRORS.get(data[8]) if size >= 9 else None
            if name is not None:
                found[(row, int.from_bytes(data[:4], "little"))] = name
                if len(found) >= MAX_MARKED:
                    break
        elif kind == 0x0092:  # BrtEndSheetData
            break
    return found


def _xlsb_skip_to(records: Iterator[tuple[int, int, bytes]], kind: int, blocks: dict[int, int]) -> bool:
    """Whether a record of ``kind`` comes, the records of ``blocks`` (begin → end) passed over."""
    for found, _, _ in records:
        if found == kind:
            return True
        end = blocks.get(found)
        if end is not None:
            for inner, _, _ in records:
                if inner == end:
                    break
    return False


def _xlsb_records(fh: IO[bytes], keep: int, kinds: Collection[int] | None = None
                  ) -> Iterator[tuple[int, int, bytes]]:
    """(type, size, the first ``keep`` bytes of the data) of each BIFF12 record of a part (of
    ``kinds`` only, when given), read a chunk at a time: a type of 1-2 bytes and a size of 1-4,
    7 bits each, the high bit saying another follows. The rest of a record is passed over
    unread; a part cut short ends the walk. The loop is written out: a sheet has a record per
    cell."""
    buf, pos, skip = b"", 0, 0
    while True:
        chunk = fh.read(CHUNK)
        last = not chunk
        if skip:
            if skip >= len(chunk):
                if last:  # the part ends inside a record
                    return
                skip -= len(chunk)
                continue
            chunk, skip = chunk[skip:], 0
        buf, pos = buf[pos:] + chunk, 0
        end = len(buf)
        safe = end if last else end - 6 - keep  # a whole header and the kept data lie before it
        try:  # only the last chunk can end inside a header
            while pos < safe:
                kind, size = buf[pos], buf[pos + 1]
                if kind < 0x80 and size < 0x80:
                    at = pos + 2
                else:
                    kind, size, at = _xlsb_header(buf, pos)
                if kinds is None or kind in kinds:
                    upto = at + (size if size < keep else keep)
                    if upto > end:  # the part ends inside the kept data
                        return
                    yield kind, size, buf[at:upto]
                pos = at + size
        except IndexError:
            return
        if last:
            return
        if pos > end:
            skip, pos = pos - end, end


def _xlsb_header(buf: bytes, pos: int) -> tuple[int, int, int]:
    """A record's type, size and where its data begins, however their bytes are spread."""
    kind = buf[pos]
    pos += 1
    if kind & 0x80:
        kind = (kind & 0x7F) | (buf[pos] & 0x7F) << 7
        pos += 1
    size = 0
    for shift in (0, 7, 14, 21):
        b = buf[pos]
        pos += 1
        size |= (b & 0x7F) << shift
        if not b & 0x80:
            break
    return kind, size, pos
