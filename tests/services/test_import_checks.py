"""Checks across rows: pure functions of the rows, run once, each seeing the rejections before it."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from dunner.domain.problems import Problem
from dunner.domain.text import name_key
from dunner.services.importing.changes import State
from dunner.services.importing.checks import duplicate_invoices, rejected_rows, unknown_references
from dunner.services.importing.rows import Row, number_invoices
from tests.services.readback import invoices
from tests.services.workbooks import invoice_book

HT = "杭州恒通五金有限公司"
ABC = "ABC 贸易有限公司"
EMPTY = State({}, {}, set(), set())
BAD = Problem("f.xlsx:应收!C2", "bad_issued", "not a date")


def invoice(customer: str, number: str | None, line: int, sheet: str = "应收") -> Row:
    values: dict[str, object] = {"customer": customer, "issued": date(2026, 9, 1), "amount": 100}
    if number is not None:
        values["number"] = number
    return Row(sheet, line, "invoices", values, [], name_key(customer))


def payment(customer: str, number: str | None, line: int) -> Row:
    values: dict[str, object] = {"customer": customer, "payment_date": date(2026, 10, 1), "amount": 100}
    if number is not None:
        values["number"] = number
    return Row("回款", line, "payments", values, [], name_key(customer))


def codes(rejected: dict[Row, list[Problem]]) -> list[tuple[str, int, str]]:
    return [(row.sheet, row.line, p.code) for row, found in rejected.items() for p in found]


def test_a_number_repeated_on_another_sheet_at_the_same_row_is_a_duplicate() -> None:
    first, again = invoice(HT, "HT-1", 2, "应收"), invoice(HT, "HT-1", 2, "应收二")
    [(row, [problem])] = duplicate_invoices([first, again], {}, "f.xlsx").items()
    assert row is again
    assert problem.source == "f.xlsx:应收二!2"
    assert problem.message == "invoice HT-1 appears twice (first on row 2)"


def test_a_rejected_row_is_not_the_first_of_its_number() -> None:
    bad, good = invoice(HT, "HT-1", 2), invoice(HT, "HT-1", 3)
    assert duplicate_invoices([bad, good], {bad: [BAD]}, "f.xlsx") == {}


def test_payments_leaning_on_rejected_rows_are_rejected_in_the_same_pass() -> None:
    rows = [invoice(HT, "HT-1", 2), invoice(HT, "HT-1", 3), invoice(ABC, "AB-1", 4),
            payment(HT, "HT-1", 2), payment(ABC, None, 3), payment(HT, "HT-9", 4)]
    before = copy.deepcopy([r.values for r in rows])
    rejected = rejected_rows(rows, {rows[2]: [BAD]}, EMPTY, "f.xlsx")
    assert codes(rejected) == [
        ("应收", 3, "duplicate_invoice"),
        ("应收", 4, "bad_issued"),
        ("回款", 3, "unknown_customer"),  # ABC's only row is rejected
        ("回款", 4, "unknown_invoice"),
    ]
    assert [r.values for r in rows] == before  # the checks write nothing into the rows


def test_payments_may_lean_on_the_ledger() -> None:
    state = State({name_key(HT): {"id": 7, "name": HT}}, {(7, "HT-1"): ()}, set(), set())
    assert unknown_references([payment(HT, "HT-1", 2)], {}, state, "f.xlsx") == {}


def test_generated_numbers_count_rejected_rows() -> None:
    rows = [invoice(HT, None, 2), invoice(HT, None, 3), invoice(ABC, None, 4)]
    number_invoices(rows)
    assert [r.values["number"] for r in rows] == ["20260901-1", "20260901-2", "20260901-1"]


def test_a_fixed_row_imported_again_keeps_the_numbers_of_the_others(tmp_path: Path, ledger, run) -> None:
    rows = [(HT, None, date(2026, 9, 1), None, "abc", None, "张三"),
            (HT, None, date(2026, 9, 1), None, 200, None, "张三")]
    report = run(invoice_book(tmp_path / "ledger.xlsx", rows), skip_bad=True)
    assert report.rejected_rows == 1
    assert invoices(ledger) == {"20260901-2": (HT, date(2026, 9, 1), None, 20_000)}
    rows[0] = (HT, None, date(2026, 9, 1), None, 100, None, "张三")
    report = run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert (report.counts["invoices_added"], report.counts["invoices_unchanged"]) == (1, 1)
    assert invoices(ledger) == {"20260901-1": (HT, date(2026, 9, 1), None, 10_000),
                                "20260901-2": (HT, date(2026, 9, 1), None, 20_000)}
