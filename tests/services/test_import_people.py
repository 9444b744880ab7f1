"""A customer sheet's contact columns — 联系人, 职务/角色, 电话, 微信 — become contact people with
the role read from the title."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from tests.services.workbooks import SheetSpec, invoice_book

HT = "杭州恒通五金有限公司"
XD = "广州鑫达建材经营部"
ROWS = [(HT, "HT-001", date(2026, 9, 1), None, 12000, None, "张三"),
        (XD, "XD-001", date(2026, 9, 15), None, 8800, None, "李四")]


def _book(path: Path, title_header: str) -> Path:
    people = SheetSpec("客户资料", ("客户名称", "联系人", title_header, "电话", "微信"), [
        (HT, "王强", "出纳", "13800001234", "wx_wang"),
        (XD, "陈总", "总经理", 13900001111, None),
        ("深圳宏达五金店", "赵敏", "仓库主管", None, "zm_wh")])
    return invoice_book(path, ROWS, extra=[people])


def _people(cli, name: str) -> list[tuple[str, str, str, str]]:
    return [(p["name"], p["role"], p["phone"], p["wechat"])
            for p in cli.json("customer", "show", name)["people"]]


def test_contact_columns_with_a_title(tmp_path: Path, cli) -> None:
    path = _book(tmp_path / "ledger.xlsx", "职务")
    assert load_workbook(path)["客户资料"]["C1"].value == "职务"  # the file is what the test says
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert _people(cli, "恒通") == [("王强", "payer", "13800001234", "wx_wang")]
    assert _people(cli, "鑫达") == [("陈总", "decision", "13900001111", "")]
    assert _people(cli, "宏达") == [("赵敏", "acceptance", "", "zm_wh")]


def test_a_role_column_and_an_unknown_title(tmp_path: Path, cli) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, extra=[SheetSpec(
        "客户资料", ("客户名称", "联系人", "角色", "电话"), [(HT, "王强", "财务", "138"),
                                                         (XD, "李红", "销售", "139")])])
    assert cli("import", str(path)).exit_code == 0
    assert _people(cli, "恒通") == [("王强", "finance", "138", "")]
    assert _people(cli, "鑫达") == [("李红", "other", "139", "")]
