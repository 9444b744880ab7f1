"""A new SQLite ledger's schema comes from one script (``sqlite_schema.sql``), not from running the
migrations: the script must build what alembic's upgrade builds on an empty file, and a ledger
made from it must be checked, migrated and written exactly like one alembic made."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from dunner.ledger import db
from dunner.ledger.db import HEAD, REVISIONS, open_ledger
from tests.cli.small_ledger import write_book
from tests.conftest import Cli
from tests.ledger.migrating import run_alembic
from tests.ledger.schema_regen import COMMAND, canonical, migrate_empty_file, render
from tests.ledger.sqlite_files import contents_of, schema_of, shape_of

DRIFT = f"the schema script differs from what the migrations build: write it again with {COMMAND}"


def _from_script(path: Path) -> Path:
    open_ledger(str(path)).close()
    return path


def _from_migrations(path: Path) -> Path:
    migrate_empty_file(path)
    return path


def test_the_script_builds_what_the_migrations_build(tmp_path: Path) -> None:
    script = schema_of(_from_script(tmp_path / "script.db"))
    migrated = schema_of(_from_migrations(tmp_path / "alembic.db"))
    assert script["versions"] == migrated["versions"] == [(HEAD,)], DRIFT
    assert script["master"] == migrated["master"], DRIFT
    assert script == migrated, DRIFT
    assert {"customer", "invoice", "payment", "alembic_version"} <= set(script["tables"])
    assert script["settings"]["journal_mode"] == "wal"


def test_the_script_is_what_regenerating_it_writes() -> None:
    assert db.SCHEMA_SCRIPT.read_text(encoding="utf-8") == render(), DRIFT


def test_constraints_in_either_order_are_one_statement() -> None:
    head = 'CREATE TABLE "t" (\n\tid INTEGER NOT NULL, \n\tk VARCHAR DEFAULT (\'a,b\') NOT NULL, \n\t'
    one = head + "PRIMARY KEY (id), \n\tUNIQUE (k), \n\tFOREIGN KEY(k) REFERENCES u (k)\n)"
    other = head + "FOREIGN KEY(k) REFERENCES u (k), \n\tPRIMARY KEY (id), \n\tUNIQUE (k)\n)"
    assert canonical(one) == canonical(other) == (
        head + "PRIMARY KEY (id), \n\tFOREIGN KEY(k) REFERENCES u (k), \n\tUNIQUE (k)\n)")
    columns = 'CREATE TABLE "t" (\n\tb INTEGER, \n\ta INTEGER, \n\tPRIMARY KEY (a)\n)'
    assert canonical(columns) == columns  # the columns' order is the table's: kept
    assert canonical("CREATE INDEX ix ON t (b, a)") == "CREATE INDEX ix ON t (b, a)"


def test_a_new_ledger_is_made_without_sqlalchemy_orrun_alembic(tmp_path: Path) -> None:
    path = tmp_path / "new" / "ledger.db"
    code = ("import sys; from dunner.ledger.db import open_ledger; open_ledger(sys.argv[1]).close();"
            " print(sorted({'sqlalchemy', 'alembic'} & {m.split('.')[0] for m in sys.modules}))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
    assert schema_of(path) == schema_of(_from_migrations(tmp_path / "alembic.db")), DRIFT
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_file_with_tables_is_left_to_the_migrations(tmp_path: Path) -> None:
    """An existing database without a revision is not written over by the script: the
    migrations meet its tables as before (and here refuse to create one that is there)."""
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text VARCHAR)")
    conn.close()
    ledger = db.Ledger(f"sqlite:///{path}")
    try:
        assert db.create_from_script(ledger) is False
    finally:
        ledger.close()
    assert [n for (n,) in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_a_script_ledger_is_migrated_down_and_up_like_alembics(tmp_path: Path) -> None:
    """alembic's downgrades, then ``dunner db upgrade``, run on a ledger made from the script as
    on one alembic made, and leave the same schema."""
    fresh = schema_of(_from_migrations(tmp_path / "fresh.db"))
    made = {"script": _from_script(tmp_path / "script.db"),
            "alembic": _from_migrations(tmp_path / "alembic.db")}
    for back in (REVISIONS[-2], REVISIONS[0]):
        for path in made.values():
            run_alembic(path, "downgrade", back)
        assert shape_of(made["script"]) == shape_of(made["alembic"])
        assert schema_of(made["script"])["versions"] == [(back,)]
        for path in made.values():
            result = Cli(path)("db", "upgrade")
            assert result.exit_code == 0, result.stderr
            assert result.stdout.strip() == f"ledger schema: {back} → {HEAD}"
        if back == REVISIONS[-2]:  # the last migration rebuilds one table: all else stays put
            assert schema_of(made["script"]) == schema_of(made["alembic"]) == fresh
        assert shape_of(made["script"]) == shape_of(made["alembic"]) == shape_of(tmp_path / "fresh.db")


def test_a_script_ledger_is_written_and_checked_like_alembics(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsx")
    made = {"script": _from_script(tmp_path / "script.db"),
            "alembic": _from_migrations(tmp_path / "alembic.db")}
    said: dict[str, list[tuple[int, str]]] = {}
    for name, path in made.items():
        cli = Cli(path)
        said[name] = []
        for args in (("import", str(book)), ("pay", "恒通", "3000", "--date", "2026-11-20"),
                     ("db", "upgrade"), ("db", "check"), ("db", "check", "--json")):
            result = cli(*args)
            said[name].append((result.exit_code, result.stdout.replace(str(path), "LEDGER")))
    assert said["script"] == said["alembic"]
    assert [code for code, _ in said["script"]] == [0] * 5
    assert said["script"][2][1].strip() == f"ledger schema: {HEAD} → {HEAD}"
    assert contents_of(made["script"]) == contents_of(made["alembic"])
    run_alembic(made["script"], "upgrade", "head")  # alembic finds it at its head: nothing to do
    assert schema_of(made["script"]) == schema_of(made["alembic"])


def test_a_file_another_run_has_just_written_is_taken_as_it_is(tmp_path: Path) -> None:
    path = _from_script(tmp_path / "ledger.db")
    before = schema_of(path)
    ledger = db.Ledger(f"sqlite:///{path}")
    try:
        assert db.create_from_script(ledger) is True
    finally:
        ledger.close()
    assert schema_of(path) == before


def test_several_first_runs_at_once_make_one_schema_withoutrun_alembic(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    code = ("import sys; from dunner.ledger.db import open_ledger; open_ledger(sys.argv[1]).close();"
            " print(sorted({'sqlalchemy', 'alembic'} & {m.split('.')[0] for m in sys.modules}))")
    runs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    said = [run.communicate(timeout=120) for run in runs]
    assert [(run.returncode, out.strip()) for run, (out, _) in zip(runs, said, strict=True)] == [
        (0, "[]")] * 4, said
    assert schema_of(path) == schema_of(_from_migrations(tmp_path / "alembic.db")), DRIFT
