"""With a payment sheet (回款) the sheet is the record and the paid column (已收金额) a check,
both ways: an invoice whose recorded payments add up to more than its paid cell is reported, so
a 回款 row repeated never counts twice unseen. A row corrected in a later copy of the workbook
(its day, amount or invoice) corrects the payment it brought, and the import reports the change."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.conftest import Cli

HENGTONG = "恒通贸易有限公司"
XINDA = "鑫达五金厂"


def _book(path: Path, paid: dict[str, str], payments: list[tuple[str, str, str, str]]) -> Path:
    """An invoice sheet of two customers (HT-001, HT-002 of 恒通; XD-1 of 鑫达) with the paid
    cells given (none where left out), and a 回款 sheet of (customer, date, amount, number)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "应收明细"
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计", "已收金额"])
    for customer, number, day, amount in ((HENGTONG, "HT-001", "2026-09-01", "8000.00"),
                                          (HENGTONG, "HT-002", "2026-09-10", "6000.00"),
                                          (XINDA, "XD-1", "2026-09-05", "5000.00")):
        sheet.append([customer, number, day, amount, paid.get(number)])
    sheet = book.create_sheet("回款")
    sheet.append(["客户", "回款日期", "金额", "单号"])
    for row in payments:
        sheet.append(list(row))
    book.save(path)
    return path


def _noted(cli: Cli, path: Path) -> list[str]:
    """Import the file: where each invoice the check names is, and the note's text."""
    report = cli.json("import", str(path))
    return [note for note in report["notes"] if "more than its paid column" in note]


def test_a_repeated_sheet_row_is_reported_on_its_invoice(cli: Cli, tmp_path: Path) -> None:
    path = _book(tmp_path / "应收 1120.xlsx", {"HT-001": "2000.00", "HT-002": "0", "XD-1": "0"},
                 [(HENGTONG, "2026-10-08", "2000.00", "HT-001"),
                  (HENGTONG, "2026-10-08", "2000.00", "HT-001")])
    noted = _noted(cli, path)
    assert len(noted) == 1
    assert "应收明细!2" in noted[0] and "HT-001" in noted[0]
    assert "4000.00" in noted[0] and "2000.00" in noted[0]
    # reported, not applied: the sheet is the record
    assert cli.json("status")["open"] == "15000.00"


def test_a_payment_recorded_with_pay_and_shown_next_day_is_no_disagreement(
        cli: Cli, tmp_path: Path) -> None:
    paid = {"HT-001": "0", "HT-002": "0", "XD-1": "1000.00"}
    xinda = [(XINDA, "2026-10-02", "1000.00", "XD-1")]
    assert _noted(cli, _book(tmp_path / "应收 1120.xlsx", paid, xinda)) == []
    result = cli("pay", HENGTONG, "3000", "--invoice", "HT-002", "--date", "2026-11-20")
    assert result.exit_code == 0, result.stdout
    paid["HT-002"] = "3000.00"
    shown = [*xinda, (HENGTONG, "2026-11-20", "3000.00", "HT-002")]
    assert _noted(cli, _book(tmp_path / "应收 1122.xlsx", paid, shown)) == []
    assert cli.json("status")["open"] == "15000.00"


def test_a_copy_that_does_not_show_a_recorded_payment_yet_says_so(cli: Cli, tmp_path: Path) -> None:
    paid = {"HT-001": "0", "HT-002": "0", "XD-1": "1000.00"}
    xinda = [(XINDA, "2026-10-02", "1000.00", "XD-1")]
    _noted(cli, _book(tmp_path / "应收 1120.xlsx", paid, xinda))
    assert cli("pay", HENGTONG, "3000", "--invoice", "HT-002").exit_code == 0
    noted = _noted(cli, _book(tmp_path / "应收 1120.xlsx", {**paid, "HT-002": "1000.00"}, xinda))
    assert len(noted) == 1 and "HT-002" in noted[0] and "3000.00" in noted[0]


