"""A NUL in a cell's text is dropped from names and identifiers (PostgreSQL refuses it in text)."""

from __future__ import annotations

from dunner.domain.text import identifier, name_key, normalize_name


def test_a_nul_is_dropped_from_a_name_and_its_key() -> None:
    assert normalize_name("恒通\x00五金 ") == "恒通五金"
    assert name_key("ABC\x00") == name_key("abc")


def test_a_nul_is_dropped_from_an_identifier() -> None:
    assert identifier("A-\x001") == "A-1"
