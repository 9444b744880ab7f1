"""The ledger on PostgreSQL: migrated on a new database and from an older revision, a newer one
refused, the light read handles equal to the tables there too, money past 32 bits and booleans
through the bulk writes, and an import that fails half-way leaves nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import BigInteger, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from dunner.config import load_config
from dunner.errors import DunnerError
from dunner.ledger import read_tables, repo
from dunner.ledger.db import HEAD, Ledger, open_ledger, resolve_url
from dunner.ledger.defaults import defaults
from dunner.ledger.tables import metadata
from dunner.services.importing import ImportOptions, import_file

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("customer", "contact_person", "invoice", "payment", "contact_log", "promise",
          "acknowledgement", "signal", "reminder_sent")


@pytest.fixture
def ledger(pg_url: str) -> Iterator[Ledger]:
    opened = open_ledger(pg_url)
    yield opened
    opened.close()


def _revision(ledger: Ledger) -> str:
    with ledger.read() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())


def _count(ledger: Ledger, table: str) -> int:
    with ledger.read() as conn:
        return int(conn.execute(select(func.count()).select_from(metadata.tables[table])).scalar_one())


def test_a_new_database_is_migrated_to_head(ledger: Ledger) -> None:
    assert ledger.dialect == "postgresql" and ledger.path is None
    assert _revision(ledger) == HEAD
    with ledger.read() as conn:
        assert set(TABLES) <= set(inspect(conn).get_table_names())


def test_the_models_match_the_migrations(ledger: Ledger) -> None:
    """Autogenerate finds nothing to change on PostgreSQL either (types included: fen are BIGINT)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with ledger.read() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert [d for d in diff if d[0] not in ("add_index", "remove_index")] == []


def test_an_older_ledger_is_upgraded_with_its_rows(pg_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    engine = create_engine(resolve_url(pg_url))
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(repo.__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO customer (name, name_key, owner, phone, wechat, address, city,"
                          " pay_days, no_monday, no_morning, do_not_contact, status, notes)"
                          " VALUES ('恒通', '恒通', '', '', '', '', '', '', false, false, false,"
                          " 'active', '')"))
        conn.execute(text("INSERT INTO payment (customer_id, amount, method, reference, origin,"
                          " source_file, source_ref) VALUES (1, 100, '', '', 'paid_column', '', '')"))
        conn.execute(text("INSERT INTO signal (customer_id, on_date, kind, note, derived)"
                          " VALUES (1, '2026-11-01', 'relocation', '', false)"))
    engine.dispose()
    ledger = open_ledger(pg_url)
    try:
        assert _revision(ledger) == HEAD
        with ledger.read() as conn:
            assert conn.execute(text("SELECT recorded_on FROM payment")).scalar() == date.today()
            assert "derived" not in {c["name"] for c in inspect(conn).get_columns("signal")}
        assert _count(ledger, "signal") == 1
    finally:
        ledger.close()


def test_a_ledger_from_a_newer_dunner_is_refused_untouched(ledger: Ledger, pg_url: str) -> None:
    with ledger.write() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DunnerError) as info:
        open_ledger(pg_url)
    assert info.value.code == "db_newer"
    assert _revision(ledger) == "9999"


@pytest.mark.parametrize("handle", read_tables.HANDLES, ids=lambda h: h.name)
def test_read_handles_match_the_database_tables(ledger: Ledger, handle) -> None:
    """Each handle column exists in the migrated database with the same type; integers of the
    same width (money in fen is BIGINT)."""
    with ledger.read() as conn:
        columns = {c["name"]: c["type"] for c in inspect(conn).get_columns(handle.name)}
    for col in handle.c:
        assert col.name in columns, f"{handle.name}.{col.name} is not a column"
        found = columns[col.name]
        assert col.type._type_affinity is found._type_affinity, (col.name, found)
        assert isinstance(col.type, BigInteger) == isinstance(found, BigInteger), (col.name, found)


@pytest.mark.parametrize("plain", [True, False])  # the standard library's connection or SQLAlchemy's
def test_money_past_32_bits_booleans_and_dates_round_trip(ledger: Ledger, plain: bool) -> None:
    big = 2**40 + 1  # ¥10,995,116,277.77: past a 32-bit integer of fen
    with ledger.writer() if plain else ledger.write() as conn:
        repo.bulk_insert(conn, "customer", [{"name": "恒通", "name_key": "恒通", "owner": "张三",
                                             "credit_limit": big, "do_not_contact": True}],
                         defaults("customer"))
        cid = repo.customer_id_by_key(conn, "恒通")[0]  # type: ignore[index]
        repo.bulk_insert(conn, "invoice", [
            {"customer_id": cid, "number": "A", "issued": date(2026, 1, 5), "amount": big},
            {"customer_id": cid, "number": "B", "issued": date(2026, 2, 5), "amount": 1,
             "disputed": True}], defaults("invoice"))
        ids = {number: i for i, _, number, *_ in repo.invoice_facts(conn)}
        repo.bulk_update(conn, "invoice", [{"id": ids["A"], "due": date(2026, 3, 1)}])
    with ledger.read() as conn:
        facts = {r[2]: r for r in repo.invoice_facts(conn)}
        assert facts["A"] == (ids["A"], cid, "A", date(2026, 1, 5), date(2026, 3, 1), big)
        assert repo.disputed_invoices(conn) == {ids["B"]}
        assert repo.invoice_dispute(conn, cid, "B") == (ids["B"], True, "")
        [customer] = repo.customer_rows(conn)
        assert customer["credit_limit"] == big and customer["do_not_contact"] is True
        assert customer["no_monday"] is False


def test_an_import_failing_half_way_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    """The server refuses the payments after the customers and invoices went in: the whole
    import is rolled back."""
    with ledger.write() as conn:
        conn.execute(text("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                          " $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"))
        conn.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON payment"
                          " FOR EACH ROW EXECUTE FUNCTION refuse()"))
    book = ROOT / "examples" / "ledger.xlsx"
    options = ImportOptions(today=date(2026, 11, 23))
    with pytest.raises(DBAPIError, match="refused by the test"):
        import_file(ledger, book, options, load_config(None, {}))
    assert [_count(ledger, t) for t in ("customer", "invoice", "payment")] == [0, 0, 0]
    with ledger.write() as conn:
        conn.execute(text("DROP TRIGGER refuse ON payment"))
    report = import_file(ledger, book, options, load_config(None, {}))
    assert report.counts["payments_added"] == 40
    assert _count(ledger, "invoice") == 150
