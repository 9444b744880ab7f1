"""``dunner db``: back up the ledger, bring its schema up to date, check it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.i18n import t

app = typer.Typer(help="Back up, upgrade or check the ledger database.\n\n"
                  "Example: dunner db backup",
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


@app.command("check")
@_output.guarded
def check(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Check the ledger: the file's integrity (SQLite), rows whose customer or invoice is
    missing, and that payments allocated to invoices add up. One line per problem; exit 1 when
    there is any.

    Example: dunner db check
    """
    from dunner.services.ledger_check import check_ledger, flaw_document, flaw_text

    report = check_ledger(_output.app_context(ctx))
    if as_json:
        _output.emit_json({"ok": report.ok, "customers": report.customers,
                           "integrity_checked": report.integrity_checked,
                           "problems": [flaw_document(f) for f in report.flaws]})
    elif report.ok:
        integrity = t("dbcheck.clean.integrity") if report.integrity_checked else ""
        _render.lines(t("dbcheck.clean", customers=report.customers, integrity=integrity))
    else:
        _render.lines(*(flaw_text(f) for f in report.flaws))
        typer.echo(t("dbcheck.found", n=len(report.flaws)), err=True)
    if not report.ok:
        raise typer.Exit(1)
