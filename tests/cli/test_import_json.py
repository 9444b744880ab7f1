"""A rejected import in --json mode names every bad row in the error document."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook


def test_rejected_import_lists_problems_in_json(cli, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "应收"
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计"])
    sheet.append(["甲公司", "A-1", "2026-13-01", "100"])
    sheet.append(["乙公司", "B-1", "2026-10-01", "abc"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    result = cli("import", str(path), "--json")
    assert result.exit_code == 1
    assert result.stderr == ""
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "import_rejected"
    assert [(p["source"], p["code"]) for p in error["problems"]] == [
        ("bad.xlsx:应收!C2", "bad_issued"), ("bad.xlsx:应收!D3", "bad_amount")]
