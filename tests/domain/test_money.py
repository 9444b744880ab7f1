"""Money as integer fen: cells and text to fen, and fen back to exact decimals and JSON strings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dunner.domain.money import AmountError, fen_str, fen_to_decimal, parse_decimal, to_fen


@pytest.mark.parametrize(("value", "fen"), [
    (0, 0),
    (1, 100),
    (3000, 300000),
    (-3000, -300000),
    (123456789, 12345678900),
])
def test_int_cells_are_whole_yuan(value: int, fen: int) -> None:
    assert to_fen(value) == fen


@pytest.mark.parametrize(("value", "fen"), [
    (1234.56, 123456),
    (0.1 + 0.2, 30),  # 0.30000000000000004 in binary: still thirty fen
    (0.01, 1),
    (0.05, 5),
    (19.99, 1999),
    (1.1 * 3, 330),  # 3.3000000000000003
    (-1234.56, -123456),
    (3000.0, 300000),
    (0.0, 0),
    (8800.5, 880050),
])
def test_float_cells_round_to_the_fen_they_were_typed_as(value: float, fen: int) -> None:
    assert to_fen(value) == fen


@pytest.mark.parametrize("value", [
    1 / 3,  # a formula result, not an amount typed to the fen
    2 / 3,
    0.005,
    1234.567,
    float("nan"),
    float("inf"),
    float("-inf"),
])
def test_float_cells_not_to_the_fen_are_rejected(value: float) -> None:
    with pytest.raises(AmountError):
        to_fen(value)


def test_huge_float_cell_fails_with_amount_error() -> None:
    # An amount cell holding 1E+30 (a wrong column, a typo) must be reported as a bad cell,
    # not escape as some other exception that the importer does not catch.
    try:
        fen = to_fen(1e30)
    except AmountError:
        return
    assert fen == int(Decimal(repr(1e30)) * 100)


@pytest.mark.parametrize(("value", "fen"), [
    (Decimal("1234.56"), 123456),
    (Decimal("12.3"), 1230),
    (Decimal("12.30"), 1230),
    (Decimal("0.010000"), 1),
    (Decimal("-3000"), -300000),
    (Decimal("1E+2"), 10000),
    (Decimal("0"), 0),
])
def test_decimals(value: Decimal, fen: int) -> None:
    assert to_fen(value) == fen


@pytest.mark.parametrize("value", [
    Decimal("1.005"),
    Decimal("0.001"),
    Decimal("NaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
])
def test_bad_decimals(value: Decimal) -> None:
    with pytest.raises(AmountError):
        to_fen(value)


@pytest.mark.parametrize(("text", "fen"), [
    ("¥12,345.60", 1234560),
    ("￥3000", 300000),  # full-width yen sign
    ("8,800.00元", 880000),
    ("１２３４.５０", 123450),  # full-width digits
    ("１２３４．５０", 123450),  # full-width digits and full stop
    ("８８００元", 880000),
    ("-3000", -300000),
    ("+3000", 300000),
    ("RMB 100", 10000),
    ("rmb100", 10000),
    ("100 RMB", 10000),
    ("CNY 1,000.00", 100000),
    ("  ¥ 1,234.5  ", 123450),
    ("1,234,567.89", 123456789),
    ("１,２３４", 123400),
    ("0.05", 5),
    (".5", 50),
    ("12.", 1200),
    ("0", 0),
])
def test_text(text: str, fen: int) -> None:
    assert to_fen(text) == fen


@pytest.mark.parametrize("text", [
    "12.345",  # more than two decimals
    "abc",
    "",
    "   ",
    "1,23,4",  # not groups of three
    "1,2345",
    ",123",
    "1.2.3",
    "12-3",
    "1e5",
    "nan",
    "inf",
    "Infinity",
    "¥",
    "元",
    "RMB",
    "--3000",
    "(3000)",
])
def test_bad_text(text: str) -> None:
    with pytest.raises(AmountError):
        to_fen(text)


@pytest.mark.parametrize("text", [
    "12元34",  # a currency mark between digits is no amount (¥1,234.00 would be a guess)
    "1¥234",
    "1,000¥,000",
])
def test_currency_mark_inside_the_number_is_rejected(text: str) -> None:
    with pytest.raises(AmountError):
        parse_decimal(text)


def test_text_too_long_to_hold_exactly_is_not_rounded() -> None:
    text = "1234567890123456789012345678.91"
    try:
        fen = to_fen(text)
    except AmountError:
        return
    assert fen == 123456789012345678901234567891


@pytest.mark.parametrize("value", [None, True, False, [], object(), b"100"])
def test_other_types_are_not_amounts(value: object) -> None:
    with pytest.raises(AmountError):
        to_fen(value)


@pytest.mark.parametrize(("text", "amount"), [
    ("¥12,345.60", Decimal("12345.60")),
    ("８８００元", Decimal("8800")),
    ("-3000", Decimal("-3000")),
    ("12.345", Decimal("12.345")),  # parsing keeps every digit; to_fen is what insists on fen
])
def test_parse_decimal(text: str, amount: Decimal) -> None:
    result = parse_decimal(text)
    assert isinstance(result, Decimal)
    assert result == amount


@pytest.mark.parametrize(("fen", "text"), [
    (123450, "1234.50"),
    (5, "0.05"),
    (-100, "-1.00"),
    (0, "0.00"),
    (1, "0.01"),
    (-5, "-0.05"),
    (100, "1.00"),
    (1234560, "12345.60"),
    (100000000000, "1000000000.00"),
])
def test_fen_str_has_two_decimals(fen: int, text: str) -> None:
    assert fen_str(fen) == text


@pytest.mark.parametrize(("fen", "amount"), [
    (123450, Decimal("1234.50")),
    (5, Decimal("0.05")),
    (-100, Decimal("-1.00")),
    (0, Decimal("0.00")),
])
def test_fen_to_decimal(fen: int, amount: Decimal) -> None:
    result = fen_to_decimal(fen)
    assert result == amount
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("fen", [0, 1, 5, 99, 100, 123450, -1, -123450, 10**12 + 7])
def test_round_trip_through_decimal_and_text(fen: int) -> None:
    assert to_fen(fen_to_decimal(fen)) == fen
    assert to_fen(fen_str(fen)) == fen
