"""A two-customer workbook written with openpyxl, for the output and encoding tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

HENGTONG = "杭州恒通五金有限公司"
XINDA = "广州鑫达建材经营部"
HEADERS = ("客户名称", "单据编号", "发货日期", "到期日", "价税合计", "业务员")
ROWS = (  # on 2026-11-23: H-1 collecting (83 days), H-2 not due, X-1 doubtful (175 days)
    (HENGTONG, "H-1", date(2026, 8, 1), date(2026, 9, 1), 10000.5, "张三"),
    (HENGTONG, "H-2", date(2026, 11, 1), date(2026, 12, 1), 2000, "张三"),
    (XINDA, "X-1", date(2026, 5, 1), date(2026, 6, 1), 5000, "李四"),
)


def write_book(path: Path, payments: list[list[object]] | None = None) -> Path:
    """The two customers' invoices; with ``payments`` (customer, date, amount, invoice), a 回款
    sheet of them too."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "应收明细"
    for row in (HEADERS, *ROWS):
        sheet.append(list(row))
    if payments is not None:
        sheet = book.create_sheet("回款")
        sheet.append(["客户", "回款日期", "金额", "单号"])
        for paid in payments:
            sheet.append(paid)
    book.save(path)
    return path
