"""A contact person's role read from a job title, in Chinese or English."""

from __future__ import annotations

import pytest

from dunner.domain.roles import role_from_title


@pytest.mark.parametrize(("title", "role"), [
    ("老板", "decision"), ("总经理", "decision"), ("董事长", "decision"), ("老总", "decision"),
    ("法人", "decision"), ("boss", "decision"), ("General Manager", "decision"),
    ("出纳", "payer"), ("付款负责人", "payer"), ("出纳会计", "payer"), ("Cashier", "payer"),
    ("财务", "finance"), ("会计", "finance"), ("财务经理", "finance"), ("财务总监", "finance"),
    ("accountant", "finance"),
    ("仓库", "acceptance"), ("仓库经理", "acceptance"), ("验收", "acceptance"),
    ("质检员", "acceptance"), ("QC", "acceptance"), ("warehouse keeper", "acceptance"),
    ("decision", "decision"), ("payer", "payer"), ("finance", "finance"),
    ("acceptance", "acceptance"), ("other", "other"), (" Payer ", "payer"),
    ("经理", None), ("销售", None), ("", None), ("goodmorning", None), ("agm", None),
])
def test_role_from_title(title: str, role: str | None) -> None:
    assert role_from_title(title) == role
