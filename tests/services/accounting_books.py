"""Exports as accounting software writes them, for the import tests: a receivables detail ledger
(应收账款明细账) and an aging table (账龄分析表), with merged title rows above the header."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

DETAIL_HEADER = ("日期", "凭证字号", "单据编号", "摘要", "借方金额", "贷方金额", "方向", "余额")
HT = "杭州恒通五金有限公司"
XD = "广州市白云区鑫达建材经营部"

# One customer's detail, January to March 2026: opening balance, debits, receipts, a red-letter
# return naming the invoice it reverses, and the 本期合计 / 本年累计 rows the software adds.
HT_ROWS: list[tuple[object, ...]] = [
    (date(2026, 1, 1), None, None, "期初余额", None, None, "借", 5000),  # row 5
    (date(2026, 1, 6), "记-3", "XS-001", "销售出库", 12345.67, None, "借", 17345.67),
    (date(2026, 1, 18), "记-9", None, "收到货款", None, 4000, "借", 13345.67),
    (date(2026, 1, 31), None, None, "本期合计", 12345.67, 4000, "借", 13345.67),
    (date(2026, 1, 31), None, None, "本年累计", 12345.67, 4000, "借", 13345.67),
    (date(2026, 2, 3), "记-2", "XS-002", "销售出库", 8000.10, None, "借", 21345.77),  # row 10
    (date(2026, 2, 10), "记-6", "XSTH-01", "退货 冲销XS-002", -1000.05, None, "借", 20345.72),
    (date(2026, 2, 25), "记-15", None, "收到货款（转账）", None, 6000, "借", 14345.72),
    (date(2026, 2, 28), None, None, "本期合计", 7000.05, 6000, "借", 14345.72),
    (date(2026, 2, 28), None, None, "本年累计", 19345.72, 10000, "借", 14345.72),
    (date(2026, 3, 2), "记-1", None, "销售 钢材", 500, None, "借", 14845.72),  # row 15
    (date(2026, 3, 31), None, None, "本期合计", 500, None, "借", 14845.72),
    (date(2026, 3, 31), None, None, "本年累计", 19845.72, 10000, "借", 14845.72),
]
# By hand: 5,000 + 12,345.67 − 4,000 + 8,000.10 − 1,000.05 − 6,000 + 500 = 14,845.72
HT_CLOSING = 1_484_572
HT_INVOICES = {"期初-20251231": 500_000, "XS-001": 1_234_567, "XS-002": 700_005,
               "记-1-20260302": 50_000}


def write_detail(path: Path, rows: Sequence[Sequence[object]] = tuple(HT_ROWS),
                 titles: Sequence[str] = ("应收账款明细账", f"往来单位：{HT}",
                                          "期间：2026年1期 至 2026年3期    币别：人民币"),
                 header: Sequence[str] = DETAIL_HEADER, sheet: str = "应收账款明细账",
                 merge_down: int | None = None) -> Path:
    """One sheet: title rows merged across the table, the header, the rows. ``merge_down``: the
    customer column whose empty cells below a name are merged into it, as in a block layout."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    for index, text in enumerate(titles, 1):
        ws.append([text])
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=len(header))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    if merge_down is not None:
        _merge_blocks(ws, len(titles) + 2, merge_down + 1)
    book.save(path)
    return path


def _merge_blocks(ws: Worksheet, first: int, column: int) -> None:
    """Merge each name in ``column`` down over the empty cells below it."""
    starts = [r for r in range(first, ws.max_row + 1) if ws.cell(r, column).value not in (None, "")]
    for start, end in zip(starts, [*starts[1:], ws.max_row + 1], strict=True):
        if end - 1 > start:
            ws.merge_cells(start_row=start, start_column=column, end_row=end - 1, end_column=column)


AGING_BUCKETS = ("未到期", "1-30天", "31至60天", "61-90天", "91-180天", "半年至一年", "1-2年", "2-3年",
                 "3年以上")
# customer → yuan per bucket, in AGING_BUCKETS order
AGING_ROWS = {
    HT: (1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000),
    XD: (0, 1500.5, 0, 0, 2500, 0, 0, 0, 0),
}


def write_aging(path: Path, rows: dict[str, Sequence[float]] | None = None,
                title: str = "截止日期：2026年3月31日    币别：人民币",
                totals: dict[str, float] | None = None) -> Path:
    """An aging table written with xlsxwriter: a merged title, a two-row header (客户名称 and
    合计 merged down, 账龄 merged over the buckets), a row per customer and a 合计 row."""
    import xlsxwriter

    rows = AGING_ROWS if rows is None else rows
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("账龄分析表")
    width = len(AGING_BUCKETS) + 2
    ws.merge_range(0, 0, 0, width - 1, "应收账款账龄分析表")
    ws.merge_range(1, 0, 1, width - 1, title)
    ws.merge_range(2, 0, 3, 0, "客户名称")
    ws.merge_range(2, 1, 2, len(AGING_BUCKETS), "账龄")
    ws.merge_range(2, width - 1, 3, width - 1, "合计")
    for col, name in enumerate(AGING_BUCKETS, 1):
        ws.write(3, col, name)
    sums = [0.0] * len(AGING_BUCKETS)
    for line, (customer, amounts) in enumerate(rows.items(), 4):
        ws.write(line, 0, customer)
        for col, amount in enumerate(amounts, 1):
            if amount:
                ws.write_number(line, col, amount)
            sums[col - 1] += amount
        total = (totals or {}).get(customer, round(sum(amounts), 2))
        ws.write_number(line, width - 1, total)
    ws.write(4 + len(rows), 0, "合计")
    for col, amount in enumerate(sums, 1):
        ws.write_number(4 + len(rows), col, amount)
    book.close()
    return path
