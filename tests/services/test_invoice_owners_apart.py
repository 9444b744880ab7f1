"""An invoice whose owner (rep) is not its customer's keeps that owner on the read path; the
ledger hands over only those invoices (``repo.invoice_owners_apart``), the others take their
customer's owner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.portfolio import assess_all, load_files
from tests.conftest import TODAY

HT, XD = "杭州恒通五金有限公司", "广州鑫达建材经营部"


@pytest.fixture
def ctx(db_path: Path) -> Iterator[AppContext]:
    """Two customers of 张三 and 李四; 恒通's A-2 is 王五's, A-3 names its customer's owner and
    鑫达's B-1 names none."""
    from dunner.services.customers import add_customer

    app = AppContext(load_config(None, {}), str(db_path), TODAY, "en")
    add_customer(app, HT, {"owner": "张三"})
    add_customer(app, XD, {"owner": "李四"})
    with app.ledger().write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for name, number, owner in ((HT, "A-1", ""), (HT, "A-2", "王五"), (HT, "A-3", "张三"),
                                    (XD, "B-1", "")):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": number,
                                                 "issued": date(2026, 9, 1), "amount": 100_000,
                                                 "owner": owner})
    yield app
    app.close()


def _ids(ctx: AppContext) -> tuple[dict[str, int], dict[str, int]]:
    with ctx.ledger().reader() as conn:
        customers = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        invoices = {r[2]: r[0] for r in repo.invoice_facts(conn)}
    return customers, invoices


def test_only_the_invoices_of_another_owner_are_read(ctx: AppContext) -> None:
    customers, invoices = _ids(ctx)
    with ctx.ledger().reader() as conn:
        assert repo.invoice_owners_apart(conn) == {invoices["A-2"]: "王五"}
        assert repo.invoice_owners_apart(conn, customers[HT]) == {invoices["A-2"]: "王五"}
        assert repo.invoice_owners_apart(conn, customers[XD]) == {}
        assert repo.invoice_owners_apart(conn, repo.Owner("张三")) == {invoices["A-2"]: "王五"}
        assert repo.invoice_owners_apart(conn, repo.Owner("李四")) == {}
        # every invoice naming an owner, its customer's too, for those who read them all
        assert repo.invoice_owners(conn) == {invoices["A-2"]: "王五", invoices["A-3"]: "张三"}


def test_each_open_invoice_shows_its_own_owner_else_its_customers(ctx: AppContext) -> None:
    assessed, _ = assess_all(ctx)
    owners = {v.item.number: v.owner for a in assessed for v in a.invoices}
    assert owners == {"A-1": "张三", "A-2": "王五", "A-3": "张三", "B-1": "李四"}
    with ctx.ledger().reader() as conn:
        files = {f.name: f for f in load_files(conn, ctx.config)}
    _, invoices = _ids(ctx)
    assert files[HT].invoice_owners == {invoices["A-2"]: "王五"}
