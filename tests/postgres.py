"""A throwaway PostgreSQL server for the test run (a pytest plugin ``tests/conftest.py`` loads).

``postgres`` starts one cluster per session from the server binaries Debian's ``postgresql``
package installs (``/usr/lib/postgresql/<version>/bin``, else ``PATH``): ``initdb`` into a
temporary folder, loopback only on a free port, trust authentication, its socket in the same
folder; it is stopped and removed when the session ends. As root the server runs as the
``postgres`` user the package creates. ``pg_url`` gives each test its own new database;
``pg_ledger_url`` one already migrated, copied from a template migrated once per session.

``--ledger=postgresql`` puts the ledger of every test that uses the ledger fixtures
(``ledger_url``, ``db_path``, ``cli``) on such a database and leaves out the tests that have
none there, and those marked ``sqlite_only(reason)``: about the SQLite file itself.

``DUNNER_TEST_POSTGRES`` (a ``postgresql://`` URL whose user may create databases) uses an
existing server instead. Without the binaries the PostgreSQL tests are skipped — on CI
(``CI`` set) they fail instead, since ``.ci/run`` installs the server.
``DUNNER_TEST_PG_ROOT`` replaces ``/usr/lib/postgresql`` as the folder searched.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SEARCH_ROOT = Path("/usr/lib/postgresql")
NOT_INSTALLED = "PostgreSQL not installed (apt-get install postgresql; .ci/run does)"
CI_MISSING = ("PostgreSQL server binaries (initdb, pg_ctl) not found: .ci/run installs postgresql "
              "(apt-get install -y postgresql)")
SERVER_USER = "postgres"  # the system user Debian's package creates; initdb refuses root
SETTINGS = ("-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=50")


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server the tests may create databases on."""

    admin_url: str  # a psycopg URL to a database that always exists

    def url(self, database: str) -> str:
        """A ``postgresql://`` URL to ``database`` on this server, as a user passes to ``--db``."""
        from sqlalchemy.engine import make_url

        url = make_url(self.admin_url).set(drivername="postgresql", database=database)
        return url.render_as_string(hide_password=False)

    def create(self, database: str, icu_locale: str | None = None,
               template: str = "template0") -> str:
        """A new database; with ``icu_locale`` (PostgreSQL ≥ 15 built with ICU) it compares
        text as a server set up for that language does, not byte by byte; with ``template`` a
        copy of that database (which nobody may be connected to)."""
        collation = f" LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'" if icu_locale else ""
        self._admin(f'CREATE DATABASE "{database}" TEMPLATE "{template}" ENCODING \'UTF8\''
                    f'{collation}')
        return self.url(database)

    def drop(self, database: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]


def server_binaries(root: Path | None = None) -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: the newest version under the search root,
    else the one on ``PATH``; None when PostgreSQL's server is not installed."""
    root = root or Path(os.environ.get("DUNNER_TEST_PG_ROOT") or SEARCH_ROOT)
    found = [p.parent for p in root.glob("*/bin/initdb") if (p.parent / "pg_ctl").is_file()]
    if found:
        return max(found, key=lambda p: _version(p.parent.name))
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).resolve().parent == Path(pg_ctl).resolve().parent:
        return Path(initdb).resolve().parent
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _as_server_user(argv: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the package's ``postgres`` user."""
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", SERVER_USER, "--", *argv]
    return ["su", SERVER_USER, "-s", "/bin/sh", "-c", subprocess.list2cmdline(argv)]


def _run(argv: list[str], what: str) -> None:
    done = subprocess.run(_as_server_user(argv), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.fail(f"{what} failed: {(done.stderr or done.stdout).strip()}", pytrace=False)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cluster(bindir: Path) -> Iterator[Server]:
    """initdb, start, yield, stop and remove: one throwaway cluster."""
    home = Path(tempfile.mkdtemp(prefix="dunner-pg-"))
    data, log = home / "data", home / "server.log"
    if os.geteuid() == 0:
        shutil.chown(home, SERVER_USER)
    started = False
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", SERVER_USER, "--auth=trust",
              "--encoding=UTF8", "--locale=C", "--no-sync"], "initdb")
        for attempt in itertools.count(1):  # another program may take the free port first
            port = _free_port()
            options = f"{SETTINGS} -p {port} -k {home}"
            done = subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l",
                                                   str(log), "-o", options, "-w", "-t", "60",
                                                   "start"]),
                                  capture_output=True, text=True, timeout=120)
            if done.returncode == 0:
                started = True
                break
            if attempt == 3:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else done.stderr
                pytest.fail(f"PostgreSQL did not start: {tail.strip()}", pytrace=False)
        yield Server(f"postgresql://{SERVER_USER}@127.0.0.1:{port}/postgres")
    finally:
        if started:
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                 "pg_ctl stop")
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Server]:
    """The session's PostgreSQL server (see the module docstring)."""
    explicit = os.environ.get("DUNNER_TEST_POSTGRES")
    if explicit:
        from sqlalchemy.engine import make_url

        url = make_url(explicit).set(drivername="postgresql")
        yield Server(url.render_as_string(hide_password=False))
        return
    bindir = server_binaries()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail(CI_MISSING, pytrace=False)
        pytest.skip(NOT_INSTALLED)
    yield from _cluster(bindir)


