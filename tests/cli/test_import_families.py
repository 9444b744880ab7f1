"""Which invoices an import reports as no longer in the file: those a file of its own family
brought. A clerk's copies of one workbook, saved under each day's name, are one family, linked
by the invoices they share; the workbooks of successive months, or of two reps, are not, and
say nothing of each other's invoices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import Cli
from tests.ledger.migrating import run_alembic

CUSTOMERS = ("恒通贸易有限公司", "鑫达五金厂")


def _book(path: Path, numbers: list[int]) -> Path:
    """One invoice sheet: XS-n of the first or second customer, 1,000.00 each."""
    book = Workbook()
    sheet = book.active
    sheet.title = "应收"
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计"])
    for n in numbers:
        sheet.append([CUSTOMERS[n % 2], f"XS-{n:03d}", f"2026-{1 + n // 10:02d}-{1 + n % 10:02d}",
                      "1000.00"])
    book.save(path)
    return path


def _missing(cli: Cli, path: Path) -> list[str]:
    """Import the file: the invoices it says are no longer in it (every one, from --json)."""
    report = cli.json("import", str(path))
    return sorted(report["missing"])


def _name(n: int) -> str:
    return f"{CUSTOMERS[n % 2]} XS-{n:03d}"


def _names(*numbers: int) -> list[str]:
    """As ``_missing`` lists them."""
    return sorted(map(_name, numbers))


def test_a_months_workbook_says_nothing_of_the_months_before(cli: Cli, tmp_path: Path) -> None:
    assert _missing(cli, _book(tmp_path / "2026-01.xlsx", [1, 2, 3, 4])) == []
    assert _missing(cli, _book(tmp_path / "2026-02.xlsx", [11, 12, 13])) == []
    assert _missing(cli, _book(tmp_path / "2026-03.xlsx", [21, 22])) == []
    # January's workbook saved again with one invoice deleted: that one, not February's
    assert _missing(cli, _book(tmp_path / "2026-01 v2.xlsx", [1, 2, 4])) == [_name(3)]
    status = cli.json("status")
    assert status["open"] == "9000.00"  # nothing was taken out of the ledger


def test_a_days_copy_reports_what_any_earlier_copy_brought(cli: Cli, tmp_path: Path) -> None:
    """The third copy lists only the first copy's XS-001: XS-004, which the second copy brought,
    is still reported, through the second copy's link to the first."""
    assert _missing(cli, _book(tmp_path / "应收 1120.xlsx", [1, 2, 3])) == []
    assert _missing(cli, _book(tmp_path / "应收 1121.xlsx", [1, 2, 3, 4])) == []
    assert _missing(cli, _book(tmp_path / "应收 1122.xlsx", [1, 5])) == _names(2, 3, 4)


def test_a_file_that_lists_two_families_joins_them(cli: Cli, tmp_path: Path) -> None:
    assert _missing(cli, _book(tmp_path / "rep_a.xlsx", [1, 2])) == []
    assert _missing(cli, _book(tmp_path / "rep_b.xlsx", [11, 12])) == []
    # the office's merged copy lists one of each rep's: each rep's other invoice is reported
    assert _missing(cli, _book(tmp_path / "office.xlsx", [1, 11])) == _names(2, 12)
    # from now on a copy of either rep's workbook reports the other's too
    assert _missing(cli, _book(tmp_path / "rep_b 2.xlsx", [11, 12])) == _names(1, 2)


def test_the_same_file_again_reports_its_own_deleted_rows(cli: Cli, tmp_path: Path) -> None:
    book = tmp_path / "应收.xlsx"
    assert _missing(cli, _book(book, [1, 2, 3])) == []
    assert _missing(cli, _book(tmp_path / "other.xlsx", [11])) == []
    assert _missing(cli, _book(book, [7])) == _names(1, 2, 3)


def test_a_dry_run_and_a_refused_import_record_no_family(cli: Cli, tmp_path: Path) -> None:
    assert _missing(cli, _book(tmp_path / "jan.xlsx", [1, 2])) == []
    bridge = _book(tmp_path / "bridge.xlsx", [1, 11])
    assert cli.json("import", str(bridge), "--dry-run")["missing"] == [_name(2)]
    assert _missing(cli, _book(tmp_path / "feb.xlsx", [11, 12])) == []
    bad = tmp_path / "bad.xlsx"
    book_with_error = Workbook()
    sheet = book_with_error.active
    sheet.title = "应收"
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计"])
    sheet.append([CUSTOMERS[1], "XS-001", "2026-01-02", "1000.00"])
    sheet.append([CUSTOMERS[0], "XS-012", "not a day", "1000.00"])
    book_with_error.save(bad)
    assert cli("import", str(bad)).exit_code != 0
    # neither the dry run nor the refused import joined January's file to February's
    assert _missing(cli, _book(tmp_path / "feb 2.xlsx", [11])) == [_name(12)]


