"""A small ledger for the statement, letter and credit-gate tests, entered as a clerk would,
with text a spreadsheet would run as a formula in the fields a statement prints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.cli.five_customers import ok
from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"
XINDA = "广州鑫达建材经营部"
PAID_UP = "苏州已结清贸易公司"
HOSTILE = ('=HYPERLINK("http://example.invalid","点我")', "-2+3", "@SUM(A1)", "+86 138 0000 1234")


def add_invoices(cli: Cli, customer: str, *rows: tuple[str, date, int, str]) -> None:
    """(number, issued, fen, description) rows for an existing customer."""
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    led = open_ledger(str(cli.db))
    with led.write() as conn:
        cid = next(r["id"] for r in repo.customer_rows(conn) if r["name"] == customer)
        for number, issued, amount, description in rows:
            repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": number,
                                                 "issued": issued, "amount": amount,
                                                 "description": description})
    led.close()


def enter(cli: Cli) -> Cli:
    """On 2026-11-23 (net:30): 恒通 owes 1,500.51 of which 1,300.51 overdue; 鑫达 owes 800.00,
    all overdue; the third customer paid everything."""
    ok(cli, "customer", "add", HENGTONG, "--owner", "张三", "--phone", HOSTILE[3],
       "--address", "杭州市拱墅区", "--credit-limit", "2000", "--person", "王会计,payer,13800001234")
    ok(cli, "customer", "add", XINDA, "--owner", "李四")
    ok(cli, "customer", "add", PAID_UP, "--owner", "李四")
    add_invoices(cli, HENGTONG, ("H-1", date(2026, 8, 1), 100_051, HOSTILE[0]),
                 ("-2+3", date(2026, 9, 10), 50_000, ""), ("H-3", date(2026, 11, 1), 20_000, ""))
    add_invoices(cli, XINDA, ("X-1", date(2026, 6, 1), 80_000, ""))
    add_invoices(cli, PAID_UP, ("P-1", date(2026, 7, 1), 30_000, ""))
    ok(cli, "pay", HENGTONG, "200", "--date", "2026-09-05", "--ref", HOSTILE[2])
    ok(cli, "pay", PAID_UP, "300", "--date", "2026-08-01")
    return cli


def company_config(tmp_path: Path, **extra: str) -> Path:
    """A config.toml with the [company] table filled (a formula-like name too)."""
    path = tmp_path / "config.toml"
    lines = ["[company]", 'name = "=杭州示例贸易有限公司"', 'address = "杭州市西湖区文三路 100 号"',
             'phone = "0571-88880000"', 'bank = "中国工商银行杭州文三路支行"',
             'account = "1202000000000000000"', 'contact = "王会计"']
    lines += [f'{k} = "{v}"' for k, v in extra.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
