"""Old-format and OpenDocument workbooks built by code: a BIFF8 .xls inside an OLE compound file
and an .ods zip, each with cells that hold a formula's error, as Excel and LibreOffice save them.

A cell value is text, a number, a ``date``, ``("err", code)`` (a formula whose result is an
error: for the .xls the BIFF error byte or a name such as ``"#DIV/0!"``, for the .ods the text
LibreOffice shows, ``"#DIV/0!"`` or ``"Err:502"``), ``("boolerr", code)`` (an .xls error cell
without a formula) or ``None`` (no cell).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

HEADER = ("客户名称", "单号", "开票日期", "金额")
ERROR_CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D,
               "#NUM!": 0x24, "#N/A": 0x2A}
EXCEL_EPOCH = date(1899, 12, 30)
Rows = Sequence[Sequence[object]]


# --- .xls: BIFF8 records in the "Workbook" stream of an OLE compound file -------------------

def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(dt: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0206))


def _xls_cell(r: int, c: int, value: object) -> bytes:
    if isinstance(value, tuple):
        code = value[1] if isinstance(value[1], int) else ERROR_CODES[value[1]]
        if value[0] == "boolerr":
            return _record(0x0205, struct.pack("<HHHBB", r, c, 0, code, 1))
        result = bytes([2, 0, code, 0, 0, 0, 0xFF, 0xFF])
        rgce = b"\x1e\x01\x00\x1e\x00\x00\x06"  # 1/0
        return _record(0x0006, struct.pack("<HHH", r, c, 0) + result
                       + struct.pack("<HIH", 0, 0, len(rgce)) + rgce)
    if isinstance(value, date):
        return _record(0x0203, struct.pack("<HHHd", r, c, 1, float((value - EXCEL_EPOCH).days)))
    if isinstance(value, (int, float)):
        return _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
    text = str(value).encode("utf-16-le")
    return _record(0x0204, struct.pack("<HHHHB", r, c, 0, len(text) // 2, 1) + text)


def _xf(fmt: int) -> bytes:
    return _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 0xFFF5 if fmt == 0 else 1,
                                       0x20, 0, 0, 0, 0, 0, 0x20C0))


def biff_stream(sheets: dict[str, Rows]) -> bytes:
    """The workbook stream: globals (XF 0 general, XF 1 a date), one BoundSheet8 per sheet, then
    each sheet's cells."""
    bodies = []
    for rows in sheets.values():
        cells = b"".join(_xls_cell(r, c, v) for r, row in enumerate(rows)
                         for c, v in enumerate(row) if v is not None)
        bodies.append(_bof(0x0010) + cells + _record(0x000A, b""))
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + _xf(0) + _xf(14)
    bound = [(name.encode("utf-16-le"), len(name)) for name in sheets]
    size = len(head) + sum(4 + 8 + len(n) for n, _ in bound) + 4
    out, offset = [head], size
    for (name, chars), body in zip(bound, bodies, strict=True):
        out.append(_record(0x0085, struct.pack("<IBBBB", offset, 0, 0, chars, 1) + name))
        offset += len(body)
    out.append(_record(0x000A, b""))
    return b"".join(out + bodies)


