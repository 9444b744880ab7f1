"""Reading untrusted workbooks safely: calamine for .xlsx/.xls/.ods, the csv module for text."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dunner.errors import DunnerError
from dunner.i18n import t

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
MAX_ZIP_ENTRIES = 10_000
MAX_RATIO = 200  # an entry that inflates beyond this from a sizeable size is a bomb


@dataclass(frozen=True)
class Limits:
    max_rows: int = 1_000_000
    max_columns: int = 200
    max_file_bytes: int = 200 * 2**20
    max_uncompressed_bytes: int = 2**30


@dataclass
class Sheet:
    """One sheet's cells, row 0 being the sheet's first row (so row i is Excel row i + 1)."""

    name: str
    rows: list[list[object]]


def read_workbook(path: Path, limits: Limits, only: str | None = None) -> list[Sheet]:
    """Every sheet of the file (or just ``only``), after the checks that keep a bad file out."""
    head = _head(path, limits)
    if head.startswith(ZIP_MAGIC):
        _check_zip(path, limits)
        return _read_calamine(path, limits, only)
    if head.startswith(OLE_MAGIC):
        if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
            raise _refuse("encrypted", path)
        return _read_calamine(path, limits, only)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        if only and only != path.stem:
            raise DunnerError("sheet_missing", t("import.no_sheet", sheet=only, path=path.name),
                              t("import.no_sheet.hint", sheets=path.stem))
        return [_read_csv(path, limits)]
    raise _refuse("not_workbook", path)


def _head(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _refuse("not_workbook", path)
        if size > limits.max_file_bytes:
            raise _refuse("too_big", path, limit=limits.max_file_bytes // 2**20)
        with path.open("rb") as fh:
            return fh.read(8)
    except FileNotFoundError as exc:
        raise DunnerError("file_missing", t("import.missing", path=path),
                          t("import.missing.hint")) from exc
    except PermissionError as exc:
        raise DunnerError("file_unreadable", t("import.unreadable", path=path),
                          t("import.unreadable.hint")) from exc


def _check_zip(path: Path, limits: Limits) -> None:
    """Sizes from the zip directory, before any XML is inflated."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise _refuse("not_workbook", path) from exc
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ZIP_ENTRIES or total > limits.max_uncompressed_bytes:
        raise _refuse("bomb", path)
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse("encrypted", path)
        if info.file_size > 2**24 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse("bomb", path)


def _read_calamine(path: Path, limits: Limits, only: str | None) -> list[Sheet]:
    import python_calamine as pc

    try:
        book = pc.CalamineWorkbook.from_path(str(path))
        names = [only] if only else list(book.sheet_names)
        if only and only not in book.sheet_names:
            raise DunnerError("sheet_missing", t("import.no_sheet", sheet=only, path=path.name),
                              t("import.no_sheet.hint", sheets=", ".join(book.sheet_names)))
        sheets = []
        for name in names:
            sheet = book.get_sheet_by_name(name)
            if sheet.height > limits.max_rows or sheet.width > limits.max_columns:
                raise _refuse("too_many", path, sheet=name, rows=limits.max_rows,
                              columns=limits.max_columns)
            rows: list[list[object]] = sheet.to_python(skip_empty_area=False)  # type: ignore[assignment]
            merged = sheet.merged_cell_ranges  # None for .ods: calamine reads no merges there
            if merged:
                fill_merged(rows, merged)
            sheets.append(Sheet(name, rows))
        return sheets
    except pc.PasswordError as exc:
        raise _refuse("encrypted", path) from exc
    except (pc.CalamineError, pc.ZipError, pc.XmlError) as exc:
        raise _refuse("not_workbook", path) from exc


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


def _read_csv(path: Path, limits: Limits) -> Sheet:
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _refuse("encoding", path)
    if "\x00" in text:
        raise _refuse("not_workbook", path)
    rows: list[list[object]] = []
    for row in csv.reader(io.StringIO(text, newline="")):
        if len(rows) >= limits.max_rows or len(row) > limits.max_columns:
            raise _refuse("too_many", path, sheet=path.stem, rows=limits.max_rows,
                          columns=limits.max_columns)
        rows.append(list(row))
    return Sheet(path.stem, rows)


def _refuse(reason: str, path: Path, **params: object) -> DunnerError:
    return DunnerError(f"file_{reason}", t(f"import.refuse.{reason}", path=path.name, **params),
                       t(f"import.refuse.{reason}.hint", **params))
