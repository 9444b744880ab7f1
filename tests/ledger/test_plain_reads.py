"""The read path's plain SQL gives what SQLAlchemy gives: every column of every table with the
same values and the same Python types (dates, times, flags), each reader's scope the rows a
filter of everything keeps — on the standard library's sqlite3 connection and on an
SQLAlchemy one (PostgreSQL with ``--ledger=postgresql``)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from dunner.ledger import bills, repo
from dunner.ledger.db import Ledger, open_ledger
from dunner.ledger.sql import COLUMNS, fetch, select_all
from dunner.ledger.tables import metadata
from tests.conftest import Cli
from tests.example_book import EXAMPLE


@pytest.fixture
def ledger(cli: Cli) -> Iterator[Ledger]:
    """The example imported, then a week of a clerk's records: contacts (one with evidence, one
    against a plan action), a promise, a confirmed balance, a signal, a bank bill, a dispute,
    a customer's preferences and dates, and one record undone."""
    steps = [
        ("import", str(EXAMPLE)),
        ("log", "恒通", "call", "--outcome", "promised", "--excuse", "no_cash", "--evidence",
         "--at", "2026-11-20 10:30"),
        ("log", "闵行", "visit", "--outcome", "reached", "--at", "2026-11-22 15:00", "--who", "李四"),
        ("promise", "恒通", "1000", "2026-11-30"),
        ("ack", "金盛", "90897.22"),
        ("signal", "金盛", "relocation", "--note", "搬家"),
        ("pay", "松江", "2000", "--bill", "bank", "--bill-no", "B123", "--matures", "2027-03-01",
         "--acceptor", "工行"),
        ("pay", "宝山", "3000", "--date", "2026-11-21"),
        ("dispute", "浦江", "XS2025-0019", "--reason", "质量"),
        ("customer", "edit", "浦江", "--no-monday", "--pause-until", "2026-11-25", "--founded",
         "2010-01-01", "--distance", "12.5", "--pay-days", "10,25", "--closing-day", "20"),
        ("log", "宝山", "wechat", "--outcome", "no_answer", "--at", "2026-11-21 09:00"),
    ]
    for args in steps:
        done = cli(*args)
        assert done.exit_code == 0, (args, done.stdout, done.stderr)
    first = cli.json("plan", "--week")["actions"][0]  # a contact logged against a plan action
    done = cli("log", first["customer"], "call", "--outcome", "reached", "--action", first["id"])
    assert done.exit_code == 0, done.stdout + done.stderr
    undone = cli("undo", "C3")
    assert undone.exit_code == 0, undone.stdout + undone.stderr
    opened = open_ledger(str(cli.db))
    yield opened
    opened.close()


