"""An .xlsb built by code: BIFF12 records in a zip, with cells that hold an error as Excel saves
them — a BrtFmlaError record for a formula whose result is an error, a BrtCellError record for
an error typed in.

A cell value is text, a number, ``("err", name)`` (a formula whose result is the error ``name``,
such as ``"#DIV/0!"``, or its BIFF error byte), ``("cellerr", name)`` (an error typed in) or
``None`` (no cell). Dates are written as text: a sheet without styles has no date format.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.adapters.legacy_files import ERROR_CODES, Rows

DIV_BY_ZERO = b"\x1e\x01\x00\x1e\x00\x00\x06"  # the formula 1/0: PtgInt 1, PtgInt 0, PtgDiv
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        '"http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>')
SHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def record(kind: int, data: bytes = b"") -> bytes:
    """A record: its type in one or two bytes and its size in one to four, 7 bits each, the high
    bit saying another byte follows."""
    head = bytes([kind]) if kind < 0x80 else bytes([kind & 0x7F | 0x80, kind >> 7])
    size, out = len(data), bytearray()
    while True:
        low, size = size & 0x7F, size >> 7
        out.append(low | (0x80 if size else 0))
        if not size:
            return head + bytes(out) + data


def wide(text: str) -> bytes:
    """An XLWideString: a count of UTF-16 code units, then the text in UTF-16LE."""
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def _code(name: object) -> int:
    return name if isinstance(name, int) else ERROR_CODES[str(name)]


def cell(c: int, value: object, formula: bytes = DIV_BY_ZERO) -> bytes:
    head = struct.pack("<II", c, 0)  # column, then style 0 and no flags
    if isinstance(value, tuple):
        if value[0] == "cellerr":
            return record(0x0003, head + bytes([_code(value[1])]))
        return record(0x000B, head + bytes([_code(value[1])]) + struct.pack("<HI", 0, len(formula))
                      + formula + struct.pack("<I", 0))
    if isinstance(value, (int, float)):
        return record(0x0005, head + struct.pack("<d", float(value)))
    return record(0x0006, head + wide(str(value)))


def row_header(r: int) -> bytes:
    """BrtRowHdr: the row, style, height, flags and no column spans."""
    return record(0x0000, struct.pack("<IIHHBI", r, 0, 0x012C, 0, 0, 0))


def sheet_part(rows: Rows, before_data: bytes = b"", after_data: bytes = b"") -> bytes:
    """A worksheet part: BrtBeginSheet, BrtWsDim, ``before_data``, then the rows between
    BrtBeginSheetData and BrtEndSheetData, ``after_data``, BrtEndSheet."""
    width = max((len(row) for row in rows), default=1)
    dims = struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, max(width - 1, 0))
    body = b"".join(row_header(r) + b"".join(cell(c, v) for c, v in enumerate(row) if v is not None)
                    for r, row in enumerate(rows))
    return (record(0x0081) + record(0x0094, dims) + before_data + record(0x0091) + body
            + record(0x0092) + after_data + record(0x0082))


def write_xlsb(path: Path, sheets: Mapping[str, Rows | bytes], numbers: Sequence[int] | None = None) -> Path:
    """The workbook, its sheets in this order; a sheet is rows or a whole part's bytes. Sheet i
    is the part ``worksheets/sheet{numbers[i]}.bin`` of relationship ``rId{numbers[i]}``."""
    numbers = list(numbers or range(1, len(sheets) + 1))
    bundles = b"".join(record(0x009C, struct.pack("<II", 0, n) + wide(f"rId{n}") + wide(name))
                       for n, name in zip(numbers, sheets, strict=True))
    book = (record(0x0083) + record(0x0099, bytes(4)) + record(0x008F) + bundles + record(0x0090)
            + record(0x009D, bytes(26)) + record(0x0084))
    rels = "".join(f'<Relationship Id="rId{n}" Type="{SHEET_REL}" Target="worksheets/sheet{n}.bin"/>'
                   for n in numbers)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.bin", book)
        zf.writestr("xl/_rels/workbook.bin.rels", RELS.format(rels))
        for n, rows in zip(numbers, sheets.values(), strict=True):
            zf.writestr(f"xl/worksheets/sheet{n}.bin", rows if isinstance(rows, bytes) else sheet_part(rows))
    return path
