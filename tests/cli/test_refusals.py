"""Records dunner refuses because they cannot be right: impossible times, dates after today,
non-positive amounts, likely duplicates, confirmations above the balance, unknown owners."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from tests.conftest import TODAY, Cli

HENGTONG = "杭州恒通五金有限公司"
FUTURE_HINT = "hint: record what has already happened; to work as of another day use --today"


@pytest.fixture
def books(cli: Cli) -> Cli:
    """恒通 (owner 张三) with three invoices, 1700.50 open; 鑫达 (owner 李四) with none."""
    assert cli("customer", "add", HENGTONG, "--owner", "张三", "--terms", "月结25日").exit_code == 0
    assert cli("customer", "add", "广州鑫达建材经营部", "--owner", "李四").exit_code == 0
    with _write(cli) as (conn, repo, ids):
        for number, issued, amount in (("A-1", date(2026, 8, 1), 100_000),
                                       ("A-2", date(2026, 9, 1), 50_050),
                                       ("A-3", date(2026, 10, 1), 20_000)):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[HENGTONG], "number": number,
                                                 "issued": issued, "amount": amount})
    return cli


@contextmanager
def _write(cli: Cli) -> Iterator[tuple[Any, Any, dict[str, int]]]:
    """A write transaction on the test ledger: (connection, repo, customer ids by name)."""
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger = open_ledger(str(cli.db))
    try:
        with ledger.write() as conn:
            yield conn, repo, {r["name"]: r["id"] for r in repo.customer_rows(conn)}
    finally:
        ledger.close()


def _refused(result: Any, code: int, *lines: str) -> None:
    assert (result.exit_code, result.stderr.splitlines()) == (code, list(lines))
    assert result.stdout == ""


def _history(cli: Cli, kind: str) -> list[dict[str, Any]]:
    return cli.json("customer", "show", "恒通")[kind]


# --- 1. contact times ---------------------------------------------------------------------

@pytest.mark.parametrize("at", ["2026-11-23 25:00", "2026-11-23 24:00", "2026-11-23 12:60",
                                "25:00", "9:60", "9.40"])
def test_log_refuses_a_time_that_is_no_time_of_day(books: Cli, at: str) -> None:
    _refused(books("log", "恒通", "call", "--at", at), 2,
             f"error: --at '{at}' is not a date and time of the form YYYY-MM-DD HH:MM"
             " (or HH:MM today)",
             "hint: e.g. --at '2026-11-23 15:30' or --at 09:40 for today (hours 00–23, minutes"
             " 00–59), or a date alone")
    assert _history(books, "contacts") == []  # not stored as 00:00
    # a date alone still means that day
    result = books("log", "恒通", "call", "--at", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert [c["at"] for c in _history(books, "contacts")] == ["2026-11-20 00:00"]


def test_a_time_alone_is_that_time_today(books: Cli) -> None:
    """The call made this morning: ``--at 09:40`` is today (``--today``) at 09:40."""
    result = books("log", "恒通", "call", "--outcome", "promised", "--at", "９:40")
    assert result.exit_code == 0, result.stderr
    assert [c["at"] for c in _history(books, "contacts")] == [f"{TODAY} 09:40"]


# --- 2. nothing recorded can have happened after today -------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (("pay", "恒通", "100", "--date", "2026-11-24"),
     "error: the payment date 2026-11-24 is after today (2026-11-23)"),
    (("ack", "恒通", "100", "--date", "2026-12-01"),
     "error: the confirmation date 2026-12-01 is after today (2026-11-23)"),
    (("signal", "恒通", "relocation", "--date", "2026-11-24"),
     "error: the signal date 2026-11-24 is after today (2026-11-23)"),
    (("log", "恒通", "call", "--at", "2026-11-24 09:30"),
     "error: the contact time 2026-11-24 09:30 is after today (2026-11-23)"),
    (("log", "恒通", "call", "--at", "2026-11-24"),
     "error: the contact time 2026-11-24 00:00 is after today (2026-11-23)"),
])
def test_a_record_dated_after_today_is_refused(books: Cli, args: tuple[str, ...],
                                               message: str) -> None:
    _refused(books(*args), 2, message, FUTURE_HINT)
    show = books.json("customer", "show", "恒通")
    assert [show[k] for k in ("payments", "acknowledgements", "signals", "contacts")] == [[]] * 4


def test_today_itself_is_not_the_future(books: Cli) -> None:
    assert books("pay", "恒通", "100", "--date", "2026-11-23").exit_code == 0
    assert books("log", "恒通", "call", "--at", "2026-11-23 23:59").exit_code == 0
    # and --today moves "today": the same payment date is fine a day later
    later = Cli(books.db, today=date(2026, 11, 24))
    assert later("signal", "恒通", "relocation", "--date", "2026-11-24").exit_code == 0
    assert books("signal", "恒通", "relocation", "--date", "2026-11-24").exit_code == 2


# --- 3. a confirmed balance above the open balance -----------------------------------------

def test_ack_above_the_open_balance_is_refused_unless_forced(books: Cli) -> None:
    _refused(books("ack", "恒通", "1800"), 1,
             f"error: the confirmed balance 1800.00 is above {HENGTONG}'s open balance 1700.50",
             "hint: check the statement and the ledger, or add --force to record it anyway")
    assert _history(books, "acknowledgements") == []
    assert books("ack", "恒通", "1700.50").exit_code == 0  # exactly the open balance is fine
    forced = books("ack", "恒通", "1800", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert [a["balance"] for a in _history(books, "acknowledgements")] == ["1700.50", "1800.00"]


# --- 4. amounts are positive, even typed with a minus ---------------------------------------

NOT_POSITIVE = "error: the amount '{}' must be greater than zero"
AMOUNT_HINT = "hint: write yuan with at most two decimals, e.g. 1234.50"


@pytest.mark.parametrize("args", [
    ("pay", "恒通", "-500"),
    ("pay", "恒通", "-500", "--date", "2026-11-20"),
    ("pay", "--ref", "x", "恒通", "-0.50"),
    ("promise", "恒通", "-500", "2026-11-30"),
    ("ack", "恒通", "-1,000"),
])
def test_a_negative_amount_is_an_amount_that_must_be_positive(books: Cli,
                                                               args: tuple[str, ...]) -> None:
    value = next(a for a in args if a.startswith("-") and not a.startswith("--"))
    _refused(books(*args), 2, NOT_POSITIVE.format(value), AMOUNT_HINT)
    _refused(books("pay", "恒通", "0"), 2, NOT_POSITIVE.format("0"), AMOUNT_HINT)


def test_a_mistyped_option_next_to_an_amount_keeps_its_own_error(books: Cli) -> None:
    result = books("pay", "恒通", "-500", "--refx", "a")
    assert result.exit_code == 2
    assert "--refx" in result.stderr
    result = books("pay", "恒通", "500", "--refx", "a")
    assert result.exit_code == 2 and "No such option: --refx" in result.stderr
    assert _history(books, "payments") == []


# --- 5. duplicate payments -----------------------------------------------------------------

DUPLICATE_HINT = "hint: if this really is a second payment, add --force"


def test_pay_refuses_a_likely_duplicate_of_a_recorded_payment(books: Cli) -> None:
    assert books("pay", "恒通", "300", "--date", "2026-11-20", "--ref", "转账0031").exit_code == 0
    for day in ("2026-11-17", "2026-11-20", "2026-11-23"):  # within 3 days either side
        _refused(books("pay", "恒通", "300", "--date", day), 1,
                 f"error: {HENGTONG} already has a payment of 300.00 on 2026-11-20 (转账0031)",
                 DUPLICATE_HINT)
    assert len(_history(books, "payments")) == 1
    assert books("pay", "恒通", "300", "--date", "2026-11-16").exit_code == 0  # 4 days before
    assert books("pay", "恒通", "300.01", "--date", "2026-11-20").exit_code == 0  # another amount
    assert books("pay", "鑫达", "300", "--date", "2026-11-20").exit_code == 0  # another customer
    forced = books("pay", "恒通", "300", "--date", "2026-11-21", "--force", "--json")
    assert forced.exit_code == 0, forced.stderr
    assert len(_history(books, "payments")) == 4


def test_pay_names_a_hand_entered_duplicate_by_its_id(books: Cli) -> None:
    pid = books.json("pay", "恒通", "300", "--date", "2026-11-20")["id"]
    _refused(books("pay", "恒通", "300"), 1,
             f"error: {HENGTONG} already has a payment of 300.00 on 2026-11-20 "
             f"(entered by hand, id {pid})", DUPLICATE_HINT)


def test_pay_refuses_a_payment_an_imported_sheet_already_brought(books: Cli) -> None:
    with _write(books) as (conn, repo, ids):
        for origin, paid_on, ref in (("sheet", date(2026, 11, 19), "回款!12"),
                                     ("paid_column", None, "应收明细!5")):  # no date: no match
            repo.insert_one(conn, repo.PAYMENT, {
                "customer_id": ids[HENGTONG], "paid_on": paid_on, "amount": 50_000,
                "origin": origin, "source_file": "ledger.xlsx", "source_ref": ref})
    _refused(books("pay", "恒通", "500", "--date", "2026-11-21"), 1,
             f"error: {HENGTONG} already has a payment of 500.00 on 2026-11-19 (ledger.xlsx:回款!12)",
             DUPLICATE_HINT)
    _refused(books("pay", "恒通", "500", "--date", "2026-11-21", lang="zh"), 1,
             f"错误: {HENGTONG} 已有 2026-11-19 的回款 500.00（ledger.xlsx:回款!12）",
             "提示: 如果确实是另一笔回款，请加 --force")


# --- 6. plan --owner names an owner the ledger has -----------------------------------------

def test_plan_for_an_unknown_owner_says_so_and_suggests_close_names(books: Cli) -> None:
    _refused(books("plan", "--owner", "张四"), 1,
             "error: no customer or invoice has the owner '张四'", "hint: did you mean: 李四、张三")
    _refused(books("plan", "--owner", "王五"), 1,
             "error: no customer or invoice has the owner '王五'", "hint: owners are: 张三、李四")
    assert books("plan", "--owner", "张三").exit_code == 0


def test_an_owner_named_only_on_invoices_is_known(books: Cli) -> None:
    with _write(books) as (conn, repo, ids):
        repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[HENGTONG], "number": "A-4",
                                             "issued": date(2026, 10, 5), "amount": 10_000,
                                             "owner": "赵六"})
    assert books("plan", "--owner", "赵六", "--json").exit_code == 0
    _refused(books("plan", "--owner", "赵七"), 1,
             "error: no customer or invoice has the owner '赵七'", "hint: did you mean: 赵六")
