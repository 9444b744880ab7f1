"""Build the deterministic sample receivables workbook examples/ledger.xlsx, and beside it two
exports of accounting software: detail_ledger.xlsx and aging_table.xlsx."""

import calendar
import io
import random
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

SEED = 2026
AS_OF = date(2026, 11, 23)
FIRST_SHIP = date(2023, 6, 1)
FIRST_PAYMENT = date(2025, 1, 1)
STAMP = datetime(2026, 11, 23, 9, 0, 0)
DEFAULT_PATH = Path(__file__).resolve().parent / "ledger.xlsx"
INVOICE_COUNT = 150
PAYMENT_COUNT = 40

INVOICE_SHEET = "应收明细"
PAYMENT_SHEET = "回款"
CUSTOMER_SHEET = "客户"
INVOICE_TITLE = "2026年应收账款明细表"
INVOICE_SUBTITLE = "制表：财务部  截至 2026-11-23"
INVOICE_HEADER = (
    "客户名称",
    "单据编号",
    "发货日期",
    "到期日",
    "价税合计",
    "已收金额",
    "业务员",
    "备注",
    "发票状态",
)
PAYMENT_HEADER = ("客户", "回款日期", "金额", "单号", "付款方式", "票据号", "票据到期日")
BILL_DAYS = 180  # an acceptance bill (承兑汇票) received as payment matures six months later
CUSTOMER_HEADER = (
    "客户名称",
    "业务员",
    "联系电话",
    "微信",
    "地址",
    "城市",
    "结算方式",
    "信用额度",
    "付款日",
)
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"

# (name as written in the 客户 sheet, owner, city, district, settlement terms)
CUSTOMERS = (
    ("杭州恒通五金有限公司", "张三", "杭州", "萧山区", "月结25日"),
    ("广州市白云区鑫达建材经营部", "李四", "广州", "白云区", "现款现货"),
    ("ABC贸易(深圳)有限公司", "王芳", "深圳", "福田区", "net:45"),
    ("佛山市南海区 宏盛铝材厂", "赵敏", "佛山", "南海区", "账期30天"),
    ("上海浦江机电设备有限公司", "张三", "上海", "闵行区", "60天"),
    ("深圳市华强电子科技有限公司", "王芳", "深圳", "福田区", "月结"),
    ("杭州明远包装材料厂", "张三", "杭州", "西湖区", "送二结一"),
    ("广州天河宏达办公用品有限公司", "李四", "广州", "天河区", "账期30天"),
    ("佛山市顺德区美嘉家具有限公司", "赵敏", "佛山", "顺德区", "月结25日"),
    ("上海金盛汽车配件商行", "王芳", "上海", "嘉定区", "月结"),
    ("深圳市宝安区永兴塑胶制品厂", "王芳", "深圳", "宝安区", "60天"),
    ("杭州萧山富春纺织有限公司", "张三", "杭州", "萧山区", "账期30天"),
    ("广州番禺新华印刷厂", "李四", "广州", "番禺区", "现款现货"),
    ("佛山市禅城区鸿运陶瓷经营部", "赵敏", "佛山", "禅城区", "送二结一"),
    ("上海申通化工原料有限公司", "王芳", "上海", "金山区", "net:45"),
    ("深圳市龙岗区鼎盛五金加工厂", "赵敏", "深圳", "龙岗区", "月结"),
    ("杭州滨江智联科技有限公司", "张三", "杭州", "滨江区", "60天"),
    ("广州市海珠区源丰食品商行", "李四", "广州", "海珠区", "账期30天"),
    ("佛山市三水区金利达不锈钢制品厂", "赵敏", "佛山", "三水区", "月结25日"),
    ("上海闵行恒丰纸业有限公司", "张三", "上海", "闵行区", "月结"),
    ("深圳市福田区博文文具店", "王芳", "深圳", "福田区", "现款现货"),
    ("杭州余杭瑞丰电器有限公司", "李四", "杭州", "余杭区", "net:45"),
    ("广州荔湾广源水暖器材店", "李四", "广州", "荔湾区", "送二结一"),
    ("佛山市高明区东升建材有限公司", "赵敏", "佛山", "高明区", "60天"),
    ("上海宝山钢联物资有限公司", "张三", "上海", "宝山区", "账期30天"),
    ("深圳市南山区创新达电子有限公司", "王芳", "深圳", "南山区", "月结25日"),
    ("杭州顺发物流有限公司", "张三", "杭州", "拱墅区", "月结"),
    ("广州市花都区华盛皮具厂", "李四", "广州", "花都区", "账期30天"),
    ("佛山市南海区大沥永发铝业经营部", "赵敏", "佛山", "南海区", "现款现货"),
    ("上海松江万达塑料制品有限公司", "王芳", "上海", "松江区", "60天"),
    ("深圳市罗湖区金鹏贸易商行", "王芳", "深圳", "罗湖区", "net:45"),
    ("杭州新世纪服饰有限公司", "张三", "杭州", "临平区", "月结25日"),
    ("广州白云三元里德胜鞋材店", "李四", "广州", "白云区", "送二结一"),
    ("佛山市顺德区容桂兴旺电器配件厂", "赵敏", "佛山", "顺德区", "账期30天"),
    ("上海青浦安达建筑材料有限公司", "李四", "上海", "青浦区", "月结"),
    ("深圳市宝安区福永精工模具厂", "赵敏", "深圳", "宝安区", "60天"),
)

