"""What the read commands load and how their results become JSON: the costs a run of ``status``
or ``grade`` must not pay (the ORM layer for writes), and the converter built from a result's
field description giving the same JSON as the description says."""

from __future__ import annotations

import gc
import json
from datetime import date
from enum import StrEnum
from pathlib import Path

import pytest

from dunner.cli._fields import Field, record, rows, to_json
from dunner.services.gc_pause import no_cycles
from tests.loaded_modules import import_example, run_in_one_process

READS = (["status"], ["grade", "--json"], ["plan", "--week"], ["customer", "list"],
         ["customer", "show", "恒通"], ["grade", "恒通"], ["check", "恒通"])


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("read_path") / "ledger.db"
    import_example(db)
    return db


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_read_command_runs_without_the_orm(example_db: Path, args: list[str]) -> None:
    """SQLModel and SQLAlchemy are for writing, pydantic for what typer would convert with it;
    a command that only reads an SQLite ledger answers without importing any of them (together
    a third of a small ledger's whole run)."""
    ran, done = run_in_one_process(example_db, [args])
    assert done.stdout.strip(), done.stderr
    assert len(ran) == 1 and ran[0][0] in (0, 3) and ran[0][1] == [], done.stderr[-2000:]


class Colour(StrEnum):
    RED = "red"


SPEC = rows(
    "items",
    Field("name"),
    Field("amount", "money", group="money"),
    Field("due", "date"),
    Field("currency", group="money"),  # the group's fields need not stand together
    Field(Colour.RED, "count"),  # a field named by an enum member
    Field("note", optional=True),
    Field("tags", many=True),
    Field("by_day", "money", keyed=True),
    record("inner", Field("on", "date"), Field("flag", "flag")),
)


def test_the_built_converter_gives_the_json_the_spec_describes() -> None:
    items = [
        {"name": "甲", "money": {"amount": 123_45, "currency": "CNY"}, "due": date(2026, 1, 2),
         Colour.RED: 3, "note": "x", "tags": ["a", None], "by_day": {"d": 5, "e": None},
         "inner": {"on": date(2026, 3, 4), "flag": 1}},
        {"name": "乙", "money": None, "due": None, Colour.RED: None, "tags": None,
         "by_day": None, "inner": None},
    ]
    assert json.loads(json.dumps(to_json(items, SPEC))) == [
        {"name": "甲", "money": {"amount": "123.45", "currency": "CNY"}, "due": "2026-01-02",
         "red": 3, "note": "x", "tags": ["a", None], "by_day": {"d": "0.05", "e": None},
         "inner": {"on": "2026-03-04", "flag": True}},
        {"name": "乙", "money": None, "due": None, "red": None, "tags": None, "by_day": None,
         "inner": None},
    ]
    assert to_json(None, SPEC) is None


def test_records_made_in_a_batch_leave_the_collector_young_generations() -> None:
    """After a batch, the records it made are not all waiting in the youngest generation for
    the next collection to walk; collection is back on."""
    gc.unfreeze()
    with no_cycles():
        kept = [[i] for i in range(50_000)]  # lists: tracked by the collector
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000
    assert gc.get_freeze_count() >= len(kept)
    gc.unfreeze()
