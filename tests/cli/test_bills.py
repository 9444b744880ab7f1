"""Acceptance bills from the command line: pay with a bill, maturity, dishonour, endorsement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import Cli

# Four receivables of 恒通 (net:30 from the customer sheet):
# A-1 due 2026-06-30, A-2 due 2026-07-10, A-3 due 2026-09-30, A-4 due 2026-12-01.
BOOK = """客户名称,单据编号,发货日期,到期日,价税合计
恒通,A-1,2026-05-31,2026-06-30,10000
恒通,A-2,2026-06-10,2026-07-10,5000
恒通,A-3,2026-08-31,2026-09-30,3000
恒通,A-4,2026-11-01,2026-12-01,2000
"""


def _ledger(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "book.csv"
    path.write_text(BOOK, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    return cli


def _on(cli: Cli, day: date) -> Cli:
    return Cli(cli.db, day)


def _invoices(cli: Cli) -> dict[str, dict]:
    [graded] = cli.json("grade", "恒通")
    return {i["number"]: i for i in graded["invoices"]}


def test_a_bank_bill_settles_two_invoices_and_matures(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    paid = _on(cli, date(2026, 7, 1)).json(
        "pay", "恒通", "15000", "--bill", "bank", "--bill-no", "BK-1", "--matures", "2026-12-01",
        "--acceptor", "工商银行杭州分行")
    assert paid["allocated"] == [{"invoice": "A-1", "amount": "10000.00"},
                                 {"invoice": "A-2", "amount": "5000.00"}]
    assert set(_invoices(cli)) == {"A-3", "A-4"}  # settled: out of the aging
    assert cli.json("report", "bills") == [{
        "bill_no": "BK-1", "customer": "恒通", "kind": "bank", "acceptor": "工商银行杭州分行",
        "amount": "15000.00", "received": "2026-07-01", "matures": "2026-12-01",
        "days_to_maturity": 8, "state": "held", "endorsed_to": ""}]
    bills = cli.json("status")["bills"]
    assert (bills["outstanding"], bills["commercial"], bills["count"]) == ("15000.00", "0.00", 1)
    assert [b["bill_no"] for b in bills["maturing"]] == ["BK-1"]
    # maturity 12-01 + 3 days' grace: held through 12-04, honoured from 12-05
    assert _on(cli, date(2026, 12, 4)).json("report", "bills")[0]["state"] == "held"
    later = _on(cli, date(2026, 12, 5))
    assert later.json("report", "bills")[0]["state"] == "honoured"
    assert later.json("status")["bills"]["count"] == 0
    assert set(_invoices(later)) == {"A-3", "A-4"}


def test_a_commercial_bill_dishonoured_after_five_months(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    assert _on(cli, date(2026, 6, 15)).json(
        "pay", "恒通", "13000", "--bill", "commercial", "--bill-no", "CM-7",
        "--matures", "2026-11-15")["open"] == "7000.00"
    before = _invoices(cli)
    assert set(before) == {"A-2", "A-3", "A-4"}  # A-1 settled, A-2 paid in part
    assert before["A-2"]["open"] == "2000.00"
    done = cli.json("bill", "dishonoured", "CM-7", "--date", "2026-11-18")
    assert done["reopened"] == [{"invoice": "A-1", "amount": "10000.00"},
                                {"invoice": "A-2", "amount": "3000.00"}]
    assert done["open"] == "20000.00"
    after = _invoices(cli)
    # open again from their own due dates; the bill_dishonoured signal moves overdue ones up a class
    assert {n: (i["open"], i["days_overdue"], i["class"]) for n, i in after.items()} == {
        "A-1": ("10000.00", 146, "bad"),  # doubtful by age
        "A-2": ("5000.00", 136, "bad"),
        "A-3": ("3000.00", 54, "doubtful"),  # collecting by age
        "A-4": ("2000.00", 0, "current"),  # not due: never bumped
    }
    signals = cli.json("customer", "show", "恒通")["signals"]
    assert [(s["kind"], s["on_date"]) for s in signals] == [("bill_dishonoured", "2026-11-18")]
    assert cli.json("report", "bills")[0]["state"] == "dishonoured"
    again = cli("bill", "dishonoured", "CM-7")
    assert again.exit_code == 1
    assert "CM-7 was already recorded dishonoured on 2026-11-18" in again.stdout + again.stderr


def test_an_endorsed_bill_is_no_longer_held(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    assert _on(cli, date(2026, 7, 1))("pay", "恒通", "10000", "--bill", "commercial", "--bill-no",
                                       "CM-9", "--matures", "2027-01-05").exit_code == 0
    assert cli.json("status")["bills"]["commercial"] == "10000.00"
    result = cli("bill", "endorse", "CM-9", "--to", "宁波钢材供应商")
    assert result.exit_code == 0, result.stdout
    [row] = cli.json("report", "bills")
    assert (row["state"], row["endorsed_to"]) == ("endorsed", "宁波钢材供应商")
    assert cli.json("status")["bills"]["count"] == 0
    assert "A-1" not in _invoices(cli)  # an endorsed bill still paid the invoice
    twice = cli("bill", "endorse", "CM-9", "--to", "别人")
    assert twice.exit_code == 1
    assert "bill CM-9 is not held (endorsed)" in twice.stdout + twice.stderr


def test_bill_options_are_checked(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    alone = cli("pay", "恒通", "100", "--bill-no", "X-1")
    assert alone.exit_code == 2
    assert "add --bill bank or --bill commercial" in alone.stdout + alone.stderr
    partial = cli("pay", "恒通", "100", "--bill", "bank", "--bill-no", "X-1")
    assert partial.exit_code == 2
    assert "a bill needs its number and maturity" in partial.stdout + partial.stderr
    early = cli("pay", "恒通", "100", "--bill", "bank", "--bill-no", "X-1", "--matures", "2026-01-01")
    assert early.exit_code == 2
    assert cli("pay", "恒通", "100", "--bill", "bank", "--bill-no", "X-1",
               "--matures", "2027-01-01").exit_code == 0
    dup = cli("pay", "恒通", "200", "--bill", "bank", "--bill-no", "X-1", "--matures", "2027-01-01")
    assert dup.exit_code == 1
    assert "bill X-1 is already recorded" in dup.stdout + dup.stderr
    unknown = cli("bill", "dishonoured", "NOPE")
    assert unknown.exit_code == 1
    assert "no bill numbered NOPE" in unknown.stdout + unknown.stderr


def test_commercial_bills_outstanding_for_the_credit_gate(cli: Cli, tmp_path: Path) -> None:
    from dunner.ledger.db import open_ledger
    from dunner.services.bills import commercial_bills_outstanding

    _ledger(cli, tmp_path)
    for args in (("4000", "commercial", "C-1", "2027-01-10"), ("3000", "bank", "B-1", "2027-01-10"),
                 ("2000", "commercial", "C-2", "2026-11-19")):
        amount, kind, number, matures = args
        assert _on(cli, date(2026, 8, 1))("pay", "恒通", amount, "--bill", kind, "--bill-no", number,
                                          "--matures", matures).exit_code == 0
    ledger = open_ledger(str(cli.db))
    with ledger.read() as conn:
        [(cid,)] = conn.exec_driver_sql("SELECT id FROM customer").all()
        # C-2 matured 11-19: held through 11-22, honoured on 11-23
        assert commercial_bills_outstanding(conn, cid, date(2026, 11, 22), 3) == 600_000
        assert commercial_bills_outstanding(conn, cid, date(2026, 11, 23), 3) == 400_000
    ledger.close()


def test_a_dishonour_before_the_bill_was_received_is_refused(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    assert _on(cli, date(2026, 7, 1))("pay", "恒通", "1000", "--bill", "bank", "--bill-no", "BK-2",
                                       "--matures", "2026-12-01").exit_code == 0
    result = cli("bill", "dishonoured", "BK-2", "--date", "2026-06-30")
    assert result.exit_code == 2
    assert "2026-06-30 is before the bill was received (2026-07-01)" in result.stdout + result.stderr
    assert cli.json("report", "bills")[0]["state"] == "held"  # nothing written
    zh = cli("bill", "dishonoured", "BK-2", lang="zh")
    assert zh.exit_code == 0
    assert "拒付" in zh.stdout and "重新未收 A-1" in zh.stdout
