"""Import a ledger workbook: read, check every row, compare with the ledger, write all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dunner.adapters.workbook import Limits, Sheet, read_workbook
from dunner.config import Config
from dunner.domain.problems import Problem
from dunner.errors import DunnerError, InputRejected, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.ledger.db import Ledger
from dunner.ledger.stamp import EMPTY, Stamp, content_stamp, hold_off_writers
from dunner.services.gc_pause import no_cycles
from dunner.services.importing.accounting import (
    Converted,
    SheetLayout,
    ordinary_layout,
    read_sheet,
)
from dunner.services.importing.approximations import replace_approximations
from dunner.services.importing.changes import (
    Change,
    Listing,
    State,
    build_changes,
    listing_of,
    missing_invoices,
)
from dunner.services.importing.checks import (
    Rejected,
    beyond_rejection,
    duplicate_invoices,
    rejected_rows,
)
from dunner.services.importing.headers import (
    SYNONYMS,
    Header,
    best_candidate,
    find_header,
    parse_map_option,
)
from dunner.services.importing.rows import Parsed, Row, number_invoices, parse_rows
from dunner.services.importing.store import StaleState, write_changes

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
    layouts: list[SheetLayout] = field(default_factory=list)  # what each sheet was read as
    # the ledger's other workbooks, when this file lists none of their invoices
    other_workbooks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOptions:
    sheet: str | None = None
    mapping: Sequence[str] = ()
    dry_run: bool = False
    skip_bad: bool = False
    today: date | None = None  # the day the import happens (a paid column's rise is dated by it)
    as_of: date | None = None  # an aging table's day when its title does not say


def limits_from(config: Config) -> Limits:
    c = config.values["import"]
    return Limits(int(c["max_rows"]), int(c["max_columns"]), int(c["max_file_mb"]) * 2**20,
                  int(c["max_uncompressed_mb"]) * 2**20, int(c["max_cells"]))


# How many times an import compares again, other writers waiting only for its writes, when
# they changed the ledger meanwhile; then it compares with them all waiting.
OPTIMISTIC_ATTEMPTS = 2


def import_file(ledger: Ledger, path: Path, options: ImportOptions, config: Config,
                progress: Progress | None = None) -> ImportReport:
    """Read, check and compare, then write all or nothing. Two imports (or an import and a
    ``pay``) at once could both add the same customer or count one payment twice: the write goes
    ahead only if the ledger is still as the comparison read it, else the import compares again
    — at last holding the write transaction, so a busy ledger cannot starve it."""
    for _ in range(OPTIMISTIC_ATTEMPTS):
        try:
            return _import_once(ledger, path, options, config, progress)
        except StaleState:
            continue
    with ledger.held() as held:
        with held.write() as conn:
            hold_off_writers(conn)
        return _import_once(held, path, options, config, progress)


def _import_once(ledger: Ledger, path: Path, options: ImportOptions, config: Config,
                 progress: Progress | None = None) -> ImportReport:
    try:
        overrides = parse_map_option(options.mapping)
    except ValueError as exc:
        raise UsageError("bad_map", t("import.bad_map", value=exc.args[0]),
                         t("import.bad_map.hint")) from exc
    with no_cycles():
        parsed = _parse(read_workbook(path, limits_from(config), options.sheet), path.name,
                        overrides, progress, options.as_of)
        repeated = duplicate_invoices(parsed.rows, parsed.problems, path.name)
        # before the ledger loads
        _let_cells_go(beyond_rejection(parsed.rows, parsed.problems, path.name, repeated))
        state, listing, seen = _state(ledger, parsed.rows, path.name)
        rejected = rejected_rows(parsed.rows, parsed.problems, state, path.name, repeated)
        problems = [p for found in rejected.values() for p in found]
        if rejected and not options.skip_bad:
            raise InputRejected("import_rejected", t("import.rejected", rows=len(rejected), file=path.name),
                                problems, t("import.rejected.hint"))
        good = [r for r in parsed.rows if r not in rejected]
        _let_cells_go(good)
        payment_sheet = any(r.kind == "payments" for r in parsed.rows)
        changes = build_changes(good, state, path.name, options.today or date.today(), payment_sheet,
                                listing.family)
        changes.families = listing.joins
        missing = missing_invoices(state, options.sheet, listing)
        replace_approximations(ledger, good, state, changes, missing, path.name)
    # warnings of the rows written (terms left unread)
    notes = [n for r, found in parsed.notes.items() if r not in rejected for n in found]
    skipped, headers, layouts = parsed.skipped, parsed.headers, parsed.layouts
    # only the rejected rows are needed from here on: let the sheets' cells and what was read
    # of the ledger go before the positions of the missing invoices are worked out
    del parsed, good, state
    report = ImportReport(path.name, dict(changes.counts), changes.changes,
                          _still_open(ledger, config, missing), [*notes, *changes.notes],
                          skipped, problems, len(rejected), dry_run=options.dry_run,
                          layouts=layouts, other_workbooks=listing.others)
    if options.dry_run:
        return report
    if rejected:
        report.rejects_file = str(_write_rejects(path, rejected, headers))
    write_changes(ledger, changes, seen)
    return report


_NO_CELLS: list[object] = []


def _let_cells_go(rows: list[Row]) -> None:
    """A row's cells are wanted only in a rejects file: letting them go for the rows that will
    not be rejected frees the sheets' cells (a third of what a large import holds)."""
    for row in rows:
        row.cells = _NO_CELLS


