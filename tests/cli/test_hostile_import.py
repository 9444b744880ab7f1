"""``dunner import`` against hostile files: each is refused with one clear line (or its bad rows
named), exit 1 or 2, no traceback, and the ledger is not even created."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.adapters import hostile_files as H
from tests.conftest import Cli

Make = Callable[[Path], Path]


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def _refused_in_one_line(cli: Cli, path: Path, message: str, *args: str) -> None:
    result = cli("import", str(path), *args)
    assert result.exit_code in (1, 2)
    lines = _lines(result.stderr)
    assert lines[0] == f"error: {message}", result.stderr
    assert len(lines) == 2 and lines[1].startswith("hint: ")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert cli.wrote_nothing()  # nothing written: the ledger was not even created


def _symlink(target: str) -> Make:
    def make(path: Path) -> Path:
        os.symlink(target, path)
        return path
    return make


def _loop(path: Path) -> Path:
    os.symlink(path, path)
    return path


def _through_a_file(path: Path) -> Path:
    path.write_text("x")
    return path / "ledger.csv"


def _long_field(path: Path) -> Path:
    path.write_text("客户名称,金额\n" + "x" * 200_000 + ",1\n", encoding="utf-8")
    return path


def _xls_named_xlsx(path: Path) -> Path:
    return H.ole_file(path, "Root Entry", "Workbook", "SummaryInformation")


def _sheets(count: int, rows: int) -> Make:
    def make(path: Path) -> Path:
        body = H.sheet_xml(H.rows_xml([["x"] * 200 for _ in range(rows)]), f"A1:GR{rows}")
        return H.write_xlsx(path, {f"S{i}": body for i in range(count)})
    return make


def _strings(path: Path) -> Path:
    shared = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              'count="30000000" uniqueCount="30000000"><si><t>x</t></si></sst>')
    return H.write_xlsx(path, {"应收": H.sheet_xml(H.rows_xml([H.HEADER]))}, shared=shared)


CASES: list[tuple[str, Make, str]] = [
    ("far.xlsx", lambda p: H.lone_cell(p, "XFD1048576"),
     "sheet 应收 of far.xlsx has more than 1000000 rows or 200 columns"),
    ("far.xlsx", lambda p: H.lone_cell(p, "GR1000000"),
     "far.xlsx has 200000000 cells from A1 to its last cells, more than 1000000"),
    ("lying.xlsx", lambda p: H.lone_cell(p, "GR1000000", dimension="A1:D2"),
     "lying.xlsx has 200000000 cells from A1 to its last cells, more than 1000000"),
    ("lying.xlsx", lambda p: H.lone_cell(p, "XFD9", dimension="A1:D2"),
     "sheet 应收 of lying.xlsx has more than 1000000 rows or 200 columns"),
    ("many.xlsx", _sheets(256, 1), "many.xlsx has 256 sheets, more than 255"),
    ("many.xlsx", _sheets(60, 90),
     "many.xlsx has 1080000 cells from A1 to its last cells, more than 1000000"),
    ("strings.xlsx", _strings, "strings.xlsx holds 30000000 different texts, more than 1000000"),
    ("old.xlsx", _xls_named_xlsx, "old.xlsx is an old .xls workbook saved with the wrong suffix"),
    ("locked.xls", lambda p: H.ole_file(p, "Root Entry", "EncryptionInfo", "EncryptedPackage"),
     "locked.xls is password-protected"),
    ("pipe.csv", H.fifo, "pipe.csv is not a regular file (a pipe, a device or a socket)"),
    ("zero.csv", _symlink("/dev/zero"), "zero.csv is not a regular file (a pipe, a device or a socket)"),
    ("loop.csv", _loop, "loop.csv cannot be opened: its symbolic links form a loop"),
    ("x" * 300 + ".csv", lambda p: p,
     f"{'x' * 300}.csv cannot be opened: the name is too long for the file system"),
    ("a-file", _through_a_file, "ledger.csv cannot be opened: a part of the path is a file, not a folder"),
    ("long.csv", _long_field,
     "long.csv is not a CSV dunner can read (line 2: field larger than field limit (131072))"),
    ("zip.csv", lambda p: H.ledger_xlsx(p, []), "zip.csv is an .xlsx workbook saved with the wrong suffix"),
]


@pytest.mark.parametrize(("name", "make", "message"), CASES,
                         ids=[f"{i}-{c[0][:12]}" for i, c in enumerate(CASES)])
def test_hostile_file_is_refused_in_one_line(cli: Cli, tmp_path: Path, name: str, make: Make,
                                             message: str) -> None:
    _refused_in_one_line(cli, make(tmp_path / name), message)


def test_refusal_is_in_chinese_too(cli: Cli, tmp_path: Path) -> None:
    path = _xls_named_xlsx(tmp_path / "old.xlsx")
    result = cli("import", str(path), lang="zh")
    assert _lines(result.stderr) == ["错误: old.xlsx 是旧版 .xls 工作簿，但扩展名不对",
                                     "提示: 请改名为 old.xls 后再导入"]


def _rejected(cli: Cli, path: Path, *problems: str) -> None:
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert _lines(result.stderr)[:-2] == list(problems)
    assert _lines(result.stderr)[-2].startswith("error: ")
    assert "Traceback" not in result.stderr
    assert cli.wrote_nothing()


def test_amounts_beyond_a_64_bit_column_are_bad_rows(cli: Cli, tmp_path: Path) -> None:
    path = H.ledger_xlsx(tmp_path / "big.xlsx", [("恒通", "A-1", 46000, 1e308),
                                                 ("恒通", "A-2", 46000, "123456789012345678"),
                                                 ("恒通", "A-3", 46000, -1.7e308)], styles={2: 1})
    beyond = ("is not an amount (beyond ¥100,000,000,000, more than any invoice) — "
              "write a number such as 1234.50 or ¥1,234.50")
    _rejected(cli, path, f"big.xlsx:应收!D2: column 金额: 1e+308 {beyond}",
              f"big.xlsx:应收!D3: column 金额: '123456789012345678' {beyond}",
              f"big.xlsx:应收!D4: column 金额: -1.7e+308 {beyond}")


def test_error_and_nan_cells_are_named_not_taken_for_empty(cli: Cli, tmp_path: Path) -> None:
    path = H.ledger_xlsx(tmp_path / "errors.xlsx", [("恒通", "A-1", 46000, ("e", "#DIV/0!")),
                                                    ("恒通", "A-2", ("raw", "NaN"), 5),
                                                    (("e", "#N/A"), "A-3", 46000, 5)], styles={2: 1})
    _rejected(cli, path,
              "errors.xlsx:应收!D2: column 金额: #DIV/0! is an error a formula left, not a value: "
              "fix the formula or type the value — write a number such as 1234.50 or ¥1,234.50",
              "errors.xlsx:应收!C3: column 开票日期: NaN is not a number (NaN or infinity) — "
              "write a date such as 2026-03-05 or 2026年3月5日",
              "errors.xlsx:应收!A4: column 客户名称: #N/A is an error a formula left, not a value: "
              "fix the formula or type the value — fill in the customer's name")


def test_dates_outside_1990_to_2100_are_bad_rows(cli: Cli, tmp_path: Path) -> None:
    path = H.ledger_xlsx(tmp_path / "years.xlsx", [("恒通", "A-1", "0001-01-01", 5),
                                                   ("恒通", "A-2", "9999-12-31", 5),
                                                   ("恒通", "A-3", 0, 5)], styles={2: 1})
    out = "is outside the years 1990–2100 — write a date such as 2026-03-05 or 2026年3月5日"
    _rejected(cli, path, f"years.xlsx:应收!C2: column 开票日期: '0001-01-01' {out}",
              f"years.xlsx:应收!C3: column 开票日期: '9999-12-31' {out}",
              "years.xlsx:应收!C4: column 开票日期: 00:00:00 is not a date — "
              "write a date such as 2026-03-05 or 2026年3月5日")


def test_control_characters_in_names_are_escaped_on_screen_and_dropped_in_the_rejects_file(
        cli: Cli, tmp_path: Path) -> None:
    evil = "恒通\x1b[31m红\x07\u202e"
    path = H.ledger_xlsx(tmp_path / "names.xlsx", [(evil, "A-1", 46000, 100),
                                                   (evil, "A-2", 46000, "abc")], styles={2: 1})
    result = cli("import", str(path), "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u202e" not in result.stdout
    rejects = load_workbook(tmp_path / "names.xlsx.rejects.xlsx")
    rows = list(rejects.active.iter_rows(values_only=True))
    assert rows[1][2] == "恒通[31m红\u202e"  # what a file can hold, the escape's ESC dropped
    listed = cli("customer", "list")
    assert "恒通\\x1b[31m红\\x07\\u202e" in listed.stdout
    assert "\x1b" not in listed.stdout


def test_exports_of_a_name_with_control_characters_open_again(cli: Cli, tmp_path: Path) -> None:
    evil = "=恒通\x1b[2J\x00"
    path = H.ledger_xlsx(tmp_path / "names.xlsx", [(evil, "A-1", 40000, 100)], styles={2: 1})
    assert cli("import", str(path)).exit_code == 0
    aging = tmp_path / "aging.xlsx"
    result = cli("report", "aging", "--xlsx", str(aging))
    assert result.exit_code == 0, result.stderr
    cells = [c for row in load_workbook(aging).active.iter_rows(values_only=True) for c in row]
    assert "=恒通[2J" in cells
    plan = tmp_path / "plan.xlsx"
    assert cli("plan", "--xlsx", str(plan)).exit_code == 0
    load_workbook(plan)
    csv = cli("report", "aging", "--csv")
    assert "'=恒通[2J" in csv.stdout and "\x1b" not in csv.stdout


def _run(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """The installed command in a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "dunner", "--db", str(cwd / "ledger.db"),
                           "--today", "2026-11-23", *args], cwd=cwd, capture_output=True,
                          timeout=timeout, check=False)


