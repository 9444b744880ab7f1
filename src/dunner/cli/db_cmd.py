"""``dunner db``: back up the ledger, bring its schema up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.i18n import t

app = typer.Typer(help="Back up or upgrade the ledger database.\n\nExample: dunner db backup",
                  no_args_is_help=True)


@app.command("backup")
@_output.guarded
def backup(ctx: typer.Context,
           dest: Annotated[Path | None, typer.Argument(help="Where to write the copy; default "
                                                       "beside the ledger, dated.")] = None
           ) -> None:
    """Copy the ledger safely while it may be in use (SQLite's backup API), mode 0600.

    Example: dunner db backup ~/backups/dunner-2026-11-23.db
    """
    from dunner.services.maintenance import backup as do_backup

    target = do_backup(_output.app_context(ctx), dest)
    _render.lines(t("db.backup_done", path=target))


@app.command("upgrade")
@_output.guarded
def upgrade(ctx: typer.Context) -> None:
    """Migrate the ledger to this dunner's schema (also done automatically on first use).

    Example: dunner db upgrade
    """
    from dunner.services.maintenance import upgrade as do_upgrade

    before, after = do_upgrade(_output.app_context(ctx))
    _render.lines(t("db.upgraded", before=before or "—", after=after))
