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
    return _converter(spec)(value)


Convert: TypeAlias = Callable[[Any], Json]
# A spec's converter is built once per run: a grade of the whole ledger converts every field
# of a hundred thousand invoices, and walking the spec again for each costs more than the values.
_CONVERTERS: dict[int, tuple[Field, Convert]] = {}


def _converter(spec: Field) -> Convert:
    hit = _CONVERTERS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    made = _build(spec)
    _CONVERTERS[id(spec)] = (spec, made)
    return made


def _build(spec: Field) -> Convert:
    convert = _scalar(spec)
    return lambda v: None if v is None else convert(v)


def _record(fields: Sequence[Field]) -> Callable[[Record], dict[str, Json]]:
    """A function that turns one record into its JSON object, written out field by field (as
    ``dataclasses`` writes an ``__init__``): no loop over the spec and no call for a value that
    is None, so a converter costs little more than the dict it builds."""
    env: dict[str, Any] = {}
    lines = ["def one(rec):", "    out = {}"]
    groups: dict[str, int] = {}
    for n, f in enumerate(fields):
        env[f"c{n}"], env[f"k{n}"], key = _scalar(f), f.name, f"k{n}"
        if f.group:
            if f.group not in groups:
                groups[f.group] = g = len(groups)
                env[f"group{g}"] = f.group
                lines += [f"    g{g} = rec[group{g}]",
                          f"    i{g} = out[group{g}] = None if g{g} is None else {{}}"]
            g = groups[f.group]
            lines += [f"    if g{g} is not None:", f"        v = g{g}[{key}]",
                      f"        i{g}[{key}] = None if v is None else c{n}(v)"]
        elif f.optional:
            lines += [f"    if {key} in rec:", f"        v = rec[{key}]",
                      f"        out[{key}] = None if v is None else c{n}(v)"]
        else:
            lines += [f"    v = rec[{key}]", f"    out[{key}] = None if v is None else c{n}(v)"]
    lines.append("    return out")
    exec("\n".join(lines), env)  # noqa: S102 - field names and keys are held in env
    return env["one"]  # type: ignore[no-any-return]


def _scalar(spec: Field) -> Convert:
    """The converter of a field's value that is not None."""
    if spec.fields:
        one = _record(spec.fields)
        return (lambda v: [one(r) for r in v]) if spec.many else one
    convert = JSON_OF[spec.kind]
    if spec.many:
        return lambda v: [None if x is None else convert(x) for x in v]
    if spec.keyed:
        return lambda v: {str(k): None if x is None else convert(x) for k, x in v.items()}
    return convert


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
