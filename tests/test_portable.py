"""The clerk's own computer is often Windows: nothing POSIX-only at import time, file modes set
where the platform has them and skipped cleanly where it does not, ``python -m dunner`` works
without the scripts folder on PATH."""

from __future__ import annotations

import ast
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dunner import __version__

SRC = Path(__file__).resolve().parents[1] / "src" / "dunner"
POSIX_ONLY = {"fcntl", "pwd", "grp", "termios", "resource", "tty", "pty", "posix", "crypt",
              "spwd", "syslog", "nis", "curses", "readline"}


def _import_time_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """Imports that run when the module is imported: at module level, in ``if``/``try``/``with``
    blocks and class bodies there, not inside functions."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_no_posix_only_module_at_import_time() -> None:
    bad = [f"{path.relative_to(SRC)}:{line} imports {name}"
           for path in sorted(SRC.rglob("*.py"))
           for line, name in _import_time_imports(ast.parse(path.read_text(encoding="utf-8")))
           if name.split(".")[0] in POSIX_ONLY]
    assert bad == []


def test_the_walk_sees_guarded_imports_but_not_function_bodies() -> None:
    tree = ast.parse("import os\ntry:\n    import fcntl\nexcept ImportError:\n    pass\n"
                     "def f():\n    import pwd\n")
    assert [name for _, name in _import_time_imports(tree)] == ["os", "fcntl"]


def _no_chmod(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("chmod called where the platform has no modes")

    monkeypatch.setattr(os, "chmod", refuse)


def test_private_files_skip_chmod_where_there_are_no_modes(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports, backups and rejects files (``private_file``), the ledger and the daily-notice
    state file are made without ``os.chmod`` when the platform is Windows."""
    from dunner.adapters import xlsx
    from dunner.cli import _once
    from dunner.ledger.db import _create_private_file

    monkeypatch.setattr(xlsx, "POSIX_MODES", False)
    _no_chmod(monkeypatch)
    xlsx.private_file(tmp_path / "out" / "aging.xlsx")
    assert (tmp_path / "out" / "aging.xlsx").exists()
    xlsx.write_table_workbook(tmp_path / "book.rejects.xlsx", [("s", ["a"], [["=1"]])])
    assert (tmp_path / "book.rejects.xlsx").stat().st_size > 0
    assert _create_private_file(tmp_path / "data" / "dunner.db")[1] is True
    monkeypatch.setattr(_once, "state_path", lambda: tmp_path / "state" / "shown.json")
    assert _once.first_today("k", date(2026, 11, 23)) is True
    assert _once.first_today("k", date(2026, 11, 23)) is False


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_private_files_are_0600_on_posix(tmp_path: Path) -> None:
    from dunner.adapters.xlsx import private_file
    from dunner.ledger.db import _create_private_file

    old = tmp_path / "old.xlsx"
    old.write_bytes(b"")
    old.chmod(0o644)
    private_file(old)  # an existing export truncated is made private too
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    _create_private_file(tmp_path / "l.db")
    assert stat.S_IMODE((tmp_path / "l.db").stat().st_mode) & 0o077 == 0


def test_python_dash_m_without_the_scripts_folder_on_path(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PATH", "DUNNER_DB", "DUNNER_LANG")}
    env.update(PATH=os.defpath if os.name != "nt" else os.environ.get("SYSTEMROOT", ""),
               LANG="C.UTF-8", XDG_STATE_HOME=str(tmp_path / "state"))
    scripts = str(Path(sys.executable).parent)
    assert scripts not in env["PATH"].split(os.pathsep)
    version = subprocess.run([sys.executable, "-m", "dunner", "--version"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip() == f"dunner {__version__}"
    done = subprocess.run([sys.executable, "-m", "dunner", "--db", str(tmp_path / "x.db"),
                           "status", "--json"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1  # no ledger yet: one clear error, as JSON
    assert '"db_missing"' in done.stdout and "Traceback" not in done.stderr


def test_importing_dunner_main_does_not_run_the_program() -> None:
    done = subprocess.run([sys.executable, "-c", "import dunner.__main__"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "" and "Usage" not in done.stderr