def test_a_customer_without_a_paid_column_is_not_checked_cell_by_cell(
        cli: Cli, tmp_path: Path) -> None:
    """鑫达's cells are all 0.00 (the column not kept for it) and its payment is on the sheet:
    no invoice of it is named, while 恒通's kept column is checked."""
    paid = {"HT-001": "1000.00", "HT-002": "0", "XD-1": "0"}
    rows = [(XINDA, "2026-10-02", "1000.00", "XD-1"), (HENGTONG, "2026-10-03", "1000.00", "HT-001"),
            (HENGTONG, "2026-10-04", "500.00", "HT-002")]
    noted = _noted(cli, _book(tmp_path / "应收.xlsx", paid, rows))
    assert len(noted) == 1 and "HT-002" in noted[0]


def test_the_note_in_chinese(cli: Cli, tmp_path: Path) -> None:
    path = _book(tmp_path / "应收.xlsx", {"HT-001": "2000.00"},
                 [(HENGTONG, "2026-10-08", "2000.00", "HT-001"),
                  (HENGTONG, "2026-10-08", "2000.00", "HT-001")])
    result = cli("import", str(path), lang="zh")
    assert result.exit_code == 0, result.stdout
    assert "HT-001：为其记录的回款合计 4000.00，多于已收金额 2000.00" in result.stdout
    assert "dunner customer show 恒通贸易有限公司" in result.stdout


def _payments(cli: Cli) -> list[tuple[str, str, str | None]]:
    """恒通's payments as the ledger holds them: (day, amount, invoice)."""
    shown = cli.json("customer", "show", HENGTONG)
    return sorted((p["paid_on"], p["amount"], p["invoice_number"]) for p in shown["payments"])


def test_a_corrected_day_or_amount_corrects_the_payment(cli: Cli, tmp_path: Path) -> None:
    paid = {"HT-001": "0", "HT-002": "3000.00", "XD-1": "0"}
    cli.json("import", str(_book(tmp_path / "应收 1120.xlsx", paid,
                                 [(HENGTONG, "2026-10-08", "3000.00", "HT-002")])))
    report = cli.json("import", str(_book(tmp_path / "应收 1121.xlsx", paid,
                                          [(HENGTONG, "2026-10-09", "3000.00", "HT-002")])))
    assert report["counts"]["payments"] == {"added": 0, "updated": 1, "unchanged": 0}
    assert [(c["subject"], c["field"], c["old"], c["new"]) for c in report["changes"]] == [
        (f"{HENGTONG} HT-002", "payment", "3000.00 2026-10-08", "3000.00 2026-10-09")]
    assert _payments(cli) == [("2026-10-09", "3000.00", "HT-002")]
    paid["HT-002"] = "3500.00"
    report = cli.json("import", str(_book(tmp_path / "应收 1122.xlsx", paid,
                                          [(HENGTONG, "2026-10-09", "3500.00", "HT-002")])))
    assert report["counts"]["payments"]["updated"] == 1 and report["notes"] == []
    assert _payments(cli) == [("2026-10-09", "3500.00", "HT-002")]
    assert cli.json("status")["open"] == "15500.00"  # 19,000.00 less the one payment of 3,500.00


def test_a_row_that_names_another_invoice_moves_the_payment(cli: Cli, tmp_path: Path) -> None:
    """One 回款 row, its invoice corrected in the next day's copy (a new name, no other row to
    tie the copies but the invoices they list)."""
    cli.json("import", str(_book(tmp_path / "M 1120.xlsx", {"HT-001": "2000.00"},
                                 [(HENGTONG, "2026-10-15", "2000.00", "HT-001")])))
    report = cli.json("import", str(_book(tmp_path / "M 1121.xlsx", {"HT-002": "2000.00"},
                                          [(HENGTONG, "2026-10-15", "2000.00", "HT-002")])))
    assert report["counts"]["payments"] == {"added": 0, "updated": 1, "unchanged": 0}
    assert [(c["old"], c["new"]) for c in report["changes"]] == [
        ("2000.00 2026-10-15 HT-001", "2000.00 2026-10-15 HT-002")]
    assert _payments(cli) == [("2026-10-15", "2000.00", "HT-002")]
    shown = {i["number"]: i["open"] for i in cli.json("customer", "show", HENGTONG)["invoices"]}
    assert shown == {"HT-001": "8000.00", "HT-002": "4000.00"}


