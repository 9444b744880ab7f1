"""What a command's result holds: each field's name, kind and column header, and from that one
description its JSON, its CSV cells and its cells on screen (money, dates and counts alike)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any, Literal, TypeAlias, cast

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

    A ``tuples`` list of records (see ``rows``) holds each record as the tuple of its fields'
    values, in the fields' order.
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
    tuples: bool = False


def rows(name: str, *fields: Field, optional: bool = False, tuples: bool = False) -> Field:
    """A list of records (a table when its fields have headers).

    ``tuples``: each record is the tuple of its fields' values in their order rather than a
    mapping, so a list of a hundred thousand records is made without a dict for each. Only the
    last field may be optional (a record one value short leaves it out), none is in a group,
    and the list is written as JSON only: it is no table of CSV cells."""
    if tuples and any(f.group or f.header or (f.optional and f is not fields[-1]) for f in fields):
        raise ValueError(f"{name}: records as tuples have no groups, columns or optional fields "
                         "but the last")
    return Field(name, fields=fields, many=True, optional=optional, tuples=tuples)


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


def _by_name(names: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    """A record of ``tuples`` rows as the mapping it stands for (one value short: no last field)."""
    return dict(zip(names, values, strict=False))


def _scalar(spec: Field) -> Convert:
    """The converter of a field's value that is not None."""
    if spec.fields:
        one = _record(spec.fields)
        if spec.tuples:
            names = [f.name for f in spec.fields]
            return lambda v: [one(_by_name(names, r)) for r in v]
        return (lambda v: [one(r) for r in v]) if spec.many else one
    convert = JSON_OF[spec.kind]
    if spec.many:
        return lambda v: [None if x is None else convert(x) for x in v]
    if spec.keyed:
        return lambda v: {str(k): None if x is None else convert(x) for k, x in v.items()}
    return convert


def json_text(value: Any, spec: Field) -> str:
    """``value`` as compact JSON text: byte for byte ``json.dumps(to_json(value, spec),
    ensure_ascii=False)``, written straight from the record by converters built once per spec,
    with no JSON objects in between (a grade of the whole ledger writes 24 MB of JSON)."""
    return _text_converter(spec)(value)


Text: TypeAlias = Callable[[Any], str]
_TEXTS: dict[int, tuple[Field, Text]] = {}
_dumps = functools.partial(json.dumps, ensure_ascii=False)
_quote: Callable[[str], str] = json.encoder.encode_basestring  # what json.dumps quotes with


def _text_converter(spec: Field) -> Text:
    hit = _TEXTS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    convert = _text_scalar(spec)
    made: Text = lambda v: "null" if v is None else convert(v)  # noqa: E731
    _TEXTS[id(spec)] = (spec, made)
    return made


def _number_text(v: Any) -> str:
    """A number as ``json`` writes a float: its repr, or NaN and Infinity as JavaScript has them."""
    f = float(v)
    if f - f == 0.0:  # finite
        return float.__repr__(f)
    return "NaN" if f != f else "Infinity" if f > 0 else "-Infinity"


class _Numbers(dict[Any, str]):
    """``_number_text`` of each number met, kept: a result repeats a few distinct numbers (a
    probability to two decimals) on a hundred thousand rows, and converting a decimal to a float
    costs more than a lookup. Equal numbers read the same (as equal floats), but for zero's
    sign and NaN, which are not kept."""

    def __missing__(self, number: Any) -> str:
        text = _number_text(number)
        if number and number == number:
            self[number] = text
        return text


class _Days(dict[date, str]):
    """Each day as its quoted JSON text, worked out once: a ledger has a few thousand distinct
    days and a whole-ledger result writes hundreds of thousands."""

    def __missing__(self, day: date) -> str:
        text = self[day] = _quote(JSON_OF["date"](day))  # type: ignore[arg-type]
        return text


_NUMBERS = _Numbers()
_DAYS = _Days()


def _kind_text(kind: Kind) -> Text:
    """The text converter of one value of ``kind`` (not None): ``JSON_OF``'s value as JSON."""
    convert = cast(Callable[[Any], str], JSON_OF[kind])  # a string for the kinds it is used for
    if kind == "count":
        return lambda v: int.__repr__(int(v))
    if kind == "number":
        return _NUMBERS.__getitem__
    if kind == "date":
        return _DAYS.__getitem__
    if kind == "flag":
        return lambda v: "true" if v else "false"
    if kind == "value":
        return lambda v: _dumps(_value(v))
    return lambda v: _quote(convert(v))  # text, money, dates, times and ratios are strings


def _array(items: list[str]) -> str:
    """``[a, b, …]`` of the items' JSON texts, the whole text made once: a whole-ledger result is
    tens of megabytes, and a bracket added with ``+`` would copy all of it again, twice."""
    if not items:
        return "[]"
    items[0] = "[" + items[0]
    items[-1] += "]"
    return ", ".join(items)


