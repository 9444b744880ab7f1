"""Tables on a 100-column terminal: amounts and dates whole, long names wrapped, no line too wide."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from dunner.cli import _render
from tests.conftest import Cli

WIDTH = 100
# Thirty characters each, and amounts above ¥10,000,000 in every aging bucket between them.
NAMES = ["浙江省杭州市余杭区良渚镇恒通五金机电设备批发零售贸易有限公司",
         "广东省广州市天河区珠江新城鑫达建筑装饰材料贸易经营部有限公司",
         "上海市浦东新区外高桥保税区远洋国际物流供应链管理服务有限公司"]
INVOICES = [  # customer index, number, issued, due, fen
    (0, "XS-2026-000001", date(2026, 5, 1), date(2026, 6, 30), 1_234_567_890),
    (0, "XS-2026-000002", date(2026, 10, 1), date(2026, 10, 31), 2_345_678_912),
    (1, "XS-2026-000003", date(2026, 11, 10), date(2026, 12, 10), 1_098_765_432),
    (1, "XS-2025-000004", date(2025, 6, 1), date(2025, 7, 1), 1_500_000_000),
    (2, "XS-2024-000005", date(2024, 5, 1), date(2024, 6, 1), 9_876_543_210),
    (2, "XS-2026-000006", date(2026, 8, 1), date(2026, 8, 31), 1_111_111_111),
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def wide(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    assert all(len(n) == 30 for n in NAMES)
    for name in NAMES:
        assert cli("customer", "add", name, "--owner", "张三").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    led = open_ledger(str(cli.db))
    with led.write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for who, number, issued, due, fen in INVOICES:
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[NAMES[who]], "number": number,
                                                 "issued": issued, "due": due, "amount": fen})
    led.close()
    monkeypatch.setattr(_render, "is_terminal", lambda: True)
    monkeypatch.setattr(_render, "console",
                        lambda: Console(width=WIDTH, force_terminal=True, color_system=None))
    return cli


def _screen(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return ANSI.sub("", result.stdout)


def _fits(out: str, amounts: list[str]) -> None:
    too_wide = [line for line in out.splitlines() if cell_len(line) > WIDTH]
    assert too_wide == []
    missing = [a for a in amounts if a not in out]
    assert missing == [], out


def _money(*values: Any) -> list[str]:
    from dunner.domain.money import to_fen

    return [_render.money(to_fen(v)) for v in values]


def test_grade_table_keeps_amounts_and_dates_whole(wide: Cli) -> None:
    graded = wide.json("grade")
    out = _screen(wide, "grade")
    _fits(out, _money(*(g[k] for g in graded for k in ("open", "overdue", "expected_recovery"))))
    assert all(g["limitation_expires"] in out for g in graded)
    assert "…" not in out


def test_customer_list_keeps_amounts_whole(wide: Cli) -> None:
    listed = wide.json("customer", "list")
    out = _screen(wide, "customer", "list")
    _fits(out, _money(*(c[k] for c in listed for k in ("open", "overdue"))))
    assert "…" not in out


def test_customer_show_keeps_invoice_amounts_and_dates_whole(wide: Cli) -> None:
    shown = wide.json("customer", "show", NAMES[0])
    out = _screen(wide, "customer", "show", NAMES[0])
    _fits(out, _money(*(i[k] for i in shown["invoices"] for k in ("amount", "open"))))
    assert all(i["number"] in out and i["due"] in out for i in shown["invoices"])


def test_status_keeps_amounts_whole(wide: Cli) -> None:
    st = wide.json("status")
    out = _screen(wide, "status")
    _fits(out, _money(st["open"], st["overdue"], *(a["overdue"] for a in st["top_overdue"])))


def test_plan_keeps_amounts_whole(wide: Cli) -> None:
    planned = wide.json("plan", "--week")
    assert planned["actions"]
    out = _screen(wide, "plan", "--week")
    _fits(out, _money(*(a["amount"] for a in planned["actions"])))
    assert all(a["id"] in out for a in planned["actions"])


def test_aging_report_keeps_every_amount_whole(wide: Cli) -> None:
    aging = wide.json("report", "aging")
    out = _screen(wide, "report", "aging")
    amounts = [v for r in aging["rows"] for v in (r["total"], *r["by_bucket"].values())]
    _fits(out, _money(*amounts, *aging["totals"].values(), aging["total"]))


def test_full_names_stay_in_json(wide: Cli) -> None:
    assert sorted(g["customer"] for g in wide.json("grade")) == sorted(NAMES)
