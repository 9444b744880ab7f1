"""Converting a sheet's cells a column at a time, each distinct cell parsed once.

A ledger repeats the same customer names, dates, owners and terms on thousands of rows, so a
column's converter keeps what each distinct cell gave — its value, or why it cannot be read —
and runs the field's parser once per distinct cell instead of once per row. Amounts typed to
the fen and plain ASCII identifiers, which rarely repeat, take a shortcut instead: a column of
them is tested all at once (its amounts scaled and rounded by ``map``, its texts joined and
searched once) and needs no cache. Either way a cell gives exactly what the field's parser
gives it.

A column whose cells are all text, dates and floats is keyed by the cells themselves: no text
equals a date or a number. Floats are keyed so only where equal floats read alike: for a parser
that reads ``-0.0`` as ``0.0`` (amounts, identifiers), or in a column without a zero.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from itertools import compress, repeat
from operator import is_, methodcaller, mul, sub
from typing import Any, NamedTuple, cast

from dunner.adapters.workbook import CellError
from dunner.domain.money import MAX_FEN


class Empty:
    """The marker of a blank cell (empty, whitespace only, or no cell at all)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EMPTY"


EMPTY = Empty()


class Failed:
    """A cell that holds something the field's parser refused: why."""

    __slots__ = ("error",)

    def __init__(self, error: ValueError) -> None:
        self.error = error


Parser = Callable[[object], Any]
# Cells of these exact types are looked up in the cache (a float is not: 0.0 and -0.0 are one
# key, and floats are mostly amounts, each one different).
_CACHED = frozenset({str, date, datetime, int, bool})
# No cell of one of these types equals a cell of another (1 == 1.0 == True, but no text or date
# equals a number), so a column holding only these needs no key but the cell itself.
_KEYED = frozenset({str, date, datetime})
_FLOAT = frozenset({float})
_STR = frozenset({str})
_TEXT_OR_FLOAT = frozenset({str, float})


def convert(raw: object, parse: Parser, unreadable: Callable[[object], str]) -> object:
    """One cell: ``EMPTY``, ``Failed`` (an error a formula left, a number that is none, or
    what the parser raised) or the parsed value."""
    if raw == "" or raw is None or (isinstance(raw, str) and not raw.strip()):
        return EMPTY
    if type(raw) is CellError or (type(raw) is float and not -math.inf < raw < math.inf):
        return Failed(ValueError(unreadable(raw)))
    try:
        return parse(raw)
    except ValueError as error:
        return Failed(error)


def fen_of_float(raw: float) -> int | None:
    """A float cell typed to the fen as integer fen, exactly as ``money.to_fen`` gives it; None
    when it needs the full rules (too large, not to the fen, not finite)."""
    scaled = raw * 100
    if not -MAX_FEN <= scaled <= MAX_FEN:
        return None
    nearest = int(scaled + 0.5) if scaled >= 0 else -int(0.5 - scaled)
    return nearest if abs(scaled - nearest) < 1e-6 else None


# Amount text as accounting software writes it: ASCII digits, an optional minus sign and at most
# two decimals, nothing around them. Longer or wrapped text (¥, 元, grouping commas, spaces,
# full-width digits) takes the full rules.
_PLAIN_AMOUNT = re.compile(r"(-?)([0-9]{1,13})(?:\.([0-9]{1,2}))?")
# A column of such amounts each written with two decimals, one a line.
_CENTS_COLUMN = re.compile(r"(?:-?[0-9]{1,13}\.[0-9]{2}\n)*")
_WITHOUT_POINT = methodcaller("replace", ".", "")


def fen_of_text(raw: str) -> int | None:
    """Plain amount text (``"1234.5"``, ``"-3000"``) as integer fen, exactly as
    ``money.to_fen`` reads it; None for any other text (then the full rules decide)."""
    match = _PLAIN_AMOUNT.fullmatch(raw)
    if match is None:
        return None
    sign, whole, cents = match.groups()
    fen = int(whole) * 100 + (int(cents.ljust(2, "0")) if cents else 0)
    if fen > MAX_FEN:
        return None
    return -fen if sign else fen


