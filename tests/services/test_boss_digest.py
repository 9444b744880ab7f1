"""The boss's e-mail digest carries the month's view of ``status --boss``: collected against the
forecast, what is still expected this month, the DSO trend and the five largest risks — sent
through a real SMTP server on loopback, in both parts and both languages; the owners' digests
stay as they were."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.i18n import set_language
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.reminding import State, Target, remind
from tests.conftest import TODAY, Cli
from tests.notify_servers import HOST, Inbox, smtp_server

ZS, LS, BOSS = "zs@example.com", "ls@example.com", "boss@example.com"

# On TODAY (Monday 2026-11-23), with nobody's invoice ever paid in full (no lateness history
# anywhere: each invoice is expected on its due date, or today once overdue, on a working day)
# and the default recovery curve 0 d 95 %, 30 d 90 %, 60 d 81 %, 90 d 70 %:
CUSTOMERS = (("甲公司", "张三"), ("乙公司", "张三"), ("丙公司", "张三"), ("丁公司", "李四"),
             ("戊公司", "李四"), ("己公司", "李四"), ("庚公司", "李四"))
INVOICES = (  # customer, number, issued, due, fen
    ("甲公司", "A-1", date(2026, 8, 1), date(2026, 8, 25), 1_000_000),  # 90 days overdue
    ("乙公司", "B-1", date(2026, 9, 1), date(2026, 9, 24), 600_000),  # 60 days
    ("丙公司", "C-1", date(2026, 10, 1), date(2026, 10, 24), 1_200_000),  # 30 days
    ("丁公司", "D-1", date(2026, 10, 1), date(2026, 10, 24), 500_000),  # 30 days
    ("戊公司", "E-1", date(2026, 9, 1), date(2026, 9, 24), 200_000),  # 60 days
    ("己公司", "F-1", date(2026, 10, 15), date(2026, 11, 27), 2_000_000),  # due on Friday
    ("庚公司", "G-1", date(2026, 11, 2), date(2026, 11, 16), 300_000),  # 7 days; issued in November
)
PAYMENTS = (("甲公司", 200_000, date(2026, 11, 10)), ("乙公司", 50_000, date(2026, 11, 20)),
            ("丙公司", 100_000, date(2026, 10, 20)))  # the last one before the month

# Collected in November: 2,000.00 + 500.00 (the October payment does not count).
COLLECTED = "¥2,500.00"
# As of 2026-10-31 (a Saturday) the overdue invoices were expected on Monday 11-02, G-1 unseen:
#   A-1 10,000.00 × 0.78 (69 d: 81 − 11 × 9/30 = 77.7 %)  =  7,800.00
#   B-1  6,000.00 × 0.87 (39 d: 90 −  9 × 9/30 = 87.3 %)  =  5,220.00
#   C-1 11,000.00 × 0.94 ( 9 d: 95 −  5 × 9/30 = 93.5 %)  = 10,340.00
#   D-1  5,000.00 × 0.94                                  =  4,700.00
#   E-1  2,000.00 × 0.87                                  =  1,740.00
#   F-1 20,000.00 × 0.95 (on its due date 11-27)          = 19,000.00
FORECAST = "¥48,800.00"
SHARE = "5%"  # 2,500 / 48,800 = 5.1 %
# Today's forecast, every invoice expected between today and 11-27 (open − expected = at risk):
#   A-1  8,000.00 × 0.70 = 5,600.00   at risk 2,400.00
#   B-1  5,500.00 × 0.81 = 4,455.00   at risk 1,045.00
#   C-1 11,000.00 × 0.90 = 9,900.00   at risk 1,100.00
#   D-1  5,000.00 × 0.90 = 4,500.00   at risk   500.00
#   E-1  2,000.00 × 0.81 = 1,620.00   at risk   380.00
#   F-1 20,000.00 × 0.95 = 19,000.00  at risk 1,000.00
#   G-1  3,000.00 × 0.94 = 2,820.00   at risk   180.00  (7 d: 95 − 5 × 7/30 = 93.83 %)
STILL_EXPECTED = "¥47,895.00"
RISKS = (("甲公司", "张三", "¥8,000.00", "¥2,400.00"), ("丙公司", "张三", "¥11,000.00", "¥1,100.00"),
         ("乙公司", "张三", "¥5,500.00", "¥1,045.00"), ("己公司", "李四", "¥20,000.00", "¥1,000.00"),
         ("丁公司", "李四", "¥5,000.00", "¥500.00"))
LEFT_OUT = ("戊公司", "庚公司")  # the sixth and seventh largest
# DSO by countback. Sales: Aug 10,000, Sep 8,000, Oct 37,000, Nov 3,000.
#   Sep 30: AR 18,000 = Sep 8,000 (30 d) + Aug 10,000 (31 d)                      → 61.00
#   Oct 31: AR 54,000 = Oct 37,000 (31 d) + Sep 8,000 (30 d) + 9,000/10,000 of Aug (27.9 d)
#                                                                                 → 88.90
#   Nov 23: AR 54,500 = Nov 3,000 (23 d) + Oct (31) + Sep (30) + 6,500/10,000 of Aug (20.15 d)
#                                                                                 → 104.15
DSO_MONTHS = "2026-06 —, 2026-07 —, 2026-08 31.00, 2026-09 61.00, 2026-10 88.90, 2026-11 104.15"
DSO_TREND = "DSO 104.15 days in 2026-11, 15.25 more than in 2026-10: getting worse"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def ctx(db_path: Path, tmp_path: Path, inbox: Inbox) -> Iterator[AppContext]:
    from dunner.services.customers import add_customer
    from dunner.services.recording import record_payment

    config = tmp_path / "config.toml"
    config.write_text("\n".join([
        "[notify]", f'boss = "{BOSS}"', '[owners."张三"]', f'email = "{ZS}"', '[owners."李四"]',
        f'email = "{LS}"', "[notify.email]", f'host = "{HOST}"', f"port = {inbox.port}",
        'security = "none"', 'sender = "dunner@example.com"']) + "\n", encoding="utf-8")
    app = AppContext(load_config(str(config), {}), str(db_path), TODAY, "en")
    for name, owner in CUSTOMERS:
        add_customer(app, name, {"owner": owner})
    with app.ledger().write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for name, number, issued, due, fen in INVOICES:
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": number,
                                                 "issued": issued, "due": due, "amount": fen})
    for name, fen, on in PAYMENTS:
        record_payment(app, name, fen, on, None)
    yield app
    app.close()


def parts(msg: EmailMessage) -> tuple[str, str]:
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return text, html


def test_the_boss_gets_the_month_view_the_owners_do_not(ctx: AppContext, inbox: Inbox) -> None:
    report = remind(ctx, Target.EMAIL, environ={})
    assert {(d.owner, d.state) for d in report.deliveries} == {
        ("张三", State.SENT), ("李四", State.SENT), ("@boss", State.SENT)}
    [boss] = inbox.to(BOSS)
    text, html = parts(boss)
    lines = text.splitlines()
    assert "2026-11-23: the month at a glance" in lines
    assert (f"Collected this month: {COLLECTED} (forecast at the month's start: {FORECAST}, "
            f"{SHARE})") in lines
    assert f"Still expected this month: {STILL_EXPECTED}" in lines
    assert f"DSO by month: {DSO_MONTHS}" in lines
    assert DSO_TREND in lines
    risk_rows = lines[lines.index("The largest risks") + 2:]  # under the header row
    assert [row.split() for row in risk_rows] == [list(r) for r in RISKS]
    assert not any(name in row for row in risk_rows for name in LEFT_OUT)
    for fact in (COLLECTED, FORECAST, STILL_EXPECTED, DSO_MONTHS, DSO_TREND, "The largest risks"):
        assert fact in html
    cells = [html.index(f"<td>{customer}</td>") for customer, *_ in RISKS]
    assert cells == sorted(cells) and "<td>戊公司</td>" not in html
    assert [row.split()[0] for row in lines[3:5]] == ["张三", "李四"]  # the owners' table first
    for address in (ZS, LS):
        [mail] = inbox.to(address)
        for part in parts(mail):
            for fact in ("month at a glance", "Collected this month", "DSO", "largest risks",
                         FORECAST, STILL_EXPECTED):
                assert fact not in part


def test_the_month_view_in_chinese(ctx: AppContext, inbox: Inbox) -> None:
    set_language("zh")
    remind(ctx, Target.EMAIL, environ={})
    text, html = parts(inbox.to(BOSS)[0])
    for part in (text, html):
        assert "2026-11-23：本月概览" in part
        assert f"本月已回款：{COLLECTED}（月初预测：{FORECAST}，{SHARE}）" in part
        assert f"本月预计还将回款：{STILL_EXPECTED}" in part
        assert f"各月 DSO：{DSO_MONTHS.replace(', ', '，')}" in part
        assert "2026-11 DSO 104.15 天，比 2026-10 多 15.25 天：在变差" in part
        assert "最大风险" in part
    assert "本月概览" not in parts(inbox.to(ZS)[0])[0]


def test_an_owner_run_sends_no_boss_mail(ctx: AppContext, inbox: Inbox) -> None:
    remind(ctx, Target.EMAIL, owner="张三", environ={})
    assert inbox.to(BOSS) == [] and len(inbox.to(ZS)) == 1


def test_status_boss_shows_the_same_view(ctx: AppContext, db_path: Path) -> None:
    doc = Cli(db_path).json("status", "--boss")
    assert (doc["collected"], doc["forecast_month"], doc["expected_rest"]) == (
        "2500.00", "48800.00", "47895.00")
    assert doc["dso_direction"] == "worse"
    assert [r["customer"] for r in doc["risks"]] == [r[0] for r in RISKS]
    screen = Cli(db_path)("status", "--boss").stdout
    assert DSO_TREND in screen and f"Still expected this month: {STILL_EXPECTED}" in screen
