"""Converting a sheet's cells a column at a time, each distinct cell parsed once.

A ledger repeats the same customer names, dates, owners and terms on thousands of rows, so a
column's converter keeps what each distinct cell gave — its value, or why it cannot be read —
and runs the field's parser once per distinct cell instead of once per row. Amounts typed to
the fen and plain ASCII identifiers, which rarely repeat, take a precompiled fast path instead
of the cache. Either way a cell gives exactly what the field's parser gives it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

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


def plain_identifier(raw: str) -> str | None:
    """A text cell that ``text.identifier`` returns unchanged: printable ASCII (NFKC leaves it
    as it is) without leading, trailing or repeated spaces; None for any other text."""
    if raw.isascii() and raw.isprintable() and raw[:1] != " " and raw[-1:] != " " \
            and "  " not in raw:
        return raw
    return None


Fast = Callable[[Any], Any]  # a cell of one type → its value, or None for the full path


class Column(NamedTuple):
    """A column's cells converted, and whether any is ``EMPTY`` or ``Failed``."""

    values: list[object]
    blanks: bool
    failures: bool


def convert_column(raws: Sequence[object], parse: Parser, unreadable: Callable[[object], str],
                   fast_float: Fast | None = None, fast_text: Fast | None = None) -> Column:
    """Every cell of a column converted as ``convert`` does, each distinct cell once.
    ``fast_float`` / ``fast_text``: a shortcut for float and text cells that gives the
    parser's own answer or None (then the cell takes the ordinary path)."""
    if set(map(type, raws)) <= _KEYED:  # equal cells of these types are the same cell
        distinct: dict[object, object] = dict.fromkeys(raws)
        for raw in distinct:
            value = fast_text(raw) if fast_text is not None and raw.__class__ is str and raw else None
            distinct[raw] = convert(raw, parse, unreadable) if value is None else value
        found = list(distinct.values())
        return Column(list(map(distinct.__getitem__, raws)), any(v is EMPTY for v in found),
                      any(isinstance(v, Failed) for v in found))
    values = _convert_each(raws, parse, unreadable, fast_float, fast_text)
    return Column(values, any(v is EMPTY for v in values), any(isinstance(v, Failed) for v in values))


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
