"""The example workbook imports and lists through the CLI."""

from __future__ import annotations

from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ledger.xlsx"


def test_example_imports_and_lists(cli) -> None:
    result = cli("import", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert "36 added" in result.stdout
    rows = cli.json("customer", "list")
    assert len(rows) == 36