def fens_of_texts(raws: list[str]) -> list[int | None]:
    """``fen_of_text`` of each non-empty text, tested on them all at once first: a column of
    amounts with two decimals each (an export's) is its digits read as one whole number each."""
    if _CENTS_COLUMN.fullmatch("\n".join(raws) + "\n") is not None:
        fens: list[int] = list(map(int, map(_WITHOUT_POINT, raws)))
        if max(map(abs, fens), default=0) <= MAX_FEN:
            return list(fens)
    return list(map(fen_of_text, raws))


def plain_identifier(raw: str) -> str | None:
    """A text cell that ``text.identifier`` returns unchanged: printable ASCII (NFKC leaves it
    as it is) without leading, trailing or repeated spaces; None for any other text."""
    if raw.isascii() and raw.isprintable() and raw[:1] != " " and raw[-1:] != " " \
            and "  " not in raw:
        return raw
    return None


def fens_of_floats(raws: list[float]) -> list[int | None]:
    """``fen_of_float`` of each float, computed for them all at once: the same products, the
    same nearest integers (no float within 1e-6 of an integer lies halfway between two), the
    same tests."""
    scaled: list[float] = list(map(mul, raws, repeat(100)))
    if not (math.isfinite(sum(scaled))
            and -MAX_FEN <= min(scaled, default=0) <= max(scaled, default=0) <= MAX_FEN):
        return list(map(fen_of_float, raws))  # a number that is none, or too large: each alone
    nearest: list[int] = list(map(round, scaled))
    if max(map(abs, map(sub, scaled, nearest)), default=0) < 1e-6:
        return list(nearest)
    return [n if abs(f - n) < 1e-6 else None for f, n in zip(scaled, nearest, strict=True)]


def plain_identifiers(raws: list[str]) -> list[str | None]:
    """``plain_identifier`` of each non-empty text, tested on them all at once first."""
    return list(raws) if all_plain(raws) else list(map(plain_identifier, raws))


def all_plain(raws: list[str]) -> bool:
    """Whether ``plain_identifier`` keeps each of these non-empty texts as it is, tested on
    them all at once: one line each, a line break being no printable character."""
    whole = "".join(raws)
    if not (whole.isascii() and whole.isprintable()):
        return False
    lines = "\n".join(raws)
    return ("  " not in lines and " \n" not in lines and "\n " not in lines
            and lines[:1] != " " and lines[-1:] != " ")


Fast = Callable[[Any], Any]  # a cell of one type → its value, or None for the full path
# The shortcuts that also come in a form taking a column's distinct cells at once.
_AT_ONCE: dict[Fast, Callable[[list[Any]], list[Any]]] = {
    fen_of_float: fens_of_floats, plain_identifier: plain_identifiers, fen_of_text: fens_of_texts}


class Column(NamedTuple):
    """A column's cells converted, and whether any is ``EMPTY`` or ``Failed``."""

    values: list[object]
    blanks: bool
    failures: bool


