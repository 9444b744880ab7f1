"""Import speed and memory on a 100,000-invoice ledger, against a bare calamine read of the same file.

    python benchmarks/bench_import.py [--file PATH] [--repeat N]

Measured in one run, each in its own fresh process, on two workbooks of make_big_ledger.py: the
full one (with a 回款 payment sheet, which is the record of payments) and the paid-column one
(no payment sheet: a rise of 已收金额 is a payment, netted against payments recorded by hand):
  floor                python-calamine alone: open the workbook, read every sheet, touch every cell
  import               dunner import FILE into a fresh SQLite database
  re-import            the same file again into that database (must add nothing)
and for the paid-column workbook, after its import and re-import:
  pay                  dunner pay, once per make_big_ledger.hand_payments() (for information)
  re-import after pay  the --after-pay workbook, whose 已收金额 shows those payments: they must be
                       counted once (no payment added, one paid_explained note each)

and, unless --no-csv, on two CSV files of one invoice per line (customer, number, date, amount;
written once into benchmarks/out/):
  csv, 100,000 rows    dunner import of the small one into a fresh database
  csv, N rows          the same for the large one (--csv-rows, 1,000,000 by default); a streaming
                       import would peak no higher than on the small one
Both run with an [import] configuration that admits that many rows and cells.

Targets: each import and re-import within 3x the floor of its own workbook; peak memory under
250 MB. The targets are reported as PASS/MISS for information; the exit code is 0 unless a run
fails or a re-import changes what it must not.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_big_ledger  # noqa: E402

TODAY = "2026-11-23"
FLOOR_RUNS = 3
MAX_RATIO = 3.0
MAX_PEAK_MB = 250.0
CSV_SMALL = 100_000
CSV_SEED = 20261124
# Limits that admit the large CSV: rows and cells beyond the defaults (1,000,000 of each).
CSV_CONFIG = "[import]\nmax_rows = 5000000\nmax_cells = 25000000\n"

# Peak memory: ru_maxrss of RUSAGE_CHILDREN is the largest peak among all children ever waited
# for, so in this process it would only ever grow and mix the runs together. Each measured command
# is therefore started by a fresh, small wrapper process whose only child is that command: the
# wrapper's RUSAGE_CHILDREN is exactly that command's peak. (A small wrapper also keeps this
# process's own memory - it may have just built the workbook - out of the figure.) The same
# wrapper times the child, so the figures do not include the wrapper's own start-up, and takes
# its CPU time (user + system, of the child and whatever it waited for), which a busy machine
# disturbs far less than the wall time.
# /usr/bin/time -v would do as well on Linux, but is not everywhere (macOS has no -v).
WRAPPER = r"""
import json, resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
rc = subprocess.call(cmd)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as fh:
    json.dump({"rc": rc, "seconds": seconds, "maxrss": usage.ru_maxrss,
               "cpu": usage.ru_utime + usage.ru_stime}, fh)
"""

# The floor: what reading the file costs at the least, in a fresh interpreter.
FLOOR = r"""
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in book.sheet_names:
    for row in book.get_sheet_by_name(name).to_python():
        for cell in row:
            if cell != "":
                cells += 1
print(cells)
"""


class Run:
    def __init__(self, seconds: float, peak_mb: float, rc: int, stdout: str, stderr: str,
                 cpu_s: float = 0.0) -> None:
        self.seconds = seconds
        self.peak_mb = peak_mb
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.cpu_s = cpu_s  # user + system seconds


def measure(cmd: list[str], workdir: Path, env: dict[str, str] | None = None) -> Run:
    result = workdir / "measure.json"
    proc = subprocess.run([sys.executable, "-c", WRAPPER, str(result), *cmd], capture_output=True,
                          text=True, check=False, env=env)
    if proc.returncode != 0 or not result.exists():
        raise SystemExit(f"wrapper failed for {cmd}:\n{proc.stderr}")
    data = json.loads(result.read_text())
    result.unlink()
    # ru_maxrss is in KiB on Linux and in bytes on macOS
    peak_mb = data["maxrss"] / (2**20 if sys.platform == "darwin" else 2**10)
    return Run(data["seconds"], peak_mb, data["rc"], proc.stdout, proc.stderr, data["cpu"])


def dunner_exe() -> str:
    exe = Path(sys.executable).with_name("dunner")
    if not exe.exists():
        raise SystemExit(f"{exe} not found: run this with the virtualenv's python")
    return str(exe)


def import_report(run: Run, what: str) -> dict[str, Any]:
    if run.rc != 0:
        raise SystemExit(f"{what} exited {run.rc}:\n{run.stdout}\n{run.stderr}")
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def unchanged(run: Run, what: str) -> dict[str, Any]:
    """A re-import's report; it must add and update nothing."""
    report = import_report(run, what)
    counts = report["counts"]
    if sum(c["added"] + c["updated"] for c in counts.values()):
        raise SystemExit(f"{what} changed the ledger: {counts}")
    return report


