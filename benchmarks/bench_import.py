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

Targets: each import and re-import within 3x the floor of its own workbook; peak memory under
300 MB. The targets are reported as PASS/MISS for information; the exit code is 0 unless a run
fails or a re-import changes what it must not.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_big_ledger  # noqa: E402

TODAY = "2026-11-23"
FLOOR_RUNS = 3
MAX_RATIO = 3.0
MAX_PEAK_MB = 300.0

# Peak memory: ru_maxrss of RUSAGE_CHILDREN is the largest peak among all children ever waited
# for, so in this process it would only ever grow and mix the runs together. Each measured command
# is therefore started by a fresh, small wrapper process whose only child is that command: the
# wrapper's RUSAGE_CHILDREN is exactly that command's peak. (A small wrapper also keeps this
# process's own memory - it may have just built the workbook - out of the figure.) The same
# wrapper times the child, so the figures do not include the wrapper's own start-up.
# /usr/bin/time -v would do as well on Linux, but is not everywhere (macOS has no -v).
WRAPPER = r"""
import json, resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
rc = subprocess.call(cmd)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out, "w") as fh:
    json.dump({"rc": rc, "seconds": seconds, "maxrss": peak}, fh)
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
    def __init__(self, seconds: float, peak_mb: float, rc: int, stdout: str, stderr: str) -> None:
        self.seconds = seconds
        self.peak_mb = peak_mb
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr


def measure(cmd: list[str], workdir: Path) -> Run:
    result = workdir / "measure.json"
    proc = subprocess.run([sys.executable, "-c", WRAPPER, str(result), *cmd], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0 or not result.exists():
        raise SystemExit(f"wrapper failed for {cmd}:\n{proc.stderr}")
    data = json.loads(result.read_text())
    result.unlink()
    # ru_maxrss is in KiB on Linux and in bytes on macOS
    peak_mb = data["maxrss"] / (2**20 if sys.platform == "darwin" else 2**10)
    return Run(data["seconds"], peak_mb, data["rc"], proc.stdout, proc.stderr)


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


def counts_line(counts: dict[str, dict[str, int]]) -> str:
    return ", ".join(f"{k} +{v['added']:,} ={v['unchanged']:,}" for k, v in counts.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=make_big_ledger.DEFAULT_PATH)
    parser.add_argument("--paid-column-file", type=Path, default=make_big_ledger.PAID_COLUMN_PATH)
    parser.add_argument("--after-pay-file", type=Path, default=make_big_ledger.AFTER_PAY_PATH)
    parser.add_argument("--repeat", type=int, default=1,
                        help="import + re-import rounds, each into a fresh database (median shown)")
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
    for name, seconds, peak, floor, targeted in rows:
        if not targeted or floor is None:
            continue
        ratio = seconds / floor
        print(f"{'PASS' if ratio <= MAX_RATIO else 'MISS'}  {name} time {ratio:.2f}x floor "
              f"(target <= {MAX_RATIO:g}x)")
        print(f"{'PASS' if peak < MAX_PEAK_MB else 'MISS'}  {name} peak {peak:.0f} MB "
              f"(target < {MAX_PEAK_MB:g} MB)")


if __name__ == "__main__":
    main()
