"""The example workbook imports and lists through the CLI."""

from __future__ import annotations

from tests.example_book import EXAMPLE, read_example


def test_example_imports_and_lists(cli) -> None:
    book = read_example()
    result = cli("import", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    assert f"customers: {len(book.customers)} added" in result.stdout
    assert f"invoices: {len(book.invoices)} added" in result.stdout
    assert f"payments: {len(book.payments)} added" in result.stdout
    again = cli.json("import", str(EXAMPLE))  # the same file again changes nothing, notes nothing
    assert again["counts"]["invoices"] == {"added": 0, "updated": 0, "unchanged": len(book.invoices)}
    assert again["counts"]["payments"] == {"added": 0, "updated": 0, "unchanged": len(book.payments)}
    assert again["notes"] == []
    rows = cli.json("customer", "list")
    assert len(rows) == len(book.customers) == 36
