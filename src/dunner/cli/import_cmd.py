"""``dunner import``: read a ledger workbook into the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._import_layouts import layout_json, layout_line
from dunner.cli._options import JsonOpt
from dunner.i18n import t

if TYPE_CHECKING:
    from rich.progress import Progress

    from dunner.services.importing import ImportReport

COUNT_KEYS = ("customers", "invoices", "payments")


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)


@_output.guarded
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The .xlsx, .xls, .ods or .csv ledger.",
                                         readable=False)],  # the reader says why it cannot
    sheet: Annotated[str | None, typer.Option(help="Import only this sheet.")] = None,
    map_: Annotated[list[str] | None, typer.Option("--map", help="Map a header to a field, "
                                                   "e.g. --map '往来单位=customer'.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report; write "
                                          "nothing.")] = False,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Write the good rows; save bad "
                                           "ones to FILE.rejects.xlsx.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="The day an aging table (账龄分析表) "
                                              "is drawn up to, when its title does not say "
                                              "(YYYY-MM-DD).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import invoices, payments and customers from a workbook — all or nothing.

    Example: dunner import 应收账款.xlsx --dry-run
    """
    from dunner.cli._parse import optional_day
    from dunner.services.importing import ImportOptions, import_file

    app_ctx = _output.app_context(ctx)
    options = ImportOptions(sheet, tuple(map_ or ()), dry_run, skip_bad, app_ctx.today,
                            optional_day(as_of, "--as-of"))
    with _progress(not as_json) as progress:
        report = import_file(app_ctx.ledger(create=True), file, options, app_ctx.config, progress)
    if as_json:
        _output.emit_json(_as_dict(report))
    else:
        _print(report)


def _as_dict(report: ImportReport) -> dict[str, Any]:
    return {
        "file": report.file, "dry_run": report.dry_run,
        "counts": {k: {v: report.counts.get(f"{k}_{v}", 0) for v in ("added", "updated",
                                                                   "unchanged")}
                   for k in COUNT_KEYS},
        "changes": [vars(c) for c in report.changes],
        "missing": report.missing,
        "other_workbooks": report.other_workbooks,
        "notes": [p.line() for p in report.notes],
        "rejected": [{"source": p.source, "code": p.code, "message": p.message, "hint": p.hint}
                     for p in report.rejected],
        "rejected_rows": report.rejected_rows,
        "rejects_file": report.rejects_file,
        "skipped_sheets": report.skipped_sheets,
        "layouts": [layout_json(s) for s in report.layouts],
    }


def _field(column: str) -> str:
    """A changed column as the run's language names it (``paid`` → 已付); JSON keeps the name."""
    from dunner.catalogue import MESSAGES

    key = next((k for k in (f"import.field.{column}", f"field.{column}") if k in MESSAGES), "")
    return t(key) if key else column


# The missing invoices a terminal lists one by one, and the other workbooks it names; ``--json``
# lists them all.
MISSING_SHOWN = 50
OTHERS_SHOWN = 3


def _print(report: ImportReport) -> None:
    c = report.counts
    head = "import.summary.dry" if report.dry_run else "import.summary"
    _render.lines(t(head, file=report.file))
    if report.dry_run:
        _render.lines(*(f"  {layout_line(s)}" for s in report.layouts))
    for key in COUNT_KEYS:
        _render.lines(t(f"import.count.{key}", added=c.get(f"{key}_added", 0),
                        updated=c.get(f"{key}_updated", 0),
                        unchanged=c.get(f"{key}_unchanged", 0)))
    for change in report.changes:
        shown = _render.terms if change.field == "terms" else str
        _render.lines(t("import.change", subject=change.subject, field=_field(change.field),
                        old=shown(change.old) or "—", new=shown(change.new)))
    for missing in report.missing[:MISSING_SHOWN]:
        _render.lines(t("import.missing_invoice", invoice=missing))
    if len(report.missing) > MISSING_SHOWN:  # a copy that leaves out a year's paid invoices
        _render.lines(t("import.missing_more", count=f"{len(report.missing) - MISSING_SHOWN:,}"))
    if report.other_workbooks:
        names = report.other_workbooks
        listed = ", ".join(names[:OTHERS_SHOWN]) + (", …" if len(names) > OTHERS_SHOWN else "")
        _render.lines(t("import.other_workbooks", count=len(names), names=listed))
    for note in report.notes:
        _render.lines(note.line())
    for sheet in report.skipped_sheets:
        _render.lines(t("import.skipped_sheet", sheet=sheet))
    for problem in report.rejected:
        _render.lines(problem.line())
    if report.rejects_file:
        _render.lines(t("import.rejects_saved", rows=report.rejected_rows,
                        path=report.rejects_file))


class _progress:
    """A progress bar on stderr, only on a terminal and never with --json."""

    def __init__(self, wanted: bool) -> None:
        import sys

        self.enabled = wanted and sys.stderr.isatty()
        self._bar: Progress | None = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not self.enabled:
            return None
        from rich.progress import Progress

        bar = self._bar = Progress(transient=True)
        bar.start()
        task = bar.add_task(t("import.reading"), total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
