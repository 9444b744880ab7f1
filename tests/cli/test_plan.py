"""``dunner plan`` through the CLI: the JSON shape, spans and filters, calendar and worklist files."""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dunner.domain.calendar import china_calendar
from dunner.domain.timing import window
from tests.conftest import TODAY, Cli
from tests.policies import windows

CN = china_calendar()
CHANNELS = {"wechat", "call", "visit", "letter", "email", "legal", "task"}
PURPOSES = {"reconfirm", "promise_reminder", "promise_followup", "collect", "demand_letter",
            "legal_review", "resolve_dispute", "acknowledgement"}
ACTION_KEYS = {"id", "date", "time", "customer", "owner", "channel", "purpose", "invoices", "amount",
               "priority", "reason", "message", "contact"}
HENGTONG = "杭州恒通五金有限公司"
XINDA = "广州鑫达建材经营部"
FORMULA = '=HYPERLINK("x")'
WARNING_2027 = ("warning: the holiday calendar does not know 2027; weekends only there "
                "(add [calendar] holidays/workdays to the config when they are announced)")


def _add_invoices(cli: Cli, rows: list[tuple[str, str, str, int]], **extra: Any) -> None:
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger = open_ledger(str(cli.db))
    with ledger.write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for name, number, issued, amount in rows:
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": number,
                                                 "issued": date.fromisoformat(issued), "amount": amount,
                                                 **extra})
    ledger.close()


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    """Three overdue customers of two reps (TODAY is Monday 2026-11-23), in the ledger since
    August (so every slot of November is owed)."""
    august = Cli(cli.db, date(2026, 8, 1))
    assert august("customer", "add", HENGTONG, "--owner", "张三", "--terms", "月结25日",
                  "--pay-days", "10,25", "--city", "杭州",
                  "--person", "刘会计,payer,0571-87654321,", "--person",
                  "王总,decision,13812345678,wang_boss").exit_code == 0
    assert august("customer", "add", XINDA, "--owner", "李四", "--city", "广州",
                  "--distance", "12", "--phone", "020-87654321").exit_code == 0
    assert august("customer", "add", FORMULA, "--owner", "张三", "--wechat", "formula_x").exit_code == 0
    # monthly:25 → A-1 due 09-25, A-2 due 10-25 (overdue), A-3 due 11-25 (not yet);
    # net:30 → B-1 due 10-15 and X-1 due 10-20
    _add_invoices(cli, [(HENGTONG, "A-1", "2026-08-01", 100_000), (HENGTONG, "A-2", "2026-09-01", 50_050),
                        (HENGTONG, "A-3", "2026-10-01", 20_000), (XINDA, "B-1", "2026-09-15", 300_000),
                        (FORMULA, "X-1", "2026-09-20", 12_345)])
    return cli


def actions_of(doc: dict[str, Any], customer: str | None = None) -> list[dict[str, Any]]:
    return [a for a in doc["actions"] if customer is None or a["customer"] == customer]


# --- the JSON shape -------------------------------------------------------------------------

def test_week_json_shape(ledger: Cli) -> None:
    doc = ledger.json("plan", "--week")
    assert set(doc) == {"from", "to", "actions", "deferred", "warnings"}
    assert doc["from"] == "2026-11-23" and doc["to"] == "2026-11-29"
    assert doc["warnings"] == []
    # 11-23..27 are the month's last usable days: what November cannot hold is listed, not lost
    assert doc["deferred"] and all("the month has no usable day left" in d["reason"]
                                   for d in doc["deferred"])
    assert all(set(d) == ACTION_KEYS for d in doc["deferred"])
    assert doc["actions"]
    for a in doc["actions"]:
        assert set(a) == ACTION_KEYS
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["date"])
        assert re.fullmatch(r"\d{2}:\d{2}", a["time"])
        assert re.fullmatch(r"\d+\.\d{2}", a["amount"])
        assert re.fullmatch(r"[0-9a-f]{8}", a["id"])
        assert a["channel"] in CHANNELS and a["purpose"] in PURPOSES
        assert isinstance(a["priority"], int)
        assert isinstance(a["invoices"], list) and all(isinstance(n, str) for n in a["invoices"])
        assert a["reason"] and a["message"]
    assert [a["date"] for a in doc["actions"]] == sorted(a["date"] for a in doc["actions"])
    assert len({a["id"] for a in doc["actions"]}) == len(doc["actions"])