def _families(ledger: str) -> list[tuple[str, str]]:
    from sqlalchemy import create_engine, text

    from dunner.ledger import db

    engine = create_engine(db.resolve_url(ledger))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT name, family FROM import_file ORDER BY id")).all()
            return [(str(name), str(family)) for name, family in rows]
    finally:
        engine.dispose()


def test_files_imported_before_families_were_kept_stay_one_family(cli: Cli, tmp_path: Path) -> None:
    """A ledger from before keeps what it was told: every file it read is one family."""
    assert _missing(cli, _book(tmp_path / "jan.xlsx", [1, 2])) == []
    assert _missing(cli, _book(tmp_path / "feb.xlsx", [11, 12])) == []
    run_alembic(cli.db, "downgrade", "0006")
    upgraded = cli("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    assert upgraded.stdout.strip().endswith("0006 → 0007")
    assert _families(str(cli.db)) == [("jan.xlsx", "jan.xlsx"), ("feb.xlsx", "jan.xlsx")]
    assert _missing(cli, _book(tmp_path / "feb 2.xlsx", [11])) == _names(1, 2, 12)
    # a new month's workbook that lists nothing of theirs is a family of its own
    assert _missing(cli, _book(tmp_path / "mar.xlsx", [21])) == []


def test_the_terminal_says_a_new_months_workbook_is_compared_with_no_other(cli: Cli,
                                                                           tmp_path: Path) -> None:
    first = cli("import", str(_book(tmp_path / "jan.xlsx", [1, 2, 3])))
    assert first.exit_code == 0 and "not compared" not in first.stdout  # nothing else to compare
    shown = cli("import", str(_book(tmp_path / "feb.xlsx", [11])))
    assert shown.exit_code == 0, shown.stderr
    assert "not in this file" not in shown.stdout
    assert shown.stdout.splitlines()[-1] == (
        "not compared with 1 other workbook(s) (jan.xlsx): this file lists none of their invoices")
    listed = json.loads(cli("import", str(_book(tmp_path / "feb.xlsx", [12])), "--json").stdout)
    assert listed["missing"] == [_name(11)]
    assert listed["other_workbooks"] == ["jan.xlsx"]
    # a copy of January's is compared with January's: nothing to say about the others
    copy = json.loads(cli("import", str(_book(tmp_path / "jan 2.xlsx", [1, 2])), "--json").stdout)
    assert copy["missing"] == [_name(3)] and copy["other_workbooks"] == []
    for n in range(4):  # more months: the terminal names the first three
        month = f"m{n}.xlsx"
        shown = cli("import", str(_book(tmp_path / month, [30 + n])))
    assert shown.stdout.splitlines()[-1] == (
        "not compared with 6 other workbook(s) (feb.xlsx, jan 2.xlsx, jan.xlsx, …): this file"
        " lists none of their invoices")


def test_copies_looked_up_by_key_report_the_same(cli: Cli, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The invoices a file names, looked up by key (as in a ledger many times the file's size;
    SQLite through a temporary table, PostgreSQL through arrays): the same reports."""
    from dunner.ledger import repo

    looked_up: list[int] = []
    named = repo.invoices_named
    monkeypatch.setattr(repo, "KEYED_SHARE", 0)
    monkeypatch.setattr(repo, "invoices_named",
                        lambda conn, wanted: looked_up.append(len(wanted)) or named(conn, wanted))
    assert _missing(cli, _book(tmp_path / "应收 1120.xlsx", [1, 2, 3])) == []
    assert _missing(cli, _book(tmp_path / "应收 1121.xlsx", [1, 2, 3, 4])) == []
    assert _missing(cli, _book(tmp_path / "2026-05.xlsx", [41])) == []
    assert _missing(cli, _book(tmp_path / "应收 1122.xlsx", [1, 5])) == _names(2, 3, 4)
    assert looked_up == [4, 1, 2]  # every import but the first, into an empty ledger
    changed = cli.json("import", str(_book(tmp_path / "应收 1123.xlsx", [1, 5, 6])))
    assert changed["counts"]["invoices"] == {"added": 1, "updated": 0, "unchanged": 2}
