"""A plan a rep can trust: today's logged contacts count today, each day's action carries that
day's facts, nothing vanishes at month end, a part-paid promise names what is still missing."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from tests.cli.test_plan import FORMULA, HENGTONG, XINDA, actions_of, ledger  # noqa: F401
from tests.conftest import Cli


def test_a_wechat_logged_this_morning_is_todays_action(ledger: Cli) -> None:  # noqa: F811
    before = ledger.json("plan", "--day")
    assert [a["channel"] for a in actions_of(before, HENGTONG)] == ["wechat"]
    assert ledger("log", "恒通", "wechat", "--at", "2026-11-23 10:03").exit_code == 0
    after = ledger.json("plan", "--week")
    todays = [a for a in actions_of(after, HENGTONG) if a["date"] == "2026-11-23"]
    assert todays == []  # not a second WeChat at 10:00 after the one sent at 10:03


def test_a_call_logged_this_afternoon_is_todays_action(ledger: Cli) -> None:  # noqa: F811
    before = ledger.json("plan", "--day")
    assert [a["channel"] for a in actions_of(before, XINDA)] == ["call"]
    assert ledger("log", "鑫达", "call", "--at", "2026-11-23 15:32").exit_code == 0
    after = ledger.json("plan", "--week")
    assert [a for a in actions_of(after, XINDA) if a["date"] == "2026-11-23"] == []
    # the logged call counts against the month's three: it is the call planned for today
    calls = [(a["date"], a["reason"]) for a in actions_of(after, XINDA) if a["channel"] == "call"]
    assert [d for d, _ in calls] == ["2026-11-24", "2026-11-25"]
    assert re.match(r"call \d of 3 this month", calls[0][1])


def test_logged_contacts_of_other_days_do_not_block_today(ledger: Cli) -> None:  # noqa: F811
    ledger("log", "恒通", "wechat", "--at", "2026-11-20 10:03")
    assert [a["channel"] for a in actions_of(ledger.json("plan", "--day"), HENGTONG)]


def test_a_week_ahead_names_each_days_invoices(ledger: Cli) -> None:  # noqa: F811
    """Monday's plan for Thursday shows Thursday's overdue money, not Monday's."""
    doc = ledger.json("plan", "--week")
    by_day = {a["date"]: (tuple(a["invoices"]), a["amount"]) for a in actions_of(doc, HENGTONG)}
    assert by_day["2026-11-23"] == (("A-1", "A-2"), "1500.50")
    assert by_day["2026-11-26"] == (("A-1", "A-2", "A-3"), "1700.50")
    thursday = next(a for a in actions_of(doc, HENGTONG) if a["date"] == "2026-11-26")
    assert "A-3" in thursday["message"] and "¥1,700.50" in thursday["message"]
    # and the plan made on Thursday says the same of Thursday
    on_thursday = Cli(ledger.db, date(2026, 11, 26)).json("plan", "--day")
    assert [(tuple(a["invoices"]), a["amount"]) for a in actions_of(on_thursday, HENGTONG)] == [
        (("A-1", "A-2", "A-3"), "1700.50")]


def test_what_the_month_cannot_hold_is_deferred_scarce_ones_first(ledger: Cli) -> None:  # noqa: F811
    """On 11-23 a collecting customer has five usable days left for nine contacts: the visit is
    placed, and the four that do not fit are listed with the reason."""
    doc = ledger.json("plan", "--week")
    for name in (HENGTONG, XINDA, FORMULA):
        placed = Counter(a["channel"] for a in actions_of(doc, name))
        deferred = Counter(a["channel"] for a in doc["deferred"] if a["customer"] == name)
        assert placed["visit"] == 1
        assert placed + deferred == Counter({"wechat": 5, "call": 3, "visit": 1})
        assert all("the month has no usable day left" in a["reason"]
                   for a in doc["deferred"] if a["customer"] == name)
    # a one-day plan lists no month-end overflow: the month still has days after it
    assert ledger.json("plan", "--day")["deferred"] == []


