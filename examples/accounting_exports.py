"""Build two small exports as accounting software writes them: a receivables detail ledger
(应收账款明细账, one sheet per customer) and an aging table (账龄分析表)."""

from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DETAIL_HEADER = ("日期", "凭证字号", "单据编号", "摘要", "借方金额", "贷方金额", "方向", "余额")
AGING_HEADER = ("客户名称", "未到期", "1-30天", "31-60天", "61-90天", "91-180天", "半年至一年",
                "1-2年", "2-3年", "3年以上", "合计")
AGING_AS_OF = date(2026, 3, 31)

# (customer, opening balance, [(day, voucher, document, summary, debit, credit)]) in yuan
DETAIL = (
    ("苏州恒泰机械有限公司", 12_000.00, (
        (date(2026, 1, 8), "记-5", "XSD-2026-0003", "销售出库", 8_000.00, None),
        (date(2026, 1, 20), "记-17", "SK-2026-0011", "收到货款", None, 10_000.00),
        (date(2026, 2, 10), "记-22", "XSTH-2026-0001", "退货冲销XSD-2026-0003", -1_500.00, None),
        (date(2026, 3, 5), "记-9", "XSD-2026-0031", "销售出库", 6_480.50, None),
    )),
    ("无锡宏达电气有限公司", 0.00, (
        (date(2026, 1, 15), "记-11", "XSD-2026-0008", "销售出库", 23_600.00, None),
        (date(2026, 2, 28), "记-30", "SK-2026-0019", "收到货款", None, 20_000.00),
    )),
)
# (customer, amounts by bucket as in AGING_HEADER[1:-1]) in yuan
AGING = (
    ("南通瑞丰纺织有限公司", (5_000.00, 3_200.00, 0, 1_800.00, 0, 2_500.00, 0, 0, 0)),
    ("常州新锐塑胶制品厂", (0, 0, 4_100.00, 0, 6_000.00, 0, 3_000.00, 1_200.00, 900.00)),
    ("扬州金桥建材经营部", (12_000.00, 0, 0, 0, 0, 0, 0, 0, 0)),
)


def _title(ws: Worksheet, lines: Sequence[str], width: int) -> None:
    """Title lines above the header, each merged across the table as the software writes them."""
    for index, text in enumerate(lines, 1):
        ws.append([text])
        ws.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
        ws.cell(index, 1).alignment = Alignment(horizontal="center")
    ws.cell(1, 1).font = Font(bold=True, size=14)


def _header(ws: Worksheet, header: Sequence[str]) -> None:
    ws.append(list(header))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)


def _formats(ws: Worksheet, first_row: int, amount_columns: Sequence[int]) -> None:
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.column == 1 and isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif cell.column in amount_columns and isinstance(cell.value, int | float):
                cell.number_format = AMOUNT_FORMAT


def detail_ledger() -> Workbook:
    """One sheet per customer: 期初余额, debits, credits, a red-letter return, 本期合计, 本年累计."""
    wb = Workbook()
    wb.remove(wb.active)
    for index, (customer, opening, moves) in enumerate(DETAIL, 1):
        ws = wb.create_sheet(f"应收账款明细账{index}")
        _title(ws, ("应收账款明细账", f"往来单位：{customer}",
                    "期间：2026年1期 至 2026年3期    币别：人民币"), len(DETAIL_HEADER))
        _header(ws, DETAIL_HEADER)
        balance = round(opening * 100)
        ws.append([date(2026, 1, 1), None, None, "期初余额", None, None,
                   "借" if balance else "平", opening])
        debits = credits = 0
        for day, voucher, document, summary, debit, credit in moves:
            debits += round((debit or 0) * 100)
            credits += round((credit or 0) * 100)
            balance += round((debit or 0) * 100) - round((credit or 0) * 100)
            ws.append([day, voucher, document, summary, debit, credit, "借" if balance else "平",
                       balance / 100])
        ws.append([None, None, None, "本期合计", debits / 100, credits / 100, "借", balance / 100])
        ws.append([None, None, None, "本年累计", debits / 100, credits / 100, "借", balance / 100])
        _formats(ws, 5, (5, 6, 8))
    return wb


def aging_table() -> Workbook:
    """Customers by age bucket as of AGING_AS_OF, each row's 合计 and a 合计 row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "账龄分析表"
    _title(ws, ("应收账款账龄分析表", f"截止日期：{AGING_AS_OF:%Y-%m-%d}    币别：人民币"),
           len(AGING_HEADER))
    _header(ws, AGING_HEADER)
    sums = [0] * (len(AGING_HEADER) - 1)
    for customer, amounts in AGING:
        fen = [round(a * 100) for a in amounts]
        row = [*fen, sum(fen)]
        sums = [s + f for s, f in zip(sums, row, strict=True)]
        ws.append([customer, *(f / 100 if f else None for f in row)])
    ws.append(["合计", *(s / 100 for s in sums)])
    _formats(ws, 4, range(2, len(AGING_HEADER) + 1))
    return wb
