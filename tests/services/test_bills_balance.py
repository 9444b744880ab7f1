"""Property: with bills in the ledger money still balances — Σ invoices − Σ cash − Σ bills that
were not dishonoured = open − credit, and the bills outstanding are the held ones."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.config import load_config
from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.services.bills import bill_summary
from dunner.services.customers import position_of

TODAY = date(2026, 11, 23)
amounts = st.integers(min_value=1, max_value=5_000_000)
payment = st.tuples(amounts, st.sampled_from(["cash", "bank", "commercial"]), st.booleans(),
                    st.integers(min_value=0, max_value=200))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invoices=st.lists(amounts, min_size=1, max_size=5), payments=st.lists(payment, max_size=5))
def test_money_balances_with_bills(invoices: list[int], payments: list[tuple[int, str, bool, int]]) -> None:
    config = load_config(None, {})
    with tempfile.TemporaryDirectory() as folder:
        ledger = open_ledger(str(Path(folder) / "ledger.db"))
        with ledger.write() as conn:
            cid = repo.insert_one(conn, repo.CUSTOMER, {"name": "恒通", "name_key": "恒通"})
            for n, fen in enumerate(invoices):
                repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": f"A-{n}",
                                                     "issued": date(2026, 1, 1) + timedelta(n),
                                                     "amount": fen})
            for n, (fen, kind, dishonoured, days) in enumerate(payments):
                bill = {} if kind == "cash" else {
                    "bill_kind": kind, "bill_no": f"B-{n}", "bill_matures": TODAY + timedelta(days - 100),
                    "bill_state": "dishonoured" if dishonoured else "held"}
                repo.insert_one(conn, repo.PAYMENT, {"customer_id": cid, "paid_on": date(2026, 3, 1),
                                                     "amount": fen, **bill})
        with ledger.read() as conn:
            pos = position_of(conn, config, cid, TODAY)
            summary = bill_summary(conn, TODAY, 3)
        ledger.close()
    cash = sum(fen for fen, kind, _, _ in payments if kind == "cash")
    bills = sum(fen for fen, kind, dishonoured, _ in payments if kind != "cash" and not dishonoured)
    assert sum(invoices) - cash - bills == pos.open - pos.credit
    held = [(fen, kind) for fen, kind, dishonoured, days in payments
            if kind != "cash" and not dishonoured and days - 100 + 3 >= 0]
    assert summary.outstanding == sum(fen for fen, _ in held)
    assert summary.commercial == sum(fen for fen, kind in held if kind == "commercial")
