"""Options shared by many commands, defined once."""

from __future__ import annotations

from typing import Annotated

import typer

# The output options of every read command (sqlite-utils' shared output options): with either,
# stdout carries only the result; _output.emit writes both from the command's field description.
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only (stable shape, for scripts).")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print the table as CSV (UTF-8 with a BOM, "
                                      "so Excel reads it right); save it with > FILE.csv.")]
CustomerArg = Annotated[str, typer.Argument(help="Customer name, or a unique part of it.")]
AmountArg = Annotated[str, typer.Argument(help="Amount in yuan, e.g. 1234.50 or ¥1,234.50.")]
DateOpt = Annotated[str | None, typer.Option("--date", help="Date (YYYY-MM-DD); default today.")]
NoteOpt = Annotated[str, typer.Option("--note", help="Free text to keep with the record.")]
