"""Import: amounts written as text (as accounting software exports them) are read by a
shortcut that gives exactly what ``money.to_fen`` gives, a cell at a time or a column at once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.domain.money import MAX_FEN, to_fen
from dunner.services.importing import rows as rows_module
from dunner.services.importing.columns import EMPTY, Failed, fen_of_text, fens_of_texts
from tests.services.test_import_columns import cell_by_cell, shown

ODD_TEXTS = ["0", "0.0", "0.00", "-0.00", "-0", "007.50", "1234.5", "1234.50", "1234.", ".5",
             "+12.00", "12.345", "1,234.50", "¥12.00", "12元", " 12.00", "12.00 ", "１２.００",
             "١٢.٠٠", "99999999999.99", "100000000000.00", "100000000000.01", "9999999999999.99",
             "-100000000000.01", "12e3", "NaN", "--1", "1.2.3", "", " "]
# plain amount text: digits, an optional sign and up to three decimals
PLAIN_AMOUNT = st.builds(lambda sign, whole, point, cents: f"{sign}{whole}{point}{cents}",
                         st.sampled_from(["", "-", "+"]),
                         st.integers(0, 10**14).map(str), st.sampled_from(["", "."]),
                         st.text("0123456789", max_size=3))


@given(st.one_of(PLAIN_AMOUNT, st.sampled_from(ODD_TEXTS), st.text(max_size=12)))
@settings(max_examples=800)
def test_the_text_shortcut_agrees_with_to_fen(text: str) -> None:
    fast = fen_of_text(text)
    if fast is not None:
        assert fast == to_fen(text)
        assert type(fast) is int


@given(st.integers(-MAX_FEN, MAX_FEN))
def test_the_text_shortcut_takes_every_amount_an_export_writes(fen: int) -> None:
    sign, whole, cents = "-" if fen < 0 else "", abs(fen) // 100, abs(fen) % 100
    for text in (f"{sign}{whole}.{cents:02d}", f"{sign}{whole}.{cents:02d}".rstrip("0")):
        if text.endswith("."):
            text = text[:-1]
        assert fen_of_text(text) == fen == to_fen(text)


@given(st.lists(st.one_of(PLAIN_AMOUNT, st.sampled_from(ODD_TEXTS[:-2])), max_size=40))
@settings(max_examples=400)
def test_amount_texts_at_once_are_each_amount_text_alone(texts: list[str]) -> None:
    got = fens_of_texts(texts)
    assert got == [fen_of_text(t) for t in texts]
    assert all(type(v) is int for v in got if v is not None)


def test_a_column_of_export_amounts_reads_as_each_cell_alone() -> None:
    cells: list[object] = ["288.02", "11560.42", "-3000.00", "0.00", "100000000000.00"]
    assert rows_module._column(cells, rows_module._amount).values == [28802, 1156042, -300000, 0,
                                                                      10**13]
    too_large = [*cells, "100000000000.01"]
    got = rows_module._column(too_large, rows_module._amount)
    want = [cell_by_cell(raw, rows_module._amount) for raw in too_large]
    assert [shown(v) for v in got.values] == [shown(v) for v in want]
    assert isinstance(got.values[-1], Failed) and got.failures


@given(st.lists(st.one_of(PLAIN_AMOUNT, st.sampled_from(ODD_TEXTS)), max_size=30))
@settings(max_examples=300, deadline=None)
def test_a_column_of_amount_texts_reads_cell_by_cell(cells: list[str]) -> None:
    got, blanks, failures = rows_module._column(list(cells), rows_module._amount)
    want = [cell_by_cell(raw, rows_module._amount) for raw in cells]
    assert [shown(v) for v in got] == [shown(v) for v in want]
    assert blanks == any(v is EMPTY for v in want)
    assert failures == any(isinstance(v, Failed) for v in want)