def test_a_doubtful_customer_gets_its_demand_letter_in_a_short_month(cli: Cli) -> None:
    Cli(cli.db, date(2026, 7, 1))("customer", "add", "苏州远大机电", "--owner", "王芳")
    _invoice(cli, "苏州远大机电", "D-1", "2026-06-01", 500_000)  # due 07-01: 145 days overdue
    doc = cli.json("plan", "--week")
    channels = Counter(a["channel"] for a in doc["actions"])
    assert channels["letter"] == 1 and channels["visit"] == 1


def test_a_part_paid_promise_follow_up_names_what_is_missing(cli: Cli) -> None:
    cli("customer", "add", "杭州恒通五金有限公司", "--owner", "张三")
    _invoice(cli, "杭州恒通五金有限公司", "A-1", "2026-09-01", 2_000_000)
    made = Cli(cli.db, date(2026, 11, 10))
    assert made("promise", "恒通", "10000", "2026-11-20").exit_code == 0
    assert Cli(cli.db, date(2026, 11, 18))("pay", "恒通", "6000").exit_code == 0
    doc = cli.json("plan", "--day")  # Monday 11-23: the promise was due on Friday
    follow = [a for a in doc["actions"] if a["purpose"] == "promise_followup"]
    assert [(a["date"], a["channel"], a["amount"]) for a in follow] == [("2026-11-23", "call",
                                                                         "4000.00")]
    assert "¥6,000.00 of the ¥10,000.00" in follow[0]["message"]
    assert "¥4,000.00 is still missing" in follow[0]["message"]
    zh = cli("plan", "--day", "--json", lang="zh")
    assert "还差 ¥4,000.00" in zh.stdout


def _invoice(cli: Cli, name: str, number: str, issued: str, amount: int) -> None:
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger_ = open_ledger(str(cli.db))
    with ledger_.write() as conn:
        cid = next(r["id"] for r in repo.customer_rows(conn) if r["name"] == name)
        repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": number,
                                             "issued": date.fromisoformat(issued), "amount": amount})
    ledger_.close()


def test_log_action_refuses_an_id_no_plan_gave(ledger: Cli) -> None:  # noqa: F811
    result = ledger("log", "恒通", "wechat", "--action", "deadbeef")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: no plan gave {HENGTONG} an action deadbeef",
        "hint: copy the id from dunner plan, or leave out --action to record the contact alone"]
    assert ledger.json("customer", "show", "恒通")["contacts"] == []


def test_log_action_refuses_another_customers_id(ledger: Cli) -> None:  # noqa: F811
    theirs = actions_of(ledger.json("plan", "--day"), XINDA)[0]["id"]
    result = ledger("log", "恒通", "call", "--action", theirs)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == \
        f"error: action {theirs} belongs to {XINDA}, not {HENGTONG}"
    # the right customer may log it
    assert ledger("log", "鑫达", "call", "--action", theirs).exit_code == 0


def test_a_customer_new_this_week_is_not_chased_for_the_weeks_before(cli: Cli,
                                                                     other_ledger_url: str) -> None:
    """The ledger learns of an overdue customer on Monday 11-23: the month's quota is owed from
    that week on (a contact or two before the month-end window), not crammed into five days."""
    cli("customer", "add", "苏州远大机电", "--owner", "王芳")
    _invoice(cli, "苏州远大机电", "D-1", "2026-08-01", 500_000)  # due 08-31: collecting
    doc = cli.json("plan", "--week")
    placed = [a for a in doc["actions"] if a["purpose"] == "collect"]
    deferred = [a for a in doc["deferred"] if a["purpose"] == "collect"]
    assert 1 <= len(placed) <= 2 and deferred == []
    # known since July, the same customer is owed the month's catch-up
    old = Cli(other_ledger_url)
    Cli(old.db, date(2026, 7, 1))("customer", "add", "苏州远大机电", "--owner", "王芳")
    _invoice(old, "苏州远大机电", "D-1", "2026-08-01", 500_000)
    doc = old.json("plan", "--week")
    caught_up = [a for a in doc["actions"] + doc["deferred"] if a["purpose"] == "collect"]
    assert len(caught_up) > len(placed)
