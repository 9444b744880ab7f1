"""``dunner undo ID``: a mistaken record leaves every figure and plan, stays in the history marked
undone, and ``customer show`` lists the ids it takes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"
XINDA = "广州鑫达建材经营部"


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    """Two overdue customers (TODAY is Monday 2026-11-23)."""
    assert cli("customer", "add", HENGTONG, "--owner", "张三", "--terms", "月结25日").exit_code == 0
    assert cli("customer", "add", XINDA, "--owner", "李四").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger = open_ledger(str(cli.db))
    with ledger.write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for name, number, issued, amount in ((HENGTONG, "A-1", "2026-08-01", 100_000),
                                             (HENGTONG, "A-2", "2026-09-01", 50_050),
                                             (XINDA, "B-1", "2026-09-15", 300_000)):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": number,
                                                 "issued": date.fromisoformat(issued),
                                                 "amount": amount})
    ledger.close()
    return cli


def ok(cli: Cli, *args: str, lang: str = "en") -> Any:
    result = cli(*args, lang=lang)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def _of(plan: dict[str, Any], customer: str) -> list[dict[str, Any]]:
    return [a for a in plan["actions"] if a["customer"] == customer]


def test_undo_payment_restores_the_balance_to_the_fen_and_keeps_it_in_the_history(ledger) -> None:
    before = ledger.json("customer", "show", "恒通")
    paid = ledger.json("pay", "恒通", "1234.56", "--date", "2026-11-20")
    assert paid["open"] != before["open"]
    done = ledger.json("undo", f"P{paid['id']}", "--note", "金额录错")
    assert done == {"id": f"P{paid['id']}", "customer": HENGTONG, "undone_on": "2026-11-23",
                    "note": "金额录错", "open": before["open"], "from_paid_column": False}
    after = ledger.json("customer", "show", "恒通")
    assert (after["open"], after["overdue"], after["credit"]) == (
        before["open"], before["overdue"], before["credit"]) == ("1500.50", "1500.50", "0.00")
    assert [(p["id"], p["amount"], p["paid_on"], p["undone_on"], p["undo_note"])
            for p in after["payments"]] == [
        (f"P{paid['id']}", "1234.56", "2026-11-20", "2026-11-23", "金额录错")]
    grades = {g["customer"]: g["open"] for g in ledger.json("grade")}
    assert grades[HENGTONG] == "1500.50"
    # paying the same amount again is not refused as a duplicate of the undone one
    assert ledger.json("pay", "恒通", "1234.56", "--date", "2026-11-20")["open"] == "265.94"


def test_undone_payment_is_shown_struck_in_the_history_in_chinese(ledger) -> None:
    paid = ledger.json("pay", "恒通", "100", "--date", "2026-11-20")
    out = ok(ledger, "undo", f"p{paid['id']}", "--note", "录错", lang="zh").stdout
    assert f"已撤销 {HENGTONG} 的 P{paid['id']}：2026-11-20 回款 ¥100.00" in out
    assert "现未收余额 ¥1,500.50" in out
    shown = ok(ledger, "customer", "show", "恒通", lang="zh").stdout
    assert f"P{paid['id']}    回款 ¥100.00 ［已于 2026-11-23 撤销］ 录错" in shown


def test_undo_promise_leaves_status_and_plan(ledger) -> None:
    plain = ledger.json("plan", "--week")
    ok(ledger, "promise", "鑫达", "1000", "2026-11-26")
    on_the_day = Cli(ledger.db, date(2026, 11, 26))
    assert [p["customer"] for p in on_the_day.json("status")["promises_due_today"]] == [XINDA]
    promised = ledger.json("plan", "--week")
    assert "promise_reminder" in {a["purpose"] for a in _of(promised, XINDA)}
    rid = ledger.json("customer", "show", "鑫达")["promises"][0]["id"]
    assert rid.startswith("R")
    ok(ledger, "undo", rid)
    assert on_the_day.json("status")["promises_due_today"] == []
    assert _of(ledger.json("plan", "--week"), XINDA) == _of(plain, XINDA)


def test_undo_contact_gives_its_quota_back(ledger) -> None:
    plain = ledger.json("plan", "--week")
    ok(ledger, "log", "鑫达", "wechat", "--at", "2026-11-23 09:00")
    logged = ledger.json("plan", "--week")
    assert _of(logged, XINDA) != _of(plain, XINDA)
    cid = ledger.json("customer", "show", "鑫达")["contacts"][0]["id"]
    assert cid.startswith("C")
    ok(ledger, "undo", cid)
    assert _of(ledger.json("plan", "--week"), XINDA) == _of(plain, XINDA)


def test_undo_ack_and_signal(ledger) -> None:
    ok(ledger, "ack", "恒通", "1500.50", "--date", "2026-11-01")
    ok(ledger, "signal", "恒通", "relocation", "--note", "搬到萧山")
    shown = ledger.json("customer", "show", "恒通")
    ack, sig = shown["acknowledgements"][0]["id"], shown["signals"][0]["id"]
    assert ack.startswith("A") and sig.startswith("S")
    ok(ledger, "undo", ack)
    ok(ledger, "undo", sig)
    shown = ledger.json("customer", "show", "恒通")
    assert [r["undone_on"] for r in shown["acknowledgements"] + shown["signals"]] == [
        "2026-11-23", "2026-11-23"]
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    opened = open_ledger(str(ledger.db))
    with opened.read() as conn:
        assert repo.ack_facts(conn) == [] and repo.signal_facts(conn) == []
    opened.close()


def test_customer_show_lists_every_record_id(ledger) -> None:
    paid = ledger.json("pay", "恒通", "100", "--date", "2026-11-20")
    ok(ledger, "log", "恒通", "call", "--at", "2026-11-21 10:00")
    ok(ledger, "promise", "恒通", "200", "2026-11-30")
    ok(ledger, "ack", "恒通", "1400.50", "--date", "2026-11-21")
    ok(ledger, "signal", "恒通", "relocation")
    shown = ledger.json("customer", "show", "恒通")
    ids = [r["id"] for part in ("payments", "contacts", "promises", "acknowledgements", "signals")
           for r in shown[part]]
    assert ids[0] == f"P{paid['id']}" and [i[0] for i in ids] == ["P", "C", "R", "A", "S"]
    assert all(r["undone_on"] is None for part in ("payments", "signals") for r in shown[part])
    screen = ok(ledger, "customer", "show", "恒通").stdout
    for rid in ids:
        assert f"  {rid} " in screen, rid


def test_undo_refusals_are_one_line(ledger) -> None:
    paid = ledger.json("pay", "恒通", "100", "--date", "2026-11-20")
    ok(ledger, "undo", f"P{paid['id']}")
    again = ledger("undo", f"P{paid['id']}", lang="zh")
    assert again.exit_code == 1
    assert again.stderr == f"错误: P{paid['id']} 已于 2026-11-23 撤销，无需再撤销\n"
    unknown = ledger("undo", "C99")
    assert unknown.exit_code == 1
    assert unknown.stderr.splitlines() == [
        "error: there is no record C99",
        "hint: see a customer's records and their ids with: dunner customer show NAME"]
    bad = ledger("undo", "12")
    assert bad.exit_code == 2
    assert bad.stderr.splitlines()[0] == "error: '12' is not a record id"
    assert "P payment, C contact, R promise" in bad.stderr


@pytest.mark.sqlite_only("no ledger file is created; a server database exists beforehand")
def test_undo_on_a_missing_ledger_creates_none(cli: Cli) -> None:
    result = cli("undo", "P1")
    assert result.exit_code == 1
    assert not cli.db.exists()


def test_add_person_with_a_known_name_updates_that_person(ledger) -> None:
    ok(ledger, "customer", "edit", "恒通", "--add-person", "王经理,finance,13900000000,wx_wang")
    ok(ledger, "customer", "edit", "恒通", "--add-person", "王经理,payer,13800001234")
    people = ledger.json("customer", "show", "恒通")["people"]
    assert people == [{"name": "王经理", "role": "payer", "phone": "13800001234",
                       "wechat": "wx_wang"}]


def test_money_is_exact_after_many_undos(ledger) -> None:
    start = Decimal(ledger.json("customer", "show", "恒通")["open"])
    ids = [ledger.json("pay", "恒通", amount, "--date", day, "--force")["id"]
           for amount, day in (("0.01", "2026-11-01"), ("333.33", "2026-11-10"),
                               ("0.07", "2026-11-20"))]
    for pid in ids[::2]:
        ok(ledger, "undo", f"P{pid}")
    assert Decimal(ledger.json("customer", "show", "恒通")["open"]) == start - Decimal("333.33")


# --- payments an import brought -------------------------------------------------------------

def _book(path, paid: int | None, payments: list[tuple[object, ...]]):
    from tests.services.workbooks import INVOICE_HEADERS, PAYMENT_HEADERS, SheetSpec, write_book

    rows = [(HENGTONG, "HT-001", date(2026, 8, 1), date(2026, 9, 1), 20000, paid, "张三")]
    sheets = [SheetSpec("应收明细", INVOICE_HEADERS, rows, title_rows=2)]
    if payments:
        sheets.append(SheetSpec("回款", PAYMENT_HEADERS, payments))
    return write_book(path, sheets)


def test_undone_sheet_payment_stays_undone_when_the_same_sheet_comes_again(cli: Cli, tmp_path) -> None:
    book = _book(tmp_path / "应收.xlsx", None, [(HENGTONG, date(2026, 11, 2), 5000, "HT-001")])
    ok(cli, "import", str(book))
    pid = cli.json("customer", "show", "恒通")["payments"][0]["id"]
    ok(cli, "undo", pid)
    ok(cli, "import", str(book))
    shown = cli.json("customer", "show", "恒通")
    assert shown["open"] == "20000.00"
    assert [(p["id"], p["undone_on"]) for p in shown["payments"]] == [(pid, "2026-11-23")]


def test_undone_paid_column_rise_says_the_workbook_brings_it_back(cli: Cli, tmp_path) -> None:
    ok(cli, "import", str(_book(tmp_path / "a.xlsx", None, [])))
    ok(cli, "import", str(_book(tmp_path / "b.xlsx", 5000, [])))
    pid = cli.json("customer", "show", "恒通")["payments"][0]["id"]
    out = ok(cli, "undo", pid, lang="zh").stdout
    assert "请同时改正表格，否则下次导入会再次计入" in out
    assert cli.json("customer", "show", "恒通")["open"] == "20000.00"
    ok(cli, "import", str(_book(tmp_path / "c.xlsx", 5000, [])))  # not corrected: back again
    assert cli.json("customer", "show", "恒通")["open"] == "15000.00"
