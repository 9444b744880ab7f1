"""Import service: limits from the config, progress reports and one transaction for the whole file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.adapters.workbook import Limits
from dunner.ledger import repo
from dunner.services.importing import ImportOptions, import_file, limits_from
from tests.services.readback import config_with, dump_ledger
from tests.services.workbooks import PAYMENT_HEADERS, SheetSpec, invoice_book

HT = "杭州恒通五金有限公司"
ROWS = [(HT, f"HT-{i}", date(2026, 9, 1), None, 100, 10, "张三") for i in range(4)]


def test_limits_from_the_default_config(config) -> None:
    assert limits_from(config) == Limits(1_000_000, 200, 200 * 2**20, 2**30)


def test_limits_from_a_changed_config() -> None:
    limits = limits_from(config_with(max_rows=10, max_columns=5, max_file_mb=2, max_uncompressed_mb=3))
    assert limits == Limits(10, 5, 2 * 2**20, 3 * 2**20)


def test_progress_ends_at_the_total(tmp_path: Path, ledger, config) -> None:
    calls: list[tuple[int, int]] = []
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, title_rows=2)
    import_file(ledger, path, ImportOptions(), config, lambda done, total: calls.append((done, total)))
    assert calls[-1] == (7, 7)  # 2 title rows, the header, 4 rows


@pytest.mark.postgres_too
def test_a_failure_while_writing_leaves_nothing(tmp_path: Path, ledger, run, monkeypatch) -> None:
    real = repo.bulk_update  # the last write of an import: after its invoices and payments

    def failing(conn, table, rows):
        if table == "payment":
            raise RuntimeError("disk full")
        return real(conn, table, rows)

    monkeypatch.setattr(repo, "bulk_update", failing)
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [(HT, date(2026, 10, 1), 5, "HT-1")])
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, extra=[pay])
    with pytest.raises(RuntimeError):
        run(path)
    assert all(rows == [] for rows in dump_ledger(ledger).values())
    monkeypatch.setattr(repo, "bulk_update", real)  # the same file, once the disk is fine again
    report = run(path)
    assert (report.counts["invoices_added"], report.counts["payments_added"]) == (4, 1)
