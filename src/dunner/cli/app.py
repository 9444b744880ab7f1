"""The root command: global options and the wiring of command groups (nothing else)."""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from dunner import __version__
from dunner.cli import (
    bill,
    check,
    config_cmd,
    cron,
    customer,
    db_cmd,
    dispute,
    fapiao,
    grade,
    import_cmd,
    instalments,
    interest,
    letter,
    plan,
    record,
    remind,
    report,
    statement,
    status,
    undo,
)
from dunner.cli._coerce import install as _light_conversion
from dunner.cli._output import Session

_light_conversion()

app = typer.Typer(
    name="dunner",
    help="Chase unpaid trade receivables: import the ledger, record what happens, plan who to "
    "contact.\n\nExample: dunner import ledger.xlsx && dunner customer list",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"dunner {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Ledger file or SQLAlchemy URL "
                                           "[env DUNNER_DB].", show_default=False)] = None,
    config: Annotated[str | None, typer.Option("--config", help="config.toml to read "
                                               "[env DUNNER_CONFIG].")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Pretend today is YYYY-MM-DD "
                                              "[env DUNNER_TODAY].")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh or en [env DUNNER_LANG]; "
                                             "default from the locale.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Global options; every command honours them."""
    from contextlib import suppress

    from dunner.i18n import detect_language, set_language

    ctx.obj = Session(db, config, today, lang)
    with suppress(ValueError):  # a bad --lang is reported with the command's other errors
        set_language(detect_language(lang))  # now: a typed value is checked before the ledger


import_cmd.register(app)
plan.register(app)
record.register(app)
instalments.register(app)
undo.register(app)
dispute.register(app)
grade.register(app)
status.register(app)
remind.register(app)
cron.register(app)
statement.register(app)
letter.register(app)
check.register(app)
app.add_typer(customer.app, name="customer")
app.add_typer(report.app, name="report")
app.add_typer(config_cmd.app, name="config")
app.add_typer(db_cmd.app, name="db")
app.add_typer(bill.app, name="bill")
fapiao.register(app)
interest.register(app)


def main() -> None:
    from dunner.cli._console import prepare_streams

    prepare_streams()  # GBK, GB18030, cp1252 …: printed without a traceback, Chinese kept
    # A run is short and builds many small acyclic records: collect cycles rarely, not every
    # 700 allocations (on a 100,000-invoice ledger that alone is a third of the run time).
    gc.set_threshold(100_000, 20, 20)
    app()
