"""An amount's JSON text is its exact decimal with two places, whatever its size or sign."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dunner.domain.money import fen_str, fen_to_decimal, to_fen


@given(st.one_of(st.integers(-(10**20), 10**20), st.integers(-1_000, 1_000)))
def test_fen_str_is_the_exact_decimal_with_two_places(fen: int) -> None:
    text = fen_str(fen)
    assert text == str(fen_to_decimal(fen))
    assert text.rsplit(".", 1)[1].isdigit() and len(text.rsplit(".", 1)[1]) == 2


@given(st.integers(-(10**13), 10**13))
def test_fen_str_reads_back_as_the_same_amount(fen: int) -> None:
    assert to_fen(fen_str(fen)) == fen
