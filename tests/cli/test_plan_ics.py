"""``plan --ics``: a rep's calendar never has two events at once, and each lasts as long as the
action takes (the planner steps the rep's day by the same minutes)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from dunner.domain.timing import MINUTES
from tests.conftest import Cli

BUSY, OTHER = "张三", "李四"


def _ledger(cli: Cli, customers: int) -> None:
    """``customers`` overdue customers of one rep (ages from a month to over a year, so visits,
    calls, messages, letters and reviews all come up; some want no mornings, some have pay
    days), and two of another rep."""
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    names = {f"客户{i:02d}": BUSY for i in range(customers)} | {"甲公司": OTHER, "乙公司": OTHER}
    august = Cli(cli.db, date(2026, 8, 1))  # in the ledger for months: November's quota is owed
    for i, (name, owner) in enumerate(names.items()):
        extra = ["--pay-days", "24,25"] if i % 5 == 0 else []
        assert august("customer", "add", name, "--owner", owner, "--terms", "net:30", "--city",
                   ("杭州", "宁波", "")[i % 3], "--phone", f"0571-8765{i:04d}",
                   *extra).exit_code == 0
        if i % 4 == 1:
            assert cli("customer", "edit", name, "--no-morning").exit_code == 0
    ledger = open_ledger(str(cli.db))
    with ledger.write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for i, name in enumerate(names):
            issued = cli.today - timedelta(days=40 + 13 * i)
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": f"N-{i}",
                                                 "issued": issued, "amount": 100_000 + i})
    ledger.close()


def test_no_two_events_of_one_rep_overlap(cli: Cli, tmp_path: Path) -> None:
    from icalendar import Calendar

    _ledger(cli, 40)
    path = tmp_path / "plan.ics"
    result = cli("plan", "--week", "--ics", str(path))
    assert result.exit_code == 0, result.stderr
    actions = {a["id"]: a for a in cli.json("plan", "--week")["actions"]}
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert len(events) == len(actions)

    spans: dict[tuple[str, date], list[tuple[object, object]]] = {}
    for ev in events:
        action = actions[str(ev["UID"]).split("-")[0]]
        start, end = ev["DTSTART"].dt, ev["DTEND"].dt
        # a visit is as long as [planning] visit_minutes (45), the rest as long as their channel
        length = 45 if action["channel"] == "visit" else MINUTES[action["channel"]]
        assert end - start == timedelta(minutes=length)
        spans.setdefault((action["owner"], start.date()), []).append((start, end))
    for (owner, day), held in spans.items():
        held.sort()
        overlaps = [(a, b) for a, b in zip(held, held[1:], strict=False) if b[0] < a[1]]
        assert overlaps == [], (owner, day)
    # a rep's visits of a day are an hour apart: 45 minutes there, 15 on the way to the next
    visits: dict[tuple[str, str], list[str]] = {}
    for a in actions.values():
        if a["channel"] == "visit":
            visits.setdefault((a["owner"], a["date"]), []).append(a["time"])
    gaps = [(int(b[:2]) * 60 + int(b[3:])) - (int(a[:2]) * 60 + int(a[3:]))
            for times in visits.values()
            for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    assert gaps and min(gaps) >= 60

    # the test means something: one rep's days are full, with visits, calls and messages
    per_day = Counter((a["owner"], a["date"]) for a in actions.values())
    assert max(n for (owner, _), n in per_day.items() if owner == BUSY) >= 15
    kinds: dict[str, set[str]] = {}
    for a in actions.values():
        if a["owner"] == BUSY:
            kinds.setdefault(a["date"], set()).add(a["channel"])
    assert max(len(k) for k in kinds.values()) >= 3
    assert {"visit", "call", "wechat"} <= {a["channel"] for a in actions.values()}
