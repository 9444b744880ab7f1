"""Tax invoices from the command line: 票到30天 dated from the fapiao, receivables waiting on one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import Cli

BOOK = """客户名称,单据编号,发货日期,价税合计
华丰,H-1,2026-08-01,20000
华丰,H-2,2026-09-01,8000
"""


def _ledger(cli: Cli, tmp_path: Path, terms: str) -> Cli:
    assert cli("customer", "add", "华丰", "--terms", terms, "--owner", "张三").exit_code == 0
    path = tmp_path / "book.csv"
    path.write_text(BOOK, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    return cli


def _invoices(cli: Cli) -> dict[str, tuple[str, int, str]]:
    [graded] = cli.json("grade", "华丰")
    return {i["number"]: (i["due"], i["days_overdue"], i["class"]) for i in graded["invoices"]}


def test_fapiao_terms_with_the_fapiao_issued_late(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path, "票到30天")
    assert cli.json("customer", "list")[0]["terms"] == "fapiao:30"
    # no fapiao yet: not due, whatever the age of the delivery (due 30 days after today)
    assert _invoices(cli) == {"H-1": ("2026-12-23", 0, "current"), "H-2": ("2026-12-23", 0, "current")}
    waiting = cli.json("status")["waiting_on_fapiao"]
    assert [(w["invoice"], w["why"]) for w in waiting] == [("H-1", "not_issued"), ("H-2", "not_issued")]
    result = cli("fapiao", "华丰", "H-1", "--issued", "2026-10-01", "--number", "04412345")
    assert result.exit_code == 0, result.stdout
    assert "fapiao 04412345 issued on 2026-10-01" in result.stdout
    # due 30 days after the fapiao, not after the delivery: 2026-10-31, 23 days overdue
    assert _invoices(cli)["H-1"] == ("2026-10-31", 23, "collecting")
    assert _invoices(Cli(cli.db, date(2026, 10, 31)))["H-1"] == ("2026-10-31", 0, "current")
    assert [w["invoice"] for w in cli.json("status")["waiting_on_fapiao"]] == ["H-2"]


def test_a_fapiao_not_issued_holds_back_a_receivable(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path, "net:30")
    assert cli("fapiao", "华丰", "H-2", "--none").exit_code == 0
    assert _invoices(cli)["H-2"] == ("2026-10-01", 53, "collecting")  # the terms still date it
    shown = cli.json("customer", "show", "华丰")["waiting_on_fapiao"]
    assert shown == [{"invoice": "H-2", "open": "8000.00", "why": "not_issued"}]
    screen = cli("customer", "show", "华丰", lang="zh").stdout
    assert "等待发票" in screen and "H-2" in screen


def test_the_customer_says_the_fapiao_did_not_arrive(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path, "net:30")
    assert cli("fapiao", "华丰", "H-1", "--issued", "2026-08-05").exit_code == 0
    assert cli("log", "华丰", "call", "--outcome", "invoice_not_received",
               "--at", "2026-11-20 15:30").exit_code == 0
    waiting = cli.json("status")["waiting_on_fapiao"]
    assert {(w["invoice"], w["why"]) for w in waiting} == {("H-1", "not_received"),
                                                           ("H-2", "not_received")}
    assert cli("fapiao", "华丰", "H-1", "--received", "2026-11-22").exit_code == 0
    assert [w["invoice"] for w in cli.json("status")["waiting_on_fapiao"]] == ["H-2"]


def test_fapiao_options_are_checked(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path, "net:30")
    both = cli("fapiao", "华丰", "H-1", "--none", "--issued", "2026-09-01")
    assert both.exit_code == 2
    assert "give one of --issued, --received or --none" in both.stdout + both.stderr
    number = cli("fapiao", "华丰", "H-1", "--received", "2026-09-01", "--number", "1")
    assert number.exit_code == 2
    early = cli("fapiao", "华丰", "H-1", "--issued", "2026-07-01")
    assert early.exit_code == 2
    assert "before the receivable's date 2026-08-01" in early.stdout + early.stderr
    unknown = cli("fapiao", "华丰", "H-9", "--none")
    assert unknown.exit_code == 1
    assert "dunner customer show lists" in unknown.stdout + unknown.stderr
