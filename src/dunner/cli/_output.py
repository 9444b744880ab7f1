"""The one exit path: results to stdout (JSON, CSV or a table from one description of their
fields), errors as one line plus a hint (or JSON when asked)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

import typer

from dunner.cli._console import fits
from dunner.cli._fields import (
    NUMERIC,
    Field,
    Record,
    columns,
    csv_cell,
    json_text,
    part,
    screen_cell,
    to_json,
)
from dunner.errors import DunnerError, InputRejected, UsageError

if TYPE_CHECKING:
    from dunner.services.context import AppContext

P = ParamSpec("P")
R = TypeVar("R")


class Output(StrEnum):
    """Where a read command's result goes: a table or text for a person, JSON or CSV for a program."""

    HUMAN = "human"
    JSON = "json"
    CSV = "csv"


@dataclass
class Session:
    """The global options of one run, and the services' context built from them on first use."""

    db: str | None = None
    config: str | None = None
    today: str | None = None
    lang: str | None = None
    app: AppContext | None = None


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def emit_json(document: object) -> None:
    """Indented for a person at a terminal; compact (and four times faster) for a program.

    Characters the output's encoding lacks (a GBK file has no ``¥``) are written as JSON
    escapes, which every reader turns back into the same text: JSON never loses a character."""
    indent = 2 if sys.stdout.isatty() else None
    _write_json(json.dumps(document, ensure_ascii=False, indent=indent, default=_default))


def _write_json(text: str) -> None:
    text += "\n"
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if not fits(text, encoding):  # only strings hold non-ASCII, and an escape is valid in one
        text = "".join(ch if ord(ch) < 128 or fits(ch, encoding) else json.dumps(ch)[1:-1]
                       for ch in text)
    sys.stdout.write(text)


def output(as_json: bool, as_csv: bool = False) -> Output:
    """The ``--json`` and ``--csv`` flags as one choice; both at once is a usage error."""
    from dunner.i18n import t

    if as_json and as_csv:
        raise UsageError("output_both", t("output.both"), t("output.both.hint"))
    return Output.JSON if as_json else Output.CSV if as_csv else Output.HUMAN


def emit(out: Output, spec: Field, doc: Any, *, table: str = "", footer: Record | None = None,
         title: str = "", human: Callable[[], None] | None = None,
         total: Record | None = None) -> None:
    """Write a result as ``spec`` describes it: JSON; or its table (the ``table`` field of
    ``doc``, or ``doc`` itself when it is a list) as CSV or on screen, with an optional
    ``footer`` row (totals) after the rows; ``total`` is such a row on screen only (a CSV of
    records stays one row per record, as its JSON is). ``human`` prints the screen form itself when it is
    more than a table."""
    if out is Output.JSON:
        if sys.stdout.isatty():
            emit_json(to_json(doc, spec))
        else:  # the same text as emit_json's, written without building the JSON objects first
            _write_json(json_text(doc, spec))
        return
    if out is Output.HUMAN and human is not None:
        human()
        return
    rows_spec = part(spec, table) if table else spec
    records: Sequence[Record] = [*(doc[table] if table else doc), *([footer] if footer else [])]
    if out is Output.CSV:
        emit_csv(rows_spec, records)
        return
    records = [*records, *([total] if total else [])]
    from dunner.cli import _render
    from dunner.i18n import t

    cols = [f for f in columns(rows_spec) if f.screen]
    _render.table([t(f.header) for f in cols], [[screen_cell(r, f) for f in cols] for r in records],
                  title=title, right=[i for i, f in enumerate(cols) if f.kind in NUMERIC])


def table_cells(table: Field, records: Sequence[Record]) -> tuple[list[str], list[list[object]]]:
    """The header (in the run's language) and the cells of a table, for CSV or a workbook."""
    from dunner.i18n import t

    cols = columns(table)
    return [t(f.header) for f in cols], [[csv_cell(r, f) for f in cols] for r in records]


def emit_csv(table: Field, records: Sequence[Record]) -> None:
    """The table as UTF-8 CSV with a BOM, on stdout's bytes whatever the console's encoding."""
    from dunner.services.exports import csv_bytes

    data = csv_bytes(*table_cells(table, records))
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (an embedding program's): the characters, no bytes
        sys.stdout.write(data.decode("utf-8"))
        return
    buffer.write(data)
    buffer.flush()


def fail(err: DunnerError, as_json: bool = False) -> NoReturn:
    from dunner.i18n import t

    if as_json:
        doc: dict[str, Any] = {"code": err.code, "message": err.message, "hint": err.hint}
        if isinstance(err, InputRejected):
            doc["problems"] = [{"source": p.source, "code": p.code, "message": p.message,
                                "hint": p.hint} for p in err.problems]
        emit_json({"error": doc})
    else:
        from dunner.cli._console import printable

        out = sys.stderr
        if isinstance(err, InputRejected):
            for problem in err.problems:
                out.write(printable(problem.line()) + "\n")
        out.write(f"{t('word.error')}: {printable(err.message)}\n")
        if err.hint:
            out.write(f"{t('word.hint')}: {printable(err.hint)}\n")
    raise typer.Exit(err.exit_code)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a command; a ``DunnerError`` becomes its message and exit code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        ctx = kwargs.get("ctx")
        try:
            return fn(*args, **kwargs)
        except DunnerError as err:
            fail(err, bool(kwargs.get("as_json")))
        finally:
            obj = getattr(ctx, "obj", None)
            if isinstance(obj, Session) and obj.app is not None:
                obj.app.close()

    return wrapper


def session(ctx: typer.Context) -> Session:
    """The run's global options (set by the root command; defaults when a test calls a
    sub-app directly)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session()
    if ctx.obj is not root.obj:
        ctx.obj = root.obj
    return root.obj


def app_context(ctx: typer.Context) -> AppContext:
    """Build (once) the services' context from the global options."""
    from dunner.services.context import build_context

    obj = session(ctx)
    if obj.app is None:
        obj.app = build_context(obj.db, obj.config, obj.today, obj.lang)
    return obj.app
