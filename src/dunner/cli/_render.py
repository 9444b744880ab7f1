"""How things look: money as ¥1,234.50, tables with rich on a terminal, plain columns otherwise."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from dunner.domain.money import yuan

if TYPE_CHECKING:
    from rich.console import Console

# A column whose every cell is short unspaced ASCII holds amounts, dates, times, ids or counts:
# on a terminal it is never cut or wrapped. Other columns (names, words) wrap instead.
_WHOLE = re.compile(r"[!-~¥]{0,24}")
NARROWEST = 8  # cells a wrapping column keeps at least before a table turns into blocks
GAP = 2  # cells between two columns


def money(fen: int | None) -> str:
    return yuan(fen)  # the rule lives in the domain: digests sent by mail use it too


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def word(prefix: str, code: str | None) -> str:
    """A ledger code (a status, channel, outcome, signal kind) in the run's language; a code the
    catalogue lacks (a user's own word) as it is."""
    from dunner.catalogue import MESSAGES
    from dunner.i18n import t

    if not code:
        return ""
    return t(f"{prefix}.{code}") if f"{prefix}.{code}" in MESSAGES else code


def terms(code: str | None) -> str:
    """Payment terms as a person says them: ``net:60`` → 账期60天 in Chinese (JSON keeps the code)."""
    from dunner.domain.terms import TermsError, parse_terms
    from dunner.i18n import t

    if not code:
        return ""
    try:
        parsed = parse_terms(code)
    except TermsError:
        return code
    return t(f"terms.{parsed.kind}", days=parsed.days)  # cash, batch: no placeholder to fill


def is_terminal() -> bool:
    return sys.stdout.isatty()


def _width(text: str, wide_yen: bool = False) -> int:
    if text.isascii():  # no wide character and no ¥: one cell each (most cells of a table)
        return len(text)
    cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return cells + text.count("¥") if wide_yen else cells


def _wide_yen() -> bool:
    """Whether ``¥`` prints as the full-width ``￥`` (two cells): on an output without it, GBK."""
    from dunner.cli._console import fits

    return not fits("¥", getattr(sys.stdout, "encoding", None) or "utf-8")


def console() -> Console:
    """The rich console tables and bars print on (its width: the terminal's, or ``COLUMNS``);
    tests swap this for a console of a fixed width."""
    from rich.console import Console

    return Console()


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], title: str = "",
          right: Sequence[int] = (), whole: Sequence[int] = ()) -> None:
    """A table: rich on a terminal; on a pipe, plain space-aligned columns and no decoration.

    On a terminal the ``right`` and ``whole`` columns, and any column of amounts, dates or ids,
    are never cut; names wrap instead (``--json`` has everything whole). A table too wide for
    the terminal even so is printed as one block per row.
    """
    from dunner.cli._console import printable

    headers = [printable(h) for h in headers]
    title = printable(title, newlines=True)
    cells = [[printable(str(c)) for c in row] for row in rows]
    if is_terminal():
        _rich_table(headers, cells, title, right, whole)
        return
    if title:
        print(title)
    wide = _wide_yen()
    widths = [max([_width(h, wide)] + [_width(r[i], wide) for r in cells])
              for i, h in enumerate(headers)]
    for row in [list(headers), *cells]:
        parts = []
        for index, text in enumerate(row):
            pad = " " * (widths[index] - _width(text, wide))
            parts.append(pad + text if index in right else text + pad)
        print("  ".join(parts).rstrip())


def _rich_table(headers: Sequence[str], cells: list[list[str]], title: str, right: Sequence[int],
                whole: Sequence[int]) -> None:
    from rich import box
    from rich.table import Table

    out = console()
    span = range(len(headers))
    kept = [i in right or i in whole or all(_WHOLE.fullmatch(r[i]) for r in cells) for i in span]
    data = [max([_width(r[i]) for r in cells], default=1) for i in span]
    heads = [h.replace(" ", "\n") if kept[i] and _width(h) > data[i] else h  # "Days\noverdue"
             for i, h in enumerate(headers)]
    least = sum(max(data[i], *map(_width, heads[i].split("\n"))) if kept[i]
                else min(data[i], NARROWEST) for i in span) + GAP * (len(headers) - 1)
    if least > out.width:
        _blocks(out, headers, cells, title, right)
        return
    # a rule under the header and GAP spaces between columns: borders would cost 3 cells a column
    tbl = Table(title=title or None, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                padding=(0, GAP - 1, 0, 0))
    for i in span:
        tbl.add_column(heads[i], justify="right" if i in right else "left", no_wrap=kept[i],
                       min_width=data[i] if kept[i] else None, overflow="fold")
    from rich.text import Text

    for row in cells:
        tbl.add_row(*(Text(c) for c in row))  # a name is text, never rich markup
    out.print(tbl)


def _blocks(out: Console, headers: Sequence[str], cells: list[list[str]], title: str,
            right: Sequence[int]) -> None:
    """Each row as its first cell, then one indented ``header  value`` line per other cell."""
    from rich.text import Text

    label = max((_width(h) for h in headers[1:]), default=0)
    value = max((_width(r[i]) for r in cells for i in right), default=0)
    if title:
        out.print(Text(title), overflow="fold")
    for row in cells:
        out.print(Text(row[0]), overflow="fold")
        for i, (header, text) in enumerate(zip(headers[1:], row[1:], strict=True), start=1):
            pad = " " * (value - _width(text)) if i in right else ""
            out.print(Text(f"  {header}{' ' * (label - _width(header))}  {pad}{text}"),
                      overflow="fold")


def lines(*texts: str) -> None:
    """Lines of a result; on a terminal, one longer than it is wide wraps between words. What a
    user typed is shown, never acted on: control characters and escapes appear escaped."""
    from dunner.cli._console import printable

    texts = tuple(printable(text, newlines=True) for text in texts)
    if texts and is_terminal():
        from rich.text import Text

        console().print(Text("\n".join(texts)), overflow="fold")
        return
    for text in texts:
        print(text)


def calendar_text(years: Sequence[int]) -> str:
    """The warning that dates in these years are computed with weekends only."""
    from dunner.i18n import t

    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return t("calendar.unknown", years=span)


def calendar_warning(years: Sequence[int], today: date) -> None:
    """On stderr, the first time on ``today`` only: said on every run, it would be ignored."""
    from dunner.cli._once import first_today

    if years and first_today("calendar.unknown", today):
        print(calendar_text(years), file=sys.stderr)


def warn(text: str) -> None:
    from dunner.cli._console import printable

    print(printable(text, newlines=True), file=sys.stderr)
