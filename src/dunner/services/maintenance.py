"""Ledger upkeep: backups through SQLite's backup API and schema upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dunner.adapters.xlsx import private_file
from dunner.errors import DunnerError
from dunner.i18n import t
from dunner.ledger.db import HEAD, current_revision, resolve_url, sqlite_path
from dunner.services.context import AppContext


def backup(ctx: AppContext, dest: Path | None) -> Path:
    ledger = ctx.ledger()  # opening migrates: a backup is always of a readable ledger
    source = sqlite_path(resolve_url(ctx.db))
    if source is None:
        raise DunnerError("backup_not_sqlite", t("db.backup_not_sqlite"),
                          t("db.backup_not_sqlite.hint"))
    target = dest or source.with_name(f"{source.stem}-{ctx.today.isoformat()}.db")
    if target.resolve() == source.resolve():
        raise DunnerError("backup_same", t("db.backup_same"), t("db.backup_same.hint"))
    try:
        private_file(target)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    except (OSError, sqlite3.Error) as exc:
        raise DunnerError("backup_failed", t("db.backup_failed", path=target, reason=exc),
                          t("db.cannot_open.hint")) from exc
    finally:
        ledger.close()
    return target


def upgrade(ctx: AppContext) -> tuple[str | None, str]:
    from dunner.ledger.db import Ledger, ensure_schema

    url = resolve_url(ctx.db)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        ctx.ledger(create=True).materialize()
        return None, HEAD
    ledger = Ledger(url)
    try:
        before = current_revision(ledger)
        ensure_schema(ledger)
        return before, HEAD
    finally:
        ledger.close()
