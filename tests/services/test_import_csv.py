"""Import: CSV ledgers in UTF-8, UTF-8 with BOM and GB18030 import alike, exactly to the fen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.errors import DunnerError
from dunner.ledger.db import Ledger, open_ledger
from dunner.services.importing import ImportOptions, import_file
from tests.services.readback import customers, dump_ledger, invoices, payments
from tests.services.workbooks import write_csv

HEADERS = ["客户名称", "单据编号", "发货日期", "到期日", "价税合计", "已收金额", "业务员", "电话"]
ROWS = [
    ["杭州恒通五金有限公司", "20231118001", "2026/3/5", "2026年4月5日", "¥12,345.60", "2,000", "张三",
     "13800001234"],
    ["广州鑫达建材经营部", "XD-001", "2026.03.06", "", "８８００元", "", "李四", ""],
    ["ＡＢＣ　贸易有限公司", "AB-001", "2026-03-07", "", "￥3000", "", "王五", "021-55556666"],
    [],
    ["合计", "", "", "", "24,145.60", "2,000", "", ""],
]
EXPECTED = {
    "20231118001": ("杭州恒通五金有限公司", date(2026, 3, 5), date(2026, 4, 5), 1_234_560),
    "XD-001": ("广州鑫达建材经营部", date(2026, 3, 6), None, 880_000),
    "AB-001": ("ABC 贸易有限公司", date(2026, 3, 7), None, 300_000),
}
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030"]


def _import(folder: Path, encoding: str, config,
            into: Ledger | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Import the CSV into ``into`` (the test's ledger), else a new SQLite file in ``folder``."""
    folder.mkdir()
    path = write_csv(folder / "ledger.csv", HEADERS, ROWS, encoding)
    ledger = into or open_ledger(str(folder / "ledger.db"))
    try:
        report = import_file(ledger, path, ImportOptions(), config)
        assert report.counts["invoices_added"] == 3
        assert invoices(ledger) == EXPECTED
        assert customers(ledger)["杭州恒通五金有限公司"]["phone"] == "13800001234"
        assert [(p["invoice_number"], p["amount"]) for p in payments(ledger)] == [("20231118001", 200_000)]
        return dump_ledger(ledger)
    finally:
        if into is None:
            ledger.close()


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_csv_encoding(tmp_path: Path, config, encoding: str, ledger: Ledger) -> None:
    _import(tmp_path / encoding, encoding, config, ledger)


def test_csv_encodings_import_identically(tmp_path: Path, config) -> None:
    dumps = [_import(tmp_path / encoding, encoding, config) for encoding in ENCODINGS]
    assert dumps[0] == dumps[1] == dumps[2]


def test_gb18030_bytes_really_differ_from_utf8(tmp_path: Path) -> None:
    utf8 = write_csv(tmp_path / "a.csv", HEADERS, ROWS, "utf-8").read_bytes()
    gb = write_csv(tmp_path / "b.csv", HEADERS, ROWS, "gb18030").read_bytes()
    bom = write_csv(tmp_path / "c.csv", HEADERS, ROWS, "utf-8-sig").read_bytes()
    assert gb != utf8
    assert bom == b"\xef\xbb\xbf" + utf8


def test_csv_sheet_is_named_after_the_file(tmp_path: Path, run) -> None:
    rows = [["杭州恒通五金有限公司", "HT-1", "2026-02-30", "", "100", "", "张三", ""]]
    path = write_csv(tmp_path / "应收.csv", HEADERS, rows)
    with pytest.raises(DunnerError) as caught:
        run(path)
    assert [p.source for p in caught.value.problems] == ["应收.csv:应收!C2"]


def test_csv_with_title_rows(tmp_path: Path, ledger, run) -> None:
    path = tmp_path / "ledger.csv"
    body = write_csv(tmp_path / "body.csv", HEADERS, ROWS).read_text(encoding="utf-8")
    path.write_text("应收账款明细表,,,\r\n截至2026年11月23日,,,\r\n" + body, encoding="gb18030")
    run(path)
    assert invoices(ledger) == EXPECTED


def test_utf16_csv_is_refused(tmp_path: Path, ledger, run) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text("客户名称,单据编号,发货日期,价税合计\n杭州恒通,HT-1,2026-03-05,100\n", encoding="utf-16")
    with pytest.raises(DunnerError) as caught:
        run(path)
    assert caught.value.code == "file_encoding"
    assert caught.value.message == "ledger.csv is neither UTF-8 nor GB18030 text"
    assert invoices(ledger) == {}


def test_binary_file_named_csv_is_refused(tmp_path: Path, run) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"abc\x00\x01\x02def")
    with pytest.raises(DunnerError) as caught:
        run(path)
    assert caught.value.code == "file_not_workbook"