# Spellings that differ from the 客户 sheet only by full-width characters or whitespace,
# so they collapse to the same name after NFKC + whitespace normalisation.
LEDGER_VARIANTS = {
    "ABC贸易(深圳)有限公司": "ＡＢＣ贸易（深圳）有限公司",
    "佛山市南海区 宏盛铝材厂": "佛山市南海区  宏盛铝材厂",
    "上海金盛汽车配件商行": "上海金盛汽车配件商行 ",
}
PAYMENT_VARIANTS = {
    "ABC贸易(深圳)有限公司": "ＡＢＣ贸易(深圳)有限公司",
    "上海金盛汽车配件商行": " 上海金盛汽车配件商行",
    "杭州萧山富春纺织有限公司": "杭州萧山富春纺织有限公司\u3000",
}

FIXED_TERM_DAYS = {"账期30天": 30, "60天": 60, "现款现货": 0, "送二结一": 30, "net:45": 45}
APPROX_TERM_DAYS = {**FIXED_TERM_DAYS, "月结25日": 40, "月结": 45}
# (min, max) days overdue on AS_OF and weight; None means not yet due.
AGE_BUCKETS = ((None, 28), ((1, 90), 40), ((91, 180), 14), ((181, 730), 10), ((731, 1240), 8))
CITY_PREFIX = {
    "杭州": "浙江省杭州市",
    "广州": "广东省广州市",
    "深圳": "广东省深圳市",
    "佛山": "广东省佛山市",
    "上海": "上海市",
}
AREA_CODE = {"杭州": "0571", "广州": "020", "深圳": "0755", "佛山": "0757", "上海": "021"}
ROADS = ("人民路", "建设路", "工业大道", "解放路", "中山路", "环城北路", "新华路", "科技园路")
NOTES = ("含运费", "客户对账中", "已开票", "部分退货", "质量异议待处理", "老板答应月底付", "补发货")
PAY_METHODS = ("银行转账", "银行转账", "银行转账", "承兑汇票", "微信", "支付宝", "现金")
MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "158", "186", "189", "133")


@dataclass
class Customer:
    name: str
    owner: str
    city: str
    district: str
    terms: str


@dataclass
class Invoice:
    customer: Customer
    ledger_name: str
    shipped: date
    due: date
    total_fen: int
    number: str | int = ""
    open_fen: int = 0
    paid_fen: int = 0


@dataclass
class Payment:
    name: str
    paid_on: date
    fen: int
    invoice: Invoice  # the invoice it was drawn against
    named: bool  # whether the 回款 sheet names that invoice
    method: str