def ole(streams: dict[str, bytes]) -> bytes:
    """A compound file (version 3, 512-byte sectors) holding the streams; those under 4096 bytes
    go to the mini stream, as every writer puts them."""
    sector, mini = 512, 64
    big = {k: v for k, v in streams.items() if len(v) >= 4096}
    small = {k: v for k, v in streams.items() if len(v) < 4096}
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes) -> int:
        count = max(1, -(-len(data) // sector))
        first = len(sectors)
        for i in range(count):
            sectors.append(data[i * sector:(i + 1) * sector].ljust(sector, b"\0"))
            fat.append(first + i + 1 if i + 1 < count else 0xFFFFFFFE)
        return first

    starts: dict[str, tuple[int, int]] = {}
    mini_data, mini_fat = b"", []
    for name, data in small.items():
        count = max(1, -(-len(data) // mini))
        first = len(mini_data) // mini
        mini_data += data.ljust(count * mini, b"\0")
        mini_fat += [first + i + 1 if i + 1 < count else 0xFFFFFFFE for i in range(count)]
        starts[name] = (first, len(data))
    root_start = chain(mini_data) if mini_data else 0xFFFFFFFE
    minifat_start = chain(b"".join(struct.pack("<I", n) for n in mini_fat)) if mini_fat else 0xFFFFFFFE
    for name, data in big.items():
        starts[name] = (chain(data), len(data))
    entries = [_dir_entry("Root Entry", 5, root_start, len(mini_data), child=1 if streams else 0xFFFFFFFF)]
    names = list(streams)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        entries.append(_dir_entry(name, 2, starts[name][0], starts[name][1], right=right))
    dir_start = chain(b"".join(entries))
    fat_sectors = difat_sectors = 1
    while True:  # FAT sectors, and DIFAT sectors for those beyond the header's 109
        difat_sectors = max(0, -(-(fat_sectors - 109) // 127))
        if len(fat) + fat_sectors + difat_sectors <= fat_sectors * 128:
            break
        fat_sectors += 1
    fat_start = len(sectors)
    difat_start = fat_start + fat_sectors
    fat += [0xFFFFFFFD] * fat_sectors + [0xFFFFFFFC] * difat_sectors
    table = b"".join(struct.pack("<I", n) for n in fat).ljust(fat_sectors * sector, b"\xff")
    sectors += [table[i * sector:(i + 1) * sector] for i in range(fat_sectors)]
    places = [fat_start + i for i in range(fat_sectors)]
    rest = places[109:]
    for i in range(difat_sectors):
        chunk = rest[i * 127:(i + 1) * 127]
        following = difat_start + i + 1 if i + 1 < difat_sectors else 0xFFFFFFFE
        sectors.append(b"".join(struct.pack("<I", n) for n in chunk + [0xFFFFFFFF] * (127 - len(chunk)))
                       + struct.pack("<I", following))
    difat = (places[:109] + [0xFFFFFFFF] * 109)[:109]
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, 4096, minifat_start,
                            max(1, -(-len(mini_fat) * 4 // sector)) if mini_fat else 0,
                            difat_start if difat_sectors else 0xFFFFFFFE, difat_sectors)
              + b"".join(struct.pack("<I", n) for n in difat))
    return header + b"".join(sectors)


def _dir_entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF,
               right: int = 0xFFFFFFFF) -> bytes:
    raw = (name + "\0").encode("utf-16-le")
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child) + bytes(16) + bytes(4) + bytes(16)
            + struct.pack("<III", start, size, 0))


def write_xls(path: Path, sheets: dict[str, Rows], pad: int = 0) -> Path:
    """An .xls of the sheets; ``pad`` zero bytes after the stream's last record move a small
    workbook from the mini stream into ordinary sectors."""
    path.write_bytes(ole({"Workbook": biff_stream(sheets) + bytes(pad)}))
    return path


# --- .ods: content.xml as LibreOffice writes it ------------------------------------------------

ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
          'office:version="1.3"')
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, tuple):
        return ('<table:table-cell table:formula="of:=1/0" office:value-type="string" '
                'office:string-value="" calcext:value-type="error">'
                f"<text:p>{escape(str(value[1]))}</text:p></table:table-cell>")
    if isinstance(value, date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}" '
                f'calcext:value-type="date"><text:p>{value.isoformat()}</text:p></table:table-cell>')
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}" '
                f'calcext:value-type="float"><text:p>{value}</text:p></table:table-cell>')
    return ('<table:table-cell office:value-type="string" calcext:value-type="string">'
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>")


def ods_table(name: str, rows: Rows, before: str = "") -> str:
    """One table; ``before`` is raw XML put ahead of the rows (repeated rows, header groups)."""
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
                   for row in rows)
    return f"<table:table table:name={quoteattr(name)}>{before}{body}</table:table>"


def write_ods(path: Path, tables: Sequence[str], prolog: str = "") -> Path:
    """An .ods whose spreadsheet holds the given ``<table:table>`` elements."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {ODS_NS}>'
               f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet>"
               "</office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", MANIFEST)
    return path


def ledger(rows: Rows) -> dict[str, Rows]:
    """One sheet 应收 with the header and ``rows``."""
    return {"应收": [HEADER, *rows]}


def read_cells(path: Path, only: str | None = None) -> list[list[object]]:
    """The cells of the workbook's one sheet read (or of ``only``), as the import reads them."""
    from dunner.adapters.workbook import Limits, read_workbook

    [sheet] = read_workbook(path, Limits(), only=only)
    return sheet.rows


def error_marks(rows: list[list[object]]) -> dict[tuple[int, int], str]:
    """(row, column) → the error text of each cell that arrived as an error."""
    from dunner.adapters.workbook import CellError

    return {(r, c): str(v) for r, row in enumerate(rows) for c, v in enumerate(row)
            if isinstance(v, CellError)}


def imported_skipping_bad(cli: Any, path: Path) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """``dunner import PATH --skip-bad`` on the test's ledger: the invoices it holds then (see
    ``readback.invoices``) and the rows of the rejects workbook written next to ``path``."""
    from openpyxl import load_workbook

    from dunner.ledger.db import open_ledger
    from tests.services.readback import invoices

    result = cli("import", str(path), "--skip-bad")
    assert result.exit_code == 0, result.stderr
    ledger = open_ledger(str(cli.db))
    try:
        held = invoices(ledger)
    finally:
        ledger.close()
    rejects = load_workbook(path.with_name(f"{path.name}.rejects.xlsx")).active
    return held, list(rejects.iter_rows(values_only=True))
