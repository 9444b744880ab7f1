"""A deterministic ledger of moderate size for the golden-output tests of the read commands.

``write_workbook`` writes 120 customers and 3,000 invoices over four years (2023 to a few days
before TODAY) in the usual three sheets: 应收明细 (no 已收金额 column: the 回款 sheet is the record
of payments), 回款 (partial payments, instalments, payments before the due date, payments naming
no invoice) and 客户 (each customer's terms in one of many spellings, owner, phone, credit limit).
Customers behave differently — prompt, slow, stopped paying, gone quiet years ago, new this year —
so that every invoice class and every grade occurs; the newest invoices are not due yet.

``CLERK`` is what a clerk then records at the counter (payments, an overpayment that leaves a
credit, contacts, promises kept open and broken, disputes), each at its own ``--today``.

``build_ledger`` does both through the CLI (``invoke`` runs one ``dunner`` command line and returns
its exit code and output). The same seed always gives the same cells and the same records.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
SEED = 20261126
TODAY = "2026-11-23"
AS_OF = date(2026, 11, 23)
FIRST_SHIP = date(2023, 1, 1)
LAST_SHIP = AS_OF - timedelta(days=3)
CUSTOMERS = 120
INVOICES = 3_000

INVOICE_SHEET = "应收明细"
PAYMENT_SHEET = "回款"
CUSTOMER_SHEET = "客户"
INVOICE_HEADER = ("客户名称", "单据编号", "发货日期", "到期日", "价税合计", "业务员", "备注")
PAYMENT_HEADER = ("客户", "回款日期", "金额", "单号")
CUSTOMER_HEADER = ("客户名称", "业务员", "联系电话", "结算方式", "信用额度")

PLACES = ("杭州", "宁波", "温州", "义乌", "绍兴", "广州", "佛山", "东莞", "上海", "苏州")
WORDS = ("宏达", "明远", "金盛", "永兴", "富春", "鸿运", "恒丰", "瑞丰", "广源", "东升", "顺发",
         "华盛")
TRADES = ("五金", "包装材料", "办公用品", "家具", "汽车配件", "塑胶制品", "纺织", "电子")
FORMS = ("有限公司", "厂", "商行", "经营部")
OWNERS = ("张三", "李四", "王芳", "赵敏", "陈晓东", "刘洋")
# (the 结算方式 cell, days from shipping to due, roughly, for an explicit 到期日)
TERMS = (("月结", 55), ("月结25日", 55), ("月结10号", 40), ("月结30天", 45), ("账期30天", 30),
         ("帐期45日", 45), ("60天", 60), ("net:45", 45), ("NET 90", 90), ("送二结一", 30),
         ("现款现货", 0), ("货到付款", 0), ("month-end:60", 75), ("90天", 90))
NOTES = ("含运费", "客户对账中", "已开票", "部分退货", "质量异议待处理", "老板答应月底付")
# how a customer pays: (name, weight)
HABITS = (("prompt", 30), ("late", 30), ("slow", 20), ("stopped", 12), ("gone", 8))


@dataclass
class Customer:
    name: str
    owner: str
    phone: str
    terms: str
    term_days: int
    credit_yuan: int
    habit: str
    first: date  # first and last shipping day
    last: date
    invoices: list[Invoice] = field(default_factory=list)


@dataclass
class Invoice:
    customer: Customer
    number: str
    shipped: date
    due: date | None  # None: the 到期日 cell is empty (the terms decide)
    fen: int
    note: str | None
    paid: int = 0  # fen, the sum of its 回款 rows and the clerk's payments to it


@dataclass(frozen=True)
class Payment:
    customer: Customer
    paid_on: date
    fen: int
    number: str | None  # None: the row names no invoice (oldest first)


def _customers(rng: random.Random) -> list[Customer]:
    combos = [(p, w, t, f) for p in PLACES for w in WORDS for t in TRADES for f in FORMS]
    habits, weights = zip(*HABITS, strict=True)
    out: list[Customer] = []
    for i, (place, word, trade, form) in enumerate(rng.sample(combos, CUSTOMERS)):
        terms, days = TERMS[i % len(TERMS)]
        habit = rng.choices(habits, weights)[0]
        if habit == "gone":  # last delivery in 2023 or 2024
            first = FIRST_SHIP + timedelta(days=rng.randint(0, 200))
            last = first + timedelta(days=rng.randint(60, 500))
        elif i % 10 == 0:  # a new customer this year
            first = date(2026, 1, 1) + timedelta(days=rng.randint(0, 250))
            last = LAST_SHIP
        else:
            first = FIRST_SHIP + timedelta(days=rng.randint(0, 700))
            last = LAST_SHIP - timedelta(days=rng.randint(0, 40))
        phone = f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
        credit = rng.choice((30_000, 50_000, 80_000, 100_000, 200_000, 500_000))
        out.append(Customer(f"{place}{word}{trade}{form}", OWNERS[i % len(OWNERS)], phone, terms,
                            days, credit, habit, first, last))
    return out


def _amount(rng: random.Random) -> int:
    yuan = min(max(int(rng.lognormvariate(8.6, 1.0)), 200), 300_000)
    roll = rng.random()
    if roll < 0.3:
        return (yuan // 100) * 100 * 100
    if roll < 0.6:
        return yuan * 100
    return yuan * 100 + rng.randint(1, 99)


def _invoices(rng: random.Random, customers: list[Customer]) -> list[Invoice]:
    weights = [rng.uniform(0.3, 3.0) for _ in customers]
    picks = rng.choices(range(len(customers)), weights, k=INVOICES)
    invoices: list[Invoice] = []
    for i in picks:
        cust = customers[i]
        shipped = cust.first + timedelta(days=rng.randint(0, (cust.last - cust.first).days))
        due = shipped + timedelta(days=cust.term_days) if rng.random() < 0.4 else None
        note = rng.choice(NOTES) if rng.random() < 0.08 else None
        invoices.append(Invoice(cust, "", shipped, due, _amount(rng), note))
    invoices.sort(key=lambda inv: (inv.shipped, inv.customer.name))
    per_year: dict[int, int] = {}
    for inv in invoices:
        per_year[inv.shipped.year] = per_year.get(inv.shipped.year, 0) + 1
        inv.number = f"XS{inv.shipped.year}-{per_year[inv.shipped.year]:05d}"
        inv.customer.invoices.append(inv)
    return invoices


def _paid_on(rng: random.Random, inv: Invoice) -> date | None:
    """When the customer paid the invoice in full, by its habit; None: not (yet) paid."""
    due = inv.due or inv.shipped + timedelta(days=inv.customer.term_days)
    habit = inv.customer.habit
    if habit == "prompt":
        on = due + timedelta(days=rng.randint(-15, 4))
    elif habit == "late":
        on = due + timedelta(days=rng.randint(10, 75))
    elif habit == "slow":
        on = due + timedelta(days=rng.randint(40, 260))
    elif habit == "stopped":  # paid until the spring of 2026, nothing since
        on = due + timedelta(days=rng.randint(5, 90))
        if inv.shipped >= date(2026, 3, 1):
            return None
    else:  # gone: paid the first deliveries, then vanished
        on = due + timedelta(days=rng.randint(20, 120))
        if inv.shipped >= inv.customer.first + timedelta(days=60):
            return None
    on = max(on, inv.shipped + timedelta(days=1))
    return on if on < AS_OF else None


def _payments(rng: random.Random, invoices: list[Invoice]) -> list[Payment]:
    rows: list[Payment] = []
    for inv in invoices:
        on = _paid_on(rng, inv)
        cust = inv.customer
        if on is None:
            # a part paid on account (a prompt payer pays in full or not yet)
            if cust.habit != "prompt" and rng.random() < 0.12 and (AS_OF - inv.shipped).days > 2:
                part = max(100, (int(inv.fen * rng.uniform(0.1, 0.6)) // 100) * 100)
                when = inv.shipped + timedelta(days=rng.randint(1, (AS_OF - inv.shipped).days - 1))
                rows.append(Payment(cust, when, part, inv.number))
                inv.paid += part
            continue
        roll = rng.random()
        if roll < 0.1 and (on - inv.shipped).days >= 2:  # two instalments
            first = max(100, (int(inv.fen * rng.uniform(0.3, 0.7)) // 100) * 100)
            earlier = inv.shipped + timedelta(days=rng.randint(1, (on - inv.shipped).days - 1))
            rows.append(Payment(cust, earlier, first, inv.number))
            rows.append(Payment(cust, on, inv.fen - first, inv.number))
        elif roll < 0.18 and cust.habit != "prompt":  # all but a remainder, disputed or forgotten
            part = max(100, (int(inv.fen * rng.uniform(0.5, 0.95)) // 100) * 100)
            rows.append(Payment(cust, on, min(part, inv.fen), inv.number))
            inv.paid += min(part, inv.fen)
            continue
        else:
            # about one row in twelve names no invoice: the oldest open one takes it
            rows.append(Payment(cust, on, inv.fen, inv.number if rng.random() > 0.08 else None))
        inv.paid += inv.fen
    rows.sort(key=lambda p: (p.paid_on, p.customer.name, p.number or ""))
    return rows


@dataclass(frozen=True)
class Ledger:
    customers: list[Customer]
    invoices: list[Invoice]
    payments: list[Payment]


def generate(seed: int = SEED) -> Ledger:
    rng = random.Random(seed)
    customers = _customers(rng)
    invoices = _invoices(rng, customers)
    return Ledger(customers, invoices, _payments(rng, invoices))


def write_workbook(path: Path, ledger: Ledger) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet = book.add_worksheet(INVOICE_SHEET)
    sheet.write_row(0, 0, INVOICE_HEADER)
    for r, inv in enumerate(ledger.invoices, start=1):
        sheet.write_string(r, 0, inv.customer.name)
        sheet.write_string(r, 1, inv.number)
        sheet.write_datetime(r, 2, inv.shipped, day)
        if inv.due is not None:
            sheet.write_datetime(r, 3, inv.due, day)
        sheet.write_number(r, 4, inv.fen / 100, money)
        sheet.write_string(r, 5, inv.customer.owner)
        if inv.note:
            sheet.write_string(r, 6, inv.note)
    sheet = book.add_worksheet(PAYMENT_SHEET)
    sheet.write_row(0, 0, PAYMENT_HEADER)
    for r, pay in enumerate(ledger.payments, start=1):
        sheet.write_string(r, 0, pay.customer.name)
        sheet.write_datetime(r, 1, pay.paid_on, day)
        sheet.write_number(r, 2, pay.fen / 100, money)
        if pay.number is not None:
            sheet.write_string(r, 3, pay.number)
    sheet = book.add_worksheet(CUSTOMER_SHEET)
    sheet.write_row(0, 0, CUSTOMER_HEADER)
    for r, cust in enumerate(ledger.customers, start=1):
        sheet.write_row(r, 0, (cust.name, cust.owner, cust.phone, cust.terms))
        sheet.write_number(r, 4, cust.credit_yuan, money)
    book.close()
    return path


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _open(cust: Customer) -> list[Invoice]:
    return [inv for inv in cust.invoices if inv.paid < inv.fen]


def _pick(ledger: Ledger, habit: str, skip: set[str], test: Callable[[Customer], bool]) -> Customer:
    """The first customer (in sheet order) with this habit, not yet used, that passes ``test``."""
    for cust in ledger.customers:
        if cust.habit == habit and cust.name not in skip and test(cust):
            skip.add(cust.name)
            return cust
    raise LookupError(f"no {habit} customer fits")


def clerk_actions(ledger: Ledger) -> list[tuple[str, list[str]]]:
    """(the --today of the record, the command line after the global options), in order."""
    used: set[str] = set()
    actions: list[tuple[str, list[str]]] = []

    def overdue(cust: Customer) -> list[Invoice]:
        return [inv for inv in _open(cust)
                if (inv.due or inv.shipped + timedelta(days=cust.term_days)) < AS_OF - timedelta(30)]

    # a part payment on a named invoice, and one allocated oldest first
    late = _pick(ledger, "late", used, lambda c: len(overdue(c)) >= 2)
    inv = overdue(late)[0]
    actions.append((TODAY, ["pay", late.name, _yuan((inv.fen - inv.paid) // 2), "--date",
                            "2026-11-20", "--invoice", inv.number, "--method", "转账",
                            "--ref", "HD20261120-01"]))
    slow = _pick(ledger, "slow", used, lambda c: len(overdue(c)) >= 3)
    actions.append((TODAY, ["pay", slow.name, "8000", "--date", "2026-11-16"]))
    # a payment before the invoice falls due
    ahead = _pick(ledger, "prompt", used,
                  lambda c: any(i.due is not None and i.due > AS_OF for i in _open(c)))
    early = next(i for i in _open(ahead) if i.due is not None and i.due > AS_OF)
    actions.append((TODAY, ["pay", ahead.name, _yuan(early.fen - early.paid), "--date",
                            "2026-11-21", "--invoice", early.number]))
    # an overpayment: the whole balance and 1,500.00 more, a credit on the account
    over = _pick(ledger, "prompt", used, lambda c: 0 < len(_open(c)) <= 3)
    balance = sum(i.fen - i.paid for i in _open(over))
    actions.append((TODAY, ["pay", over.name, _yuan(balance + 150_000), "--date", "2026-11-19",
                            "--ref", "多付货款"]))
    # a promise made last week, still open, after a call
    promised = _pick(ledger, "late", used, lambda c: len(overdue(c)) >= 1)
    actions.append(("2026-11-17", ["log", promised.name, "call", "--outcome", "promised",
                                   "--excuse", "no_cash", "--note", "月底前付一半",
                                   "--at", "2026-11-17 10:30"]))
    actions.append(("2026-11-17", ["promise", promised.name, "20000", "2026-11-30",
                                   "--note", "老板答应"]))
    # a promise made earlier in the month and broken
    broken = _pick(ledger, "stopped", used, lambda c: len(overdue(c)) >= 1)
    actions.append(("2026-11-02", ["log", broken.name, "wechat", "--outcome", "promised",
                                   "--at", "2026-11-02 15:00"]))
    actions.append(("2026-11-02", ["promise", broken.name, "12000", "2026-11-10"]))
    # contacts without a result
    quiet = _pick(ledger, "stopped", used, lambda c: len(overdue(c)) >= 1)
    actions.append(("2026-11-12", ["log", quiet.name, "call", "--outcome", "no_answer",
                                   "--at", "2026-11-12 09:15"]))
    actions.append(("2026-11-19", ["log", quiet.name, "visit", "--outcome", "refused",
                                   "--excuse", "老板不在", "--at", "2026-11-19 14:00",
                                   "--evidence"]))
    # disputes: one marked directly, one through a contact
    disputed = _pick(ledger, "late", used, lambda c: len(overdue(c)) >= 2)
    actions.append(("2026-11-18", ["dispute", disputed.name, overdue(disputed)[-1].number,
                                   "--reason", "质量问题，待验收"]))
    quality = _pick(ledger, "slow", used, lambda c: len(overdue(c)) >= 1)
    actions.append(("2026-11-20", ["log", quality.name, "call", "--outcome", "disputed",
                                   "--invoice", overdue(quality)[0].number,
                                   "--note", "数量不符", "--at", "2026-11-20 11:00"]))
    # a warning signal, a stamped statement of the whole balance, an instalment plan
    warned = _pick(ledger, "slow", used, lambda c: len(overdue(c)) >= 1)
    actions.append(("2026-11-10", ["signal", warned.name, "key_person_change", "--note",
                                   "财务经理离职", "--date", "2026-11-09"]))
    stamped = _pick(ledger, "gone", used, lambda c: len(_open(c)) >= 1)
    actions.append(("2026-11-15", ["ack", stamped.name, _yuan(sum(i.fen - i.paid
                                                                   for i in _open(stamped))),
                                   "--date", "2026-11-14", "--note", "对账单已盖章"]))
    split = _pick(ledger, "late", used, lambda c: len(overdue(c)) >= 2)
    actions.append(("2026-11-16", ["instalments", split.name, "--count", "4", "--every", "month",
                                   "--first", "2026-12-10"]))
    return actions


def shown_customers(ledger: Ledger) -> list[str]:
    """The customers whose file ``customer show`` pins: every one the clerk recorded something
    about."""
    return sorted({args[1] for _, args in clerk_actions(ledger)})


Invoke = Callable[[list[str]], tuple[int, str]]


def build_ledger(workdir: Path, invoke: Invoke) -> Ledger:
    """The workbook imported and the clerk's records made through ``invoke``, which takes a
    command line starting with ``--today`` (``--db`` and the rest are the caller's)."""
    ledger = generate()
    book = write_workbook(workdir / "golden_ledger.xlsx", ledger)
    code, out = invoke(["--today", TODAY, "import", str(book)])
    if code != 0:
        raise RuntimeError(f"import failed ({code}): {out}")
    for today, args in clerk_actions(ledger):
        code, out = invoke(["--today", today, *args])
        if code != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({code}): {out}")
    return ledger


def reads(ledger: Ledger) -> dict[str, list[str]]:
    """The pinned read commands by golden-file name (each prints JSON), after the global options."""
    out = {"grade": ["grade", "--json"],
           "plan_week": ["plan", "--week", "--json"],
           "status": ["status", "--json"],
           "aging": ["report", "aging", "--json"],
           "aging_by_owner": ["report", "aging", "--by", "owner", "--json"]}
    for i, name in enumerate(shown_customers(ledger), start=1):
        out[f"customer_show_{i}"] = ["customer", "show", name, "--json"]
    return out


def golden_path(name: str) -> Path:
    """The golden output of the read command ``name`` (a key of ``reads``), gzipped JSON."""
    return GOLDEN / f"{name}.json.gz"


def read_golden(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")
