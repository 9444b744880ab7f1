"""``plan --customer`` and ``plan --owner`` read only the owner's customers, and still give each
customer exactly the actions the whole plan gives it: capacity is per owner, so a tight day
moves one customer's action because of another customer of the same owner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

CUSTOMERS = (("甲五金", "张三", "杭州"), ("乙建材", "张三", "杭州"), ("丙贸易", "张三", "宁波"),
             ("丁电器", "李四", "广州"), ("戊家具", "李四", "佛山"), ("己商行", "", ""))


@pytest.fixture
def tight(cli: Cli, tmp_path: Path) -> tuple[Cli, dict[str, str]]:
    """Six overdue customers of two owners (and one of none), one call and two messages a day."""
    for name, owner, city in CUSTOMERS:
        args = ["customer", "add", name, "--city", city] + (["--owner", owner] if owner else [])
        assert cli(*args).exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    book = open_ledger(str(cli.db))
    with book.write() as conn:
        for k, row in enumerate(repo.customer_rows(conn)):
            for n in range(3):
                repo.insert_one(conn, repo.INVOICE, {
                    "customer_id": row["id"], "number": f"{k}-{n}",
                    "issued": date(2026, 6 + n, 1 + k), "amount": 100_000 * (k + 1)})
    book.close()
    config = tmp_path / "config.toml"
    config.write_text("[planning.capacity]\nvisit = 1\ncall = 1\nwechat = 2\n", encoding="utf-8")
    return cli, {"DUNNER_CONFIG": str(config)}


def _plan(cli: Cli, env: dict[str, str], *args: str) -> dict[str, Any]:
    result = cli("plan", "--days", "40", *args, "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_plan_for_one_customer_is_the_whole_plan_cut_to_it(tight: tuple[Cli, dict[str, str]]) -> None:
    cli, env = tight
    whole = _plan(cli, env)
    moved = [a for a in whole["actions"] + whole["deferred"] if "moved" in a["reason"]]
    assert moved, "the capacity is tight enough to move actions between customers"
    for name, _, _ in CUSTOMERS:
        one = _plan(cli, env, "--customer", name)
        assert one["actions"] == [a for a in whole["actions"] if a["customer"] == name]
        assert one["deferred"] == [a for a in whole["deferred"] if a["customer"] == name]
        assert one["actions"] or one["deferred"]


def test_plan_for_one_owner_is_the_whole_plan_cut_to_them(tight: tuple[Cli, dict[str, str]]) -> None:
    cli, env = tight
    whole = _plan(cli, env)
    for owner in ("张三", "李四"):
        mine = _plan(cli, env, "--owner", owner)
        assert mine["actions"] == [a for a in whole["actions"] if a["owner"] == owner]
        assert mine["deferred"] == [a for a in whole["deferred"] if a["owner"] == owner]
    both = _plan(cli, env, "--owner", "张三", "--customer", "丁电器")  # 丁 is 李四's
    assert both["actions"] == both["deferred"] == []