def test_a_new_instalment_beside_the_old_row_is_a_second_payment(cli: Cli, tmp_path: Path) -> None:
    first = [(HENGTONG, "2026-10-08", "1000.00", "HT-002")]
    cli.json("import", str(_book(tmp_path / "应收 1120.xlsx", {"HT-002": "1000.00"}, first)))
    both = [*first, (HENGTONG, "2026-10-20", "1500.00", "HT-002")]
    report = cli.json("import", str(_book(tmp_path / "应收 1121.xlsx", {"HT-002": "2500.00"}, both)))
    assert report["counts"]["payments"] == {"added": 1, "updated": 0, "unchanged": 1}
    assert _payments(cli) == [("2026-10-08", "1000.00", "HT-002"), ("2026-10-20", "1500.00", "HT-002")]


def test_another_workbooks_payment_is_never_taken_for_a_corrected_row(
        cli: Cli, tmp_path: Path) -> None:
    """A month's workbook of its own (none of the first file's invoices) with a payment of 恒通
    on the same invoice number of its own: two payments, nothing corrected."""
    cli.json("import", str(_book(tmp_path / "九月.xlsx", {"HT-002": "3000.00"},
                                 [(HENGTONG, "2026-10-08", "3000.00", "HT-002")])))
    book = Workbook()
    sheet = book.active
    sheet.title = "应收明细"
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计", "已收金额"])
    sheet.append([HENGTONG, "HT-101", "2026-11-02", "4000.00", "1000.00"])
    sheet = book.create_sheet("回款")
    sheet.append(["客户", "回款日期", "金额", "单号"])
    sheet.append([HENGTONG, "2026-11-10", "1000.00", "HT-101"])
    book.save(tmp_path / "十一月.xlsx")
    report = cli.json("import", str(tmp_path / "十一月.xlsx"))
    assert report["counts"]["payments"] == {"added": 1, "updated": 0, "unchanged": 0}
    assert len(_payments(cli)) == 2


def _left_off(report: dict[str, list[str]]) -> list[str]:
    """The import's notes of payments an earlier copy brought that this one leaves off."""
    return [n for n in report["notes"] if "not on this file's payment sheet" in n]


def test_a_row_deleted_from_a_later_copy_is_reported_and_undo_takes_its_payment(
        cli: Cli, tmp_path: Path) -> None:
    """A 回款 row entered twice (no 已收金额 kept to check it by) and deleted in the next copy:
    its payment stays, and the import says so, naming the id dunner undo takes."""
    row = (HENGTONG, "2026-10-15", "2000.00", "HT-002")
    assert _left_off(cli.json("import", str(_book(tmp_path / "应收 1120.xlsx", {}, [row, row])))) == []
    copy = _book(tmp_path / "应收 1121.xlsx", {}, [row])
    noted = _left_off(cli.json("import", str(copy)))
    assert len(noted) == 1
    assert "2000.00 2026-10-15 HT-002" in noted[0] and "应收 1120.xlsx" in noted[0]
    assert noted[0].endswith("dunner undo P2")
    assert cli.json("status")["open"] == "15000.00"  # 19,000.00 less both: kept until undone
    assert cli("undo", "P2").exit_code == 0
    assert _left_off(cli.json("import", str(copy))) == []
    assert cli.json("status")["open"] == "17000.00"


def test_a_payment_that_went_with_its_settled_invoice_is_not_reported(
        cli: Cli, tmp_path: Path) -> None:
    """The next copy sheds XD-1, settled, with its 回款 row: nothing to say of that payment."""
    xinda = (XINDA, "2026-10-02", "5000.00", "XD-1")
    hengtong = (HENGTONG, "2026-10-15", "2000.00", "HT-002")
    cli.json("import", str(_book(tmp_path / "应收 1120.xlsx", {}, [xinda, hengtong])))
    book = Workbook()
    sheet = book.active
    sheet.title = "应收明细"
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计"])
    sheet.append([HENGTONG, "HT-001", "2026-09-01", "8000.00"])
    sheet.append([HENGTONG, "HT-002", "2026-09-10", "6000.00"])
    sheet = book.create_sheet("回款")
    sheet.append(["客户", "回款日期", "金额", "单号"])
    sheet.append(list(hengtong))
    book.save(tmp_path / "应收 1121.xlsx")
    report = cli.json("import", str(tmp_path / "应收 1121.xlsx"))
    assert _left_off(report) == []
    assert report["counts"]["payments"] == {"added": 0, "updated": 0, "unchanged": 1}
