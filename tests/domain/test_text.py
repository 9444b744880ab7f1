"""Text normalisation: customer names and their keys, identifiers from numeric cells, masked phones."""

from __future__ import annotations

import pytest

from dunner.domain.text import identifier, mask_phone, name_key, normalize_name


@pytest.mark.parametrize(("raw", "expected"), [
    ("ABC贸易有限公司", "ABC贸易有限公司"),
    ("ＡＢＣ贸易（深圳）有限公司", "ABC贸易(深圳)有限公司"),  # full-width letters and brackets
    ("  ABC贸易  ", "ABC贸易"),  # trimmed
    ("ABC   贸易", "ABC 贸易"),  # internal run folded
    ("ABC\t\n 贸易", "ABC 贸易"),
    ("ABC\u3000贸易", "ABC 贸易"),  # ideographic space
    ("\u3000\u3000ABC贸易\u3000", "ABC贸易"),
    ("ABC\u3000\u3000 贸易", "ABC 贸易"),
    ("ABC\u00a0贸易", "ABC 贸易"),  # no-break space
    ("１２３号店", "123号店"),
    ("Ａｂｃ", "Abc"),  # case is kept: only the key folds it
    ("", ""),
    ("   ", ""),
])
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize("name", ["ＡＢＣ贸易（深圳）有限公司", "  ABC  贸易 ", "ABC\u3000贸易"])
def test_normalize_name_is_idempotent(name: str) -> None:
    once = normalize_name(name)
    assert normalize_name(once) == once


@pytest.mark.parametrize(("a", "b"), [
    ("ＡＢＣ贸易（深圳）有限公司", "ABC贸易(深圳)有限公司"),
    ("abc贸易(深圳)有限公司", "ABC贸易(深圳)有限公司"),
    ("  ABC贸易(深圳)有限公司 ", "ABC贸易(深圳)有限公司"),
    ("ABC  Trading", "abc trading"),
    ("ABC\u3000Trading", "ABC Trading"),
    ("ＡＢＣ　Ｔｒａｄｉｎｇ", "abc trading"),
])
def test_name_key_equal_for_spellings_of_one_customer(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("ABC贸易(深圳)有限公司", "ABC贸易(广州)有限公司"),
    ("ABC Trading", "ABCTrading"),  # a space is folded, not removed
    ("ABC贸易", "ABD贸易"),
])
def test_name_key_differs_for_different_names(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(("value", "expected"), [
    (13800001234.0, "13800001234"),
    (20231118001.0, "20231118001"),
    (13800001234, "13800001234"),
    (1.0, "1"),
    (0.0, "0"),
    (12.5, "12.5"),
    ("A-001", "A-001"),
    ("  A-001 ", "A-001"),
    ("ＩＮＶ００１", "INV001"),
    ("13800001234", "13800001234"),
    ("", ""),
    (None, ""),
])
def test_identifier(value: object, expected: str) -> None:
    assert identifier(value) == expected


@pytest.mark.parametrize("value", [13800001234.0, 20231118001.0, 1.38e10])
def test_identifier_never_shows_a_float_form(value: float) -> None:
    result = identifier(value)
    assert result.isdigit()
    assert "." not in result and "e" not in result.lower()


@pytest.mark.parametrize(("phone", "masked"), [
    ("13800001234", "138****1234"),
    (" 13800001234 ", "138****1234"),
    ("15912345678", "159****5678"),
    ("075512345678", "075****5678"),
    ("123456", "******"),
    ("123", "***"),
    ("", ""),
])
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize("phone", ["13800001234", "075512345678", "87654321", "7654321", "123456", "12"])
def test_masked_phone_hides_some_digits(phone: str) -> None:
    digits = sum(ch.isdigit() for ch in phone)
    shown = sum(ch.isdigit() for ch in mask_phone(phone))
    assert shown < digits
    assert "*" in mask_phone(phone)
