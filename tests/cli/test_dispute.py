"""Disputed invoices through the CLI: ``dispute``, ``dispute --resolved`` and ``log --outcome
disputed --invoice``; the plan holds dunning on a disputed invoice and asks for a resolution."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"
XINDA = "广州鑫达建材经营部"


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    """恒通 (张三, 月结25日): A-1 due 09-25 and A-2 due 10-25 overdue, A-3 due 11-25 not yet;
    鑫达 (李四, net:30): B-1 overdue. TODAY is Monday 2026-11-23."""
    assert cli("customer", "add", HENGTONG, "--owner", "张三", "--terms", "月结25日").exit_code == 0
    assert cli("customer", "add", XINDA, "--owner", "李四").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    book = open_ledger(str(cli.db))
    with book.write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for name, number, issued, amount in (
                (HENGTONG, "A-1", date(2026, 8, 1), 100_000), (HENGTONG, "A-2", date(2026, 9, 1), 50_050),
                (HENGTONG, "A-3", date(2026, 10, 1), 20_000), (XINDA, "B-1", date(2026, 9, 15), 300_000)):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": number,
                                                 "issued": issued, "amount": amount})
    book.close()
    return cli


def _week(cli: Cli) -> list[dict[str, Any]]:
    return [a for a in cli.json("plan", "--week")["actions"] if a["customer"] == HENGTONG]


def _invoices(cli: Cli) -> dict[str, dict[str, Any]]:
    return {i["number"]: i for i in cli.json("customer", "show", "恒通")["invoices"]}


def _lines(result: Any) -> list[str]:
    assert "Traceback" not in result.stdout + result.stderr
    return result.stderr.splitlines()


def test_a_disputed_invoice_gets_a_resolve_task_and_no_dunning_until_resolved(ledger: Cli) -> None:
    before = _week(ledger)
    assert any("A-1" in a["invoices"] for a in before if a["purpose"] == "collect")
    assert not [a for a in before if a["purpose"] == "resolve_dispute"]

    result = ledger("dispute", "恒通", "A-1", "--reason", "质量问题，待验收")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{HENGTONG}: invoice A-1 is disputed (质量问题，待验收); it is not chased until the "
        "dispute is resolved"]

    week = _week(ledger)
    tasks = [a for a in week if a["purpose"] == "resolve_dispute"]
    assert [(t["channel"], t["invoices"], t["amount"], t["owner"]) for t in tasks] == [
        ("task", ["A-1"], "1000.00", "张三")]
    assert [a for a in week if a["purpose"] == "collect"]  # A-2 is still chased ...
    assert all("A-1" not in a["invoices"] for a in week if a["purpose"] != "resolve_dispute")

    assert ledger("dispute", "恒通", "A-1", "--resolved").exit_code == 0
    after = _week(ledger)
    assert not [a for a in after if a["purpose"] == "resolve_dispute"]
    assert any("A-1" in a["invoices"] for a in after if a["purpose"] == "collect")
    assert after == before  # ... and once resolved the plan is the plan it was


def test_customer_show_lists_the_dispute_and_its_reason(ledger: Cli) -> None:
    assert ledger("dispute", "恒通", "A-2", "--reason", "少发两箱").exit_code == 0
    invoices = _invoices(ledger)
    assert (invoices["A-2"]["disputed"], invoices["A-2"]["dispute_reason"]) == (True, "少发两箱")
    assert (invoices["A-1"]["disputed"], invoices["A-1"]["dispute_reason"]) == (False, None)
    shown = ledger("customer", "show", "恒通")
    assert shown.exit_code == 0, shown.stderr
    assert "  disputed: A-2 — 少发两箱" in shown.stdout.splitlines()
    assert ledger("dispute", "恒通", "A-2", "--resolved").exit_code == 0
    assert _invoices(ledger)["A-2"]["disputed"] is False
    assert "disputed:" not in ledger("customer", "show", "恒通").stdout


def test_disputing_again_replaces_the_reason(ledger: Cli) -> None:
    assert ledger("dispute", "恒通", "A-1", "--reason", "价格不对").exit_code == 0
    doc = ledger.json("dispute", "恒通", "A-1", "--reason", "价格和数量都不对")
    assert doc == {"customer": HENGTONG, "invoice": "A-1", "disputed": True,
                   "reason": "价格和数量都不对", "previous_reason": "价格不对"}
    assert _invoices(ledger)["A-1"]["dispute_reason"] == "价格和数量都不对"


def test_unknown_invoice_names_the_open_ones(ledger: Cli) -> None:
    assert ledger("pay", "恒通", "1000", "--invoice", "A-1").exit_code == 0  # A-1 paid off
    result = ledger("dispute", "恒通", "Z-9", "--reason", "x")
    assert result.exit_code == 1
    assert _lines(result) == [f"error: {HENGTONG} has no invoice 'Z-9'",
                              "hint: its open invoices: A-2、A-3"]
    result = ledger("dispute", "鑫达", "A-1", "--reason", "x")
    assert _lines(result) == [f"error: {XINDA} has no invoice 'A-1'", "hint: its open invoices: B-1"]


def test_unknown_invoice_hint_is_one_line_for_many_invoices(ledger: Cli) -> None:
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    book = open_ledger(str(ledger.db))
    with book.write() as conn:
        cid = next(r["id"] for r in repo.customer_rows(conn) if r["name"] == XINDA)
        for n in range(2, 13):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": f"B-{n:02d}",
                                                 "issued": date(2026, 10, 1), "amount": 100})
    book.close()
    result = ledger("dispute", "鑫达", "B-99", "--reason", "x")
    assert _lines(result)[1] == ("hint: its open invoices: B-1、B-02、B-03、B-04、B-05、B-06、B-07、"
                                 "B-08 and 4 more")


def test_resolving_an_invoice_that_is_not_disputed_is_refused(ledger: Cli) -> None:
    result = ledger("dispute", "恒通", "A-1", "--resolved")
    assert (result.exit_code, _lines(result)) == (1, [
        f"error: {HENGTONG}'s invoice 'A-1' is not disputed",
        f"hint: {HENGTONG} has no disputed invoice"])
    assert ledger("dispute", "恒通", "A-2", "--reason", "x").exit_code == 0
    result = ledger("dispute", "恒通", "A-1", "--resolved")
    assert _lines(result)[1] == "hint: its disputed invoices: A-2"


@pytest.mark.parametrize(("args", "message"), [
    (("dispute", "恒通", "A-1"), "error: a dispute needs its reason"),
    (("dispute", "恒通", "A-1", "--reason", "  "), "error: a dispute needs its reason"),
    (("dispute", "恒通", "A-1", "--resolved", "--reason", "x"),
     "error: --reason records a dispute; --resolved clears one: not both"),
    (("log", "恒通", "call", "--invoice", "A-1"),
     "error: --invoice names the invoice a customer disputes: it goes with --outcome disputed"),
    (("log", "恒通", "call", "--outcome", "reached", "--invoice", "A-1"),
     "error: --invoice names the invoice a customer disputes: it goes with --outcome disputed"),
])
def test_usage_errors(ledger: Cli, args: tuple[str, ...], message: str) -> None:
    result = ledger(*args)
    assert result.exit_code == 2
    lines = _lines(result)
    assert lines[0] == message
    assert lines[1].startswith("hint: ")
    assert _invoices(ledger)["A-1"]["disputed"] is False
    assert ledger.json("customer", "show", "恒通")["contacts"] == []


def test_log_outcome_disputed_marks_the_invoice_with_the_contact(ledger: Cli) -> None:
    result = ledger("log", "恒通", "call", "--outcome", "disputed", "--excuse", "quality",
                    "--invoice", "A-2", "--note", "说有两箱破损", "--at", "2026-11-20 15:30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"recorded call with {HENGTONG} at 2026-11-20 15:30",
        "  invoice A-2 is now disputed: it is not chased until the dispute is resolved"]
    doc = ledger.json("customer", "show", "恒通")
    assert [(c["outcome"], c["note"]) for c in doc["contacts"]] == [("disputed", "说有两箱破损")]
    a2 = next(i for i in doc["invoices"] if i["number"] == "A-2")
    assert (a2["disputed"], a2["dispute_reason"]) == (True, "说有两箱破损")
    tasks = [a for a in _week(ledger) if a["purpose"] == "resolve_dispute"]
    assert [t["invoices"] for t in tasks] == [["A-2"]]


def test_log_without_a_note_keeps_the_excuse_as_the_reason(ledger: Cli) -> None:
    assert ledger("log", "恒通", "visit", "--outcome", "disputed", "--excuse", "quality",
                  "--invoice", "A-1").exit_code == 0
    assert _invoices(ledger)["A-1"]["dispute_reason"] == "quality"


def test_log_with_an_unknown_invoice_records_nothing(ledger: Cli) -> None:
    result = ledger("log", "恒通", "call", "--outcome", "disputed", "--invoice", "A-9")
    assert (result.exit_code, _lines(result)) == (1, [
        f"error: {HENGTONG} has no invoice 'A-9'", "hint: its open invoices: A-1、A-2、A-3"])
    assert ledger.json("customer", "show", "恒通")["contacts"] == []  # one transaction: no contact


def test_log_outcome_disputed_without_an_invoice_is_a_contact_only(ledger: Cli) -> None:
    assert ledger("log", "恒通", "call", "--outcome", "disputed").exit_code == 0
    assert not any(i["disputed"] for i in _invoices(ledger).values())


def test_chinese_texts(ledger: Cli) -> None:
    result = ledger("dispute", "恒通", "A-1", "--reason", "质量问题", lang="zh")
    assert result.stdout.splitlines() == [f"{HENGTONG}：单号 A-1 有争议（质量问题），争议解决前不再催收"]
    result = ledger("dispute", "恒通", "A-9", "--reason", "x", lang="zh")
    assert _lines(result) == [f"错误: {HENGTONG} 没有单号 'A-9'", "提示: 未结清的单号：A-1、A-2、A-3"]
    result = ledger("dispute", "恒通", "A-1", "--resolved", lang="zh")
    assert result.stdout.splitlines() == [f"{HENGTONG}：单号 A-1 的争议已解决，恢复催收"]
    assert _lines(ledger("dispute", "恒通", "A-1", lang="zh"))[0] == "错误: 登记争议需要写明原因"


def test_unknown_customer(cli: Cli) -> None:
    assert cli("customer", "add", "甲").exit_code == 0
    result = cli("dispute", "乙", "A-1", "--reason", "x")
    assert result.exit_code == 1
    assert _lines(result)[0] == "error: no customer named '乙'"


def test_a_dispute_survives_a_reimport(cli: Cli, tmp_path) -> None:
    from tests.services.workbooks import invoice_book

    rows = [("甲公司", "A-1", date(2026, 9, 1), None, 1000, None, "张三")]
    assert cli("import", str(invoice_book(tmp_path / "a.xlsx", rows))).exit_code == 0
    assert cli("dispute", "甲公司", "A-1", "--reason", "未验收").exit_code == 0
    changed = [("甲公司", "A-1", date(2026, 9, 1), None, 1200, None, "张三")]
    result = cli("import", str(invoice_book(tmp_path / "b.xlsx", changed)))
    assert result.exit_code == 0, result.stderr
    a1 = cli.json("customer", "show", "甲公司")["invoices"][0]
    assert (a1["amount"], a1["disputed"], a1["dispute_reason"]) == ("1200.00", True, "未验收")


def test_on_a_missing_ledger_it_says_so_and_creates_nothing(cli: Cli) -> None:
    result = cli("dispute", "甲", "A-1", "--reason", "x")
    assert result.exit_code == 1
    assert _lines(result)[0] == f"error: the ledger file {cli.db} does not exist"
    assert list(cli.db.parent.iterdir()) == []
