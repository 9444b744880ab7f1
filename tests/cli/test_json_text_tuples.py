"""Records given as tuples (``rows(..., tuples=True)``): their JSON text is byte for byte
``json.dumps`` of the JSON objects ``to_json`` makes of them, and ``grade``'s invoices are such
records, written the same either way."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.cli._fields import Field, Kind, json_text, record, rows, to_json
from dunner.cli.grade import GRADE, as_record
from dunner.domain.assessment import Assessment, CustomerFile, assess
from dunner.domain.forecast import Prediction, predict
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from tests.cli.test_json_text import NAMES, SCALARS
from tests.conftest import TODAY
from tests.policies import policy

INVOICES = next(f for f in GRADE.fields if f.name == "invoices")
MISMATCH = (KeyError, TypeError, ValueError, AttributeError, ArithmeticError)


def dumped(value: Any, spec: Field) -> str:
    return json.dumps(to_json(value, spec), ensure_ascii=False)


@st.composite
def tuple_rows(draw: st.DrawFn) -> tuple[Field, list[tuple[Any, ...]]]:
    """A ``tuples`` table of scalar fields (names may repeat), its last field maybe optional,
    and records of it, each value maybe None, the optional one maybe left off."""
    kinds = draw(st.lists(st.sampled_from(get_args(Kind)), min_size=1, max_size=6))
    names = draw(st.lists(NAMES, min_size=len(kinds), max_size=len(kinds)))
    last_optional = draw(st.booleans())
    fields = [Field(n, k, optional=last_optional and i == len(kinds) - 1)
              for i, (n, k) in enumerate(zip(names, kinds, strict=True))]
    records = []
    for _ in range(draw(st.integers(0, 3))):
        values = tuple(draw(st.one_of(st.none(), SCALARS[f.kind])) for f in fields)
        if last_optional and draw(st.booleans()):
            values = values[:-1]
        records.append(values)
    return rows("t", *fields, tuples=True), records


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tuple_rows())
def test_tuple_records_as_text_are_json_dumps_of_their_objects(
        case: tuple[Field, list[tuple[Any, ...]]]) -> None:
    spec, records = case
    inside = record("", Field("n"), spec)  # as a nested table, as grade holds its invoices
    for value, whole in ((records, spec), ({"n": "甲", "t": records}, inside)):
        try:
            expected = dumped(value, whole)
        except MISMATCH:  # one name, two kinds: a value of the one written as the other
            with pytest.raises(MISMATCH):
                json_text(value, whole)
            continue
        assert json_text(value, whole) == expected


def test_a_tuple_is_read_by_position_and_a_short_one_lacks_the_optional_field() -> None:
    spec = rows("t", Field("a"), Field("b", "money"), Field("c", "flag", optional=True),
                tuples=True)
    value = [("x", -5), ("y", None, True), (None, 150, False)]
    assert to_json(value, spec) == [{"a": "x", "b": "-0.05"}, {"a": "y", "b": None, "c": True},
                                    {"a": None, "b": "1.50", "c": False}]
    assert json_text(value, spec) == dumped(value, spec)


@pytest.mark.parametrize("fields", [
    (Field("a", optional=True), Field("b")),
    (Field("a", group="g"), Field("b")),
    (Field("a", header="col.customer"), Field("b")),
])
def test_tuples_refuse_what_a_position_cannot_say(fields: tuple[Field, ...]) -> None:
    with pytest.raises(ValueError, match="tuples"):
        rows("t", *fields, tuples=True)


def assessed_and_predicted() -> tuple[list[Assessment], dict[int, Prediction]]:
    """Two customers' assessments with an approximate invoice, a credit note (a negative open
    amount, given no prediction) and invoices predicted with and without a date; the second
    customer's invoices have no predictions."""
    f = CustomerFile(1, '客户"甲"', "张三", Terms("net", 30), invoices=(
        InvoiceFact(1, "XS-1", date(2026, 10, 1), 123_456),
        InvoiceFact(2, "XS-2", date(2024, 1, 5), 99_999, approximate=True),
        InvoiceFact(3, "HC-1", date(2026, 11, 1), -20_000),
        InvoiceFact(4, "XS-3", date(2022, 1, 5), 5_001)))
    rules = policy()
    other = replace(f, id=2, name="乙", invoices=tuple(i._replace(key=i.key + 10)
                                                      for i in f.invoices))
    assessed = [assess(f, rules, TODAY), assess(other, rules, TODAY)]
    return assessed, {p.key: p for p in predict(assessed[:1], rules, TODAY)}


def test_grade_records_written_directly_are_json_dumps_of_their_objects() -> None:
    assessed, predicted = assessed_and_predicted()
    records = [as_record(a, None, predicted) for a in assessed]
    assert json_text(records, GRADE) == dumped(records, GRADE)
    first, second = to_json(records, GRADE)
    invoices = {i["number"]: i for i in first["invoices"]}
    assert invoices["XS-2"]["approximate"] is True and first["approximate"] is True
    assert [n for n, i in invoices.items() if "approximate" in i] == ["XS-2"]
    assert invoices["HC-1"]["open"] == "-200.00"
    assert invoices["HC-1"]["predicted_pay_date"] is None
    assert invoices["HC-1"]["probability"] is None
    assert invoices["XS-1"]["predicted_pay_date"] is not None
    assert isinstance(invoices["XS-3"]["probability"], float)
    assert all(i["probability"] is None for i in second["invoices"])  # nothing predicted for 乙
    assert list(invoices["XS-1"]) == [f.name for f in INVOICES.fields if not f.optional]
    assert Decimal(first["open"]) == sum(Decimal(i["open"]) for i in first["invoices"])


def test_grade_invoices_of_one_class_are_those_of_the_whole_record() -> None:
    assessed, predicted = assessed_and_predicted()
    (whole,) = to_json([as_record(assessed[0], None, predicted)], GRADE)
    classes = {i["class"] for i in whole["invoices"]}
    assert len(classes) > 1
    for cls in classes:
        one = [as_record(assessed[0], cls, predicted)]
        assert json_text(one, GRADE) == dumped(one, GRADE)
        (shown,) = to_json(one, GRADE)
        assert shown["invoices"] == [i for i in whole["invoices"] if i["class"] == cls]