def floor_of(path: str, work: Path) -> list[Run]:
    runs = [measure([sys.executable, "-c", FLOOR, path], work) for _ in range(FLOOR_RUNS)]
    for run in runs:
        if run.rc != 0:
            raise SystemExit(f"floor failed:\n{run.stderr}")
    return runs


def full_pair(dunner: str, path: str, db: Path, work: Path) -> tuple[Run, Run, dict[str, Any]]:
    """Import and re-import the workbook with a payment sheet; returns the import's report."""
    base = [dunner, "--db", str(db), "--today", TODAY, "import", path, "--json"]
    first = measure(base, work)
    report = import_report(first, "import")
    if report["counts"]["invoices"]["added"] == 0:
        raise SystemExit(f"import added no invoices: {report['counts']}")
    again = measure(base, work)
    unchanged(again, "re-import")
    return first, again, report


def paid_column_runs(dunner: str, path: str, after: str, hands: list[make_big_ledger.HandPayment],
                     db: Path, work: Path) -> tuple[list[Run], dict[str, Any], dict[str, Any]]:
    """Import, re-import, the hand payments, then the re-import after them: the runs, in that
    order, and the reports of the import and of the re-import after pay."""
    cmd = [dunner, "--db", str(db), "--today", TODAY]
    first = measure([*cmd, "import", path, "--json"], work)
    report = import_report(first, "import (paid column)")
    if report["counts"]["invoices"]["added"] == 0 or report["counts"]["payments"]["added"] == 0:
        raise SystemExit(f"paid-column import added no invoices or no payments: {report['counts']}")
    again = measure([*cmd, "import", path, "--json"], work)
    unchanged(again, "re-import (paid column)")
    pays = []
    for hand in hands:
        pays.append(measure([*cmd, "pay", hand.customer, hand.yuan, "--date", str(hand.paid_on),
                             "--invoice", hand.invoice, "--json"], work))
        if pays[-1].rc != 0:
            raise SystemExit(f"pay exited {pays[-1].rc}:\n{pays[-1].stdout}\n{pays[-1].stderr}")
    later = measure([*cmd, "import", after, "--json"], work)
    after_report = unchanged(later, "re-import after pay (paid column)")
    # the point of the case: each rise of 已收金额 is a payment already recorded, counted once
    explained = [h.invoice for h in hands if any(h.invoice in n for n in after_report["notes"])]
    if len(explained) != len(hands):
        raise SystemExit(f"re-import after pay: expected a note for each of {[h.invoice for h in hands]}"
                         f", got {after_report['notes']}")
    return [first, again, *pays, later], report, after_report


def csv_path(rows: int) -> Path:
    return make_big_ledger.OUT / f"invoices_{rows}.csv"


def ensure_csv(rows: int) -> Path:
    """A CSV of ``rows`` invoices (2,000 customers, one number each, dates over four years),
    written once; the same seed gives the same bytes."""
    path = csv_path(rows)
    if path.exists():
        return path
    rng = random.Random(CSV_SEED)
    names = [f"客户{i:04d}" for i in range(2_000)]
    start = date(2023, 1, 1).toordinal()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["客户名称", "单据编号", "发货日期", "价税合计"])
        for i in range(rows):
            day = date.fromordinal(start + rng.randrange(1_400))
            writer.writerow([names[rng.randrange(2_000)], f"N{i:07d}", day.isoformat(),
                             f"{rng.randrange(100, 5_000_000) / 100:.2f}"])
    tmp.replace(path)
    return path


def csv_runs(dunner: str, big: int, work: Path) -> list[tuple[str, int, Run]]:
    """Each CSV imported into a fresh database, with limits that admit it."""
    config = work / "csv.toml"
    config.write_text(CSV_CONFIG, encoding="utf-8")
    env = {**os.environ, "DUNNER_CONFIG": str(config)}
    out = []
    for rows in (CSV_SMALL, big):
        path = ensure_csv(rows)
        db = work / f"csv-{rows}.db"
        run = measure([dunner, "--db", str(db), "--today", TODAY, "import", str(path), "--json"], work, env)
        report = import_report(run, f"import of {path.name}")
        if report["counts"]["invoices"]["added"] != rows:
            raise SystemExit(f"import of {path.name} added {report['counts']['invoices']}, not {rows:,}")
        out.append((f"csv, {rows:,} rows", rows, run))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return out


