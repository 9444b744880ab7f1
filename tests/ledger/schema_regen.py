"""Write the schema script of a new SQLite ledger (src/dunner/ledger/sqlite_schema.sql) from the
migrations: only when a migration is added or changed.

    .venv/bin/python tests/ledger/schema_regen.py [--check]

Runs alembic's upgrade to head on an empty file, exactly as dunner migrates a ledger, and writes
every statement ``sqlite_master`` then holds, in its order, and the revision reached. --check
writes nothing and says whether the script is still what the migrations build.

A table alembic rebuilds (batch mode) lists its constraints in no fixed order — the same
migrations give ``UNIQUE …, FOREIGN KEY …`` one run and the other order the next, which changes
nothing SQLite does with them — so ``canonical`` puts a table's constraints in one order: its
primary key, foreign keys, UNIQUE, CHECK (each kind in the order written).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dunner.ledger.db import SCHEMA_SCRIPT, Ledger, upgrade  # noqa: E402

COMMAND = "python tests/ledger/schema_regen.py"
HEADER = f"""\
-- The schema of a new SQLite ledger: every statement the migrations (migrations/versions) leave
-- in sqlite_master when run on an empty file, in its order, and the revision they reach.
-- Not edited by hand: after changing the migrations, write it again with {COMMAND}
"""


def migrate_empty_file(path: Path) -> None:
    """An empty ledger built by alembic's upgrade to head, through dunner's own connection."""
    path.touch()
    ledger = Ledger(f"sqlite:///{path}")
    try:
        upgrade(ledger)
    finally:
        ledger.close()


def canonical(sql: str) -> str:
    """A CREATE TABLE statement with its constraints in one order, each in the place one of them
    had (columns and spacing as written); any other statement as it is."""
    if not sql.startswith("CREATE TABLE"):
        return sql
    start = sql.index("(") + 1
    items = _top_level_items(sql[start:-1])
    places = [k for k, item in enumerate(items) if _constraint_rank(item) is not None]
    ordered = sorted((items[k].strip() for k in places), key=_constraint_rank)
    for k, text in zip(places, ordered, strict=True):
        raw = items[k]
        items[k] = raw[:len(raw) - len(raw.lstrip())] + text + raw[len(raw.rstrip()):]
    return sql[:start] + ",".join(items) + sql[-1]


def _top_level_items(body: str) -> list[str]:
    """``body`` split at the commas outside parentheses and quotes, each piece as written."""
    items, depth, quote, begin = [], 0, "", 0
    for k, char in enumerate(body):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"`[":
            quote = "]" if char == "[" else char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(body[begin:k])
            begin = k + 1
    return [*items, body[begin:]]


def _constraint_rank(item: str) -> int | None:
    """Where a table constraint goes among the others; None for a column."""
    words = item.strip().upper()
    if words.startswith("CONSTRAINT"):
        words = words.split(None, 2)[-1]
    for rank, kind in enumerate(("PRIMARY KEY", "FOREIGN KEY", "UNIQUE", "CHECK")):
        if words.startswith(kind):
            return rank
    return None


def schema_statements(path: Path) -> list[str]:
    """The statements that build ``path``'s schema and revision again, in ``sqlite_master``'s
    order (the indexes SQLite makes for a key or a UNIQUE constraint come with their table)."""
    conn = sqlite3.connect(path)
    try:
        ddl = [sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
                                              " ORDER BY rowid")]
        versions = [v for (v,) in conn.execute("SELECT version_num FROM alembic_version")]
    finally:
        conn.close()
    return [*map(canonical, ddl),
            *(f"INSERT INTO alembic_version (version_num) VALUES ('{v}')" for v in versions)]


def render() -> str:
    """The schema script as the migrations make it now."""
    with tempfile.TemporaryDirectory(prefix="dunner-schema-") as tmp:
        path = Path(tmp) / "ledger.db"
        migrate_empty_file(path)
        statements = schema_statements(path)
    return HEADER + "".join(f"\n{statement};\n" for statement in statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args()
    text = render()
    same = SCHEMA_SCRIPT.exists() and SCHEMA_SCRIPT.read_text(encoding="utf-8") == text
    if args.check:
        print(f"{SCHEMA_SCRIPT}: " + ("as the migrations build it" if same else "differs"))
        sys.exit(0 if same else 1)
    if not same:
        SCHEMA_SCRIPT.write_text(text, encoding="utf-8")
    print(f"{SCHEMA_SCRIPT}: " + ("unchanged" if same else "written"))


if __name__ == "__main__":
    main()
