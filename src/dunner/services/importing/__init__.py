"""Import a ledger workbook: read, check every row, compare with the ledger, write all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dunner.adapters.workbook import Limits, Sheet, read_workbook
from dunner.config import Config
from dunner.domain.problems import Problem
from dunner.errors import DunnerError, InputRejected, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.ledger.db import Ledger
from dunner.services.batch import no_cycles
from dunner.services.importing.headers import SYNONYMS, best_candidate, find_header, parse_map_option
from dunner.services.importing.plan import Change, State, build_plan
from dunner.services.importing.rows import Row, parse_rows
from dunner.services.importing.store import write_plan

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    file: str
    counts: dict[str, int]
    changes: list[Change]
    missing: list[str]
    notes: list[Problem]
    skipped_sheets: list[str]
    rejected: list[Problem] = field(default_factory=list)
    rejected_rows: int = 0
    rejects_file: str | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class ImportOptions:
    sheet: str | None = None
    mapping: Sequence[str] = ()
    dry_run: bool = False
    skip_bad: bool = False
    today: date | None = None  # the day the import happens (a paid column's rise is dated by it)


def limits_from(config: Config) -> Limits:
    c = config.values["import"]
    return Limits(int(c["max_rows"]), int(c["max_columns"]), int(c["max_file_mb"]) * 2**20,
                  int(c["max_uncompressed_mb"]) * 2**20)


def import_file(ledger: Ledger, path: Path, options: ImportOptions, config: Config,
                progress: Progress | None = None) -> ImportReport:
    try:
        overrides = parse_map_option(options.mapping)
    except ValueError as exc:
        raise UsageError("bad_map", t("import.bad_map", value=exc.args[0]),
                         t("import.bad_map.hint")) from exc
    with no_cycles():
        rows, skipped, headers = _parse(read_workbook(path, limits_from(config), options.sheet),
                                        path.name, overrides, progress)
        state = _state(ledger)
        today = options.today or date.today()
        payment_sheet = any(r.kind == "payments" for r in rows)
        plan = build_plan(rows, state, path.name, options.sheet, today, payment_sheet)
    bad = [r for r in rows if r.problems]
    if bad and not options.skip_bad:
        problems = [p for r in bad for p in r.problems]
        raise InputRejected("import_rejected", t("import.rejected", rows=len(bad), file=path.name),
                            problems, t("import.rejected.hint"))
    # from the plan that saw every row, rejected ones included; only those still open matter
    missing = _still_open(ledger, config, plan.missing, plan.missing_ids)
    while any(r.problems for r in rows):
        # rows that leaned on a rejected row (a payment naming its invoice) are rejected in turn
        rows = [r for r in rows if not r.problems]
        plan = build_plan(rows, state, path.name, options.sheet, today, payment_sheet)
        bad += [r for r in rows if r.problems]
    plan.missing = missing
    notes = [n for r in rows for n in r.notes]  # warnings of the rows written (terms left unread)
    del rows  # only the rejected rows are needed from here on: let the sheets' cells go
    report = ImportReport(path.name, dict(plan.counts), plan.changes, plan.missing, [*notes, *plan.notes],
                          skipped, [p for r in bad for p in r.problems], len(bad),
                          dry_run=options.dry_run)
    if options.dry_run:
        return report
    if bad:
        report.rejects_file = str(_write_rejects(path, bad, headers))
    write_plan(ledger, plan)
    return report


def _state(ledger: Ledger) -> State:
    """What the ledger holds; nothing while its file is still to be created, so that a dry run
    or a refused import against a new ``--db`` creates no file."""
    if not ledger.exists:
        return State({}, {}, set(), {}, set())
    with ledger.read() as conn:
        return State(repo.customers_by_key(conn), repo.invoices_by_number(conn),
                     repo.payment_keys(conn), repo.paid_column_sums(conn),
                     repo.person_names(conn), repo.payments_by_customer(conn))


def _still_open(ledger: Ledger, config: Config, names: list[str],
                ids: list[tuple[int, str]]) -> list[str]:
    """The missing invoices the ledger still has money open on (settled rows are often deleted)."""
    if not ids:
        return []
    from dunner.services.customers import position_of

    with ledger.read() as conn:
        open_ = {(cid, i.number) for cid in {c for c, _ in ids}
                 for i in position_of(conn, config, cid).items if i.open}
    return [name for name, key in zip(names, ids, strict=True) if key in open_]


def _parse(sheets: list[Sheet], file_name: str, overrides: dict[str, str],
           progress: Progress | None) -> tuple[list[Row], list[str], dict[str, list[object]]]:
    rows: list[Row] = []
    skipped: list[str] = []
    headers: dict[str, list[object]] = {}
    total = sum(len(s.rows) for s in sheets)
    done = 0
    for sheet in sheets:
        header = find_header(sheet.rows, sheet.name, overrides)
        if header is None:
            if any(any(c not in ("", None) for c in r) for r in sheet.rows):
                skipped.append(sheet.name)
        else:
            headers[sheet.name] = list(sheet.rows[header.row])
            for row in parse_rows(sheet, header, file_name):
                rows.append(row)
                if progress and len(rows) % 5000 == 0:
                    progress(done + row.line, total)
        done += len(sheet.rows)
    if not headers:
        raise _no_header(sheets, file_name, overrides)
    if progress:
        progress(total, total)
    return rows, skipped, headers


def _no_header(sheets: list[Sheet], file_name: str, overrides: dict[str, str]) -> DunnerError:
    """Name the column the most header-like row lacks, and what that row holds instead."""
    best = None
    for sheet in sheets:
        found = best_candidate(sheet.rows, overrides)
        if found and (best is None or len(found.fields) > len(best[1].fields)):
            best = (sheet.name, found)
    if best is None:  # no row names a single field: nothing better to say than this
        return DunnerError("no_header", t("import.no_header", file=file_name),
                           t("import.no_header.hint"))
    name, candidate = best
    field_name = candidate.missing
    shown = ", ".join(candidate.found[:12]) + (", …" if len(candidate.found) > 12 else "")
    header = candidate.likely(field_name) or t("import.no_column.header")
    return DunnerError("no_header", t("import.no_column", file=file_name, sheet=name,
                                      column=t(f"import.column.{field_name}"),
                                      synonyms=", ".join(SYNONYMS[field_name][:4]), found=shown),
                       t("import.no_column.hint", header=header, field=field_name))


def _write_rejects(path: Path, bad: list[Row], headers: dict[str, list[object]]) -> Path:
    from dunner.adapters.xlsx import write_table_workbook

    target = path.with_name(path.name + ".rejects.xlsx")
    by_sheet: dict[str, list[Row]] = {}
    for row in bad:
        by_sheet.setdefault(row.sheet, []).append(row)
    sheets = []
    for name, items in by_sheet.items():
        header = [t("rejects.row"), t("rejects.reason"), *headers[name]]
        body = [[r.line, "; ".join(p.message for p in r.problems), *r.cells] for r in items]
        sheets.append((name, header, body))
    write_table_workbook(target, sheets)
    return target
