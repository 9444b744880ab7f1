"""``dunner config``: the effective configuration and where it is read from."""

from __future__ import annotations

import typer

from dunner.cli import _fields, _output, _render
from dunner.cli._fields import Field
from dunner.cli._options import CsvOpt, JsonOpt

SETTINGS = _fields.record("", Field("path"),
                          _fields.rows("settings", Field("key", header="col.key"),
                                       Field("value", "value", "col.value"),
                                       Field("source", header="col.source",
                                             word="config_source")))

app = typer.Typer(help="Show the effective configuration or where it lives.\n\n"
                  "Example: dunner config show", no_args_is_help=True)


@app.command("show")
@_output.guarded
def show(ctx: typer.Context, as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Every setting with its value and where it came from (secrets masked).

    Example: dunner config show --json
    """
    from dunner.config import flatten

    out = _output.output(as_json, as_csv)
    app_ctx = _output.app_context(ctx)
    decided = app_ctx.effective()  # database, today, lang: each once, with where it came from
    keys = {k for k, _, _ in decided}
    rows = decided + [row for row in flatten(app_ctx.config) if row[0] not in keys]
    _output.emit(out, SETTINGS, {"path": app_ctx.config.path,
                                 "settings": [{"key": k, "value": v, "source": s}
                                              for k, v, s in rows]}, table="settings")


@app.command("path")
@_output.guarded
def path(ctx: typer.Context) -> None:
    """Where the configuration file is read from (it may not exist yet).

    Example: dunner config path
    """
    from dunner.config import config_path

    _render.lines(str(config_path(_output.session(ctx).config)))