def typed(ledger: Ledger, table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as SQLAlchemy types it, by id."""
    handle = metadata.tables[table]
    with ledger.read() as conn:
        return [dict(r) for r in conn.execute(select(handle).order_by(handle.c.id)).mappings()]


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_every_column_reads_back_with_sqlalchemys_values_and_types(ledger: Ledger,
                                                                   table: str) -> None:
    expected = typed(ledger, table)
    with ledger.reader() as conn:
        got = select_all(conn, table, order="id")
    assert got == expected
    assert [{k: type(v) for k, v in r.items()} for r in got] == [
        {k: type(v) for k, v in r.items()} for r in expected]


def test_the_ledger_holds_what_the_comparison_needs(ledger: Ledger) -> None:
    """Each kind of value is there to compare: times, dates, true flags, an undone record."""
    contacts = typed(ledger, "contact_log")
    assert any(isinstance(r["at"], datetime) and r["evidence"] is True for r in contacts)
    assert any(r["undone_on"] is not None for r in contacts)
    customers = typed(ledger, "customer")
    assert any(r["no_monday"] is True and isinstance(r["paused_until"], date) for r in customers)
    assert any(r["bill_no"] == "B123" for r in typed(ledger, "payment"))


def _owner_ids(ledger: Ledger, owner: str) -> set[int]:
    return {r["id"] for r in typed(ledger, "customer") if r["owner"] == owner}


@pytest.mark.parametrize("which", ["all", "owner", "one"])
def test_each_reader_keeps_the_rows_of_its_scope(ledger: Ledger, which: str) -> None:
    ids = {r["id"] for r in typed(ledger, "customer")}
    one = min(_owner_ids(ledger, "张三"))
    scope: repo.Scope = {"all": None, "owner": repo.Owner("张三"), "one": one}[which]
    keep = ids if scope is None else _owner_ids(ledger, "张三") if which == "owner" else {one}
    invoices = [r for r in typed(ledger, "invoice") if r["customer_id"] in keep]
    payments = [r for r in typed(ledger, "payment") if r["customer_id"] in keep
                and r["undone_on"] is None and r["bill_state"] != "dishonoured"]
    contacts = [r for r in typed(ledger, "contact_log") if r["customer_id"] in keep
                and r["undone_on"] is None]
    with ledger.reader() as conn:
        assert sorted(repo.invoice_facts(conn, scope)) == sorted(
            (r["id"], r["customer_id"], r["number"], r["issued"], r["due"], r["amount"])
            for r in invoices)
        assert sorted(repo.payment_facts(conn, scope)) == sorted(
            (r["id"], r["customer_id"], r["paid_on"], r["amount"], r["invoice_number"],
             r["origin"], r["recorded_on"]) for r in payments)
        assert sorted(repo.contact_facts(conn, scope)) == sorted(
            (r["customer_id"], r["at"], r["channel"], r["outcome"], r["excuse"], r["evidence"],
             r["action_id"]) for r in contacts)
        assert [r["id"] for r in repo.customer_rows(conn, scope)] == [
            r["id"] for r in sorted((r for r in typed(ledger, "customer") if r["id"] in keep),
                                    key=lambda r: r["name"])]
        assert repo.disputed_invoices(conn, scope) == {r["id"] for r in invoices if r["disputed"]}
        assert repo.invoice_owners(conn, scope) == {r["id"]: r["owner"] for r in invoices
                                                    if r["owner"]}
        assert repo.done_action_ids(conn, scope) == frozenset(
            r["action_id"] for r in contacts if r["action_id"])
        assert len(repo.promise_facts(conn, scope)) == sum(
            r["customer_id"] in keep for r in typed(ledger, "promise"))
        held = bills.bill_rows(conn, scope)
        assert [b["bill_matures"] for b in held] == sorted(b["bill_matures"] for b in held)
        assert sorted(b["bill_no"] for b in held) == sorted(
            r["bill_no"] for r in typed(ledger, "payment") if r["bill_no"] and r["customer_id"] in keep)
    if which == "all":
        with ledger.reader() as conn:
            assert len(repo.disputed_invoices(conn)) == 1
            assert len(repo.done_action_ids(conn)) == 1


def test_lookups_by_name_and_number(ledger: Ledger) -> None:
    customers = typed(ledger, "customer")
    pujiang = next(r for r in customers if "浦江" in r["name"])
    with ledger.reader() as conn:
        assert repo.customer_id_by_key(conn, pujiang["name_key"]) == (pujiang["id"], pujiang["name"])
        assert repo.customer_id_by_key(conn, "no such customer") is None
        assert repo.customer_owner(conn, pujiang["id"]) == pujiang["owner"]
        assert repo.disputes(conn, pujiang["id"]) == {"XS2025-0019": "质量"}
        assert repo.invoice_dispute(conn, pujiang["id"], "XS2025-0019")[1:] == (True, "质量")
        assert repo.owner_names(conn) == sorted({r["owner"] for r in customers if r["owner"]}
                                                | {r["owner"] for r in typed(ledger, "invoice")
                                                   if r["owner"]})
        bill = bills.bill_rows(conn, number="B123")
        assert [(b["bill_no"], b["bill_matures"], b["customer"]) for b in bill] == [
            ("B123", date(2027, 3, 1), next(r["name"] for r in customers if "松江" in r["name"]))]
        assert fetch(conn, "SELECT count(*) FROM invoice WHERE amount > ?", (0,)) == [
            (sum(1 for r in typed(ledger, "invoice") if r["amount"] > 0),)]


@pytest.mark.sqlite_only("the standard library's connection is for SQLite files")
def test_a_file_is_read_with_the_standard_library_in_one_snapshot(ledger: Ledger, cli: Cli) -> None:
    with ledger.reader() as conn:
        assert isinstance(conn, sqlite3.Connection)
        before = fetch(conn, "SELECT count(*) FROM payment")
        paid = cli("pay", "宝山", "100")  # another writer commits meanwhile
        assert paid.exit_code == 0, paid.stdout + paid.stderr
        assert fetch(conn, "SELECT count(*) FROM payment") == before
    with ledger.reader() as conn:
        assert fetch(conn, "SELECT count(*) FROM payment") == [(before[0][0] + 1,)]


@pytest.mark.sqlite_only("an SQLite file that is not a database")
def test_a_file_that_is_not_a_ledger_is_one_clear_line(tmp_path: Path) -> None:
    bogus = tmp_path / "ledger.db"
    bogus.write_bytes(b"not a database at all" * 100)
    done = subprocess.run([sys.executable, "-m", "dunner", "--db", str(bogus), "status"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 2 and "is not a dunner ledger" in lines[0], done.stderr
    assert bogus.read_bytes() == b"not a database at all" * 100


@pytest.mark.parametrize("url", ["sqlite:////tmp/a.db", "sqlite:///C:\\Users\\王芳\\ledger.db",
                                 "sqlite:///C:/x/l.db", "sqlite:///rel.db", "sqlite:////tmp/a%20b.db",
                                 "sqlite:////tmp/a.db?mode=ro", "sqlite:////srv/账本 2026.db"])
def test_a_ledger_file_is_found_in_its_url_as_sqlalchemy_finds_it(url: str) -> None:
    """The file of a plain SQLite URL is read without SQLAlchemy, and must be the same file."""
    from sqlalchemy.engine import make_url

    from dunner.ledger.db import sqlite_path

    assert sqlite_path(url) == Path(make_url(url).database or "")
