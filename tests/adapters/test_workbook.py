"""Reading untrusted workbooks: sheets and rows as calamine gives them, CSV decoding, zip checks."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from dunner.adapters.workbook import MAX_ZIP_ENTRIES, Limits, read_workbook
from dunner.errors import DunnerError


def _book(path: Path) -> Path:
    book = Workbook()
    first = book.active
    first.title = "应收明细"
    first.append(["应收账款明细表"])
    first.append(["客户名称", "金额", "日期"])
    first.append(["杭州恒通", 12345.6, date(2026, 3, 5)])
    second = book.create_sheet("回款")
    second.append(["客户名称", "回款日期"])
    book.save(path)
    return path


def test_every_sheet_with_row_0_as_excel_row_1(tmp_path: Path) -> None:
    sheets = read_workbook(_book(tmp_path / "a.xlsx"), Limits())
    assert [s.name for s in sheets] == ["应收明细", "回款"]
    assert sheets[0].rows[0][0] == "应收账款明细表"
    assert sheets[0].rows[2] == ["杭州恒通", 12345.6, date(2026, 3, 5)]
    assert sheets[1].rows == [["客户名称", "回款日期"]]


def test_only_the_named_sheet(tmp_path: Path) -> None:
    sheets = read_workbook(_book(tmp_path / "a.xlsx"), Limits(), only="回款")
    assert [s.name for s in sheets] == ["回款"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_is_decoded_and_the_bom_dropped(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "应收.csv"
    path.write_bytes("客户名称,金额\r\n杭州恒通,\"12,345.60\"\r\n".encode(encoding))
    [sheet] = read_workbook(path, Limits())
    assert sheet.name == "应收"
    assert sheet.rows == [["客户名称", "金额"], ["杭州恒通", "12,345.60"]]


def test_zip_with_too_many_entries_is_a_bomb(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(MAX_ZIP_ENTRIES + 1):
            zf.writestr(f"x/{i}", b"")
    with pytest.raises(DunnerError) as caught:
        read_workbook(path, Limits())
    assert caught.value.code == "file_bomb"


def test_limits_are_checked_per_sheet(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx")
    with pytest.raises(DunnerError) as caught:
        read_workbook(path, Limits(max_rows=2))
    assert caught.value.code == "file_too_many"
    assert "应收明细" in caught.value.message
    assert [s.name for s in read_workbook(path, Limits(max_rows=2), only="回款")] == ["回款"]
