"""The light read handles match the tables: same names, same column types — they cannot drift."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dunner.ledger import read_tables
from dunner.ledger.tables import metadata


@pytest.mark.parametrize("handle", read_tables.HANDLES, ids=lambda h: h.name)
def test_handle_columns_exist_in_the_table_with_the_same_type(handle) -> None:
    table = metadata.tables[handle.name]
    assert len(handle.c) > 0
    for col in handle.c:
        assert col.name in table.c, f"{handle.name}.{col.name} is not a column"
        assert col.type._type_affinity is table.c[col.name].type._type_affinity, col.name


@pytest.mark.parametrize("handle", read_tables.HANDLES, ids=lambda h: h.name)
def test_handle_has_every_column_of_its_table_in_order(handle) -> None:
    """A reader that shows a whole record (``customer show``'s history) reads the handle."""
    assert [c.name for c in handle.c] == [c.name for c in metadata.tables[handle.name].c]


def test_every_customer_record_table_has_a_handle() -> None:
    tables = {t.name for t in metadata.tables.values() if "customer_id" in t.c}
    assert tables <= set(read_tables.BY_NAME)


def test_reading_commands_do_not_import_sqlmodel() -> None:
    code = ("import sys\n"
            "from dunner.services import portfolio, planning, reports, grading\n"
            "print('sqlmodel' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