def _state(ledger: Ledger, rows: list[Row], file_name: str) -> tuple[State, Listing, Stamp]:
    """What the ledger holds that the file's ``rows`` (rejected ones too) ask for, what they
    list of it, and its stamp; nothing while its file is still to be created, so that a dry
    run or a refused import against a new ``--db`` creates no file.

    The invoices are those the rows name, and those the files of its family brought (of which
    it may leave some out): a period's workbook in a ledger of many periods reads only its own.
    A file that tells of no payment reads none.
    """
    if not ledger.exists:
        empty = State({}, {}, set(), set())
        return empty, listing_of(rows, empty, file_name), EMPTY
    with ledger.reader() as conn:
        customers = repo.customers_by_key(conn)
        named = None
        if repo.keyed_lookup_pays(conn, sum(r.kind != "customers" for r in rows)):
            named = repo.invoices_named(conn, _named(rows, customers))
        # the ledger's payments, only for a file that tells of payments: a payment sheet (or a
        # detail ledger's receipts) or a paid column
        told = any(r.kind == "payments" or "paid" in r.values for r in rows)
        state = State(customers, repo.invoices_by_number(conn) if named is None else named,
                      repo.payment_keys(conn) if told else set(), repo.person_names(conn),
                      repo.payments_by_customer(conn) if told else {},
                      files=repo.import_files(conn))
        listing = listing_of(rows, state, file_name)
        if named is not None:
            state.invoices |= repo.invoices_from(conn, listing.family)
        return state, listing, content_stamp(conn)


def _named(rows: list[Row], customers: dict[str, dict[str, Any]]) -> set[tuple[int, str]]:
    """(customer id, number) of the ledger's customers' invoices the rows name: invoice rows,
    and the payment rows that say which invoice they pay."""
    return {(customers[r.customer_key]["id"], number) for r in rows
            if r.kind != "customers" and r.customer_key in customers
            and (number := r.values.get("number"))}


def _still_open(ledger: Ledger, config: Config, missing: dict[tuple[int, str], str]) -> list[str]:
    """The missing invoices the ledger still has money open on (settled rows are often deleted)."""
    if not missing:
        return []
    from dunner.services.customers import positions_of

    with ledger.reader() as conn:
        open_ = {(cid, i.number) for cid, pos in positions_of(conn, config, {c for c, _ in missing})
                 for i in pos.items if i.open}
    return [name for key, name in missing.items() if key in open_]


@dataclass
class _Read:
    """The workbook's rows, each row's own problems and notes (rows with none left out), the
    sheets without a header and each read sheet's header row."""

    rows: list[Row]
    problems: Rejected
    notes: dict[Row, list[Problem]]
    skipped: list[str]
    headers: dict[str, list[object]]
    layouts: list[SheetLayout] = field(default_factory=list)


def _parse(sheets: list[Sheet], file_name: str, overrides: dict[str, str],
           progress: Progress | None, as_of: date | None = None) -> _Read:
    read = _Read([], {}, {}, [], {})
    total = sum(len(s.rows) for s in sheets)
    done = 0
    for sheet in sheets:
        export = read_sheet(sheet, file_name, overrides, as_of)  # accounting software's layouts
        header = find_header(sheet.rows, sheet.name, overrides) if export is None else None
        if header is None and export is None:
            if any(any(c not in ("", None) for c in r) for r in sheet.rows):
                read.skipped.append(sheet.name)
        else:
            start = len(read.rows)
            head, found, kind = _rows_of(sheet, export, header, file_name)
            read.headers[sheet.name] = list(sheet.rows[head])
            for row, problems, notes in found:
                read.rows.append(row)
                if problems:
                    read.problems[row] = problems
                if notes:
                    read.notes[row] = notes
                if progress and len(read.rows) % 5000 == 0:
                    progress(done + row.line, total)
            read.layouts.append(export.layout if export else
                                ordinary_layout(sheet.name, kind, len(read.rows) - start))
        done += len(sheet.rows)
    if not read.headers:
        raise _no_header(sheets, file_name, overrides)
    number_invoices(read.rows)
    if progress:
        progress(total, total)
    return read


def _rows_of(sheet: Sheet, export: Converted | None, header: Header | None,
             file_name: str) -> tuple[int, Iterable[Parsed], str]:
    """The sheet's header row, its rows and its kind (an ordinary sheet's), however it was read."""
    if export is not None:
        return export.header_row, export.parsed, ""
    assert header is not None
    return header.row, parse_rows(sheet, header, file_name), header.kind


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


def _write_rejects(path: Path, rejected: Rejected, headers: dict[str, list[object]]) -> Path:
    from dunner.adapters.xlsx import write_table_workbook

    target = path.with_name(path.name + ".rejects.xlsx")
    by_sheet: dict[str, list[Row]] = {}
    for row in rejected:
        by_sheet.setdefault(row.sheet, []).append(row)
    sheets = []
    for name, items in by_sheet.items():
        header = [t("rejects.row"), t("rejects.reason"), *headers[name]]
        body = [[r.line, "; ".join(p.message for p in rejected[r]), *r.cells] for r in items]
        sheets.append((name, header, body))
    write_table_workbook(target, sheets)
    return target
