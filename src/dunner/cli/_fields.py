"""What a command's result holds: each field's name, kind and column header, and from that one
description its JSON, its CSV cells and its cells on screen (money, dates and counts alike)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any, Literal, TypeAlias

from dunner.domain.money import fen_str, fen_to_decimal

# text; money in fen (JSON "1234.50"); date, time ("HH:MM"), stamp ("YYYY-MM-DD HH:MM");
# count (any integer: days, scores, priorities); number (a float); ratio ("0.50"); flag (bool);
# value (a setting: whatever it holds, made JSON-safe).
Kind = Literal["text", "money", "date", "time", "stamp", "count", "number", "ratio", "flag",
               "value"]
Json: TypeAlias = "None | bool | int | float | str | list[Json] | dict[str, Json]"
Record = Mapping[str, Any]  # one row as a command builds it: fen, dates, texts, nested records
NUMERIC: frozenset[Kind] = frozenset({"money", "count", "number", "ratio"})
LIST_SEPARATOR = "、"  # a list in one cell, as the worklist writes invoice numbers


@dataclass(frozen=True)
class Field:
    """One field of a result. With ``fields`` it is a nested record (``many``: a list of them);
    with ``many`` alone a list of values of ``kind``; with ``keyed`` a mapping name → value.

    A ``word`` field holds a code shown on screen in the run's language.

    A field with a ``header`` (a catalogue key) is a column of the result's table: in CSV, in
    the table on screen unless not ``screen``, in the order the JSON has it. A ``group`` field
    is read from, and written to JSON under, ``record[group][name]``; in CSV it is a column of
    its own. An ``optional`` field is left out of the JSON of a record that does not hold it.
    """

    name: str
    kind: Kind = "text"
    header: str = ""
    fields: tuple[Field, ...] = ()
    many: bool = False
    keyed: bool = False
    group: str = ""
    optional: bool = False
    screen: bool = True
    word: str = ""  # on screen: "terms", or a catalogue prefix ("customer_status") for a code


def rows(name: str, *fields: Field, optional: bool = False) -> Field:
    """A list of records (a table when its fields have headers)."""
    return Field(name, fields=fields, many=True, optional=optional)


def record(name: str, *fields: Field) -> Field:
    return Field(name, fields=fields)


def _value(v: Any) -> Json:
    """A setting as JSON: containers walked, dates and decimals as text, anything else as str."""
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, Mapping):
        return {str(k): _value(x) for k, x in v.items()}
    if isinstance(v, list | tuple | set | frozenset):
        return [_value(x) for x in v]
    if isinstance(v, Enum):
        return _value(v.value)
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, time):
        return v.strftime("%H:%M")
    if isinstance(v, Decimal | PurePath):
        return str(v)
    return str(v)


JSON_OF: dict[Kind, Callable[[Any], Json]] = {
    "text": str, "money": fen_str, "date": date.isoformat, "time": lambda v: v.strftime("%H:%M"),
    "stamp": lambda v: v.strftime("%Y-%m-%d %H:%M"), "count": int, "number": float,
    "ratio": lambda v: f"{v:.2f}", "flag": bool, "value": _value,
}


def to_json(value: Any, spec: Field) -> Json:
    """``value`` as ``spec`` says: the one place a result becomes JSON."""
    if value is None:
        return None
    if spec.fields:
        if spec.many:
            return [_record(r, spec.fields) for r in value]
        return _record(value, spec.fields)
    convert = JSON_OF[spec.kind]
    if spec.many:
        return [None if v is None else convert(v) for v in value]
    if spec.keyed:
        return {str(k): None if v is None else convert(v) for k, v in value.items()}
    return convert(value)


def _record(rec: Record, fields: Sequence[Field]) -> dict[str, Json]:
    out: dict[str, Json] = {}
    for f in fields:
        if f.group:
            if rec[f.group] is None:  # a group the record does not have: null as a whole
                out[f.group] = None
                continue
            inner = out.setdefault(f.group, {})
            assert isinstance(inner, dict)
            inner[f.name] = to_json(rec[f.group][f.name], f)
        elif not (f.optional and f.name not in rec):
            out[f.name] = to_json(rec[f.name], f)
    return out


def part(spec: Field, name: str) -> Field:
    """The field ``name`` of a record ``spec`` (a document's table, say)."""
    return next(f for f in spec.fields if f.name == name)


def columns(table: Field) -> list[Field]:
    """The fields of a table's rows that are columns, in JSON order."""
    return [f for f in table.fields if f.header]


def _get(rec: Record, f: Field) -> Any:
    if f.group:
        group = rec.get(f.group)
        return None if group is None else group[f.name]
    return rec.get(f.name)


def csv_cell(rec: Record, f: Field) -> object:
    """The JSON value as a cell: numbers as numbers (money a plain decimal, never made text),
    a list joined, a setting's structure as JSON text."""
    v = _get(rec, f)
    if v is None:
        return None
    if f.many:
        return LIST_SEPARATOR.join(str(to_json(x, Field(f.name, f.kind))) for x in v)
    if f.kind == "money":
        return fen_to_decimal(v)
    if f.kind in ("count", "number", "flag"):
        return to_json(v, f)
    out = to_json(v, f)
    return json.dumps(out, ensure_ascii=False) if isinstance(out, list | dict) else out


def screen_cell(rec: Record, f: Field) -> str:
    """How a cell reads on screen: money as ¥1,234.50, a setting as Python prints it."""
    from dunner.cli import _render

    v = _get(rec, f)
    if f.kind == "value":
        return str(v)
    if v is None:
        return ""
    if f.word:  # a code in the run's language; JSON and CSV keep the code
        return _render.terms(v) if f.word == "terms" else _render.word(f.word, v)
    if f.kind == "money":
        return _render.money(v)
    if f.many:
        return LIST_SEPARATOR.join(str(x) for x in v)
    out = to_json(v, f)
    return "" if out is None else str(out)
