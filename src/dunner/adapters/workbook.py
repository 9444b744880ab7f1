"""Reading untrusted workbooks safely: calamine for .xlsx/.xls/.ods, the csv module for text.

Only a regular file is read (a FIFO would block, ``/dev/zero`` never end). Its kind comes
from its first bytes, not its name. An .xlsx is measured part by part before calamine sees
it (``xlsx_probe``); formats that cannot be measured so (.xls, .xlsb, .ods), and an .xlsx
whose text cannot be bounded, are read in a child process with a memory and a time limit
(``sandbox``). Whatever a parser raises — a Rust panic included, which is no ``Exception`` —
becomes a refusal that names the cause. Cells holding a formula's error arrive as
``CellError``: an .xlsx's are found by the probe, an .xls's, .xlsb's or .ods's (which calamine
hands over as empty) by ``error_cells``, in the same child.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import mmap
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from dunner.adapters.refusal import Refused, as_error, refusal, shown_name
from dunner.errors import DunnerError
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.adapters.xlsx_probe import Probe

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
MAX_ZIP_ENTRIES = 10_000
MAX_RATIO = 200  # an entry that inflates beyond this from a sizeable size is a bomb
MAX_LINE = 1 << 20  # characters of one CSV line: far beyond 200 columns of real text
# What zipfile raises for a damaged archive: a part cut short, a bad checksum, a version or
# compression method it does not know, an entry that claims to be encrypted.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
              NotImplementedError, RuntimeError)
SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "ods": (".ods",), "xls": (".xls",),
            "csv": (".csv", ".txt", ".tsv")}


@dataclass(frozen=True)
class Limits:
    max_rows: int = 1_000_000
    max_columns: int = 200
    max_file_bytes: int = 200 * 2**20
    max_uncompressed_bytes: int = 2**30
    # cells held at once, every read sheet's area from A1 to its last cell: what keeps the
    # import's memory bounded (a 100,000-invoice ledger with its payment sheet has 971,000
    # and its import peaks at 290 MB)
    max_cells: int = 1_000_000
    max_text_chars: int = 40_000_000  # characters of CSV text held at once
    child_memory_bytes: int = 300 * 2**20  # address space of the child reading .xls/.ods
    child_seconds: float = 120.0


class SheetMissing(Exception):
    """The sheet asked for is not in the file, which has ``sheets``."""

    def __init__(self, sheets: list[str]) -> None:
        super().__init__(", ".join(sheets))
        self.sheets = sheets


class CellError(str):
    """A cell holding no value but an error a formula left (``#DIV/0!``, ``#N/A``) or a number
    that is none (NaN): not text, not empty — a row problem names it as it is."""

    __slots__ = ()


@dataclass
class Sheet:
    """One sheet's cells, row 0 being the sheet's first row (so row i is Excel row i + 1)."""

    name: str
    rows: list[list[object]]


def read_workbook(path: Path, limits: Limits, only: str | None = None) -> list[Sheet]:
    """Every sheet of the file (or just ``only``), after the checks that keep a bad file out."""
    try:
        with open_regular(path, limits) as fh:
            kind = _kind(path, fh, limits)
            if kind == "csv":
                if only and only != path.stem:
                    raise SheetMissing([path.stem])
                return [_read_csv(fh, path.stem, limits)]
        return _read_book(path, kind, limits, only)
    except Refused as exc:
        raise as_error(exc, path) from None
    except SheetMissing as exc:
        raise DunnerError("sheet_missing", t("import.no_sheet", sheet=only, path=path.name),
                          t("import.no_sheet.hint", sheets=", ".join(exc.sheets))) from None


def open_regular(path: Path, limits: Limits) -> BinaryIO:
    """The file opened for reading, refused unless it is a regular file of a sane size."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_error(exc, path) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limits.max_file_bytes:
        os.close(fd)
        if stat.S_ISREG(info.st_mode):
            raise Refused("too_big", limit=limits.max_file_bytes // 2**20)
        raise Refused("not_regular_directory" if stat.S_ISDIR(info.st_mode) else "not_regular_special")
    return os.fdopen(fd, "rb")


def _open_error(exc: OSError, path: Path) -> DunnerError:
    if exc.errno == errno.ENOENT:
        return DunnerError("file_missing", t("import.missing", path=_shown(path)), t("import.missing.hint"))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return DunnerError("file_unreadable", t("import.unreadable", path=_shown(path)),
                           t("import.unreadable.hint"))
    reason = {errno.ELOOP: "loop", errno.ENAMETOOLONG: "name_too_long",
              errno.ENOTDIR: "not_a_folder"}.get(exc.errno or 0, "other")
    return refusal(f"open_{reason}", path, detail=os.strerror(exc.errno or 0))


def _shown(path: Path) -> str:
    return str(path.parent / shown_name(path)) if str(path.parent) != "." else shown_name(path)


def _kind(path: Path, fh: BinaryIO, limits: Limits) -> str:
    """What the file is by its bytes; a workbook saved under another format's suffix is refused
    with the suffix it needs (calamine picks its reader by the name)."""
    head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC):
        kind = _zip_kind(fh, limits)
    elif head.startswith(OLE_MAGIC):
        kind = _ole_kind(fh)
    elif suffix in SUFFIXES["csv"]:
        return "csv"
    else:
        raise Refused("not_workbook")
    if kind == "encrypted":
        raise Refused("encrypted")
    if suffix not in SUFFIXES[kind]:
        raise Refused(f"wrong_suffix_{kind}", suffix=SUFFIXES[kind][0],
                      fixed=f"{path.stem}{SUFFIXES[kind][0]}")
    return kind


def _zip_kind(fh: BinaryIO, limits: Limits) -> str:
    """The workbook a zip holds, after the sizes in its directory say no part is a bomb."""
    try:
        with zipfile.ZipFile(fh) as zf:
            infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise Refused("not_workbook") from exc
    if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > limits.max_uncompressed_bytes:
        raise Refused("bomb")
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused("encrypted")
        if info.file_size > 2**24 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused("bomb")
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("workbook.xml") for n in names):
        return "xlsx"
    if any(n.endswith("workbook.bin") for n in names):
        return "xlsb"
    if "content.xml" in names:
        return "ods"
    raise Refused("not_workbook")


