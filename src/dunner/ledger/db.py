"""Opening the ledger: URL or path, SQLite settings, file mode 0600, migrations on first use.

SQLAlchemy is imported when first needed: a command that only reads an SQLite ledger that is
already at ``HEAD`` reads it through the standard library's ``sqlite3`` (``Ledger.reader``) and
never needs it. A new SQLite ledger needs neither SQLAlchemy nor alembic either: its schema is
written by one script (``SCHEMA_SCRIPT``, the statements the migrations leave on an empty file,
kept equal to them by a test); an older ledger, and PostgreSQL, are migrated by alembic.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from dunner.errors import DunnerError, NotFound
from dunner.i18n import t
from dunner.ledger.failures import database_error, is_environmental
from dunner.ledger.failures import safe as _safe
from dunner.ledger.sql import Typed

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

# Every revision this dunner knows, oldest first; the last is the schema it writes.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
BUSY_TIMEOUT_MS = 30_000
# What the migrations build on an empty SQLite file, as SQL: a new ledger's schema and revision.
SCHEMA_SCRIPT = Path(__file__).with_name("sqlite_schema.sql")
MIGRATION_LOCK = 0x64756E6E6572  # PostgreSQL advisory lock key held while migrating ("dunner")


def resolve_url(value: str) -> str:
    """A file path or an SQLAlchemy URL → a URL; ``postgresql://`` uses psycopg 3."""
    if "://" not in value:
        path = Path(value).expanduser().resolve()
        return f"sqlite:///{path}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, also of a URI one (``sqlite:///file:/x.db?mode=ro&uri=true``)."""
    plain = url.removeprefix("sqlite:///")
    rooted = ((plain.startswith("/") and not plain.startswith("//"))  # /home/… or C:\…
              or (plain[1:3] in (":\\", ":/") and plain[:1].isalpha()))
    if plain != url and rooted and not any(c in plain for c in "?#%"):
        return Path(plain)  # what ``resolve_url`` makes of a path
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    if parsed.query.get("uri") in ("true", "1") and database.startswith("file:"):
        database = unquote(urlparse(database).path)
        if not database or parsed.query.get("mode") == "memory":
            return None
    return Path(database)


