"""``dunner config``: the effective configuration and where it is read from."""

from __future__ import annotations

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.i18n import t

app = typer.Typer(help="Show the effective configuration or where it lives.\n\n"
                  "Example: dunner config show", no_args_is_help=True)


@app.command("show")
@_output.guarded
def show(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every setting with its value and where it came from (secrets masked).

    Example: dunner config show --json
    """
    from dunner.config import flatten

    app_ctx = _output.app_context(ctx)
    decided = app_ctx.effective()  # database, today, lang: each once, with where it came from
    keys = {k for k, _, _ in decided}
    rows = decided + [row for row in flatten(app_ctx.config) if row[0] not in keys]
    if as_json:
        _output.emit_json({"path": str(app_ctx.config.path) if app_ctx.config.path else None,
                           "settings": [{"key": k, "value": v, "source": s} for k, v, s in rows]})
        return
    _render.table([t("col.key"), t("col.value"), t("col.source")], rows)


@app.command("path")
@_output.guarded
def path(ctx: typer.Context) -> None:
    """Where the configuration file is read from (it may not exist yet).

    Example: dunner config path
    """
    from dunner.config import config_path

    root = ctx.find_root().obj or {}
    _render.lines(str(config_path(root.get("config"))))
