"""Merged cells: every cell of a merged range reads as its top-left value, as on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from dunner.adapters.workbook import Limits, fill_merged, read_workbook


def test_customer_merged_down_names_every_row(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "应收明细"
    sheet.append(["应收账款明细表"])
    sheet.merge_cells("A1:C1")  # a title across the table
    sheet.append(["客户名称", "单号", "金额"])
    for number in ("HT-1", "HT-2", "HT-3"):
        sheet.append(["杭州恒通", number, 100])
    sheet.merge_cells("A3:A5")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    [read] = read_workbook(path, Limits())
    assert read.rows == [
        ["应收账款明细表"] * 3,
        ["客户名称", "单号", "金额"],
        ["杭州恒通", "HT-1", 100],
        ["杭州恒通", "HT-2", 100],
        ["杭州恒通", "HT-3", 100],
    ]


def test_merges_written_by_xlsxwriter(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "merged.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("应收明细")
    sheet.write_row(0, 0, ["客户名称", "单号", "金额"])
    sheet.merge_range(1, 0, 2, 0, "广州鑫达")
    sheet.write_row(1, 1, ["XD-1", 5])
    sheet.write_row(2, 1, ["XD-2", 6])
    book.close()
    [read] = read_workbook(path, Limits())
    assert [row[0] for row in read.rows] == ["客户名称", "广州鑫达", "广州鑫达"]


@pytest.mark.parametrize(("ranges", "expected"), [
    ([], [["a", ""], ["", ""]]),
    ([((0, 0), (1, 1))], [["a", "a"], ["a", "a"]]),
    ([((0, 0), (5, 9))], [["a", "a"], ["a", "a"]]),  # clipped to the cells read
    ([((1, 0), (1, 1))], [["a", ""], ["", ""]]),  # an empty top-left cell fills nothing
    ([((7, 7), (8, 8))], [["a", ""], ["", ""]]),  # wholly outside
])
def test_fill_merged(ranges, expected) -> None:
    rows: list[list[object]] = [["a", ""], ["", ""]]
    fill_merged(rows, ranges)
    assert rows == expected


def test_overlapping_merges_fill_no_more_than_the_sheet() -> None:
    rows: list[list[object]] = [["a", "b"], ["", ""]]
    fill_merged(rows, [((0, 0), (1, 1))] * 1000 + [((0, 1), (1, 1))])
    assert rows == [["a", "a"], ["a", "a"]]  # the first range filled; the rest are over budget