def test_a_file_name_of_bytes_that_are_no_utf8_prints_escaped(tmp_path: Path) -> None:
    name = b"\xff\xfe\xb0ledger.csv"
    path = os.path.join(os.fsencode(tmp_path), name)
    with open(path, "wb") as fh:
        fh.write("客户名称,单号,开票日期,金额\n恒通,A-1,2026-03-05,100\n".encode())
    done = _run("import", os.fsdecode(path), "--dry-run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"\\xff\\xfe\\xb0ledger.csv" in done.stdout
    assert b"Traceback" not in done.stderr


def test_a_fifo_and_dev_zero_end_at_once_in_a_real_process(tmp_path: Path) -> None:
    H.fifo(tmp_path / "pipe.csv")
    os.symlink("/dev/zero", tmp_path / "zero.csv")
    for name in ("pipe.csv", "zero.csv"):
        done = _run("import", name, cwd=tmp_path, timeout=30)
        assert done.returncode == 1
        assert _lines(done.stderr.decode())[0] == (
            f"error: {name} is not a regular file (a pipe, a device or a socket)")
        assert not (tmp_path / "ledger.db").exists()


@pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists("/usr/bin/setpriv"),
                    reason="needs root to run dunner as another user")
def test_a_file_the_user_cannot_read_is_one_line_not_a_usage_error() -> None:
    import tempfile

    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:  # a folder another user can enter
        home = Path(tmp)
        home.chmod(0o755)
        path = home / "secret.csv"
        path.write_text("客户名称,金额\n")
        path.chmod(0o600)
        env = {**os.environ, "HOME": tmp, "XDG_CONFIG_HOME": tmp, "XDG_STATE_HOME": tmp}
        done = subprocess.run(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                               "--clear-groups", sys.executable, "-m", "dunner", "--db",
                               str(home / "x.db"), "import", str(path)], capture_output=True,
                              env=env, timeout=60, check=False, cwd=tmp)
        assert (done.returncode, _lines(done.stderr.decode())) == (
            1, [f"error: cannot read {path}", "hint: check the file's permissions"])
        assert not (home / "x.db").exists()