@pytest.mark.postgres_too
def test_week_json_content(ledger: Cli) -> None:
    doc = ledger.json("plan", "--week")
    hengtong = actions_of(doc, HENGTONG)
    assert {a["owner"] for a in hengtong} == {"张三"}
    # each day's action carries that day's facts: A-3 falls due on 11-25, so from the 26th on
    # the messages name it and its amount too
    assert {(a["date"] > "2026-11-25", tuple(a["invoices"]), a["amount"]) for a in hengtong} == {
        (False, ("A-1", "A-2"), "1500.50"), (True, ("A-1", "A-2", "A-3"), "1700.50")}
    # pay days 10 and 25: the month's visit was due on the 10th (a month's schedule starts on
    # its first day, so plans stay stable); missed, it is caught up this week, early
    assert [a["time"] for a in hengtong if a["channel"] == "visit"] == ["09:30"]
    xinda = actions_of(doc, XINDA)
    assert {(a["owner"], a["amount"], tuple(a["invoices"])) for a in xinda} == {("李四", "3000.00", ("B-1",))}


@pytest.mark.postgres_too
def test_week_follows_the_rules(ledger: Cli) -> None:
    doc = ledger.json("plan", "--week")
    per_day = Counter((a["customer"], a["date"]) for a in doc["actions"])
    assert max(per_day.values()) == 1  # at most one action per customer per day
    for a in doc["actions"]:
        day, at = date.fromisoformat(a["date"]), time.fromisoformat(a["time"])
        assert CN.is_working_day(day)
        assert window(day, windows()) is None  # 11-28..30 is the month-end window
        assert time(9, 0) <= at <= time(18, 0) and not time(11, 45) <= at < time(14, 0)
        # calls from 15:30, WeChat from 10:00, visits from 09:30; one rep's next ones step on
        assert at >= {"call": time(15, 30), "wechat": time(10, 0), "visit": time(9, 30)}[a["channel"]]
    assert {a["customer"] for a in doc["actions"]} == {HENGTONG, XINDA, FORMULA}


# --- spans and filters ----------------------------------------------------------------------

def test_day_is_today_only(ledger: Cli) -> None:
    doc = ledger.json("plan", "--day")
    assert doc["from"] == doc["to"] == "2026-11-23"
    assert doc["actions"] and {a["date"] for a in doc["actions"]} == {"2026-11-23"}
    assert ledger.json("plan") == doc  # one day is the default


def test_days_n(ledger: Cli) -> None:
    doc = ledger.json("plan", "--days", "3")
    assert (doc["from"], doc["to"]) == ("2026-11-23", "2026-11-25")
    assert {a["date"] for a in doc["actions"]} == {"2026-11-23", "2026-11-24", "2026-11-25"}


def test_from_cuts_the_same_plan(ledger: Cli) -> None:
    week = ledger.json("plan", "--week")
    part = ledger.json("plan", "--from", "2026-11-25", "--days", "2")
    assert (part["from"], part["to"]) == ("2026-11-25", "2026-11-26")
    assert part["actions"] == [a for a in week["actions"] if a["date"] in ("2026-11-25", "2026-11-26")]
    longer = ledger.json("plan", "--days", "40")
    assert week["actions"] == [a for a in longer["actions"] if a["date"] <= "2026-11-29"]
    later = ledger.json("plan", "--week", "--from", "2026-11-25")
    assert (later["from"], later["to"]) == ("2026-11-25", "2026-12-01")


def test_from_in_the_past_is_refused(ledger: Cli) -> None:
    result = ledger("plan", "--from", "2026-11-20", "--json")
    assert result.exit_code != 0
    assert json.loads(result.stdout)["error"]["code"] == "past_plan"


def test_owner_filter(ledger: Cli) -> None:
    week = ledger.json("plan", "--week")
    doc = ledger.json("plan", "--week", "--owner", "李四")
    assert doc["actions"] == [a for a in week["actions"] if a["owner"] == "李四"]
    assert doc["actions"]


def test_customer_filter(ledger: Cli) -> None:
    week = ledger.json("plan", "--week")
    doc = ledger.json("plan", "--week", "--customer", "恒通")
    assert doc["actions"] == actions_of(week, HENGTONG)
    assert doc["actions"]


def test_unknown_customer_filter(ledger: Cli) -> None:
    result = ledger("plan", "--customer", "nobody")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: no customer named 'nobody'"


def test_text_output_is_a_table_per_day_and_owner(ledger: Cli) -> None:
    result = ledger("plan", "--week")
    assert result.exit_code == 0, result.stderr
    for title in ("2026-11-23 Mon — 张三", "2026-11-23 Mon — 李四", "2026-11-27 Fri — 李四"):
        assert title in result.stdout
    for a in ledger.json("plan", "--week")["actions"]:
        assert a["id"] in result.stdout


def test_empty_plan(cli: Cli) -> None:
    assert cli("db", "upgrade").exit_code == 0  # an empty ledger
    result = cli("plan", "--week")
    assert result.exit_code == 0
    assert "nothing to do from 2026-11-23 to 2026-11-29" in result.stdout
    assert cli.json("plan", "--week")["actions"] == []


# --- capacity and deferred actions ----------------------------------------------------------

