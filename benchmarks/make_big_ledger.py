"""Build a large, deterministic receivables workbook for the import benchmark.

    python benchmarks/make_big_ledger.py [OUT.xlsx] [--no-payment-sheet | --after-pay | --mostly-paid]
                                         [--invoices N]

Sheets:
  应收明细  a title row, then 客户名称 | 单据编号 | 发货日期 | 到期日 | 价税合计 | 已收金额 | 业务员 | 备注
            (100,000 invoices; about half without a due date; about 37% partly or fully paid)
  回款      客户 | 回款日期 | 金额 | 单号  (about 40,000 payments, each naming its invoice)
  客户      客户名称 | 业务员 | 联系电话 | 结算方式 | 信用额度  (2,000 customers)

--invoices N writes N invoices instead of 100,000, with the same seed and shape: one customer
per 50 invoices and the payments in proportion (each invoice is paid with the same odds). Its
default output names the size: benchmarks/out/big_ledger_10k.xlsx for --invoices 10000.

The workbook is kept as a careful clerk keeps it: each invoice's 已收金额 is exactly the sum of
the 回款 rows that name it (one row, or two instalments for about one paid invoice in twelve).

Variants (same seed, same invoices):
  --mostly-paid       a ledger of a company some years in: every invoice due more than 30 days
                      before AS_OF paid in full (97 in 100; one payment dated near its due day),
                      the later ones as above; about 10% of the invoices stay open
                      (default output benchmarks/out/big_ledger_mostly_paid.xlsx)
  --no-payment-sheet  no 回款 sheet: the 已收金额 column is the only record of payments
                      (default output benchmarks/out/big_ledger_paid_column.xlsx)
  --after-pay         the --no-payment-sheet workbook a few days later: the 已收金额 of the
                      HAND_PAYMENTS invoices rose by the payments of ``hand_payments()``, which
                      the user recorded with ``dunner pay`` in the meantime
                      (default output benchmarks/out/big_ledger_paid_column_after_pay.xlsx)

The same seed always gives the same cells. The default output is benchmarks/out/big_ledger.xlsx.
It has 100,000 invoices; a workbook with --invoices 100000 is the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

SEED = 20261123
INVOICES = 100_000
CUSTOMERS = 2_000  # per INVOICES: a ledger of any size keeps one customer per 50 invoices
MAX_INVOICES = 1_048_576 - 2  # an .xlsx sheet's rows, less the title and the header
HAND_PAYMENTS = 3  # recorded with `dunner pay` between the paid-column workbook and its update
AS_OF = date(2026, 11, 23)
FIRST_SHIP = date(2023, 1, 1)
LAST_SHIP = AS_OF - timedelta(days=3)
STAMP = datetime(2026, 11, 23, 9, 0, 0)
OUT = Path(__file__).resolve().parent / "out"
DEFAULT_PATH = OUT / "big_ledger.xlsx"
PAID_COLUMN_PATH = OUT / "big_ledger_paid_column.xlsx"
AFTER_PAY_PATH = OUT / "big_ledger_paid_column_after_pay.xlsx"
MOSTLY_PAID_PATH = OUT / "big_ledger_mostly_paid.xlsx"
SETTLED_BEFORE = AS_OF - timedelta(days=30)  # --mostly-paid: what fell due before this is paid

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


@dataclass(slots=True)  # slots: a million of them fit in a little memory
class Invoice:
    customer: Customer
    shipped: date
    due: date | None
    total_fen: int
    paid_fen: int  # the 已收金额 cell, the sum of its payments; 0 with an empty cell or with 0.00
    paid_cell: bool
    note: str | None
    number: str | int = ""


@dataclass(slots=True)
class Payment:
    invoice: Invoice
    paid_on: date
    fen: int


@dataclass(frozen=True)
class HandPayment:
    """A payment recorded with ``dunner pay`` that the --after-pay workbook's 已收金额 shows."""

    customer: str
    invoice: str  # as the ledger holds it (a numeric cell's digits)
    fen: int
    paid_on: date

    @property
    def yuan(self) -> str:
        return f"{self.fen // 100}.{self.fen % 100:02d}"


NAMES = len(PLACES) * len(WORDS) * len(TRADES) * len(FORMS)  # distinct customer names


def customers_for(invoices: int) -> int:
    """The number of customers of a ledger with ``invoices`` invoices (2,000 for 100,000)."""
    return max(1, round(invoices * CUSTOMERS / INVOICES))