def _ole_kind(fh: BinaryIO) -> str:
    """An OLE container holds an encrypted .xlsx (its ``EncryptedPackage`` stream) or an .xls
    (its ``Workbook`` or ``Book`` stream); stream names are UTF-16 in the directory."""
    try:
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data.find("EncryptedPackage".encode("utf-16-le")) >= 0:
                return "encrypted"
            if data.find("Workbook".encode("utf-16-le")) >= 0 or data.find("Book".encode("utf-16-le")) >= 0:
                return "xls"
    except (OSError, ValueError) as exc:
        raise Refused("not_workbook") from exc
    raise Refused("not_workbook")


def _read_book(path: Path, kind: str, limits: Limits, only: str | None) -> list[Sheet]:
    marked: dict[str, dict[tuple[int, int], str]] = {}
    in_child = kind != "xlsx"
    if kind == "xlsx":
        probe = _check_xlsx(path, limits, only)
        marked = {name: shape.marked for name, shape in probe.sheets.items() if shape.marked}
        in_child = probe.child_only
    if in_child:
        from dunner.adapters.sandbox import read_in_child

        sheets = read_in_child(path, only, limits)
    else:
        sheets = read_calamine(path, only, limits)
    for sheet in sheets:
        for (r, c), value in marked.get(sheet.name, {}).items():
            if r < len(sheet.rows) and c < len(sheet.rows[r]):
                sheet.rows[r][c] = CellError(value)
    return sheets


def _check_xlsx(path: Path, limits: Limits, only: str | None) -> Probe:
    """The parts' contents, streamed, before calamine parses any XML."""
    from dunner.adapters.xlsx_probe import probe_xlsx

    try:
        with zipfile.ZipFile(path) as zf:
            return probe_xlsx(zf, limits.max_rows, limits.max_columns, limits.max_cells, only)
    except ZIP_ERRORS as exc:
        raise Refused("corrupt", part=path.name) from exc