def convert_column(raws: Sequence[object], parse: Parser, unreadable: Callable[[object], str],
                   fast_float: Fast | None = None, fast_text: Fast | None = None,
                   zero_alike: bool = False) -> Column:
    """Every cell of a column converted as ``convert`` does, each distinct cell once.
    ``fast_float`` / ``fast_text``: a shortcut for float and text cells that gives the
    parser's own answer or None (then the cell takes the ordinary path). ``zero_alike``: the
    parser reads ``-0.0`` as it reads ``0.0``."""
    types = set(map(type, raws))
    direct = _at_once(raws, types, parse, unreadable, fast_float, fast_text, zero_alike)
    if direct is not None:
        return direct
    distinct: dict[object, object] | None = None
    if types <= _KEYED:  # equal cells of these types are the same cell
        distinct = dict.fromkeys(raws)
    elif types - _KEYED == _FLOAT:
        distinct = dict.fromkeys(raws)
        if not zero_alike and 0.0 in distinct:  # 0.0 and -0.0 are one key
            distinct = None
    if distinct is None:
        values = _convert_each(raws, parse, unreadable, fast_float, fast_text)
        return Column(values, any(v is EMPTY for v in values),
                      any(isinstance(v, Failed) for v in values))
    for cls, fast in ((float, fast_float), (str, fast_text)):
        if fast is None or cls not in types:
            continue
        cells = list(distinct) if len(types) == 1 else [raw for raw in distinct if raw.__class__ is cls]
        if cls is str and "" in distinct:  # a blank cell is no text for a shortcut
            cells = [raw for raw in cells if raw]
        at_once = _AT_ONCE.get(fast)
        distinct.update(zip(cells, at_once(cells) if at_once else map(fast, cells), strict=True))
    for raw in list(compress(distinct, map(is_, distinct.values(), repeat(None)))):
        distinct[raw] = convert(raw, parse, unreadable)  # no shortcut, or the shortcut declined
    found = distinct.values()
    return Column(list(map(distinct.__getitem__, raws)), any(map(is_, found, repeat(EMPTY))),
                  any(map(isinstance, found, repeat(Failed))))


def _at_once(raws: Sequence[object], types: set[type], parse: Parser,
             unreadable: Callable[[object], str], fast_float: Fast | None, fast_text: Fast | None,
             zero_alike: bool) -> Column | None:
    """The column without a cache, when its cells rarely repeat and a shortcut takes them all
    at once: floats all typed to the fen; texts all plain amounts; texts all plain identifiers,
    any floats among them (numbers typed as numbers) each converted once. None when a cell
    needs more."""
    if types == _FLOAT and fast_float is fen_of_float:
        fens = fens_of_floats(cast(list[float], list(raws)))
        return None if None in fens else Column(cast(list[object], fens), False, False)
    if types == _STR and fast_text is fen_of_text:
        amounts = cast(list[str], list(raws))
        read = None if "" in amounts else fens_of_texts(amounts)
        return None if read is None or None in read else Column(cast(list[object], read), False, False)
    if fast_text is not plain_identifier or not types or not types <= _TEXT_OR_FLOAT:
        return None
    texts: list[object] = list(raws) if types == _STR else [raw for raw in raws if raw.__class__ is str]
    if "" in texts or not all_plain(cast(list[str], texts)):
        return None
    if types == _STR:
        return Column(texts, False, False)
    numbers: dict[object, object] = dict.fromkeys(raw for raw in raws if raw.__class__ is float)
    if not zero_alike and 0.0 in numbers:  # 0.0 and -0.0 are one key
        return None
    for raw in numbers:
        numbers[raw] = convert(raw, parse, unreadable)
    values = [raw if raw.__class__ is str else numbers[raw] for raw in raws]
    found = numbers.values()
    return Column(values, any(map(is_, found, repeat(EMPTY))), any(map(isinstance, found, repeat(Failed))))


def _convert_each(raws: Sequence[object], parse: Parser, unreadable: Callable[[object], str],
                  fast_float: Fast | None, fast_text: Fast | None) -> list[object]:
    caches: dict[type, dict[object, object]] = {}
    out: list[object] = []
    append = out.append
    for raw in raws:
        cls = raw.__class__
        if cls is float and fast_float is not None:  # not finite: None, then the ordinary path
            value = fast_float(raw)
            if value is not None:
                append(value)
                continue
        elif cls is str and fast_text is not None and raw:
            value = fast_text(raw)
            if value is not None:
                append(value)
                continue
        if cls not in _CACHED:
            append(convert(raw, parse, unreadable))
            continue
        cache = caches.get(cls)
        if cache is None:
            cache = caches[cls] = {}
        found = cache.get(raw, cache)
        if found is cache:
            found = cache[raw] = convert(raw, parse, unreadable)
        append(found)
    return out