class Ledger:
    """An open ledger database; ``read()`` and ``write()`` hand out transactions.

    A *pending* ledger's SQLite file does not exist yet: it is created (0600, migrated) on
    first use and removed again if that use fails before anything is written, so a mistyped
    ``--db`` or a refused import leaves no empty ledger behind.
    """

    def __init__(self, url: str, *, pending: bool = False) -> None:
        self.url = url
        self.path = sqlite_path(url)
        if self.path is None:
            self.engine  # noqa: B018 - a bad URL or a missing driver is found now, not on first use
        self._pending = pending and self.path is not None
        self._fresh = False  # this run created the file and has written nothing but the schema
        self._made: list[Path] = []  # folders this run created for the file, outermost first

    @property
    def direct(self) -> bool:
        """An SQLite file named by its path, which the standard library's sqlite3 can read."""
        return self.path is not None and self.url == f"sqlite:///{self.path}"

    @cached_property
    def engine(self) -> Engine:
        return _engine(self.url, self.path)

    @property
    def dialect(self) -> str:
        return "sqlite" if self.path is not None else self.engine.dialect.name

    @property
    def exists(self) -> bool:
        """False while a pending ledger's file is still to be created (it holds nothing)."""
        return not self._pending

    def materialize(self) -> None:
        """Create a pending ledger's file now: private and migrated to ``HEAD``."""
        if not self._pending or self.path is None:
            return
        try:
            self._made, created = _create_private_file(self.path)
        except OSError as exc:
            raise DunnerError("db_open", t("db.cannot_open", url=self.path, reason=exc.strerror),
                              t("db.cannot_open.hint")) from exc
        self._pending = False
        try:
            ensure_schema(self)
        except BaseException:
            if created:
                self._discard()
            raise
        self._fresh = created

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction, one snapshot: its queries all see the ledger as it was when the
        first ran (SQLite's WAL gives that; PostgreSQL needs REPEATABLE READ, or an import
        committed between two queries shows rows whose customer the first did not see)."""
        self.materialize()
        with self._failures(), self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def reader(self) -> Iterator[Any]:
        """One read transaction for ``repo``'s plain-SQL readers (``sql.fetch``): on an SQLite
        file the standard library's connection, else what ``read()`` gives."""
        path = self.path
        if path is None or not self.direct or self._pending:
            with self.read() as conn:
                yield conn
            return
        with self._failures():
            lite = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   detect_types=sqlite3.PARSE_COLNAMES, factory=Typed)
            try:
                lite.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                lite.execute("BEGIN")  # one snapshot for every query (WAL)
                yield lite
            finally:
                with suppress(sqlite3.Error):
                    lite.execute("ROLLBACK")
                lite.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, begun immediately so two writers queue instead of failing."""
        self.materialize()
        with self._failures(), self.engine.connect() as conn:
            conn = conn.execution_options(immediate=True)
            with conn.begin():
                yield conn
        self._fresh = False

    @contextmanager
    def writer(self) -> Iterator[Any]:
        """One write transaction for plain-SQL writers: on an SQLite file the standard library's
        connection, set up as ``write()``'s are (WAL, synchronous FULL, foreign keys, busy
        timeout) and begun immediately; else what ``write()`` gives. Committed when the block
        ends, rolled back when it raises."""
        self.materialize()
        path = self.path
        if path is None or not self.direct:
            with self.write() as conn:
                yield conn
            return
        with self._failures(), _immediate(path) as lite:
            yield lite
        self._fresh = False

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

    @contextmanager
    def held(self) -> Iterator[Ledger]:
        """This ledger with one write transaction held for the whole block: every ``read()``
        and ``write()`` inside uses it, so nothing read can change before it is written (other
        writers wait). The block's exception rolls all of it back."""
        with self.write() as conn:
            yield _Held(self, conn)

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """A failed first use removes the fresh file; a read-only, busy or foreign file is
        one clear error instead of a traceback."""
        try:
            yield
        except BaseException as exc:
            if self._fresh:
                self._discard()
            wrapped = _wrapped(exc)
            if wrapped is not None and is_environmental(wrapped):
                raise database_error(wrapped, self.url, self.path) from exc
            raise

    def _discard(self) -> None:
        """Remove the file this run created, its -wal and -shm, and the folders made for it —
        unless another run wrote to it meanwhile (two runs may start on a new ledger at once)."""
        self.close()
        if self.path is not None and not _holds_nothing(self.path):
            self._made, self._fresh = [], False
            return
        if self.path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with suppress(OSError):
                    self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        for folder in reversed(self._made):
            with suppress(OSError):
                folder.rmdir()
        self._made, self._pending, self._fresh = [], True, False


class _Held(Ledger):
    """A ledger whose transactions are one already open write transaction (``Ledger.held``)."""

    def __init__(self, ledger: Ledger, conn: Connection) -> None:  # shares its engine
        self.url, self.path, self.engine = ledger.url, ledger.path, ledger.engine
        self._pending, self._fresh, self._made = False, False, []
        self._conn = conn

    @contextmanager
    def reader(self) -> Iterator[Any]:
        yield self._conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        yield self._conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        yield self._conn

    @contextmanager
    def writer(self) -> Iterator[Any]:
        yield self._conn

    def close(self) -> None:
        """The ledger it was taken from stays open."""


def open_ledger(value: str, create: bool = True, *, defer: bool = False) -> Ledger:
    """Open the ledger at a path or URL, migrated to ``HEAD``.

    A missing SQLite file is refused unless ``create``; then it is created now, or with
    ``defer`` on first use (see ``Ledger``).
    """
    try:
        url = resolve_url(value)
        path = sqlite_path(url)
        missing = path is not None and not path.exists()
        if missing and not create:
            raise NotFound("db_missing", t("db.missing", path=path), t("db.missing.hint"))
        ledger = Ledger(url, pending=missing)
    except ImportError as exc:
        raise DunnerError("db_driver", t("db.no_driver", url=_safe(value)), t("db.no_driver.hint")) from exc
    except Exception as exc:
        from sqlalchemy.exc import ArgumentError

        if not isinstance(exc, (ArgumentError, ValueError)):
            raise
        raise DunnerError("db_url", t("db.bad_url", url=_safe(value)), t("db.bad_url.hint")) from exc
    try:
        if not missing:
            ensure_schema(ledger)
        elif not defer:
            ledger.materialize()
    except BaseException:
        ledger.close()
        raise
    return ledger