def _text_scalar(spec: Field) -> Text:
    """The text converter of a field's value that is not None."""
    if spec.fields:
        one = _record_text(spec.fields, spec.tuples)
        return (lambda v: _array([one(r) for r in v])) if spec.many else one
    convert = _kind_text(spec.kind)
    if spec.many:
        return lambda v: _array(["null" if x is None else convert(x) for x in v])
    if spec.keyed:  # keys made text first: two keys with the same text are one, as in a dict
        return lambda v: "{" + ", ".join([_quote(k) + ": " + ("null" if x is None else convert(x))
                                          for k, x in {str(k): x for k, x in v.items()}.items()]) + "}"
    return convert


# The commonest kinds written in the record's own code rather than through a call of their
# converter (``_kind_text``'s same expressions): a whole-ledger result has millions of them.
_INLINE: dict[Kind, str] = {"text": "_quote(_str({v}))", "money": "_quote(_fen({v}))",
                            "date": "_days[{v}]", "count": "_int(_whole({v}))",
                            "number": "_numbers[{v}]", "flag": "(_true if {v} else _false)"}
_TEXT_ENV: dict[str, Any] = {"_null": "null", "_true": "true", "_false": "false", "_quote": _quote,
                             "_str": str, "_fen": fen_str, "_days": _DAYS, "_numbers": _NUMBERS,
                             "_int": int.__repr__, "_whole": int}


def _record_text(fields: Sequence[Field], tuples: bool = False) -> Callable[[Any], str]:
    """A function that writes one record as its JSON object, field by field as ``_record``
    builds the object: a group's object where its first field is, an optional field only when
    the record holds it. The object is one f-string whose keys are written into its code. A
    spec whose keys clash (the object would keep one of them) is written through that object.
    ``tuples``: the record is the tuple of the fields' values (``rows``), read by position."""
    slots = [f.group or f.name for n, f in enumerate(fields)
             if not f.group or f.group not in [g.group for g in fields[:n]]]
    inner = [[f.name for f in fields if f.group == g] for g in {f.group for f in fields if f.group}]
    if any(len(set(names)) != len(names) for names in (slots, *inner)):
        whole = _record(fields)
        if tuples:
            names = [f.name for f in fields]
            return lambda rec: _dumps(whole(_by_name(names, rec)))
        return lambda rec: _dumps(whole(rec))
    env: dict[str, Any] = dict(_TEXT_ENV)
    lines = ["def one(rec):"]
    pieces: list[tuple[bool, str]] = []  # (optional, template) of each key of the object
    groups: dict[str, int] = {}
    for n, f in enumerate(fields):
        env[f"c{n}"], env[f"k{n}"] = _text_scalar(f), f.name
        if not f.group:
            key = _braces(_quote(f.name)) + ": "
            if tuples:  # the value by position; a tuple one short leaves the last field out
                held, read = f"len(rec) > {n}", f"rec[{n}]"
            else:
                held, read = f"k{n} in rec", f"rec[k{n}]"
            if f.optional:
                lines += [f"    if {held}:", f"        v{n} = {read}",
                          f"        t{n} = f{_template(', ' + key + _value_slot(f, n))}",
                          "    else:", f"        t{n} = ''"]
                pieces.append((True, f"{{t{n}}}"))
            else:
                lines.append(f"    v{n} = {read}")
                pieces.append((False, key + _value_slot(f, n)))
            continue
        if f.group in groups:
            continue
        groups[f.group] = g = len(groups)
        env[f"group{g}"] = f.group
        members = [(m, f_n) for f_n, m in enumerate(fields) if m.group == f.group]
        obj = ", ".join(_braces(_quote(m.name)) + ": " + _value_slot(m, m_n) for m, m_n in members)
        lines += [f"    g{g} = rec[group{g}]", f"    if g{g} is None:", f"        o{g} = _null",
                  "    else:", *(f"        v{m_n} = g{g}[k{m_n}]" for _, m_n in members),
                  f"        o{g} = f{_template('{{' + obj + '}}')}"]
        pieces.append((False, _braces(_quote(f.group)) + f": {{o{g}}}"))
    if pieces and not pieces[0][0]:  # the first key is always there: no comma before it
        body = pieces[0][1] + "".join(t if optional else ", " + t for optional, t in pieces[1:])
        lines.append(f"    return f{_template('{{' + body + '}}')}")
    else:
        body = "".join(t if optional else ", " + t for optional, t in pieces)
        lines.append(f"    return '{{' + f{_template(body)}[2:] + '}}'")
    exec("\n".join(lines), env)  # noqa: S102 - field names and keys are held in env
    return env["one"]  # type: ignore[no-any-return]


def _braces(text: str) -> str:
    """Literal text for an f-string's template."""
    return text.replace("{", "{{").replace("}", "}}")


def _template(text: str) -> str:
    """An f-string's template as Python source (its expressions hold no quotes or backslashes)."""
    return repr(text)


def _value_slot(f: Field, n: int) -> str:
    """The f-string expression writing the value ``v<n>`` of field ``f``: null, or its JSON."""
    inline = None if f.fields or f.many or f.keyed else _INLINE.get(f.kind)
    text = inline.format(v=f"v{n}") if inline else f"c{n}(v{n})"
    return f"{{_null if v{n} is None else {text}}}"


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
