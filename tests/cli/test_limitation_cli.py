"""Limitation through the CLI: per-invoice restarts in ``status``, and ``ack`` short of the balance."""

from __future__ import annotations

from datetime import date

from tests.cli.five_customers import ok
from tests.cli.test_record import ledger  # noqa: F401  (the fixture)
from tests.conftest import Cli

B = "宁波永固紧固件厂"


def _invoices(cli: Cli, *rows: tuple[str, date, date, int]) -> None:
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ok(cli, "customer", "add", B, "--owner", "张三")
    led = open_ledger(str(cli.db))
    with led.write() as conn:
        cid = next(r["id"] for r in repo.customer_rows(conn) if r["name"] == B)
        for number, issued, due, amount in rows:
            repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": number,
                                                 "issued": issued, "due": due, "amount": amount})
    led.close()


def test_status_alerts_the_invoice_a_named_payment_did_not_restart(cli: Cli) -> None:
    _invoices(cli, ("B1", date(2023, 11, 30), date(2023, 12, 31), 50_000),
              ("B2", date(2024, 1, 31), date(2024, 2, 29), 80_000))
    ok(cli, "pay", "永固", "600", "--invoice", "B2", "--date", "2026-11-02")
    grade = cli.json("grade")
    assert [r["limitation_expires"] for r in grade if r["customer"] == B] == ["2026-12-31"]
    assert cli.json("status")["limitation_alerts"] == [
        {"customer": B, "expires": "2026-12-31", "open": "500.00"}]


def test_status_shows_the_invoice_expiring_tomorrow_beside_an_expired_one(cli: Cli) -> None:
    _invoices(cli, ("E-1", date(2023, 2, 28), date(2023, 3, 31), 100_000),
              ("T-1", date(2023, 10, 24), date(2023, 11, 24), 10_000))
    assert cli.json("status")["limitation_alerts"] == [
        {"customer": B, "expires": "2026-11-24", "open": "100.00"}]


def test_partial_acknowledgement_warns_about_the_difference(ledger) -> None:  # noqa: F811
    result = ledger("ack", "恒通", "1200", "--date", "2026-11-15")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "the confirmed ¥1,200.00 is ¥500.50 short of the open balance ¥1,700.50: only the oldest "
        "invoices it covers in full restart their limitation period; get the rest confirmed too"]


def test_full_acknowledgement_does_not_warn(ledger) -> None:  # noqa: F811
    result = ledger("ack", "恒通", "1700.50", "--date", "2026-11-15")
    assert (result.exit_code, result.stderr) == (0, "")