def add_months(day: date, months: int) -> tuple[int, int]:
    """Return (year, month) that lies `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def due_from_terms(shipped: date, terms: str) -> date:
    """Due date implied by a customer's settlement terms."""
    if terms == "月结25日":
        year, month = add_months(shipped, 1)
        return date(year, month, 25)
    if terms == "月结":
        year, month = add_months(shipped, 1)
        return date(year, month, calendar.monthrange(year, month)[1])
    return shipped + timedelta(days=FIXED_TERM_DAYS[terms])


def pick_ship_date(rng: random.Random, customer: Customer) -> date:
    """Ship date chosen so the invoice lands in a weighted ageing bucket on AS_OF."""
    term = APPROX_TERM_DAYS[customer.terms]
    bucket = rng.choices([b for b, _ in AGE_BUCKETS], [w for _, w in AGE_BUCKETS])[0]
    if bucket is None and term == 0:
        bucket = (1, 90)
    if bucket is None:
        shipped = AS_OF - timedelta(days=rng.randint(0, term - 1))
    else:
        overdue = rng.randint(*bucket)
        shipped = AS_OF - timedelta(days=overdue + term)
    return min(max(shipped, FIRST_SHIP), AS_OF)


def pick_amount_fen(rng: random.Random) -> int:
    """Invoice total in fen: skewed sizes, many whole-yuan or round-hundred amounts."""
    yuan = min(max(int(rng.lognormvariate(8.9, 0.9)), 300), 180_000)
    roll = rng.random()
    if roll < 0.25:
        return (yuan // 100) * 100 * 100
    if roll < 0.6:
        return yuan * 100
    return yuan * 100 + rng.randint(1, 99)


def make_invoice(rng: random.Random, customer: Customer, first: bool) -> Invoice:
    shipped = pick_ship_date(rng, customer)
    due = due_from_terms(shipped, customer.terms)
    if rng.random() < 0.08:
        due = shipped + timedelta(days=rng.choice((15, 30, 45, 90)))
    name = customer.name
    variant = LEDGER_VARIANTS.get(name)
    if variant and (first or rng.random() < 0.6):
        name = variant
    total = pick_amount_fen(rng)
    return Invoice(customer, name, shipped, due, total, open_fen=total)


def number_invoices(rng: random.Random, invoices: list[Invoice]) -> None:
    """Assign XS<year>-<seq> numbers, with some purely numeric <yyyymmdd><nnn> ones."""
    per_year: dict[int, int] = {}
    per_day: dict[date, int] = {}
    for inv in invoices:
        per_year[inv.shipped.year] = per_year.get(inv.shipped.year, 0) + 1
        per_day[inv.shipped] = per_day.get(inv.shipped, 0) + 1
        if rng.random() < 0.12:
            inv.number = int(f"{inv.shipped:%Y%m%d}{per_day[inv.shipped]:03d}")
        else:
            inv.number = f"XS{inv.shipped.year}-{per_year[inv.shipped.year]:04d}"


def make_invoices(rng: random.Random, customers: list[Customer]) -> list[Invoice]:
    weights = [rng.uniform(0.4, 3.0) for _ in customers]
    invoices = []
    for i in range(INVOICE_COUNT):
        first = i < len(customers)
        customer = customers[i] if first else rng.choices(customers, weights)[0]
        invoices.append(make_invoice(rng, customer, first))
    invoices.sort(key=lambda inv: (inv.shipped, inv.customer.name))
    number_invoices(rng, invoices)
    return invoices


def payable(invoices: list[Invoice], customer_name: str | None = None) -> list[Invoice]:
    """Invoices with at least 200 yuan open that shipped early enough to be paid on."""
    latest = AS_OF - timedelta(days=5)
    return [
        inv
        for inv in invoices
        if inv.open_fen >= 20_000
        and inv.shipped <= latest
        and (customer_name is None or inv.customer.name == customer_name)
    ]


def make_payment(rng: random.Random, inv: Invoice) -> Payment:
    """A payment against one open invoice, never more than what is still open on it."""
    named = rng.random() < 0.7
    if named and rng.random() < 0.2:
        fen = inv.open_fen
    else:
        fen = (int(inv.open_fen * rng.uniform(0.2, 0.6)) // 10_000) * 10_000 or inv.open_fen
    inv.open_fen -= fen
    inv.paid_fen += fen
    start = max(FIRST_PAYMENT, inv.shipped + timedelta(days=5))
    paid_on = start + timedelta(days=rng.randint(0, (AS_OF - start).days))
    name = PAYMENT_VARIANTS.get(inv.customer.name, inv.ledger_name.strip())
    return Payment(name, paid_on, fen, inv, named, rng.choice(PAY_METHODS))


def make_payments(rng: random.Random, invoices: list[Invoice]) -> list[Payment]:
    """The 回款 sheet; each payment also raises its invoice's 已收金额, as a careful clerk
    keeps the ledger, so the paid column is exactly what the sheet lists per invoice."""
    payments = []
    for name in PAYMENT_VARIANTS:
        candidates = payable(invoices, name)
        if candidates:
            payments.append(make_payment(rng, rng.choice(candidates)))
    while len(payments) < PAYMENT_COUNT:
        payments.append(make_payment(rng, rng.choice(payable(invoices))))
    payments.sort(key=lambda p: (p.paid_on, p.name))
    return payments


def date_cell(rng: random.Random, day: date, text_share: float = 0.2) -> date | str:
    """Mostly real date cells, sometimes the hand-typed text forms seen in the wild."""
    if rng.random() >= text_share:
        return day
    return rng.choice(
        (
            f"{day.year}/{day.month}/{day.day}",
            f"{day:%Y.%m.%d}",
            f"{day.year}年{day.month}月{day.day}日",
            day.isoformat(),
        )
    )


def amount_cell(rng: random.Random, fen: int, text_share: float = 0.12) -> float | str:
    """Numeric cell with 2 decimals, sometimes text with currency signs or separators."""
    if rng.random() >= text_share:
        return round(fen / 100, 2)
    styles = [f"¥{fen / 100:,.2f}", f"{fen / 100:,.2f}元"]
    if fen % 100 == 0:
        styles.append(f"￥{fen // 100}")
    return rng.choice(styles)


def invoice_row(rng: random.Random, inv: Invoice) -> list:
    due = date_cell(rng, inv.due) if rng.random() < 0.5 else None
    paid: float | str | None
    if inv.paid_fen:
        paid = amount_cell(rng, inv.paid_fen, text_share=0.15)
    else:  # nothing received: some clerks leave the cell empty, others type 0
        paid = None if rng.random() < 0.7 else 0
    owner = inv.customer.owner if rng.random() < 0.9 else None
    note = rng.choice(NOTES) if rng.random() < 0.25 else None
    if inv.paid_fen == inv.total_fen:
        note = "已结清"
    return [
        inv.ledger_name,
        inv.number,
        date_cell(rng, inv.shipped),
        due,
        amount_cell(rng, inv.total_fen),
        paid,
        owner,
        note,
        "已开" if note == "已开票" else None,  # the tax invoice (发票): a few clerks track it
    ]


def payment_row(rng: random.Random, pay: Payment) -> list:
    number = pay.invoice.number if pay.named else None
    return [
        pay.name,
        date_cell(rng, pay.paid_on, 0.15),
        amount_cell(rng, pay.fen, 0.08),
        number,
        *bill_cells(pay),
    ]


def bill_cells(pay: Payment) -> list:
    """付款方式, 票据号 and 票据到期日: a bill is a bank (银承) or a commercial (商承) acceptance bill
    with a number and a maturity; other payments leave the bill cells empty. Derived from the
    payment itself, not from the random stream, so every other cell stays as it was."""
    if pay.method != "承兑汇票":
        return [pay.method, None, None]
    commercial = pay.paid_on.day % 3 == 0
    prefix = "2301" if commercial else "1301"
    number = f"{prefix}{pay.paid_on:%Y%m%d}{pay.fen % 1_000_000:06d}"
    return ["商承" if commercial else "银承", number, pay.paid_on + timedelta(days=BILL_DAYS)]


def phone_cell(rng: random.Random, city: str) -> int | str:
    mobile = f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"
    roll = rng.random()
    if roll < 0.5:
        return int(mobile)
    if roll < 0.7:
        return mobile
    if roll < 0.8:
        return f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"
    return f"{AREA_CODE[city]}-{rng.randint(2, 8)}{rng.randint(0, 9_999_999):07d}"


def customer_row(rng: random.Random, cust: Customer) -> list:
    phone = phone_cell(rng, cust.city)
    wechat = rng.choice((None, f"wxid_{rng.randint(10**9, 10**10 - 1)}"))
    if isinstance(phone, int) and rng.random() < 0.4:
        wechat = str(phone)
    road = rng.choice(ROADS)
    address = f"{CITY_PREFIX[cust.city]}{cust.district}{road}{rng.randint(1, 888)}号"
    credit = rng.choice((None, 30_000, 50_000, 100_000, "¥200,000", "¥80,000", 150_000))
    payday = rng.choice(("10,25", "15", "25", "5", None)) if "月结" in cust.terms else None
    return [cust.name, cust.owner, phone, wechat, address, cust.city, cust.terms, credit, payday]


def format_columns(ws: Worksheet, first_row: int, dates: tuple, amounts: tuple) -> None:
    """Apply number formats to numeric amount cells and column widths."""
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.column in amounts and isinstance(cell.value, (int, float)):
                cell.number_format = AMOUNT_FORMAT
            elif cell.column in dates and isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    for col in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = 34 if col == 1 else 16


def write_invoice_sheet(ws: Worksheet, rng: random.Random, invoices: list[Invoice]) -> None:
    ws.title = INVOICE_SHEET
    ws.append([INVOICE_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(INVOICE_HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([INVOICE_SUBTITLE])
    ws.append([])
    ws.append(list(INVOICE_HEADER))
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for i, inv in enumerate(invoices):
        if i == len(invoices) // 2:
            ws.append([])
        ws.append(invoice_row(rng, inv))
    total = sum(inv.total_fen for inv in invoices)
    paid = sum(inv.paid_fen for inv in invoices)
    ws.append(["合计", None, None, None, round(total / 100, 2), round(paid / 100, 2)])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A5"
    format_columns(ws, 5, dates=(3, 4), amounts=(5, 6))


def write_simple_sheet(ws: Worksheet, header: tuple, rows: list[list]) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"


def build_workbook(rng: random.Random) -> tuple[Workbook, tuple[int, int, int]]:
    customers = [Customer(*spec) for spec in CUSTOMERS]
    invoices = make_invoices(rng, customers)
    payments = make_payments(rng, invoices)
    wb = Workbook()
    write_invoice_sheet(wb.active, rng, invoices)
    pay_ws = wb.create_sheet(PAYMENT_SHEET)
    write_simple_sheet(pay_ws, PAYMENT_HEADER, [payment_row(rng, p) for p in payments])
    format_columns(pay_ws, 2, dates=(2,), amounts=(3,))
    cust_ws = wb.create_sheet(CUSTOMER_SHEET)
    write_simple_sheet(cust_ws, CUSTOMER_HEADER, [customer_row(rng, c) for c in customers])
    format_columns(cust_ws, 2, dates=(), amounts=(8,))
    wb.properties.creator = "财务部"
    wb.properties.created = STAMP
    return wb, (len(customers), len(invoices), len(payments))


def save_reproducible(wb: Workbook, path: Path) -> None:
    """Save with fixed zip timestamps and modified date so reruns give identical bytes."""
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            dst.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)


def main(argv: list[str]) -> None:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    wb, (n_customers, n_invoices, n_payments) = build_workbook(random.Random(SEED))
    save_reproducible(wb, path)
    print(f"{path}: {n_customers} customers, {n_invoices} invoices, {n_payments} payments")
    # beside it, what accounting software exports: a detail ledger and an aging table
    from accounting_exports import aging_table, detail_ledger

    for name, book in (("detail_ledger.xlsx", detail_ledger()), ("aging_table.xlsx", aging_table())):
        save_reproducible(book, path.parent / name)
        print(path.parent / name)


if __name__ == "__main__":
    main(sys.argv)