_numbers = itertools.count(1)


def _database(server: Server, icu_locale: str | None = None,
              template: str = "template0") -> Iterator[str]:
    name = f"dunner_test_{os.getpid()}_{next(_numbers)}"
    try:
        url = server.create(name, icu_locale, template)
    except Exception as exc:  # an older server, or one built without ICU
        if icu_locale is None:
            raise
        pytest.skip(f"this PostgreSQL cannot create an ICU '{icu_locale}' database: {exc}")
    try:
        yield url
    finally:
        server.drop(name)


@pytest.fixture
def pg_url(postgres: Server) -> Iterator[str]:
    """A new empty database for this test, dropped after it: a ``postgresql://`` URL."""
    yield from _database(postgres)


@pytest.fixture
def pg_zh_url(postgres: Server) -> Iterator[str]:
    """Like ``pg_url``, on a database that sorts text as a Chinese server does (ICU ``zh``:
    by pinyin), where an ORDER BY on a name differs from SQLite's order."""
    yield from _database(postgres, "zh")


@pytest.fixture(scope="session")
def pg_ledger_template(postgres: Server) -> Iterator[str]:
    """The name of a database migrated to the newest schema once per session: each test's
    ledger is a copy of it (a copy costs the server a fraction of what migrating one does)."""
    from dunner.ledger.db import open_ledger

    name = f"dunner_template_{os.getpid()}"
    open_ledger(postgres.create(name)).close()  # closing disconnects: a template must be idle
    try:
        yield name
    finally:
        postgres.drop(name)


@pytest.fixture
def pg_ledger_url(postgres: Server, pg_ledger_template: str) -> Iterator[str]:
    """A new ledger for this test, already migrated and holding nothing, dropped after it."""
    yield from _database(postgres, template=pg_ledger_template)


# --- the same tests on either ledger ---------------------------------------------------------

BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--ledger", choices=BACKENDS, default=None,
                     help="run every test's ledger (the cli and ledger fixtures) on this backend; "
                     "by default SQLite, and tests marked postgres_too on both")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres_too: run the test on an SQLite ledger and again "
                            "on a PostgreSQL one")
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about the SQLite file "
                            "itself (its path, WAL, integrity_check, backup, permissions); "
                            "--ledger=postgresql leaves it out")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--ledger=postgresql`` only the tests whose ledger is on PostgreSQL run: those
    using the ledger fixtures (not marked ``sqlite_only``) and those asking for the server.
    The rest would only repeat, on SQLite, what the ordinary run does."""
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None and not (marker.args or marker.kwargs.get("reason")):
            raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs a reason, e.g. "
                                    "@pytest.mark.sqlite_only(\"checks the file's permissions\")")
    if config.getoption("--ledger") != "postgresql":
        return
    kept, left = [], []
    for item in items:
        names = getattr(item, "fixturenames", ())
        on_server = "ledger_backend" in names or "postgres" in names
        (left if item.get_closest_marker("sqlite_only") or not on_server else kept).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests using a ledger fixture run once per chosen backend: both when marked
    ``postgres_too``, only the one ``--ledger`` names when given."""
    if "ledger_backend" not in metafunc.fixturenames:
        return
    chosen = metafunc.config.getoption("--ledger")
    if chosen:
        metafunc.parametrize("ledger_backend", [chosen], indirect=True)
    elif metafunc.definition.get_closest_marker("postgres_too"):
        metafunc.parametrize("ledger_backend", list(BACKENDS), indirect=True)


@pytest.fixture
def ledger_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: where this test's ledger lives."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def ledger_url(ledger_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The test's ledger as ``--db`` takes it: a file path, or a new PostgreSQL database
    already migrated (``pg_ledger_url``)."""
    if ledger_backend == "postgresql":
        return str(request.getfixturevalue("pg_ledger_url"))
    return str(tmp_path / "ledger.db")


@pytest.fixture
def other_ledger_url(ledger_backend: str, tmp_path: Path,
                     request: pytest.FixtureRequest) -> Iterator[str]:
    """A second ledger on the same backend as ``ledger_url``, separate from it."""
    if ledger_backend == "postgresql":
        yield from _database(request.getfixturevalue("postgres"),
                             template=request.getfixturevalue("pg_ledger_template"))
    else:
        yield str(tmp_path / "other.db")