def make_customers(rng: random.Random, count: int = CUSTOMERS) -> list[Customer]:
    combos = [(p, w, t, f) for p in PLACES for w in WORDS for t in TRADES for f in FORMS]
    out = []
    for place, word, trade, form in rng.sample(combos, count):  # distinct names
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
    if roll < 0.47:
        paid, cell = 0, False
    elif roll < 0.63:
        paid, cell = 0, True
    elif roll < 0.86:
        paid, cell = max(100, (int(total * rng.uniform(0.1, 0.8)) // 100) * 100), True
        paid = min(paid, total)
    else:
        paid, cell = total, True
    note = "已结清" if paid == total else (rng.choice(NOTES) if rng.random() < 0.2 else None)
    return Invoice(customer, shipped, due, total, paid, cell, note)


def make_invoices(rng: random.Random, customers: list[Customer], count: int = INVOICES) -> list[Invoice]:
    weights = [rng.uniform(0.2, 3.0) for _ in customers]
    span = (LAST_SHIP - FIRST_SHIP).days
    picks = rng.choices(range(len(customers)), weights, k=count)
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
    """The 回款 rows: every invoice with a paid amount gets payments that add up to exactly its
    已收金额 (one, or two instalments for about one in twelve), each naming the invoice and dated
    after shipping, on or before AS_OF."""
    payments: list[Payment] = []
    for inv in invoices:
        if inv.paid_fen == 0:
            continue
        days = (AS_OF - inv.shipped).days
        first = (int(inv.paid_fen * rng.uniform(0.3, 0.7)) // 100) * 100
        if rng.random() < 1 / 12 and days >= 2 and 0 < first < inv.paid_fen:
            on = sorted(rng.sample(range(1, days + 1), 2))
            payments.append(Payment(inv, inv.shipped + timedelta(days=on[0]), first))
            payments.append(Payment(inv, inv.shipped + timedelta(days=on[1]), inv.paid_fen - first))
        else:
            paid_on = inv.shipped + timedelta(days=rng.randint(1, days))
            payments.append(Payment(inv, paid_on, inv.paid_fen))
    payments.sort(key=lambda p: p.paid_on)  # stable: same day keeps invoice order
    return payments


def settle_history(seed: int, invoices: list[Invoice]) -> list[Payment]:
    """--mostly-paid: the invoices that fell due (their due day, else 30 days or their terms
    after shipping) before SETTLED_BEFORE paid in full, 97 in 100, each by one payment a few
    days to a few weeks after it fell due; the 回款 rows of all the invoices, from a random
    stream of their own (the other variants' cells do not move)."""
    rng = random.Random(seed + 2)
    settled: list[Payment] = []
    rest: list[Invoice] = []
    for inv in invoices:
        fell_due = inv.due or inv.shipped + timedelta(days=max(inv.customer.term_days, 30))
        if fell_due < SETTLED_BEFORE and rng.random() < 0.97:
            inv.paid_fen, inv.paid_cell, inv.note = inv.total_fen, True, "已结清"
            late = min(int(rng.expovariate(1 / 12)), (AS_OF - fell_due).days)
            settled.append(Payment(inv, max(fell_due + timedelta(days=late),
                                            inv.shipped + timedelta(days=1)), inv.total_fen))
        else:
            rest.append(inv)
    payments = settled + make_payments(rng, rest)
    payments.sort(key=lambda p: p.paid_on)
    return payments


def pick_hand_payments(seed: int, invoices: list[Invoice]) -> list[tuple[Invoice, HandPayment]]:
    """HAND_PAYMENTS partial payments on open invoices of distinct customers, dated in the last
    days before AS_OF, from a random stream of their own (the workbook's cells do not move)."""
    rng = random.Random(seed + 1)
    picked: list[tuple[Invoice, HandPayment]] = []
    customers: set[str] = set()
    while len(picked) < HAND_PAYMENTS:
        inv = rng.choice(invoices)
        left = inv.total_fen - inv.paid_fen
        if left < 200_00 or inv.customer.name in customers:
            continue
        fen = (int(left * rng.uniform(0.2, 0.6)) // 100) * 100 + rng.randint(1, 99)
        customers.add(inv.customer.name)
        picked.append((inv, HandPayment(inv.customer.name, str(inv.number), fen,
                                        AS_OF - timedelta(days=rng.randint(1, 3)))))
    return picked


def write_workbook(path: Path, customers: list[Customer], invoices: list[Invoice],
                   payments: list[Payment] | None) -> int:
    """Write the sheets row by row (constant_memory flushes each row); returns data rows.
    ``payments`` None: no 回款 sheet."""
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

    if payments is not None:
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
    return len(invoices) + len(payments or []) + len(customers)


VARIANTS = ("full", "paid-column", "after-pay", "mostly-paid")


def generate(seed: int = SEED,
             invoices_n: int = INVOICES) -> tuple[list[Customer], list[Invoice], list[Payment]]:
    if not 1 <= invoices_n <= MAX_INVOICES or customers_for(invoices_n) > NAMES:
        raise ValueError(f"invoices must be 1 to {MAX_INVOICES:,}, not {invoices_n:,}")
    rng = random.Random(seed)
    customers = make_customers(rng, customers_for(invoices_n))
    invoices = make_invoices(rng, customers, invoices_n)
    payments = make_payments(rng, invoices)
    return customers, invoices, payments


def hand_payments(seed: int = SEED, invoices_n: int = INVOICES) -> list[HandPayment]:
    """The payments recorded with ``dunner pay`` before the --after-pay workbook is imported."""
    return [hand for _, hand in pick_hand_payments(seed, generate(seed, invoices_n)[1])]


def size_label(invoices: int) -> str:
    """10000 -> "10k", 1000000 -> "1m", 12345 -> "12345"."""
    if invoices % 1_000_000 == 0:
        return f"{invoices // 1_000_000}m"
    return f"{invoices // 1000}k" if invoices % 1000 == 0 else str(invoices)


def default_path(variant: str = "full", invoices: int = INVOICES) -> Path:
    """Where a variant of a size goes when no path is given (the size in the name unless it is
    the default 100,000)."""
    path = {"full": DEFAULT_PATH, "paid-column": PAID_COLUMN_PATH, "after-pay": AFTER_PAY_PATH,
            "mostly-paid": MOSTLY_PAID_PATH}[variant]
    return path if invoices == INVOICES else path.with_stem(f"{path.stem}_{size_label(invoices)}")


def build(path: Path = DEFAULT_PATH, seed: int = SEED, variant: str = "full",
          invoices_n: int = INVOICES) -> dict[str, int]:
    """Write the workbook to ``path``; returns the row counts per sheet.

    ``variant``: "full" (with the 回款 sheet), "paid-column" (without it), "after-pay" (without
    it, and the 已收金额 of the hand_payments() invoices raised by those payments) or
    "mostly-paid" (with it, the history settled: ``settle_history``).
    ``invoices_n``: the number of invoices (customers and payments in proportion)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    customers, invoices, payments = generate(seed, invoices_n)
    if variant == "after-pay":
        for inv, hand in pick_hand_payments(seed, invoices):
            inv.paid_fen += hand.fen
            inv.paid_cell = True
    if variant == "mostly-paid":
        payments = settle_history(seed, invoices)
    sheet = payments if variant in ("full", "mostly-paid") else None
    write_workbook(path, customers, invoices, sheet)
    counts = {INVOICE_SHEET: len(invoices)}
    if sheet is not None:
        counts[PAYMENT_SHEET] = len(sheet)
    counts[CUSTOMER_SHEET] = len(customers)
    return counts


def ensure(path: Path = DEFAULT_PATH, variant: str = "full", invoices_n: int = INVOICES) -> str:
    """The workbook's absolute path, building it first when it is missing or older than this
    script (a workbook from an earlier version of the generator is rebuilt)."""
    if not path.exists() or path.stat().st_mtime < Path(__file__).stat().st_mtime:
        print(f"building {path} ...")
        print(f"  {sum(build(path, variant=variant, invoices_n=invoices_n).values()):,} rows")
    return str(path.resolve())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="the .xlsx to write")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--no-payment-sheet", action="store_true",
                       help=f"no 回款 sheet; the paid column only (default {PAID_COLUMN_PATH.name})")
    which.add_argument("--after-pay", action="store_true",
                       help="the --no-payment-sheet workbook after the hand payments "
                            f"(default {AFTER_PAY_PATH.name})")
    which.add_argument("--mostly-paid", action="store_true",
                       help=f"what fell due before the last month paid (default {MOSTLY_PAID_PATH.name})")
    parser.add_argument("--invoices", type=int, default=INVOICES, metavar="N",
                        help=f"invoices to write (default {INVOICES:,}; customers and payments in "
                             f"proportion; at most {MAX_INVOICES:,})")
    args = parser.parse_args()
    if not 1 <= args.invoices <= MAX_INVOICES:
        parser.error(f"--invoices must be 1 to {MAX_INVOICES:,}, not {args.invoices:,}")
    variant = ("after-pay" if args.after_pay else "paid-column" if args.no_payment_sheet
               else "mostly-paid" if args.mostly_paid else "full")
    path = args.out or default_path(variant, args.invoices)
    start = time.perf_counter()
    counts = build(path, variant=variant, invoices_n=args.invoices)
    seconds = time.perf_counter() - start
    size_mb = path.stat().st_size / 2**20
    print(f"{path} ({size_mb:.1f} MB)")
    for sheet, n in counts.items():
        print(f"  {sheet}: {n:,} rows")
    print(f"{sum(counts.values()):,} data rows written in {seconds:.2f} s")
    if variant == "after-pay":
        for hand in hand_payments(invoices_n=args.invoices):
            print(f"  after `dunner pay {hand.customer} {hand.yuan} --date {hand.paid_on} "
                  f"--invoice {hand.invoice}`")


if __name__ == "__main__":
    main()