@pytest.mark.postgres_too
def test_what_does_not_fit_is_deferred(ledger: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[planning.capacity]\nvisit = 3\ncall = 0\nwechat = 40\n", encoding="utf-8")
    env = {"DUNNER_CONFIG": str(config)}
    result = ledger("plan", "--day", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    # today's calls (张三's to X-1's customer, 李四's to 鑫达) have no room and no later day
    assert [(a["customer"], a["channel"]) for a in doc["actions"]] == [(HENGTONG, "wechat")]
    assert [(d["customer"], d["channel"]) for d in doc["deferred"]] == [(FORMULA, "call"),
                                                                       (XINDA, "call")]
    assert set(doc["deferred"][0]) == ACTION_KEYS
    assert all("calls for the day are full" in d["reason"] for d in doc["deferred"])


# --- calendar file --------------------------------------------------------------------------

def test_ics(ledger: Cli, tmp_path: Path) -> None:
    from icalendar import Calendar

    path = tmp_path / "plan.ics"
    result = ledger("plan", "--week", "--ics", str(path))
    assert result.exit_code == 0, result.stderr
    actions = ledger.json("plan", "--week")["actions"]
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert len(events) == len(actions)
    by_id = {a["id"]: a for a in actions}
    zone = ZoneInfo("Asia/Shanghai")
    for ev in events:
        uid = str(ev["UID"])
        action = by_id[uid.split("-")[0]]
        start = ev["DTSTART"]
        assert start.params["TZID"] == "Asia/Shanghai"
        expected = datetime.combine(date.fromisoformat(action["date"]), time.fromisoformat(action["time"]))
        assert start.dt == expected.replace(tzinfo=zone)
        assert start.dt.utcoffset() == timedelta(hours=8)
        assert ev["DTEND"].dt > start.dt
        assert action["message"] in str(ev["DESCRIPTION"])
        assert action["id"] in str(ev["DESCRIPTION"])
        assert action["customer"] in str(ev["SUMMARY"])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


# --- worklist -------------------------------------------------------------------------------

def test_xlsx(ledger: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "plan.xlsx"
    result = ledger("plan", "--week", "--xlsx", str(path))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    actions = ledger.json("plan", "--week")["actions"]
    book = load_workbook(path)
    assert sorted(book.sheetnames) == ["张三", "李四"]
    for owner in ("张三", "李四"):
        rows = list(book[owner].iter_rows(values_only=False))
        header = [c.value for c in rows[0]]
        assert header[:3] == ["Date", "Time", "Customer"]
        amount_col = header.index("Amount")
        customer_col = header.index("Customer")
        body = rows[1:]
        assert len(body) == len([a for a in actions if a["owner"] == owner])
        for row in body:
            cell = row[amount_col]
            assert cell.data_type == "n" and isinstance(cell.value, (int, float))
            name = row[customer_col]
            assert name.data_type == "s" and isinstance(name.value, str)
        wanted = sorted(Decimal(a["amount"]) for a in actions if a["owner"] == owner)
        assert sorted(Decimal(str(r[amount_col].value)).quantize(Decimal("0.01")) for r in body) == wanted
    names = [r[2].value for r in book["张三"].iter_rows(min_row=2, values_only=False)]
    assert FORMULA in names  # kept as the text it is, never a formula
    for row in book["张三"].iter_rows(min_row=2):
        assert not any(c.data_type == "f" for c in row)


# --- logging an action ----------------------------------------------------------------------

@pytest.mark.postgres_too
def test_logged_action_leaves_the_next_plan(ledger: Cli) -> None:
    before = ledger.json("plan", "--week")
    first = next(a for a in actions_of(before, XINDA) if a["channel"] == "wechat")
    on_the_day = Cli(ledger.db, date.fromisoformat(first["date"]))
    result = on_the_day("log", "鑫达", "wechat", "--action", first["id"], "--at",
                        f"{first['date']} 10:05")
    assert result.exit_code == 0, result.stderr
    after = ledger.json("plan", "--week")
    assert first["id"] not in {a["id"] for a in after["actions"] + after["deferred"]}
    # the logged message counts against the month's quota of five
    wechats = [a for a in actions_of(after, XINDA) if a["channel"] == "wechat"]
    assert wechats and "1 of 5" not in " ".join(a["reason"] for a in wechats)
    # the other customers' plans are untouched
    assert actions_of(after, HENGTONG) == actions_of(before, HENGTONG)


# --- the calendar's known years -------------------------------------------------------------

def test_plan_into_2027_warns(ledger: Cli) -> None:
    result = ledger("plan", "--days", "40")
    assert result.exit_code == 0
    assert WARNING_2027 in result.stderr.splitlines()
    assert WARNING_2027 not in result.stdout
    doc = ledger.json("plan", "--days", "40")
    assert doc["to"] == "2027-01-01"
    assert doc["warnings"] == [WARNING_2027]


def test_week_across_new_year_warns(db_path: Path) -> None:
    cli = Cli(db_path, today=date(2026, 12, 28))
    assert cli("customer", "add", XINDA, "--owner", "李四").exit_code == 0
    _add_invoices(cli, [(XINDA, "B-1", "2026-09-15", 300_000)])
    result = cli("plan", "--week")
    assert result.exit_code == 0
    assert WARNING_2027 in result.stderr
    assert cli.json("plan", "--week")["warnings"] == [WARNING_2027]


def test_plan_inside_known_years_does_not_warn(ledger: Cli) -> None:
    result = ledger("plan", "--week")
    assert "warning" not in result.stderr


# --- explain --------------------------------------------------------------------------------

def test_explain_shows_the_priority_terms(ledger: Cli) -> None:
    result = ledger("plan", "--day", "--explain")
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("Priority")]
    assert lines
    for line in lines:
        assert re.fullmatch(r"Priority \d+: amount [\d.]+, age [\d.]+, grade [\d.]+, broken promises [\d.]+, "
                            r"signals [\d.]+, distance [\d.]+", line), line
        head, terms = line.split(": ", 1)
        points = sum(Decimal(part.rsplit(" ", 1)[1]) for part in terms.split(", "))
        assert int(head.split()[1]) == int(points)
    assert re.search(r"WeChat \d of 5 this month", result.stdout)  # the rule behind each action


def test_explain_json_factors(ledger: Cli) -> None:
    doc = ledger.json("plan", "--day", "--explain")
    for a in doc["actions"]:
        names = [f["name"] for f in a["factors"]]
        assert names == ["amount", "age", "grade", "broken_promises", "signals", "distance"]
        assert a["priority"] == int(sum(Decimal(str(f["points"])) for f in a["factors"]))
    xinda = actions_of(doc, XINDA)[0]
    assert {f["name"]: f["detail"] for f in xinda["factors"]}["distance"] == "12 km"


# --- messages -------------------------------------------------------------------------------

def test_chinese_messages_name_the_invoices_and_the_total(ledger: Cli) -> None:
    result = ledger("plan", "--week", "--json", lang="zh")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    hengtong = actions_of(doc, HENGTONG)
    # each day's action names that day's overdue invoices (A-3 falls due on 11-25) and their
    # total, greets the person it is for (the payer, 刘会计) and says who is writing
    for channel in ("wechat", "call"):
        a = next(a for a in hengtong if a["channel"] == channel)
        total = f"¥{Decimal(a['amount']):,.2f}"
        assert "、".join(a["invoices"]) in a["message"] and total in a["message"], a
        assert a["invoices"] == (["A-1", "A-2"] if a["date"] <= "2026-11-25" else ["A-1", "A-2", "A-3"])
        assert a["message"].startswith("刘会计，您好") and "张三" in a["message"], a["message"]
    visit = next(a for a in hengtong if a["channel"] == "visit")
    assert "A-1、A-2" in visit["message"]
    assert ("¥1,500.50" if visit["date"] <= "2026-11-25" else "¥1,700.50") in visit["message"]
    assert all(re.search(r"[\u4e00-\u9fff]", a["reason"]) for a in doc["actions"])


def test_english_messages(ledger: Cli) -> None:
    doc = ledger.json("plan", "--week")
    call = next(a for a in actions_of(doc, XINDA) if a["channel"] == "call")
    # no person on file: the company is greeted; the rep, the invoice and the amount are named
    assert call["message"].startswith(f"Hello {XINDA}, this is 李四")
    assert "B-1" in call["message"] and "¥3,000.00" in call["message"]


def test_messages_never_threaten(ledger: Cli) -> None:
    for lang in ("en", "zh"):
        doc = json.loads(ledger("plan", "--days", "30", "--json", lang=lang).stdout)
        text = " ".join(a["message"] for a in doc["actions"]).lower()
        for word in ("lawyer", "court", "sue", "律师", "起诉", "法院"):
            assert word not in text


def test_reconfirm_and_promise_actions(db_path: Path) -> None:
    cli = Cli(db_path, today=TODAY)
    assert cli("customer", "add", XINDA, "--owner", "李四").exit_code == 0
    # net:30: due 12-10 (Thursday) → reconfirm on Monday 12-07 at the latest
    _add_invoices(cli, [(XINDA, "B-9", "2026-11-10", 80_000)])
    assert cli("promise", "鑫达", "500", "2026-12-02").exit_code == 0
    doc = cli.json("plan", "--days", "20")
    got = [(a["date"], a["channel"], a["purpose"]) for a in doc["actions"]]
    assert ("2026-12-07", "wechat", "reconfirm") in got
    assert ("2026-12-01", "wechat", "promise_reminder") in got
