"""``log --excuse`` in Chinese or English words, ``--excuse quality --invoice`` marking a
dispute, and contact people whose role is written as a title (老板, 出纳, 财务, 仓库)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    assert cli("customer", "add", HENGTONG, "--owner", "张三", "--terms", "月结25日").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    book = open_ledger(str(cli.db))
    with book.write() as conn:
        cid = next(r["id"] for r in repo.customer_rows(conn))
        for number, issued, amount in (("A-1", date(2026, 8, 1), 100_000),
                                       ("A-2", date(2026, 9, 1), 50_050)):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": number,
                                                 "issued": issued, "amount": amount})
    book.close()
    return cli


def _lines(result: Any) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def _excuses(cli: Cli) -> list[str]:
    return [c["excuse"] for c in cli.json("customer", "show", "恒通")["contacts"]]


@pytest.mark.parametrize(("word", "excuse"), [
    ("负责人不在", "boss_absent"), ("老板不在", "boss_absent"), ("没钱", "no_cash"),
    ("资金紧张", "no_cash"), ("没到付款日", "not_pay_day"), ("还没到付款时间", "not_pay_day"),
    ("货没卖完", "unsold_goods"), ("质量问题", "quality"), ("要分期", "installments"),
    ("分期", "installments"), ("no cash", "no_cash"), ("boss away", "boss_absent"),
    ("unsold_goods", "unsold_goods"),
])
def test_excuse_words_are_recorded_as_the_ledger_word(ledger: Cli, word: str, excuse: str) -> None:
    result = ledger("log", "恒通", "call", "--excuse", word)
    assert result.exit_code == 0, result.stderr
    assert _excuses(ledger) == [excuse]


def test_an_unknown_excuse_names_the_closest(ledger: Cli) -> None:
    result = ledger("log", "恒通", "call", "--excuse", "no_cahs")
    assert result.exit_code == 2
    assert _lines(result) == [
        "error: excuse 'no_cahs' is not one dunner knows",
        "hint: did you mean no_cash? dunner knows: boss_absent, no_cash, not_pay_day, "
        "unsold_goods, quality, installments, other"]
    assert ledger.json("customer", "show", "恒通")["contacts"] == []


def test_an_unknown_chinese_excuse_in_chinese(ledger: Cli) -> None:
    result = ledger("log", "恒通", "call", "--excuse", "没前", lang="zh")
    assert result.exit_code == 2
    lines = _lines(result)
    assert lines[0] == "错误: excuse 不支持 '没前'"
    assert lines[1].startswith("提示: 是不是 没钱")


def test_nothing_like_any_excuse_lists_them_all(ledger: Cli) -> None:
    result = ledger("log", "恒通", "call", "--excuse", "xyzzy")
    assert result.exit_code == 2
    assert _lines(result)[1] == ("hint: choose one of: boss_absent, no_cash, not_pay_day, "
                                 "unsold_goods, quality, installments, other")


def test_excuse_quality_with_an_invoice_marks_it_disputed(ledger: Cli) -> None:
    result = ledger("log", "恒通", "visit", "--excuse", "质量问题", "--invoice", "A-2",
                    "--note", "两箱破损", "--at", "2026-11-20 09:30")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"recorded visit with {HENGTONG} at 2026-11-20 09:30",
        "  invoice A-2 is now disputed: it is not chased until the dispute is resolved"]
    doc = ledger.json("customer", "show", "恒通")
    assert [(c["excuse"], c["note"]) for c in doc["contacts"]] == [("quality", "两箱破损")]
    disputed = {i["number"]: (i["disputed"], i["dispute_reason"]) for i in doc["invoices"]}
    assert disputed == {"A-1": (False, None), "A-2": (True, "两箱破损")}
    plan = ledger.json("plan", "--week")["actions"]
    assert [a["invoices"] for a in plan if a["purpose"] == "resolve_dispute"] == [["A-2"]]


def test_another_excuse_with_an_invoice_is_refused(ledger: Cli) -> None:
    result = ledger("log", "恒通", "call", "--excuse", "没钱", "--invoice", "A-1")
    assert result.exit_code == 2
    assert _lines(result) == [
        "error: --invoice names the invoice a customer disputes: it goes with --outcome disputed",
        "hint: add --outcome disputed (or --excuse quality), or leave out --invoice"]
    assert ledger.json("customer", "show", "恒通")["contacts"] == []


@pytest.mark.parametrize(("given", "role"), [
    ("老板", "decision"), ("总经理", "decision"), ("出纳", "payer"), ("财务", "finance"),
    ("会计", "finance"), ("仓库", "acceptance"), ("质检", "acceptance"), ("payer", "payer"),
    ("", "other"),
])
def test_person_roles_from_titles(ledger: Cli, given: str, role: str) -> None:
    result = ledger("customer", "edit", "恒通", "--add-person", f"王强,{given},13800001234,wx_wang")
    assert result.exit_code == 0, result.stderr
    people = ledger.json("customer", "show", "恒通")["people"]
    assert [(p["name"], p["role"], p["phone"], p["wechat"]) for p in people] == [
        ("王强", role, "13800001234", "wx_wang")]


def test_customer_add_person_with_a_chinese_title(cli: Cli) -> None:
    assert cli("customer", "add", "鑫达", "--person", "李会计，财务，13900001111").exit_code == 0
    people = cli.json("customer", "show", "鑫达")["people"]
    assert [(p["name"], p["role"]) for p in people] == [("李会计", "finance")]


def test_a_title_dunner_does_not_know(ledger: Cli) -> None:
    result = ledger("customer", "edit", "恒通", "--add-person", "王强,销售")
    assert result.exit_code == 2
    assert _lines(result) == [
        "error: '销售' is not a contact role",
        "hint: use decision, payer, finance, acceptance or other, or a title such as 老板, 出纳, "
        "财务, 仓库"]
    assert ledger.json("customer", "show", "恒通")["people"] == []