def read_calamine(path: Path, only: str | None, limits: Limits) -> list[Sheet]:
    """The sheets as calamine reads them; any failure of the parser is a refusal."""
    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_path(str(path))
        if only and only not in book.sheet_names:
            raise SheetMissing(list(book.sheet_names))
        names = [only] if only else list(book.sheet_names)
        sheets, every = list(_sheets(book, names, limits)), list(book.sheet_names)
        del book  # calamine's copy of the cells, before the file is read again for its errors
    except (SheetMissing, Refused):
        raise
    except pc.PasswordError as exc:
        raise Refused("encrypted") from exc
    except MemoryError:
        raise Refused("parser_memory", limit=limits.child_memory_bytes // 2**20) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: B036 - a Rust panic (PanicException) is a BaseException
        raise Refused("parser_failed", detail=_detail(exc)) from None
    if path.suffix.lower() in (".xls", ".xlsb", ".ods"):  # calamine hands their error cells over as empty
        from dunner.adapters.error_cells import mark_error_cells

        mark_error_cells(path, sheets, every, limits.max_columns)
    return sheets


def _sheets(book: Any, names: list[str], limits: Limits) -> Iterator[Sheet]:
    area = 0
    for name in names:
        sheet = book.get_sheet_by_name(name)
        end = sheet.end or (-1, -1)  # the last cell; the rows are read from A1
        rows, columns = end[0] + 1, end[1] + 1
        if rows > limits.max_rows or columns > limits.max_columns:
            raise Refused("too_many", sheet=name, rows=limits.max_rows, columns=limits.max_columns)
        area += rows * columns
        if area > limits.max_cells:
            raise Refused("too_many_cells", cells=area, limit=limits.max_cells)
        cells: list[list[object]] = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges  # None for .ods: calamine reads no merges there
        if merged:
            fill_merged(cells, merged)
        yield Sheet(name, cells)


def _detail(exc: BaseException) -> str:
    """A parser's complaint, one line and short: it names the damaged record, if anything."""
    text = " ".join(str(exc).split())[:120]
    return text.encode("ascii", "replace").decode("ascii") or type(exc).__name__


Cell = tuple[int, int]  # (row, column), 0-based from the sheet's first cell, as calamine gives them


def fill_merged(rows: list[list[object]], ranges: list[tuple[Cell, Cell]]) -> None:
    """Give every cell of a merged range its top-left value, as the clerk sees it on screen.

    A customer name merged down over its invoice rows then names every one of them. Only the
    merged cells are touched, so a sheet without merges costs nothing; ranges are clipped to
    the cells read, and overlapping ones (a crafted file) fill at most the sheet's area.
    """
    width = max((len(row) for row in rows), default=0)
    budget = len(rows) * width
    for (top, left), (bottom, right) in ranges:
        bottom, right = min(bottom, len(rows) - 1), min(right, width - 1)
        if top > bottom or left > right:
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        budget -= (bottom - top + 1) * (right - left + 1)
        if value is None or value == "" or budget < 0:
            continue
        for r in range(top, bottom + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            row[left:right + 1] = [value] * (right - left + 1)


def _read_csv(fh: BinaryIO, name: str, limits: Limits) -> Sheet:
    """Decoded as UTF-8 (with or without a BOM), else GB18030; read a line at a time, so a file
    with no line breaks, a NUL or too many cells is refused before it fills memory."""
    for encoding in CSV_ENCODINGS:
        fh.seek(0)
        try:
            return Sheet(name, _csv_rows(fh, encoding, limits, name))
        except UnicodeDecodeError:
            continue
    raise Refused("encoding")


def _csv_rows(fh: BinaryIO, encoding: str, limits: Limits, name: str) -> list[list[object]]:
    decoder = codecs.getincrementaldecoder(encoding)()
    rows: list[Any] = []  # each row as the csv module makes it: a new list of text
    append = rows.append
    cells = chars = 0
    try:
        for row in csv.reader(_lines(fh, decoder)):
            cells += len(row)
            chars += sum(map(len, row))
            if len(rows) >= limits.max_rows or len(row) > limits.max_columns:
                raise Refused("too_many", sheet=name, rows=limits.max_rows, columns=limits.max_columns)
            if cells > limits.max_cells or chars > limits.max_text_chars:
                raise Refused("too_many_cells", cells=cells, limit=limits.max_cells)
            append(row)
    except csv.Error as exc:
        raise Refused("bad_csv", line=len(rows) + 1, detail=_detail(exc)) from None
    return rows


def _lines(fh: BinaryIO, decoder: codecs.IncrementalDecoder) -> Iterator[str]:
    """The text's lines, each with its line break (``\\n``, ``\\r\\n`` or a lone ``\\r``) as
    it is, which is how the csv module wants them: a block at a time, split by ``io`` in C."""
    pending = ""
    while True:
        block = fh.read(1 << 16)
        pending += decoder.decode(block, final=not block)
        if "\x00" in pending:
            raise Refused("not_workbook")
        if not block:
            if pending:
                yield from io.StringIO(pending, newline="")
            return
        # the last whole line ends at the last break that cannot be the first half of a \r\n
        cut = max(pending.rfind("\n"), pending.rfind("\r", 0, len(pending) - 1)) + 1
        if cut:
            yield from io.StringIO(pending[:cut], newline="")
            pending = pending[cut:]
        if len(pending) > MAX_LINE:
            raise Refused("long_line", limit=MAX_LINE // 1024)


