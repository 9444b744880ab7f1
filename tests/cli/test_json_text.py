"""A result's JSON written straight as text is, byte for byte, ``json.dumps`` of its JSON objects."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.cli._fields import Field, Kind, json_text, record, rows, to_json
from dunner.cli.grade import GRADE
from dunner.cli.plan import PLAN
from dunner.cli.status import STATUS


class Colour(StrEnum):
    RED = "red"


def dumped(value: Any, spec: Field) -> str:
    return json.dumps(to_json(value, spec), ensure_ascii=False)


# Text a JSON string must escape: quotes, backslashes, controls, non-ASCII, lone surrogates.
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
SCALARS: dict[Kind, st.SearchStrategy[Any]] = {
    "text": st.one_of(TEXT, st.just(Colour.RED), st.integers(-5, 5)),
    "money": st.integers(-(10**15), 10**15),
    "date": st.dates(),
    "time": st.times(),
    "stamp": st.datetimes(),
    "count": st.one_of(st.integers(-(10**20), 10**20), st.booleans()),
    "number": st.one_of(st.floats(), st.decimals(allow_nan=False, places=4), st.integers(-99, 99)),
    "ratio": st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=3),
                       st.floats(allow_nan=False, allow_infinity=False)),
    "flag": st.one_of(st.booleans(), st.integers(0, 2)),
    "value": st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT,
                                    st.dates(), st.decimals(allow_nan=False, places=2)),
                          lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                  st.dictionaries(TEXT, inner, max_size=3)),
                          max_leaves=6),
}
NAMES = st.sampled_from(["a", "b", "c", "名称", 'q"uote', "br{ace}", "back\\slash", "it's"])


def scalar_fields() -> st.SearchStrategy[Field]:
    return st.builds(
        lambda name, kind, shape, optional, group: Field(
            name, kind, many=shape == "many", keyed=shape == "keyed", optional=optional,
            group=group),
        NAMES, st.sampled_from(get_args(Kind)), st.sampled_from(["one", "many", "keyed"]),
        st.booleans(), st.sampled_from(["", "", "", "grp", "b"]))


def fields(depth: int = 2) -> st.SearchStrategy[Field]:
    if depth == 0:
        return scalar_fields()
    nested = st.builds(lambda name, many, inner, optional: Field(name, fields=tuple(inner),
                                                                 many=many, optional=optional),
                       NAMES, st.booleans(), st.lists(fields(depth - 1), max_size=4), st.booleans())
    return st.one_of(scalar_fields(), nested)


@st.composite
def value_of(draw: st.DrawFn, spec: Field, top: bool = True) -> Any:
    """A value ``spec`` describes, None in any place it may be."""
    if not top and draw(st.integers(0, 9)) == 0:
        return None
    if spec.fields:
        if spec.many:
            return [draw(record_of(spec.fields)) for _ in range(draw(st.integers(0, 3)))]
        return draw(record_of(spec.fields))
    one = st.one_of(st.none(), SCALARS[spec.kind])
    if spec.many:
        return draw(st.lists(one, max_size=3))
    if spec.keyed:  # keys of other types too: 1 and "1" are one key in JSON
        return draw(st.dictionaries(st.one_of(NAMES, st.integers(0, 2), st.sampled_from(["1"])),
                                    one, max_size=4))
    return draw(SCALARS[spec.kind])


@st.composite
def record_of(draw: st.DrawFn, specs: tuple[Field, ...]) -> Mapping[str, Any]:
    rec: dict[str, Any] = {}
    groups: dict[str, dict[str, Any] | None] = {}
    for f in specs:
        if f.group:
            if f.group not in groups:
                groups[f.group] = None if draw(st.integers(0, 4)) == 0 else {}
            inner = groups[f.group]
            if inner is not None:
                inner[f.name] = draw(value_of(f, top=False))
        elif not f.optional or draw(st.booleans()):
            rec[f.name] = draw(value_of(f, top=False))
    for name, inner in groups.items():
        rec.setdefault(name, inner)
        if not isinstance(rec[name], dict) and rec[name] is not None:
            rec[name] = inner  # a field and a group of one name: the record holds the group
    return rec


@st.composite
def spec_and_value(draw: st.DrawFn) -> tuple[Field, Any]:
    spec = record("", *draw(st.lists(fields(), max_size=6)))
    many = draw(st.booleans())
    spec = rows("", *spec.fields) if many else spec
    return spec, draw(value_of(spec))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_and_value())
def test_text_is_json_dumps_of_the_objects(case: tuple[Field, Any]) -> None:
    spec, value = case
    try:
        expected = dumped(value, spec)
    except (KeyError, TypeError, ValueError, AttributeError):  # two fields of one name disagree
        with pytest.raises((KeyError, TypeError, ValueError, AttributeError)):
            json_text(value, spec)
        return
    assert json_text(value, spec) == expected


def test_none_is_null_and_empty_containers_stay_empty() -> None:
    spec = record("", Field("a"), rows("b", Field("c")), Field("d", "count", many=True),
                  Field("e", "money", keyed=True), Field("f", optional=True))
    assert json_text(None, spec) == "null"
    value = {"a": None, "b": [], "d": [], "e": {}}
    assert json_text(value, spec) == dumped(value, spec) == (
        '{"a": null, "b": [], "d": [], "e": {}}')


def test_optional_first_field_and_groups() -> None:
    spec = record("", Field("x", "flag", optional=True), Field("n", group="g"),
                  Field("y", "money"), Field("m", "date", group="g"))
    for value in ({"y": 150, "g": {"n": "张三", "m": date(2026, 1, 2)}},
                  {"x": True, "y": -5, "g": None}):
        assert json_text(value, spec) == dumped(value, spec)
    assert json_text({"y": 150, "g": None}, spec) == '{"g": null, "y": "1.50"}'


def test_floats_as_json_writes_them() -> None:
    spec = Field("v", "number", many=True)
    value = [0.1, float("nan"), float("inf"), -float("inf"), Decimal("0.35"), 7, -0.0, 1e300]
    assert json_text(value, spec) == dumped(value, spec)
    assert json_text(value, spec) == "[0.1, NaN, Infinity, -Infinity, 0.35, 7.0, -0.0, 1e+300]"


def test_times_stamps_and_settings() -> None:
    spec = record("", Field("t", "time"), Field("s", "stamp"), Field("v", "value"),
                  Field("r", "ratio"))
    value = {"t": time(9, 5), "s": datetime(2026, 11, 23, 8, 30), "r": Decimal("0.456"),
             "v": {"days": (1, 2), "since": date(2026, 1, 1), "rate": Decimal("0.5"), "名": None}}
    assert json_text(value, spec) == dumped(value, spec)


def test_the_commands_specs() -> None:
    """The three largest results: the converters of their own specs agree on a sample."""
    grade = [{"customer": '客户"甲"', "owner": "张三", "score": 55, "grade": "C",
              "approach": "soft", "open": 123456, "overdue": 0, "expected_recovery": 99,
              "credit": 0, "limitation_expires": date(2029, 1, 31),
              "factors": [{"name": "on_time", "points": Decimal("12.5"), "weight": 20,
                           "detail": "3/4"}],
              "signals": ["payment_pattern_change"], "keep_rate": Decimal("0.5"),
              "promises": [], "approximate": True,
              "invoices": [("XS-1", date(2026, 1, 1), None, 100, 50, 3, "collecting", 45, None,
                            None, None)]}]
    assert json_text(grade, GRADE) == dumped(grade, GRADE)
    action = {"id": "a1", "date": date(2026, 11, 23), "time": time(9, 0), "customer": "甲",
              "owner": "", "channel": "call", "purpose": "remind", "invoices": ["1", "2"],
              "amount": 5, "priority": 80, "reason": "r", "message": "m\n", "contact": None}
    plan = {"from": date(2026, 11, 23), "to": date(2026, 11, 29), "warnings": ["w"],
            "actions": [action, {**action, "contact": {"name": "王", "role": "finance",
                                                       "phone": "1", "wechat": ""},
                                 "factors": [{"name": "x", "points": 1.5, "detail": ""}]}],
            "deferred": []}
    assert json_text(plan, PLAN) == dumped(plan, PLAN)
    status = {"today": date(2026, 11, 23), "open": 1, "overdue": 0, "expected_recovery": 1,
              "credit": 0, "by_class": {"current": 1, "dead": 0}, "grades": {"A": 1},
              "top_overdue": [], "promises_due_today": [], "promises_broken_yesterday": [],
              "promises_broken": [], "limitation_alerts": [], "new_signals": [],
              "bills": {"outstanding": 0, "commercial": 0, "count": 0, "maturing": []},
              "waiting_on_fapiao": [], "instalment_plans": []}
    assert json_text(status, STATUS) == dumped(status, STATUS)
