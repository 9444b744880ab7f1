"""Database errors a person can fix (read-only, not a database, busy) turned into one clear line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dunner.errors import DunnerError
from dunner.i18n import t

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError

# SQLite's result codes for a file, folder or disk a person can fix (not an SQL mistake).
SQLITE_ENVIRONMENT = ("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_NOTADB",
                      "SQLITE_CORRUPT", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL",
                      "SQLITE_IOERR", "SQLITE_NOLFS", "SQLITE_PROTOCOL", "SQLITE_NOMEM")


def is_environmental(exc: BaseException) -> bool:
    """A failure of the file, the disk or the server, not of dunner's SQL: an integrity or
    programming error (or SQLite's "no such table") stays a traceback, since no user can fix it."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    if not (isinstance(exc, OperationalError) or type(exc) is DatabaseError):
        return False
    code = getattr(getattr(exc, "orig", None), "sqlite_errorname", None)
    return code is None or str(code).startswith(SQLITE_ENVIRONMENT)


def database_error(exc: DBAPIError, url: str, path: Path | None) -> DunnerError:
    """SQLite's own error code (SQLITE_READONLY, SQLITE_NOTADB, …) picks the message."""
    reason = first_line(exc)
    where = str(path) if path is not None else safe(url)
    code = str(getattr(exc.orig, "sqlite_errorname", ""))
    if code.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or (
            code.startswith("SQLITE_CANTOPEN") and path is not None and path.is_file()):
        return DunnerError("db_readonly", t("db.readonly", path=where, reason=reason),
                           t("db.readonly.hint", name=path.name if path else where))
    if code.startswith("SQLITE_NOTADB"):
        return DunnerError("db_not_ledger", t("db.not_ledger", path=where, reason=reason),
                           t("db.not_ledger.hint"))
    if code.startswith("SQLITE_CORRUPT"):
        return DunnerError("db_corrupt", t("db.cannot_open", url=where, reason=reason),
                           t("db.corrupt.hint"))
    if code.startswith(("SQLITE_FULL", "SQLITE_IOERR")):
        return DunnerError("db_disk", t("db.disk", path=where, reason=reason), t("db.disk.hint"))
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DunnerError("db_busy", t("db.busy", path=where, reason=reason), t("db.busy.hint"))
    return DunnerError("db_open", t("db.cannot_open", url=where, reason=reason),
                       t("db.cannot_open.hint"))


def safe(url: str) -> str:
    """A URL for messages: never the password."""
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True) if "://" in url else url
    except ArgumentError:
        return url.split("@")[-1]


def first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", exc)).splitlines() or [type(exc).__name__])[0]
