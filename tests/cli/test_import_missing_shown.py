"""A later copy of a workbook keeps one of its invoices and leaves out the rest: the terminal
lists the first of them and counts the rest; --json lists every one."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from dunner.cli.import_cmd import MISSING_SHOWN

EARLIER = MISSING_SHOWN + 8  # one of them stays in the later copy


def _book(path: Path, numbers: range) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "应收"
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计"])
    for n in numbers:
        sheet.append([f"客户{n % 3}有限公司", f"XS-{n:04d}", f"2026-0{1 + n % 9}-10", "100.00"])
    book.save(path)
    return path


def test_many_missing_invoices_are_counted_past_the_first(cli, tmp_path: Path) -> None:
    assert cli("import", str(_book(tmp_path / "old.xlsx", range(EARLIER)))).exit_code == 0
    later = _book(tmp_path / "new.xlsx", range(EARLIER - 1, EARLIER + 2))
    shown = cli("import", str(later))
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    listed = [line for line in lines if line.startswith("not in this file any more (kept): ")]
    assert len(listed) == MISSING_SHOWN
    assert listed[0].endswith("客户0有限公司 XS-0000")  # the earliest first
    assert lines[lines.index(listed[-1]) + 1] == (
        "… and 7 more invoices with money open are not in this file any more (kept);"
        " --json lists every one")

    everything = json.loads(cli("import", str(later), "--json").stdout)
    assert sorted(everything["missing"]) == sorted(
        f"客户{n % 3}有限公司 XS-{n:04d}" for n in range(EARLIER - 1))


def test_a_few_missing_invoices_are_all_listed(cli, tmp_path: Path) -> None:
    assert cli("import", str(_book(tmp_path / "old.xlsx", range(5)))).exit_code == 0
    shown = cli("import", str(_book(tmp_path / "new.xlsx", range(3, 6))))
    listed = [line for line in shown.stdout.splitlines() if "not in this file" in line]
    assert listed == [f"not in this file any more (kept): 客户{n % 3}有限公司 XS-{n:04d}"
                      for n in range(3)]
