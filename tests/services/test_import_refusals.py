"""Import: files refused with one clear error — not a workbook, encrypted, zip bombs, limits, sheets."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from dunner.adapters.workbook import OLE_MAGIC
from dunner.errors import DunnerError, InputRejected
from tests.services.readback import config_with, dump_ledger, invoices
from tests.services.workbooks import INVOICE_HEADERS, SheetSpec, invoice_book, write_book, write_csv

HT = "杭州恒通五金有限公司"
ROWS = [(HT, f"HT-{i:03}", date(2026, 9, 1), None, 100 + i, None, "张三") for i in range(5)]


def _refused(run, path: Path, **kwargs) -> DunnerError:
    with pytest.raises(DunnerError) as caught:
        run(path, **kwargs)
    assert not isinstance(caught.value, InputRejected)
    assert caught.value.exit_code == 1
    assert caught.value.hint
    return caught.value


def _nothing_written(ledger) -> None:
    assert all(rows == [] for rows in dump_ledger(ledger).values())


def test_text_file_renamed_xlsx(tmp_path: Path, ledger, run) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_text("客户名称,金额\n杭州恒通,100\n", encoding="utf-8")
    err = _refused(run, path)
    assert err.code == "file_not_workbook"
    assert err.message == "ledger.xlsx is not a workbook"
    _nothing_written(ledger)


def test_empty_file_renamed_xlsx(tmp_path: Path, run) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"")
    assert _refused(run, path).code == "file_not_workbook"


def test_ole_file_with_an_encrypted_package_is_encrypted(tmp_path: Path, ledger, run) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(OLE_MAGIC + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    err = _refused(run, path)
    assert err.code == "file_encrypted"
    assert err.message == "ledger.xlsx is password-protected"
    assert "remove the password" in err.hint
    _nothing_written(ledger)


def test_ole_file_without_a_workbook_stream_is_not_a_workbook(tmp_path: Path, run) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(OLE_MAGIC + bytes(4096))
    assert _refused(run, path).code == "file_not_workbook"


def test_zip_that_is_not_a_workbook(tmp_path: Path, run) -> None:
    path = tmp_path / "ledger.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert _refused(run, path).code == "file_not_workbook"


def test_truncated_workbook(tmp_path: Path, run) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS)
    path.write_bytes(path.read_bytes()[:600])
    assert _refused(run, path).code == "file_not_workbook"


def test_zip_with_an_encrypted_entry(tmp_path: Path, run) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS)
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag bit of every local and central directory header
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 0x1
            start += 4
    path.write_bytes(bytes(data))
    assert _refused(run, path).code == "file_encrypted"


def _zeros_zip(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            chunk = bytes(2**20)
            for _ in range(size // len(chunk)):
                entry.write(chunk)
    return path


def test_zip_bomb_beyond_the_uncompressed_limit(tmp_path: Path, ledger, run) -> None:
    path = _zeros_zip(tmp_path / "ledger.xlsx", 2 * 2**20)
    assert path.stat().st_size < 20_000
    err = _refused(run, path, config=config_with(max_uncompressed_mb=1))
    assert err.code == "file_bomb"
    assert err.message == "ledger.xlsx would inflate to an unsafe size (a zip bomb?)"
    _nothing_written(ledger)


def test_zip_bomb_by_its_compression_ratio(tmp_path: Path, run) -> None:
    # 20 MiB of zeros is under the default 1 GiB total but inflates ~1000×
    path = _zeros_zip(tmp_path / "ledger.xlsx", 20 * 2**20)
    assert _refused(run, path).code == "file_bomb"


def test_workbook_within_the_uncompressed_limit_is_read(tmp_path: Path, ledger, run) -> None:
    run(invoice_book(tmp_path / "ledger.xlsx", ROWS), config=config_with(max_uncompressed_mb=1))
    assert len(invoices(ledger)) == 5


def test_too_many_rows(tmp_path: Path, ledger, run) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, title_rows=2)  # 2 + 1 + 5 = 8 rows
    err = _refused(run, path, config=config_with(max_rows=7))
    assert err.code == "file_too_many"
    assert err.message == "sheet 应收明细 of ledger.xlsx has more than 7 rows or 200 columns"
    _nothing_written(ledger)
    run(path, config=config_with(max_rows=8))
    assert len(invoices(ledger)) == 5


def test_too_many_columns(tmp_path: Path, run) -> None:
    headers = (*INVOICE_HEADERS, *[f"备注{i}" for i in range(5)])
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, headers=headers)
    err = _refused(run, path, config=config_with(max_columns=11))
    assert err.code == "file_too_many"
    assert err.message == "sheet 应收明细 of ledger.xlsx has more than 1000000 rows or 11 columns"


def test_too_many_rows_in_a_csv(tmp_path: Path, run) -> None:
    path = write_csv(tmp_path / "ledger.csv", INVOICE_HEADERS, [[str(c or "") for c in r] for r in ROWS])
    err = _refused(run, path, config=config_with(max_rows=5))
    assert err.code == "file_too_many"
    assert err.message == "sheet ledger of ledger.csv has more than 5 rows or 200 columns"


def test_file_larger_than_the_size_limit(tmp_path: Path, run) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"x" * (2**20 + 1))
    err = _refused(run, path, config=config_with(max_file_mb=1))
    assert err.code == "file_too_big"
    assert err.message == "ledger.csv is larger than 1 MB"


def test_missing_file(tmp_path: Path, ledger, run) -> None:
    err = _refused(run, tmp_path / "nowhere.xlsx")
    assert err.code == "file_missing"
    assert err.message == f"{tmp_path / 'nowhere.xlsx'} does not exist"
    _nothing_written(ledger)


def test_directory_is_not_a_workbook(tmp_path: Path, run) -> None:
    folder = tmp_path / "ledger.xlsx"
    folder.mkdir()
    err = _refused(run, folder)
    assert err.code == "file_not_regular_directory"
    assert err.message == "ledger.xlsx is a folder, not a workbook"


def test_unknown_sheet(tmp_path: Path, ledger, run) -> None:
    path = write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, ROWS),
                                                 SheetSpec("回款记录", ("客户名称", "回款日期", "金额"))])
    err = _refused(run, path, sheet="应收")
    assert err.code == "sheet_missing"
    assert err.message == "ledger.xlsx has no sheet named '应收'"
    assert err.hint == "its sheets are: 应收明细, 回款记录"
    _nothing_written(ledger)


def test_named_sheet_is_the_only_one_read(tmp_path: Path, ledger, run) -> None:
    bad = SheetSpec("草稿", INVOICE_HEADERS, [(HT, "X-1", "不详", None, "?", None, "")])
    path = write_book(tmp_path / "ledger.xlsx", [bad, SheetSpec("应收明细", INVOICE_HEADERS, ROWS)])
    with pytest.raises(InputRejected):
        run(path)
    report = run(path, sheet="应收明细")
    assert report.counts["invoices_added"] == 5
    assert len(invoices(ledger)) == 5


def test_unknown_sheet_of_a_csv(tmp_path: Path, ledger, run) -> None:
    # a CSV's one sheet is named after the file (ledger); asking for another is an unknown sheet
    path = write_csv(tmp_path / "ledger.csv", INVOICE_HEADERS, [[str(c or "") for c in r] for r in ROWS])
    err = _refused(run, path, sheet="应收明细")
    assert err.code == "sheet_missing"
    _nothing_written(ledger)
