"""CSV text is handed to the csv module a line at a time, each line with its own break as
written (``\\n``, ``\\r\\n`` or a lone ``\\r``), however the file's blocks fall."""

from __future__ import annotations

import codecs
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.adapters.workbook import Limits, _lines, _read_csv

BLOCK = 1 << 16  # what ``_lines`` reads at a time


def lines_of(text: str, encoding: str = "utf-8") -> list[str]:
    decoder = codecs.getincrementaldecoder(encoding)()
    return list(_lines(io.BytesIO(text.encode(encoding)), decoder))


def whole(text: str) -> list[str]:
    """The lines of the whole text split at once, breaks kept as written."""
    return list(io.StringIO(text, newline=""))


PIECE = st.lists(st.sampled_from(["a", "客", ",", "\"", "\n", "\r", "\r\n", " "]), max_size=40).map("".join)


@given(st.lists(PIECE, max_size=8), st.integers(0, 40))
@settings(max_examples=300, deadline=None)
def test_lines_are_the_whole_texts_lines_wherever_a_block_ends(pieces: list[str], shift: int) -> None:
    # the pieces put around the first block's end, so a \r\n or a line may straddle it
    text = "x" * (BLOCK - shift) + "".join(pieces)
    got = lines_of(text)
    assert got == whole(text)
    assert "".join(got) == text


def test_a_crlf_split_by_the_blocks_end_is_one_break() -> None:
    text = "a" * (BLOCK - 1) + "\r\nb,c\rd\n"
    assert lines_of(text) == ["a" * (BLOCK - 1) + "\r\n", "b,c\r", "d\n"]


def test_a_gb18030_character_split_by_the_blocks_end_reads_whole() -> None:
    row = "客户甲,XS-1,2026-03-05,100.00\r\n"
    text = "客户名称,单据编号,发货日期,价税合计\r\n" + row * 3000
    assert lines_of(text, "gb18030") == whole(text)


def test_old_mac_line_breaks_make_rows() -> None:
    data = "客户名称,金额\r恒通,1.00\r\"多\r行\",2.00\r".encode()
    sheet = _read_csv(io.BytesIO(data), "book", Limits())
    assert sheet.rows == [["客户名称", "金额"], ["恒通", "1.00"], ["多\r行", "2.00"]]
