"""Hostile input files built by code: tiny .xlsx zips written part by part (a lying dimension, a
cell at XFD1048576, thousands of sheets, error cells), special files and bad CSVs."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ("客户名称", "单号", "开票日期", "金额")
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>")
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
STYLES = (  # cell style 1 is a date (number format 14)
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column(index: int) -> str:
    """0 → A, 16383 → XFD (the import's own reading of a column)."""
    from dunner.services.importing.rows import column_letter

    return column_letter(index)


def cell(ref: str, value: object, style: int = 0) -> str:
    """One ``<c>``: text inline, numbers as numbers, ``("e", "#DIV/0!")`` an error, ``("raw",
    "NaN")`` a number element holding whatever text is given."""
    s = f' s="{style}"' if style else ""
    if isinstance(value, tuple) and value[0] == "e":
        return f'<c r="{ref}" t="e"{s}><f>1/0</f><v>{escape(value[1])}</v></c>'
    if isinstance(value, tuple) and value[0] == "raw":
        return f'<c r="{ref}"{s}><v>{escape(value[1])}</v></c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"{s}><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"{s}><v>{value!r}</v></c>'


def rows_xml(rows: Sequence[Sequence[object]], styles: dict[int, int] | None = None) -> str:
    """Rows from A1 down; ``styles`` gives a column's cell style (1: a date)."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell(f"{column(c)}{r}", v, (styles or {}).get(c, 0))
                        for c, v in enumerate(row) if v is not None)
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
            f"{dim}<sheetData>{body}</sheetData></worksheet>")


def write_xlsx(path: Path, sheets: dict[str, str], shared: str | None = None) -> Path:
    """A workbook whose sheets are the given worksheet XML documents, in order."""
    book = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                   for i, name in enumerate(sheets, start=1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{book}</sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
                    f'"http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                    f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
        zf.writestr("xl/styles.xml", STYLES)
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", shared)
        for i, xml in enumerate(sheets.values(), start=1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return path


def ledger_xlsx(path: Path, rows: Sequence[Sequence[object]], styles: dict[int, int] | None = None,
                extra: str = "", dimension: str | None = None) -> Path:
    """One sheet 应收 with the header and ``rows``, and any ``extra`` row XML after them."""
    body = rows_xml([HEADER, *rows], styles) + extra
    return write_xlsx(path, {"应收": sheet_xml(body, dimension)})


def lone_cell(path: Path, ref: str, dimension: str | None = None) -> Path:
    """A good ledger of one row, and one more cell far away at ``ref``."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return ledger_xlsx(path, [("恒通", "A-1", 46000, 100)], dimension=dimension,
                       extra=f'<row r="{row}">{cell(ref, "x")}</row>')


def ole_file(path: Path, *streams: str) -> Path:
    """An OLE compound file's signature and the UTF-16 names of its streams: no real content."""
    body = b"".join(name.encode("utf-16-le") + bytes(64) for name in streams)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + body + bytes(1024))
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path
