"""What an .xlsx holds, learned from its zip parts before any parser allocates for it.

A parser sizes its memory from the cells a sheet names: one cell at XFD1048576 makes it set
aside room for 17 billion, a ``uniqueCount`` attribute makes it reserve that many strings,
and one long shared string named by a million cells is copied a million times. The sheet
parts are therefore streamed once, a chunk at a time, for the cell references they hold
(a ``<dimension>`` element can lie, or be absent), the number of string cells and any text
run longer than a cell can hold. The answer is the sheets' extent, the cells holding an
error value or NaN (which a parser turns into an empty cell or 1899-12-30), and whether the
file can be read here or only in a child process with a memory limit.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from dunner.adapters.refusal import Refused

CHUNK = 1 << 20
MAX_TAG = 1 << 16  # bytes one XML tag may take: Excel writes tags of a few hundred
MAX_PART_HERE = 128 * 2**20  # a sheet part larger than this is read in a child process
MAX_SHEETS = 255
MAX_MARKED = 10_000  # error / NaN cells remembered per sheet
STRING_BYTES_HERE = 64 * 2**20  # text a read in this process may copy out of shared strings

_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_DIMENSION = re.compile(rb"<" + _NS + rb"dimension\s+ref=\"\$?([A-Z]{1,7})\$?([0-9]{1,12})"
                        rb"(?::\$?([A-Z]{1,7})\$?([0-9]{1,12}))?\"")
_MARKED_CELL = re.compile(
    rb"<" + _NS + rb"c\s([^>]*)>\s*(?:<" + _NS + rb"f\b[^>]*/>\s*|<" + _NS + rb"f\b[^>]*>[^<]*</"
    + _NS + rb"f>\s*)?<" + _NS + rb"v>\s*([^<]{0,40}?)\s*<")
_ATTR_R = re.compile(rb"\br=\"([A-Z]{1,7})([0-9]{1,12})\"")
_ERROR_TYPE = re.compile(rb"\bt=\"e\"")
_REL = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb"\b(Id|Type|Target)=\"([^\"]*)\"")
_SHEET = re.compile(rb"<" + _NS + rb"sheet\s[^>]*>")
_SHEET_NAME = re.compile(rb"\bname=\"([^\"]*)\"")
_SHEET_ID = re.compile(rb"\b[\w.-]+:id=\"([^\"]*)\"")
_UNIQUE = re.compile(rb"\b(?:uniqueCount|count)=\"([0-9]+)\"")


@dataclass
class SheetShape:
    """One sheet part: the extent from A1 to its last cell, and its marked cells."""

    part: str
    rows: int = 0  # last row named, 1-based
    columns: int = 0  # last column named, 1-based
    string_cells: int = 0
    refless: int = 0  # cells without a reference (placed by counting): only a child reads them
    marked: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based

    @property
    def area(self) -> int:
        return self.rows * self.columns


@dataclass
class Probe:
    """The sheets (by part name), and whether only a child process with a memory limit may read
    the file: the cells' text could not be bounded from the parts alone."""

    sheets: dict[str, SheetShape]  # by sheet name
    child_only: bool = False


def probe_xlsx(zf: zipfile.ZipFile, max_rows: int, max_columns: int, max_cells: int,
               only: str | None = None) -> Probe:
    """Stream the parts (of sheet ``only``, if given) and refuse what no ledger is; raises
    ``Refused``."""
    names = {i.filename: i for i in zf.infolist()}
    parts = sheet_parts(zf, names)
    if len(parts) > MAX_SHEETS:
        raise Refused("too_many_sheets", sheets=len(parts), limit=MAX_SHEETS)
    if only is not None:
        parts = {part: sheet for part, sheet in parts.items() if sheet == only}
    longest_string = _shared_strings(zf, names, max_cells)
    probe = Probe({})
    area = 0
    for part, sheet in parts.items():
        if names[part].file_size > MAX_PART_HERE:
            probe.child_only = True
        shape = scan_sheet(zf, part, (max_rows, max_columns, max_cells), longest_string > 0)
        probe.sheets[sheet] = shape
        if shape.refless == 0 and (shape.rows > max_rows or shape.columns > max_columns):
            raise Refused("too_many", sheet=sheet, rows=max_rows,
                          columns=max_columns)
        area += shape.area
        if shape.refless:
            probe.child_only = True
        if shape.string_cells * longest_string > STRING_BYTES_HERE:
            probe.child_only = True
    if area > max_cells and not probe.child_only:
        raise Refused("too_many_cells", cells=area, limit=max_cells)
    return probe