PEAK = r"""
import json, resource, subprocess, sys
subprocess.run(sys.argv[1:], capture_output=True, timeout=120)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def test_files_that_blew_up_memory_stay_under_300_mb(tmp_path: Path) -> None:
    files = [H.lone_cell(tmp_path / "xfd.xlsx", "XFD1048576"),
             H.lone_cell(tmp_path / "gr.xlsx", "GR1000000", dimension="A1:D2"),
             _strings(tmp_path / "strings.xlsx")]
    csv = tmp_path / "headless.csv"
    with csv.open("w") as fh:  # rows without a header: refused at the cell budget, as read
        for i in range(40_000):
            fh.write(f"{i}," + "x," * 29 + "\n")
    for path in [*files, csv]:
        done = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "dunner", "--db",
                               str(tmp_path / "x.db"), "import", str(path)],
                              capture_output=True, timeout=150, check=True)
        assert int(done.stdout) < 300, path.name


def test_a_real_xls_that_makes_the_parser_grow_to_a_gigabyte_is_refused(cli: Cli) -> None:
    path = Path(__file__).parents[1] / "data" / "memory_bomb.xls"
    _refused_in_one_line(cli, path, "memory_bomb.xls needs more than 300 MB of memory to read: "
                                    "damaged or far too big")


_CELLS = st.one_of(st.text(max_size=12), st.floats(), st.integers(-(10**20), 10**20),
                   st.sampled_from([("e", "#DIV/0!"), ("e", "#N/A"), ("raw", "NaN"), ("raw", "inf"),
                                    "2026-03-05", "0001-01-01", "9999-12-31", "¥1,234.50",
                                    "123456789012345678", "=cmd|' /C calc'!A0", "\x1b[2J恒通"]))


@given(st.lists(st.tuples(_CELLS, _CELLS, _CELLS, _CELLS), min_size=1, max_size=6),
       st.sampled_from([None, "A1:D2", "A1:XFD1048576"]))
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_ledger_of_odd_cells_imports_or_is_refused_cleanly(tmp_path: Path, rows: list[tuple],
                                                               dimension: str | None) -> None:
    path = H.ledger_xlsx(tmp_path / "odd.xlsx", rows, styles={2: 1}, dimension=dimension)
    db = tmp_path / f"{uuid.uuid4().hex}.db"
    result = Cli(db)("import", str(path))
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stdout + result.stderr
    if result.exit_code:
        assert _lines(result.stderr)[-2].startswith("error: ")
        assert not db.exists()
