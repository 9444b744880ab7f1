"""Opening the ledger: URL or path, SQLite settings, file mode 0600, migrations on first use."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from dunner.errors import DunnerError
from dunner.i18n import t

# Every revision this dunner knows, oldest first; the last is the schema it writes.
REVISIONS = ("0001",)
HEAD = REVISIONS[-1]
BUSY_TIMEOUT_MS = 30_000


def resolve_url(value: str) -> str:
    """A file path or an SQLAlchemy URL → a URL; ``postgresql://`` uses psycopg 3."""
    if "://" not in value:
        path = Path(value).expanduser().resolve()
        return f"sqlite:///{path}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


class Ledger:
    """An open ledger database; ``read()`` and ``write()`` hand out transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self.engine = _engine(url, self.path)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, begun immediately so two writers queue instead of failing."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(immediate=True)
            with conn.begin():
                yield conn

    def close(self) -> None:
        self.engine.dispose()


def open_ledger(value: str) -> Ledger:
    """Open (creating and migrating as needed) the ledger at a path or URL."""
    try:
        url = resolve_url(value)
        if (path := sqlite_path(url)) is not None:
            _create_private_file(path)
        ledger = Ledger(url)
    except (ArgumentError, ValueError) as exc:
        raise DunnerError("db_url", t("db.bad_url", url=_safe(value)), t("db.bad_url.hint")) from exc
    except OSError as exc:
        raise DunnerError("db_open", t("db.cannot_open", url=_safe(value), reason=exc.strerror),
                          t("db.cannot_open.hint")) from exc
    except ImportError as exc:
        raise DunnerError("db_driver", t("db.no_driver", url=_safe(value)), t("db.no_driver.hint")) from exc
    try:
        ensure_schema(ledger)
    except OperationalError as exc:
        ledger.close()
        raise DunnerError("db_open", t("db.cannot_open", url=_safe(value), reason=_first_line(exc)),
                          t("db.cannot_open.hint")) from exc
    return ledger


def current_revision(ledger: Ledger) -> str | None:
    with ledger.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):
            return None


def ensure_schema(ledger: Ledger) -> None:
    """Migrate an older ledger to ``HEAD``; refuse one written by a newer dunner."""
    revision = current_revision(ledger)
    if revision == HEAD:
        return
    if revision is not None and revision not in REVISIONS:
        raise DunnerError("db_newer", t("db.newer", revision=revision), t("db.newer.hint"))
    upgrade(ledger)


def upgrade(ledger: Ledger) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with ledger.write() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _engine(url: str, path: Path | None) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling would defer BEGIN; we issue it ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   f"busy_timeout={BUSY_TIMEOUT_MS}"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _create_private_file(path: Path) -> None:
    """The database holds personal data: create it readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _safe(url: str) -> str:
    """A URL for messages: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True) if "://" in url else url
    except ArgumentError:
        return url.split("@")[-1]


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]
