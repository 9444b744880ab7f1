"""The services as a library: parsed values in (fen, dates, the ledger's words), domain errors
out, one transaction per use case, and one customer's commands reading that customer only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from dunner.config import load_config
from dunner.errors import DunnerError, NotFound
from dunner.ledger import repo
from dunner.services.context import AppContext
from tests.conftest import TODAY

HT, XD = "杭州恒通五金有限公司", "广州鑫达建材经营部"


@pytest.fixture
def ctx(db_path: Path) -> Iterator[AppContext]:
    from dunner.services.customers import Person, add_customer

    app = AppContext(load_config(None, {}), str(db_path), TODAY, "en")
    add_customer(app, HT, {"owner": "张三", "credit_limit": 5_000_000},
                 [Person("王经理", "payer", "13800001234")])
    add_customer(app, XD, {"owner": "李四"})
    with app.ledger().write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for name, number, issued, amount in ((HT, "A-1", date(2026, 8, 1), 100_000),
                                             (HT, "A-2", date(2026, 9, 1), 50_050),
                                             (XD, "B-1", date(2026, 9, 15), 300_000)):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": number,
                                                 "issued": issued, "amount": amount})
    yield app
    app.close()


def test_recording_takes_parsed_values(ctx: AppContext) -> None:
    from dunner.services.customers import show_customer
    from dunner.services.recording import (
        record_ack,
        record_contact,
        record_payment,
        record_promise,
        record_signal,
    )

    paid = record_payment(ctx, "恒通", 120_000, date(2026, 11, 20), None, "转账", "0031")
    assert paid.details["allocated"] == [("A-1", 100_000), ("A-2", 20_000)]
    record_contact(ctx, "恒通", "call", outcome="promised", at=datetime(2026, 11, 21, 15, 30))
    record_promise(ctx, "恒通", 30_050, date(2026, 11, 30))
    record_ack(ctx, "恒通", 30_050, date(2026, 11, 22))
    record_signal(ctx, "恒通", "relocation", on=date(2026, 11, 22))
    shown = show_customer(ctx, "恒通")
    assert shown["position"].open == 30_050
    assert [c["who"] for c in shown["contacts"]] == ["张三"]  # the owner, looked up in the ledger
    assert [p["name"] for p in shown["people"]] == ["王经理"]


@pytest.mark.parametrize("call", [
    lambda ctx, r: r.record_payment(ctx, "恒通", 100, date(2026, 11, 24), None),
    lambda ctx, r: r.record_ack(ctx, "恒通", 100, date(2026, 11, 24)),
    lambda ctx, r: r.record_signal(ctx, "恒通", "other", on=date(2026, 11, 24)),
    lambda ctx, r: r.record_contact(ctx, "恒通", "call", at=datetime(2026, 11, 24, 9, 0)),
    lambda ctx, r: r.record_payment(ctx, "恒通", 0, None, None),
    lambda ctx, r: r.record_promise(ctx, "恒通", -5, date(2026, 11, 30)),
])
def test_domain_rules_are_the_services_own(ctx: AppContext, call: Any) -> None:
    from dunner.services import recording

    with pytest.raises(DunnerError):
        call(ctx, recording)


def test_customer_add_with_people_is_one_transaction(ctx: AppContext,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from dunner.services.customers import Person, add_customer, list_customers

    real = repo.insert_one

    def failing(conn: Any, table: Any, row: Any) -> int:
        if table == "contact_person":
            raise RuntimeError("disk full")
        return real(conn, table, row)

    monkeypatch.setattr(repo, "insert_one", failing)
    with pytest.raises(RuntimeError):
        add_customer(ctx, "丙公司", {}, [Person("赵会计", "finance")])
    monkeypatch.undo()
    assert sorted(r["name"] for r in list_customers(ctx)) == sorted([HT, XD])  # none half-added


def test_terms_are_stored_in_their_one_spelling(ctx: AppContext) -> None:
    from dunner.domain.terms import parse_terms
    from dunner.services.customers import edit_customer, show_customer

    edit_customer(ctx, "鑫达", {"terms": parse_terms("月结25日")})
    assert show_customer(ctx, "鑫达")["customer"]["terms"] == "monthly:25"


def test_renaming_onto_another_customer_is_refused(ctx: AppContext) -> None:
    from dunner.services.customers import edit_customer

    with pytest.raises(DunnerError, match="already exists"):
        edit_customer(ctx, "鑫达", {"name": HT})


def test_disputes_as_a_library(ctx: AppContext) -> None:
    from dunner.services.customers import show_customer
    from dunner.services.disputes import record_dispute, resolve_dispute

    assert record_dispute(ctx, "恒通", "A-2", "少发两箱").previous is None
    assert show_customer(ctx, "恒通")["disputes"] == {"A-2": "少发两箱"}
    assert resolve_dispute(ctx, "恒通", "A-2").previous == "少发两箱"
    assert show_customer(ctx, "恒通")["disputes"] == {}
    with pytest.raises(NotFound):
        record_dispute(ctx, "恒通", "B-1", "not its invoice")


class Spy:
    """Records the scope of every per-customer read of the ledger."""

    READERS = ("invoice_facts", "payment_facts", "customer_rows", "promise_facts", "ack_facts",
               "contact_facts", "signal_facts", "invoice_owners", "disputed_invoices")

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scopes: list[Any] = []
        for name in self.READERS:
            monkeypatch.setattr(repo, name, self._wrap(getattr(repo, name)))

    def _wrap(self, real: Any) -> Any:
        def spy(conn: Any, scope: Any = None) -> Any:
            self.scopes.append(scope)
            return real(conn, scope)
        return spy


def test_one_customer_commands_read_one_customer(ctx: AppContext,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from dunner.services.customers import show_customer
    from dunner.services.grading import grade
    from dunner.services.planning import make_plan

    with ctx.ledger().read() as conn:
        ht = next(r["id"] for r in repo.customer_rows(conn) if r["name"] == HT)
    spy = Spy(monkeypatch)
    assert [a.file.name for a in grade(ctx, "恒通").assessments] == [HT]
    assert show_customer(ctx, "恒通")["customer"]["name"] == HT
    assert spy.scopes and set(spy.scopes) == {ht}
    spy.scopes.clear()
    make_plan(ctx, TODAY, TODAY, customer="恒通")
    assert spy.scopes and set(spy.scopes) == {repo.Owner("张三")}
