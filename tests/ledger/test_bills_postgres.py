"""Bills and fapiao on PostgreSQL: a dishonoured bill settles nothing there either, and the
fapiao columns read back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from dunner.ledger import bills, repo
from dunner.ledger.db import Ledger, open_ledger


@pytest.fixture
def ledger(pg_url: str) -> Iterator[Ledger]:
    opened = open_ledger(pg_url)
    yield opened
    opened.close()


def test_a_dishonoured_bill_leaves_the_payments_that_count(ledger: Ledger) -> None:
    with ledger.write() as conn:
        cid = repo.insert_one(conn, repo.CUSTOMER, {"name": "恒通", "name_key": "恒通"})
        repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": "A-1", "amount": 1_000_000,
                                             "issued": date(2026, 5, 1), "fapiao_state": "issued",
                                             "fapiao_no": "0441", "fapiao_date": date(2026, 5, 3)})
        cash = repo.insert_one(conn, repo.PAYMENT, {"customer_id": cid, "paid_on": date(2026, 6, 1),
                                                    "amount": 100_000})
        bill = repo.insert_one(conn, repo.PAYMENT, {
            "customer_id": cid, "paid_on": date(2026, 6, 2), "amount": 500_000,
            "bill_kind": "commercial", "bill_no": "CM-1", "bill_matures": date(2026, 12, 2),
            "bill_state": "held"})
    with ledger.read() as conn:
        assert {p[0] for p in repo.payment_facts(conn)} == {cash, bill}
    with ledger.write() as conn:
        bills.set_bill_state(conn, bill, "dishonoured", date(2026, 11, 20))
    with ledger.read() as conn:
        assert {p[0] for p in repo.payment_facts(conn)} == {cash}
        [row] = bills.bill_rows(conn, number="CM-1")
        assert (row["customer"], row["bill_state"], row["bill_state_on"]) == (
            "恒通", "dishonoured", date(2026, 11, 20))
        assert list(bills.fapiao_by_invoice(conn).values()) == [
            ("issued", "0441", date(2026, 5, 3), None)]
