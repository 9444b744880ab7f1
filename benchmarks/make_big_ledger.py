"""Build a large, deterministic receivables workbook for the import benchmark.

    python benchmarks/make_big_ledger.py [OUT.xlsx]

Sheets:
  应收明细  a title row, then 客户名称 | 单据编号 | 发货日期 | 到期日 | 价税合计 | 已收金额 | 业务员 | 备注
            (100,000 invoices; about half without a due date; some partly paid)
  回款      客户 | 回款日期 | 金额 | 单号  (20,000 payments, each within what its invoice still owes)
  客户      客户名称 | 业务员 | 联系电话 | 结算方式 | 信用额度  (2,000 customers)

The same seed always gives the same cells. The default output is benchmarks/out/big_ledger.xlsx.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

SEED = 20261123
INVOICES = 100_000
CUSTOMERS = 2_000
PAYMENTS = 20_000
AS_OF = date(2026, 11, 23)
FIRST_SHIP = date(2023, 1, 1)
LAST_SHIP = AS_OF - timedelta(days=3)
STAMP = datetime(2026, 11, 23, 9, 0, 0)
DEFAULT_PATH = Path(__file__).resolve().parent / "out" / "big_ledger.xlsx"

INVOICE_SHEET = "应收明细"
PAYMENT_SHEET = "回款"
CUSTOMER_SHEET = "客户"
TITLE = "2023—2026年应收账款明细表（制表：财务部）"
INVOICE_HEADER = ("客户名称", "单据编号", "发货日期", "到期日", "价税合计", "已收金额", "业务员", "备注")
PAYMENT_HEADER = ("客户", "回款日期", "金额", "单号")
CUSTOMER_HEADER = ("客户名称", "业务员", "联系电话", "结算方式", "信用额度")

PLACES = ("杭州", "萧山", "余杭", "宁波", "温州", "义乌", "绍兴", "嘉兴", "湖州", "台州",
          "广州", "番禺", "花都", "深圳", "宝安", "龙岗", "佛山", "顺德", "南海", "东莞",
          "上海", "闵行", "嘉定", "松江", "苏州", "昆山", "无锡", "常州", "南京", "合肥")
WORDS = ("宏达", "明远", "金盛", "永兴", "富春", "鸿运", "恒丰", "瑞丰", "广源", "东升",
         "创新达", "顺发", "华盛", "永发", "万达", "金鹏", "新世纪", "德胜", "兴旺", "安达",
         "博文", "鼎盛", "智联", "源丰", "金利达", "申通", "美嘉", "天河", "精工", "福永",
         "宏盛", "钢联", "三元", "容桂", "大沥", "百川", "长江", "海天", "立信", "汇通")
TRADES = ("五金", "包装材料", "办公用品", "家具", "汽车配件", "塑胶制品", "纺织", "印刷",
          "陶瓷", "化工原料", "电子", "不锈钢制品", "纸业", "电器", "水暖器材", "建材",
          "物流", "皮具", "铝业", "食品")
FORMS = ("有限公司", "厂", "商行", "经营部")
OWNERS = ("张三", "李四", "王芳", "赵敏", "陈晓东", "刘洋", "周婷", "吴磊", "郑凯", "孙丽",
          "黄海", "林静", "何勇", "高峰", "罗敏", "梁伟", "宋佳", "谢军", "韩雪", "唐亮")
TERMS = (("月结", 55), ("月结25日", 40), ("账期30天", 30), ("60天", 60), ("net:45", 45),
         ("送二结一", 30), ("现款现货", 0))
NOTES = ("含运费", "客户对账中", "已开票", "部分退货", "质量异议待处理", "老板答应月底付", "补发货")
MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "158", "186", "189", "133")


@dataclass
class Customer:
    name: str
    owner: str
    phone: str
    terms: str
    term_days: int
    credit_yuan: int


@dataclass
class Invoice:
    customer: Customer
    shipped: date
    due: date | None
    total_fen: int
    paid_fen: int  # the 已收金额 cell; 0 with an empty cell or with 0.00
    paid_cell: bool
    note: str | None
    number: str | int = ""
    open_fen: int = 0


@dataclass
class Payment:
    invoice: Invoice
    paid_on: date
    fen: int


def make_customers(rng: random.Random) -> list[Customer]:
    combos = [(p, w, t, f) for p in PLACES for w in WORDS for t in TRADES for f in FORMS]
    out = []
    for place, word, trade, form in rng.sample(combos, CUSTOMERS):  # distinct names
        terms, days = rng.choice(TERMS)
        phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"
        credit = rng.choice((30_000, 50_000, 80_000, 100_000, 150_000, 200_000, 500_000))
        out.append(Customer(f"{place}{word}{trade}{form}", rng.choice(OWNERS), phone, terms, days,
                            credit))
    return out


def pick_total_fen(rng: random.Random) -> int:
    yuan = min(max(int(rng.lognormvariate(8.6, 1.0)), 200), 500_000)
    roll = rng.random()
    if roll < 0.3:
        return (yuan // 100) * 100 * 100
    if roll < 0.6:
        return yuan * 100
    return yuan * 100 + rng.randint(1, 99)


def make_invoice(rng: random.Random, customer: Customer, span: int) -> Invoice:
    shipped = FIRST_SHIP + timedelta(days=rng.randint(0, span))
    due = shipped + timedelta(days=customer.term_days) if rng.random() < 0.5 else None
    total = pick_total_fen(rng)
    roll = rng.random()
    if roll < 0.45:
        paid, cell = 0, False
    elif roll < 0.6:
        paid, cell = 0, True
    elif roll < 0.85:
        paid, cell = max(100, (int(total * rng.uniform(0.1, 0.8)) // 100) * 100), True
        paid = min(paid, total)
    else:
        paid, cell = total, True
    note = "已结清" if paid == total else (rng.choice(NOTES) if rng.random() < 0.2 else None)
    return Invoice(customer, shipped, due, total, paid, cell, note, open_fen=total - paid)


def make_invoices(rng: random.Random, customers: list[Customer]) -> list[Invoice]:
    weights = [rng.uniform(0.2, 3.0) for _ in customers]
    span = (LAST_SHIP - FIRST_SHIP).days
    picks = rng.choices(range(len(customers)), weights, k=INVOICES)
    invoices = [make_invoice(rng, customers[i], span) for i in picks]
    invoices.sort(key=lambda inv: inv.shipped)
    per_year: dict[int, int] = {}
    per_day: dict[date, int] = {}
    for inv in invoices:
        # numbers are unique across the file, so unique per customer as well
        per_year[inv.shipped.year] = per_year.get(inv.shipped.year, 0) + 1
        per_day[inv.shipped] = per_day.get(inv.shipped, 0) + 1
        if rng.random() < 0.1:
            inv.number = int(f"{inv.shipped:%Y%m%d}{per_day[inv.shipped]:04d}")  # a numeric cell
        else:
            inv.number = f"XS{inv.shipped.year}-{per_year[inv.shipped.year]:06d}"
    return invoices


def make_payments(rng: random.Random, invoices: list[Invoice]) -> list[Payment]:
    payments: list[Payment] = []
    while len(payments) < PAYMENTS:
        inv = rng.choice(invoices)
        if inv.open_fen < 100 or inv.shipped >= AS_OF:
            continue
        if rng.random() < 0.25:
            fen = inv.open_fen
        else:
            fen = (int(inv.open_fen * rng.uniform(0.1, 0.7)) // 100) * 100 or inv.open_fen
        inv.open_fen -= fen  # a payment never exceeds what the invoice still owes
        paid_on = inv.shipped + timedelta(days=rng.randint(1, (AS_OF - inv.shipped).days))
        payments.append(Payment(inv, paid_on, fen))
    payments.sort(key=lambda p: p.paid_on)
    return payments


def write_workbook(path: Path, customers: list[Customer], invoices: list[Invoice],
                   payments: list[Payment]) -> int:
    """Write the three sheets row by row (constant_memory flushes each row); returns data rows."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.set_properties({"title": TITLE, "author": "财务部", "created": STAMP})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    bold = book.add_format({"bold": True})

    ws = book.add_worksheet(INVOICE_SHEET)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 7, 14)
    ws.write_string(0, 0, TITLE, bold)
    ws.write_row(1, 0, INVOICE_HEADER, bold)
    for r, inv in enumerate(invoices, start=2):
        ws.write_string(r, 0, inv.customer.name)
        if isinstance(inv.number, int):
            ws.write_number(r, 1, inv.number)
        else:
            ws.write_string(r, 1, inv.number)
        ws.write_datetime(r, 2, inv.shipped, day)
        if inv.due is not None:
            ws.write_datetime(r, 3, inv.due, day)
        ws.write_number(r, 4, round(inv.total_fen / 100, 2), money)
        if inv.paid_cell:
            ws.write_number(r, 5, round(inv.paid_fen / 100, 2), money)
        ws.write_string(r, 6, inv.customer.owner)
        if inv.note:
            ws.write_string(r, 7, inv.note)

    ws = book.add_worksheet(PAYMENT_SHEET)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 3, 14)
    ws.write_row(0, 0, PAYMENT_HEADER, bold)
    for r, pay in enumerate(payments, start=1):
        ws.write_string(r, 0, pay.invoice.customer.name)
        ws.write_datetime(r, 1, pay.paid_on, day)
        ws.write_number(r, 2, round(pay.fen / 100, 2), money)
        if isinstance(pay.invoice.number, int):
            ws.write_number(r, 3, pay.invoice.number)
        else:
            ws.write_string(r, 3, pay.invoice.number)

    ws = book.add_worksheet(CUSTOMER_SHEET)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 4, 14)
    ws.write_row(0, 0, CUSTOMER_HEADER, bold)
    for r, cust in enumerate(customers, start=1):
        ws.write_string(r, 0, cust.name)
        ws.write_string(r, 1, cust.owner)
        ws.write_string(r, 2, cust.phone)
        ws.write_string(r, 3, cust.terms)
        ws.write_number(r, 4, cust.credit_yuan, money)

    book.close()
    return len(invoices) + len(payments) + len(customers)


def build(path: Path = DEFAULT_PATH, seed: int = SEED) -> dict[str, int]:
    """Write the workbook to ``path``; returns the row counts per sheet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    customers = make_customers(rng)
    invoices = make_invoices(rng, customers)
    payments = make_payments(rng, invoices)
    write_workbook(path, customers, invoices, payments)
    return {INVOICE_SHEET: len(invoices), PAYMENT_SHEET: len(payments), CUSTOMER_SHEET: len(customers)}


def ensure(path: Path = DEFAULT_PATH) -> str:
    """The workbook's absolute path, building it first when it is missing."""
    if not path.exists():
        print(f"building {path} ...")
        print(f"  {sum(build(path).values()):,} rows")
    return str(path.resolve())


def main(argv: list[str]) -> None:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    start = time.perf_counter()
    counts = build(path)
    seconds = time.perf_counter() - start
    size_mb = path.stat().st_size / 2**20
    print(f"{path} ({size_mb:.1f} MB)")
    for sheet, n in counts.items():
        print(f"  {sheet}: {n:,} rows")
    print(f"{sum(counts.values()):,} data rows written in {seconds:.2f} s")


if __name__ == "__main__":
    main(sys.argv)
