"""Reading an SQLite ledger file back for comparisons: its schema as SQLite knows it, its shape
(the schema without the orders that carry no meaning) and every table's rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.ledger.schema_regen import canonical

PRAGMAS = ("user_version", "application_id", "page_size", "encoding", "auto_vacuum",
           "journal_mode", "foreign_keys")


def schema_of(path: Path) -> dict[str, Any]:
    """Everything SQLite knows of the file's schema: ``sqlite_master`` in its order (each
    table's constraints in one order, see ``canonical``), every table's columns, foreign keys
    and indexes with their columns, the file's settings and the revision."""
    conn = sqlite3.connect(path)
    try:
        master = [(kind, name, table, sql if sql is None else canonical(sql)) for kind, name, table, sql
                  in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")]
        tables: dict[str, Any] = {}
        for kind, name, _, _ in master:
            if kind != "table":
                continue
            indexes = conn.execute(f'PRAGMA index_list("{name}")').fetchall()
            tables[name] = {
                "columns": conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall(),
                "foreign keys": conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall(),
                "indexes": indexes,
                "index columns": {i[1]: conn.execute(f'PRAGMA index_xinfo("{i[1]}")').fetchall()
                                  for i in indexes},
            }
        settings = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in PRAGMAS}
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        conn.close()
    return {"master": master, "tables": tables, "settings": settings, "versions": versions}


def contents_of(path: Path) -> dict[str, list[Any]]:
    """Every table's rows, in the order of their ids."""
    conn = sqlite3.connect(path)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
    finally:
        conn.close()


def shape_of(path: Path) -> dict[str, Any]:
    """The file's tables — columns, foreign keys, indexes by their columns — without the order
    alembic's rebuilds of a table leave at random (its constraints', its indexes')."""
    full = schema_of(path)
    return {"indexes": sorted(name for kind, name, _, sql in full["master"]
                              if kind == "index" and sql is not None),
            "versions": full["versions"],
            "tables": {name: (table["columns"], table["foreign keys"],
                              sorted((i[2], i[3], table["index columns"][i[1]]) for i in table["indexes"]))
                       for name, table in full["tables"].items()}}