def sheet_parts(zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """Worksheet part → the sheet's name (the workbook's order); parts in a worksheets folder
    that no sheet names are listed too, under their part name: a parser may still read them."""
    targets: dict[bytes, str] = {}
    for rels in [n for n in names if n.lower().endswith("workbook.xml.rels")]:
        base = posixpath.dirname(posixpath.dirname(rels))
        for tag in _REL.findall(_read_small(zf, names[rels])):
            attrs = dict(_ATTR.findall(tag))
            if attrs.get(b"Type", b"").endswith(b"/worksheet"):
                target = attrs.get(b"Target", b"").decode("utf-8", "replace")
                targets[attrs.get(b"Id", b"")] = (target.lstrip("/") if target.startswith("/")
                                                  else posixpath.normpath(posixpath.join(base, target)))
    found: dict[str, str] = {}
    book = next((n for n in names if n.lower().endswith("workbook.xml")), None)
    if book is not None:
        for tag in _SHEET.findall(_read_small(zf, names[book])):
            title, rid = _SHEET_NAME.search(tag), _SHEET_ID.search(tag)
            part = targets.get(rid.group(1)) if rid else None
            if title and part is not None and part in names and part not in found:
                found[part] = html.unescape(title.group(1).decode("utf-8", "replace"))
    for other in names:
        if "/worksheets/" in other.lower() and other.lower().endswith(".xml") and other not in found:
            found[other] = other
    return found


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > 16 * 2**20:
        raise Refused("corrupt", part=info.filename)
    with zf.open(info) as fh:
        return fh.read(16 * 2**20)


def _shared_strings(zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo],
                    max_cells: int) -> int:
    """The longest shared string (bytes of XML; a huge number when unknown); refused when
    there are more than a cell budget's worth, whatever the ``uniqueCount`` attribute claims."""
    part = next((n for n in names if n.lower().endswith("sharedstrings.xml")), None)
    if part is None:
        return 0
    longest = count = run = 0
    with zf.open(names[part]) as fh:
        head = True
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            if head:
                claimed = [int(n) for n in _UNIQUE.findall(chunk[:4096])]
                if claimed and max(claimed) > max_cells:
                    raise Refused("too_many_strings", strings=max(claimed), limit=max_cells)
                head = False
            if chunk.count(b"<si") != chunk.count(b"<si>") or b":si" in chunk:
                return STRING_BYTES_HERE + 1  # written unlike Excel: the text cannot be bounded here
            pieces = chunk.split(b"<si>")
            count += len(pieces) - 1
            if count > max_cells:
                raise Refused("too_many_strings", strings=count, limit=max_cells)
            if len(pieces) == 1:
                run += len(chunk)
            else:
                longest = max(longest, run + len(pieces[0]), *map(len, pieces[1:-1]))
                run = len(pieces[-1])
    return max(longest, run)


def scan_sheet(zf: zipfile.ZipFile, part: str, limits: tuple[int, int, int],
               strings: bool = True) -> SheetShape:
    """The sheet's extent, string cells and marked cells, one chunk at a time.

    The ``<dimension>`` element, when there is one, is checked rather than trusted: a search
    for any cell or row reference beyond it runs at the speed of a byte search, and only a
    sheet without one, or whose dimension lies, has every reference read (a few times slower).
    """
    shape = SheetShape(part)
    carry = b""
    scan = _Scan(limits, strings)
    with zf.open(part) as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            buf = carry + chunk
            cut = buf.rfind(b"<")
            if cut >= 0 and buf.find(b">", cut) < 0:
                buf, carry = buf[:cut], buf[cut:]
                if len(carry) > MAX_TAG:
                    raise Refused("corrupt", part=part)
            else:
                carry = b""
            scan.chunk(buf, shape)
    if carry:
        scan.chunk(carry, shape)
    return shape