def current_revision(ledger: Ledger) -> str | None:
    if ledger.path is not None and ledger.direct and not ledger._pending:
        with ledger._failures():
            lite = sqlite3.connect(ledger.path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                row = lite.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return None
                raise
            finally:
                lite.close()
            return None if row is None else str(row[0])
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    with ledger._failures(), ledger.engine.connect() as conn:
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
    if revision is None and create_from_script(ledger):
        return
    upgrade(ledger)


def create_from_script(ledger: Ledger) -> bool:
    """Write ``SCHEMA_SCRIPT`` into an SQLite file that holds no table yet, in one transaction;
    True when the file is at ``HEAD`` then (several first runs at once: the others wait, then
    find it written). False, having done nothing, for any other ledger: one that has other
    tables is left to the migrations."""
    if ledger.path is None or not ledger.direct or ledger._pending:
        return False
    statements = schema_statements()
    with ledger._failures(), _immediate(ledger.path) as lite:
        if lite.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None:
            return _written_meanwhile(lite)  # nothing written
        for statement in statements:
            lite.execute(statement)
    return True


@contextmanager
def _immediate(path: Path) -> Iterator[sqlite3.Connection]:
    """The standard library's connection to the SQLite file, set up as the engine's are (WAL,
    synchronous FULL, foreign keys, busy timeout), in a transaction begun immediately: committed
    when the block ends, rolled back when it (or the commit) raises."""
    lite = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _sqlite_connect(lite, None)
        lite.execute("BEGIN IMMEDIATE")
        yield lite
        lite.execute("COMMIT")
    finally:
        if lite.in_transaction:
            with suppress(sqlite3.Error):
                lite.execute("ROLLBACK")
        lite.close()


def _written_meanwhile(lite: sqlite3.Connection) -> bool:
    """Whether the file another run has just given tables is at ``HEAD``."""
    try:
        row = lite.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no such table: not a ledger dunner made
        return False
    return row is not None and row[0] == HEAD


def schema_statements() -> list[str]:
    """The statements of ``SCHEMA_SCRIPT``, without its comments, in order."""
    statements: list[str] = []
    pending = ""
    for line in SCHEMA_SCRIPT.read_text(encoding="utf-8").splitlines(keepends=True):
        if not pending and (not line.strip() or line.startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip().removesuffix(";"))
            pending = ""
    if pending.strip():
        raise ValueError(f"{SCHEMA_SCRIPT} ends inside a statement")
    return statements


def upgrade(ledger: Ledger) -> None:
    """Run alembic's migrations from the ledger's revision (none: an empty database) to head."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with ledger.write() as conn:
        if ledger.dialect == "postgresql":  # several first runs at once migrate one at a time
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _wrapped(exc: BaseException) -> Any:
    """``exc`` as SQLAlchemy's DBAPIError (what ``failures`` reads): an error of the standard
    library's sqlite3 is wrapped; None for anything else."""
    if isinstance(exc, sqlite3.Error):
        from sqlalchemy.exc import DBAPIError

        return DBAPIError.instance(None, None, exc, sqlite3.Error)
    if "sqlalchemy" not in type(exc).__module__:
        return None
    from sqlalchemy.exc import DBAPIError

    return exc if isinstance(exc, DBAPIError) else None


def _engine(url: str, path: Path | None) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

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


def _holds_nothing(path: Path) -> bool:
    """True when no table but the schema's version holds a row (or the file is not a database
    yet); asked inside a write transaction, so a writer running now is waited for."""
    import sqlite3

    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return True
    try:
        conn.execute("BEGIN IMMEDIATE")
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT LIKE 'sqlite_%'")]
        return not any(conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()
                       for name in names if name != "alembic_version")
    except sqlite3.DatabaseError:
        return True  # not a database: nothing of anyone's to keep
    finally:
        conn.close()


def _create_private_file(path: Path) -> tuple[list[Path], bool]:
    """The database holds personal data: create it readable by its owner only. Returns the
    folders made for it and whether this call created the file (not a process racing it)."""
    made = [p for p in reversed(path.parents) if not p.exists()]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return made, False
    return made, True
