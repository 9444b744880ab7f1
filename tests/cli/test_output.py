"""One output path: every read command answers --json, every table also --csv (UTF-8 with a
BOM, the JSON's columns in the JSON's order), from one description of its fields."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import typer

from dunner.cli import _fields, _output
from dunner.cli._fields import LIST_SEPARATOR, Field
from dunner.cli.app import app
from tests.cli.small_ledger import HENGTONG, write_book
from tests.conftest import Cli

BOM = "\ufeff"
# Every read command: what it needs besides options, and for a table whose JSON is a
# document, which of the document's lists its CSV rows are.
READS = {"grade": [], "status": [], "customer list": [], "customer show": ["恒通"],
         "plan": ["--week"], "config show": []}
TABLES = {"grade": None, "customer list": None, "plan": "actions", "report aging": "rows",
          "config show": "settings", "report bills": None, "report forecast": "weeks",
          "report kpi": "months"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _commands() -> dict[str, Any]:
    """Every leaf command typer registered, by its full name (``report aging``)."""
    out: dict[str, Any] = {}

    def walk(prefix: str, cmd: Any) -> None:
        subs = getattr(cmd, "commands", {})
        if not subs:
            out[prefix] = cmd
        for name, sub in subs.items():
            walk(f"{prefix} {name}".strip(), sub)

    walk("", typer.main.get_command(app))
    return out


COMMANDS = _commands()
READ_COMMANDS = sorted({*READS, *(name for name in COMMANDS if name.startswith("report "))})


def _flags(cmd: Any) -> set[str]:
    return {opt for p in getattr(cmd, "params", ()) for opt in p.opts}


@pytest.fixture
def small(cli: Cli, tmp_path: Path) -> Cli:
    """The small workbook imported, a promise and a signal: every nested list has an entry."""
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    assert cli("promise", "恒通", "500", "2026-11-30").exit_code == 0
    assert cli("signal", "恒通", "key_person_change").exit_code == 0
    assert cli("pay", "恒通", "100", "--bill", "bank", "--bill-no", "B-001",
               "--matures", "2027-01-15").exit_code == 0
    return cli


def test_every_read_command_is_registered_with_json() -> None:
    assert [name for name in READ_COMMANDS if "--json" not in _flags(COMMANDS.get(name))] == []


def test_every_table_has_csv() -> None:
    assert [name for name in TABLES if "--csv" not in _flags(COMMANDS[name])] == []


Column = tuple[str, str | None]  # a key, or a mapping's key and its entry's


# objects that are null when a record has none (a plan action's contact person)
OBJECTS = {"contact": ("name", "role", "phone", "wechat")}


def _columns(records: list[dict[str, Any]]) -> list[Column]:
    """The JSON's flat columns in order: scalars and lists of scalars; a mapping's entries
    (``by_bucket``); lists of records are not columns."""
    nested = {k for r in records for k, v in r.items()
              if isinstance(v, list) and any(isinstance(x, dict) for x in v)}
    cols: list[Column] = []
    for key, value in records[0].items():
        if key in OBJECTS:
            cols.extend((key, k) for k in OBJECTS[key])
        elif isinstance(value, dict):
            cols.extend((key, k) for k in value)
        elif key not in nested:
            cols.append((key, None))
    return cols


def _value(record: dict[str, Any], column: Column) -> Any:
    key, entry = column
    if entry is None:
        return record[key]
    return None if record[key] is None else record[key][entry]


def _same(cell: str, value: Any) -> bool:
    if isinstance(value, list):  # joined, or a setting's list as JSON text
        return bool(cell) or not value
    if value is None:
        return cell == ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        text = "'" + text
    return cell == text


@pytest.mark.parametrize("name", READ_COMMANDS)
def test_read_command_answers_json_and_its_table_csv(small: Cli, name: str) -> None:
    args = [*name.split(), *READS.get(name, [])]
    result = small(*args, "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    if "--csv" not in _flags(COMMANDS[name]):
        return
    result = small(*args, "--csv")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith(BOM)
    header, *rows = list(csv.reader(io.StringIO(result.stdout[1:])))
    place = TABLES[name]
    records = doc if place is None else doc[place]
    assert records, f"the small ledger gives {name} no rows to check"
    cols = _columns(records)
    assert len(header) == len(cols) and all(header), (header, cols)
    assert len(rows) >= len(records)
    for row, record in zip(rows, records, strict=False):
        wrong = [(c, cell, _value(record, c)) for c, cell in zip(cols, row, strict=True)
                 if not _same(cell, _value(record, c))]
        assert wrong == []


def test_csv_header_is_in_the_run_language(small: Cli) -> None:
    result = small("customer", "list", "--csv", lang="zh")
    header = next(csv.reader(io.StringIO(result.stdout[1:])))
    assert header[:5] == ["客户", "负责人", "结算方式", "未收", "逾期"]
    assert HENGTONG in result.stdout


def test_json_and_csv_together_is_a_usage_error(small: Cli) -> None:
    result = small("grade", "--json", "--csv")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "output_both"


def test_csv_goes_to_stdout_as_utf8_bytes_whatever_the_console(small: Cli) -> None:
    result = small("report", "aging", "--csv", lang="zh")
    assert result.stdout_bytes.startswith(BOM.encode("utf-8"))
    assert result.stdout_bytes.decode("utf-8").endswith("\r\n")
    assert "合计" in result.stdout


# The serializer itself: kinds, groups, optional fields, cells.

SPEC = _fields.rows(
    "", Field("name", header="col.customer"), Field("open", "money", "col.open"),
    Field("due", "date", "col.due"), Field("at", "time", "col.time"),
    Field("days", "count", "col.days_overdue"), Field("rate", "ratio", "col.keep_rate"),
    Field("a", "money", "bucket.1-30", group="by"), Field("b", "money", "bucket.31-60", group="by"),
    Field("tags", many=True, header="col.signals"),
    _fields.rows("lines", Field("seen", "stamp"), Field("ok", "flag")),
    Field("extra", "count", optional=True),
)
RECORD = {"name": "=SUM(A1)", "open": -123450, "due": date(2026, 11, 23), "at": time(9, 30),
          "days": 3, "rate": 0.5, "by": {"a": 100, "b": 5}, "tags": ["x", "y"],
          "lines": [{"seen": datetime(2026, 11, 23, 10, 3, 59), "ok": 1}]}


def test_json_from_the_spec() -> None:
    assert _fields.to_json([RECORD], SPEC) == [{
        "name": "=SUM(A1)", "open": "-1234.50", "due": "2026-11-23", "at": "09:30", "days": 3,
        "rate": "0.50", "by": {"a": "1.00", "b": "0.05"}, "tags": ["x", "y"],
        "lines": [{"seen": "2026-11-23 10:03", "ok": True}]}]
    assert _fields.to_json([{**RECORD, "extra": 7}], SPEC)[0]["extra"] == 7  # type: ignore[index]


def test_csv_cells_from_the_spec() -> None:
    from dunner.services.exports import csv_bytes

    header, cells = _output.table_cells(SPEC, [RECORD, {**RECORD, "open": None, "tags": []}])
    text = csv_bytes(header, cells).decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["Customer", "Open", "Due", "Time", "Days overdue", "Promises kept", "1–30",
                       "31–60", "Warning signals"]
    # a formula stays text; a negative amount stays a number
    assert rows[1] == ["'=SUM(A1)", "-1234.50", "2026-11-23", "09:30", "3", "0.50", "1.00", "0.05",
                       f"x{LIST_SEPARATOR}y"]
    assert rows[2][1] == "" and rows[2][-1] == ""


def test_json_escapes_what_the_output_encoding_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    monkeypatch.setattr("sys.stdout", stream)
    _output.emit_json({"name": "¥杭州𠮷"})
    stream.flush()
    assert json.loads(raw.getvalue().decode("gbk")) == {"name": "¥杭州𠮷"}


def test_customer_show_lists_every_ledger_column() -> None:
    """A column added to the ledger must be added to ``customer show --json`` too."""
    from dunner.cli._customer_view import CUSTOMER
    from dunner.ledger import tables

    bookkeeping = {"id", "customer_id", "name_key", "import_key", "source_file", "source_ref"}
    for part, model in (("customer", tables.Customer), ("people", tables.ContactPerson),
                        ("payments", tables.Payment), ("contacts", tables.ContactLog),
                        ("promises", tables.Promise), ("acknowledgements", tables.Acknowledgement),
                        ("signals", tables.Signal)):
        spec = [f.name for f in _fields.part(CUSTOMER, part).fields]
        listed = [c.name for c in model.__table__.columns if c.name not in bookkeeping]
        if part not in ("customer", "people"):  # history: with the id ``dunner undo`` takes
            listed = ["id", *listed]
        # worked out, not stored: what of a paid column's rise recorded payments explain
        listed += {"payments": ["explained"]}.get(part, [])
        assert spec == listed, part