class _Scan:
    """The state of one sheet part's scan across chunks; every test on a chunk is a byte count
    or a search led by a literal, so the scan runs at several times the speed of a parse."""

    def __init__(self, limits: tuple[int, int, int], strings: bool) -> None:
        self.limits = limits  # rows, columns, cells
        self.strings = strings  # the workbook has shared strings: count the cells naming them
        self.tags: tuple[bytes, bytes] = (b"", b"")
        self.loose: re.Pattern[bytes] | None = None
        self.odd: list[re.Pattern[bytes]] = []
        self.nan: re.Pattern[bytes] | None = None
        self.not_digit: re.Pattern[bytes] | None = None
        self.beyond: tuple[re.Pattern[bytes], ...] = ()
        self.exact = False  # every reference is read

    def chunk(self, buf: bytes, shape: SheetShape) -> None:
        if self.nan is None:
            self._start(buf, shape)
        cell, with_ref = self.tags
        odd = self.odd
        if self.loose.search(buf):  # type: ignore[union-attr]
            shape.refless += buf.count(cell) - buf.count(with_ref)
        else:  # every <c starts a cell with a reference: none is odd, none to count
            odd = odd[1:]
        if any(rx.search(buf) for rx in odd):
            shape.refless += 1  # cells a count cannot see: read where no count is needed
        if self.beyond and any(rx.search(buf) for rx in self.beyond):
            self.exact, self.beyond = True, ()  # the dimension lies: read every reference
        if self.exact:
            self._references(buf, shape)
        if self.strings:
            shape.string_cells += buf.count(b't="s"')
        # a value that is not a number is rare: NaN is looked for only where one begins
        if b't="e"' in buf or (self.not_digit.search(buf)  # type: ignore[union-attr]
                               and self.nan.search(buf)):  # type: ignore[union-attr]
            _mark(buf, shape)

    def _start(self, buf: bytes, shape: SheetShape) -> None:
        root = _ROOT.search(buf)
        self.prefix = p = (root.group(1) or b"") if root else b""
        self.tags = (b"<" + p + b"c ", b"<" + p + b'c r="')
        e = re.escape(p)
        self.loose = re.compile(b"<" + e + b'c(?! r=")')  # any other element named c…, too
        self.odd = [re.compile(b"<" + e + rb"c[\t\r\n/>]")]  # first: what only an odd <c holds
        if not p:
            self.odd.append(re.compile(rb":c[\s>/]"))  # a prefix Excel never writes
        self.nan = re.compile(b"<" + e + rb"v>\s*[-+]?(?:[Nn][Aa][Nn]|[Ii][Nn][Ff])")
        self.not_digit = re.compile(b"<" + e + rb"v>[^0-9]")
        dim = _DIMENSION.search(buf)
        if dim:
            last = (dim.group(3), dim.group(4)) if dim.group(3) else (dim.group(1), dim.group(2))
            shape.rows, shape.columns = int(last[1]), column_number(last[0])
        max_rows, max_columns, max_cells = self.limits
        if (dim is None or shape.rows > max_rows or shape.columns > max_columns
                or shape.area > max_cells):
            shape.rows = shape.columns = 0  # none, or more than allowed: count the real cells
            self.exact = True
        else:
            self.beyond = _beyond(p, shape.rows, shape.columns)

    def _references(self, buf: bytes, shape: SheetShape) -> None:
        e = re.escape(self.prefix)
        refs = re.findall(b"<" + e + rb'c r="([A-Z]{1,7})([0-9]{1,12})"', buf)
        if refs:
            shape.rows = max(shape.rows, max(map(int, (r for _, r in refs))))
            shape.columns = max(shape.columns, *(column_number(c) for c in {c for c, _ in refs}))
        rows = re.findall(b"<" + e + rb'row r="([0-9]{1,12})"', buf)
        if rows:
            shape.rows = max(shape.rows, max(map(int, rows)))


def _beyond(prefix: bytes, rows: int, columns: int) -> tuple[re.Pattern[bytes], ...]:
    """A search for a cell reference in a column after ``columns`` or a row after ``rows``,
    and one for a row reference after ``rows``: numbers compared as strings of the same length.

    The cell search is one pass over the references, each turned away at its first characters:
    more letters than the last column's, or as many and a later column, or letters of a column
    up to the last and at least as many digits as ``rows`` has, then a greater number. It
    also takes a malformed reference (letters and no number), which only costs a full read."""
    p = re.escape(prefix)
    letters = cell_name(0, columns - 1)[:-1] if columns > 0 else ""
    digits = len(str(rows)) if rows > 0 else 1
    row = _greater(str(rows), "9", "[0-9]") if rows > 0 else b"[0-9]+"
    wider = [f"[A-Z]{{{len(letters) + 1}}}".encode("ascii")]
    if letters:
        wider += _greater_as_long(letters, "Z", "[A-Z]")
        wider.append(f"[A-Z]{{1,{len(letters)}}}(?=[0-9]{{{digits}}})(?:".encode("ascii") + row + b')"')
    return (re.compile(b"<" + p + b'c r="(?:' + b"|".join(wider) + b")"),
            re.compile(b"<" + p + b'row r="(?:' + row + b')"'))


def _greater(text: str, high: str, any_: str) -> bytes:
    """A pattern for the strings of ``any_`` (up to ``high``) greater than ``text`` compared as
    numbers written without leading zeros: longer ones, or as long and greater at a place."""
    longer = f"{any_}{{{len(text) + 1},12}}".encode("ascii")
    return b"|".join([longer, *_greater_as_long(text, high, any_)])


def _greater_as_long(text: str, high: str, any_: str) -> list[bytes]:
    """Patterns for the strings of ``any_`` as long as ``text`` and greater at a place."""
    n = len(text)
    options = []
    for i, ch in enumerate(text):
        if ch < high:
            above = chr(ord(ch) + 1)
            rest = f"{any_}{{{n - i - 1}}}" if n - i - 1 else ""
            options.append((re.escape(text[:i]) + f"[{above}-{high}]" + rest).encode("ascii"))
    return options


def _mark(buf: bytes, shape: SheetShape) -> None:
    """Cells holding an error value (``#DIV/0!``) or a number that is none (NaN, infinity)."""
    for attrs, value in _MARKED_CELL.findall(buf):
        ref = _ATTR_R.search(attrs)
        if ref is None or len(shape.marked) >= MAX_MARKED:
            continue
        text = value.decode("ascii", "replace").strip()
        if _ERROR_TYPE.search(attrs) or text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            key = (int(ref.group(2)) - 1, column_number(ref.group(1).decode()) - 1)
            shape.marked[key] = text or "#N/A"


def column_number(letters: bytes | str) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    text = letters.decode("ascii") if isinstance(letters, bytes) else letters
    number = 0
    for ch in text:
        number = number * 26 + ord(ch) - 64
    return number


def cell_name(row: int, column: int) -> str:
    """0-based (row, column) → ``B12``."""
    letters = ""
    index = column + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
