"""The root command: global options and the wiring of command groups (nothing else)."""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from dunner import __version__
from dunner.cli._coerce import install as _light_conversion
from dunner.cli._output import Session

_light_conversion()

# Every command, in the order ``dunner --help`` lists them: the command's name → the module
# whose ``register`` adds it (several commands may share one), or the module whose ``app`` is a
# group of subcommands.
COMMANDS = {"import": "import_cmd", "plan": "plan", "pay": "record", "log": "record",
            "promise": "record", "ack": "record", "signal": "record",
            "instalments": "instalments", "undo": "undo", "dispute": "dispute", "grade": "grade",
            "status": "status", "remind": "remind", "cron": "cron", "statement": "statement",
            "letter": "letter", "check": "check"}
GROUPS = {"customer": "customer", "report": "report", "config": "config_cmd", "db": "db_cmd",
          "bill": "bill"}
LATER = {"fapiao": "fapiao", "interest": "interest"}  # listed after the groups
GLOBAL_VALUED = ("--db", "--config", "--today", "--lang")  # the global options taking a value


def build(only: str | None = None) -> typer.Typer:
    """The command line: every command, or with ``only`` just that one (and the global options),
    which is all a run of it needs — building and importing the other thirty costs a third of
    a small command's run."""
    import importlib

    root = typer.Typer(
        name="dunner",
        help="Chase unpaid trade receivables: import the ledger, record what happens, plan who to "
        "contact.\n\nExample: dunner import ledger.xlsx && dunner customer list",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    root.callback()(main_options)
    done: set[str] = set()
    for table, group in ((COMMANDS, False), (GROUPS, True), (LATER, False)):
        for name, module_name in table.items():
            if (only is not None and name != only) or module_name in done:
                continue
            done.add(module_name)
            module = importlib.import_module(f"dunner.cli.{module_name}")
            if group:
                root.add_typer(module.app, name=name)
            else:
                module.register(root)
    return root


def command_named(argv: list[str]) -> str | None:
    """The command a command line runs, when it is one dunner has; None for ``--help``,
    ``--version``, a mistyped name or none (those need every command)."""
    args = iter(argv)
    for arg in args:
        if arg in GLOBAL_VALUED:
            next(args, None)
        elif arg.startswith("-"):
            if arg.split("=", 1)[0] not in GLOBAL_VALUED:
                return None
        else:
            return arg if arg in COMMANDS or arg in GROUPS or arg in LATER else None
    return None


def _version(value: bool) -> None:
    if value:
        print(f"dunner {__version__}")
        raise typer.Exit()


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


def __getattr__(name: str) -> typer.Typer:
    """``app``: the whole command line, built on first use (tests and documentation use it)."""
    if name == "app":
        whole = globals()["app"] = build()  # built once; later lookups find it as a global
        return whole
    raise AttributeError(name)


def main() -> None:
    from dunner.cli._console import prepare_streams

    prepare_streams()  # GBK, GB18030, cp1252 …: printed without a traceback, Chinese kept
    # A run is short and builds many small acyclic records: collect cycles rarely, not every
    # 700 allocations (on a 100,000-invoice ledger that alone is a third of the run time).
    gc.set_threshold(100_000, 20, 20)
    build(command_named(sys.argv[1:]))()