def counts_line(counts: dict[str, dict[str, int]]) -> str:
    return ", ".join(f"{k} +{v['added']:,} ={v['unchanged']:,}" for k, v in counts.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=make_big_ledger.DEFAULT_PATH)
    parser.add_argument("--paid-column-file", type=Path, default=make_big_ledger.PAID_COLUMN_PATH)
    parser.add_argument("--after-pay-file", type=Path, default=make_big_ledger.AFTER_PAY_PATH)
    parser.add_argument("--repeat", type=int, default=1,
                        help="import + re-import rounds, each into a fresh database (median shown)")
    parser.add_argument("--csv-rows", type=int, default=1_000_000,
                        help="rows of the large CSV (its peak is compared with a 100,000-row one)")
    parser.add_argument("--no-csv", action="store_true", help="leave the CSV imports out")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    path = make_big_ledger.ensure(args.file)
    column = make_big_ledger.ensure(args.paid_column_file, "paid-column")
    after = make_big_ledger.ensure(args.after_pay_file, "after-pay")
    hands = make_big_ledger.hand_payments()
    dunner = dunner_exe()
    for p in (args.file, args.paid_column_file, args.after_pay_file):
        print(f"file: {p.resolve()} ({p.stat().st_size / 2**20:.1f} MB)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {sys.platform}")

    with tempfile.TemporaryDirectory(prefix="dunner-bench-") as tmp:
        work = Path(tmp)
        floors = floor_of(path, work)
        column_floors = floor_of(column, work)
        full: list[tuple[Run, Run]] = []
        paid: list[list[Run]] = []
        for i in range(args.repeat):  # the two workbooks take turns
            first, again, report = full_pair(dunner, path, work / f"ledger-{i}.db", work)
            full.append((first, again))
            runs, column_report, after_report = paid_column_runs(
                dunner, column, after, hands, work / f"paid-{i}.db", work)
            paid.append(runs)
        csvs = [] if args.no_csv else csv_runs(dunner, args.csv_rows, work)

    print(f"floor cells touched: {int(floors[0].stdout):,} (with payment sheet), "
          f"{int(column_floors[0].stdout):,} (paid column)")
    print("import counts: " + counts_line(report["counts"]) + f"; {len(report['notes'])} notes")
    for note in report["notes"][:5]:
        print(f"  {note}")
    print("import counts (paid column): " + counts_line(column_report["counts"])
          + f"; {len(column_report['notes'])} notes")
    print(f"pay: {len(hands)} payments recorded by hand")
    print("re-import after pay: " + counts_line(after_report["counts"])
          + f"; {len(after_report['notes'])} notes")
    for note in after_report["notes"][:5]:
        print(f"  {note}")
    floor_s = statistics.median(r.seconds for r in floors)
    column_floor_s = statistics.median(r.seconds for r in column_floors)
    n = len(hands)

    # (name, runs, the floor it is compared with, whether it has targets); pay is for information
    table = [
        ("floor (calamine)", floors, floor_s, False),
        ("import", [f for f, _ in full], floor_s, True),
        ("re-import", [a for _, a in full], floor_s, True),
        ("floor, paid column", column_floors, column_floor_s, False),
        ("import, paid column", [r[0] for r in paid], column_floor_s, True),
        ("re-import, paid column", [r[1] for r in paid], column_floor_s, True),
        (f"pay (x{n} per round)", [p for r in paid for p in r[2:2 + n]], None, False),
        ("re-import after pay", [r[-1] for r in paid], column_floor_s, True),
    ]
    rows = [(name, statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs), floor,
             targeted) for name, runs, floor, targeted in table]
    print()
    print(f"{'name':<24}{'seconds':>9}{'peak MB':>10}{'x floor':>9}")
    for name, seconds, peak, floor, _ in rows:
        ratio = f"{seconds / floor:>9.2f}" if floor else f"{'-':>9}"
        print(f"{name:<24}{seconds:>9.2f}{peak:>10.1f}{ratio}")
    print()
    for name, count, run in csvs:
        print(f"{name:<24}{run.seconds:>9.2f}{run.peak_mb:>10.1f}{'-':>9}   "
              f"{run.peak_mb * 2**20 / count:,.0f} bytes per row at the peak")
    print()
    for name, seconds, peak, floor, targeted in rows:
        if not targeted or floor is None:
            continue
        ratio = seconds / floor
        print(f"{'PASS' if ratio <= MAX_RATIO else 'MISS'}  {name} time {ratio:.2f}x floor "
              f"(target <= {MAX_RATIO:g}x)")
        print(f"{'PASS' if peak < MAX_PEAK_MB else 'MISS'}  {name} peak {peak:.0f} MB "
              f"(target < {MAX_PEAK_MB:g} MB)")
    if len(csvs) == 2:
        (_, small, low), (_, big, high) = csvs
        flat = high.peak_mb <= low.peak_mb * 1.25
        print(f"{'PASS' if flat else 'MISS'}  csv peak {high.peak_mb:.0f} MB for {big:,} rows against "
              f"{low.peak_mb:.0f} MB for {small:,} (target: flat, within 25 %)")


if __name__ == "__main__":
    main()
