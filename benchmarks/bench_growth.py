"""How the import and the whole-ledger reads grow with the ledger: 10k, 100k and 1M invoices.

    python benchmarks/bench_growth.py [--sizes 10000,100000,1000000] [--runs N] [--largest-runs N]

For each size, make_big_ledger.py's workbook of that many invoices (benchmarks/out/, built when
missing or older than make_big_ledger.py; customers and payments in proportion) is imported into
a fresh SQLite ledger, timed once (`import`). A ledger larger than 100,000 invoices comes as
several workbooks of 100,000 invoices each (the invoices in shipping order, like a clerk's files
of successive periods: each with its invoices' payments and its invoices' customers), imported
one after the other into the same ledger; its import time is their sum (`import`). One workbook of 1M
invoices cannot be imported: its 343 MB sheet part is read in a child process capped at 300 MB
of memory, which refuses it. The built-in limits on rows and cells would refuse it too; every
command here runs with a config file that raises those (IMPORT_LIMITS) and holds nothing else.
Like for like at every size, `csv` imports bench_import.py's CSV of that many invoices (one
invoice a line, 2,000 customers, no payments) into a fresh ledger, timed once.

Then `grade --json`, `status` and `plan --week` run on every ledger, each in a fresh process
(median of N runs, default 3; the largest size may run fewer times, --largest-runs), after one
warm-up run of each on the smallest ledger; the sizes and commands take turns, so that a change
in load hits all alike. `dunner --help` runs in the same
turns: its time is the fixed start-up cost inside every figure.

It prints the wall seconds, the CPU seconds (user + system; steadier on a busy machine) and the
peak memory per size and step, then each step's growth factor from one size to the next (time at
100k / time at 10k, 1M / 100k), by wall and by CPU time, and the wall factor net of start-up
(both times less `dunner --help`'s). Target: a step grows at most linearly, i.e. its wall factor
is at most 11 for 10x the invoices (10x, with a little tolerance), printed as PASS/MISS. The exit
code is 0 unless a command fails.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_big_ledger  # noqa: E402
from bench_import import Run, dunner_exe, ensure_csv  # noqa: E402
from bench_reports import TODAY, checked, clean_env, measure  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
LINEAR = 11.0  # the largest factor for 10x the invoices that counts as linear
COMMANDS = {"grade": ["grade", "--json"], "status": ["status"], "plan": ["plan", "--week"]}
STEPS = ("import", "csv", *COMMANDS)
PART = 100_000  # invoices per workbook: a larger ledger is imported as several
# Room for 1,000,000 invoices (8 columns), their 402,000 payments (4) and 20,000 customers (5)
IMPORT_LIMITS = """\
[import]
max_rows = 1100000
max_cells = 12000000
"""


def sizes_arg(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are invoice counts such as 10000,100000")
    return sizes


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes_arg, default=list(SIZES),
                        help="invoice counts, comma-separated (default 10000,100000,1000000)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per command and size")
    parser.add_argument("--largest-runs", type=int, help="runs on the largest size (default --runs)")
    args = parser.parse_args()
    if args.runs < 1 or (args.largest_runs is not None and args.largest_runs < 1):
        parser.error("runs must be at least 1")
    return args


def workbooks(invoices: int) -> list[Path]:
    """The size's workbook, or its parts of PART invoices each, built first when missing or older
    than make_big_ledger.py (or than this script, for the parts)."""
    start = time.perf_counter()
    if invoices <= PART:
        paths = [make_big_ledger.default_path("full", invoices)]
        make_big_ledger.ensure(paths[0], invoices_n=invoices)
    else:
        paths = build_parts(invoices)
    built = time.perf_counter() - start
    note = f", built in {built:.0f} s" if built > 1 else ""
    size = sum(p.stat().st_size for p in paths) / 2**20
    where = paths[0] if len(paths) == 1 else f"{len(paths)} workbooks {paths[0].name} ..."
    print(f"{invoices:>11,} invoices: {where} ({size:.1f} MB{note})")
    return paths


def build_parts(invoices: int) -> list[Path]:
    """make_big_ledger's ledger of ``invoices`` invoices, written as workbooks of PART invoices
    each in shipping order, each with the payments of its invoices and the customers they name."""
    count = -(-invoices // PART)
    stem = make_big_ledger.default_path("full", invoices).stem
    paths = [make_big_ledger.OUT / f"{stem}_part{k + 1:02d}of{count:02d}.xlsx" for k in range(count)]
    newest = max(Path(make_big_ledger.__file__).stat().st_mtime, Path(__file__).stat().st_mtime)
    if all(p.exists() and p.stat().st_mtime >= newest for p in paths):
        return paths
    print(f"building {count} workbooks of {PART:,} invoices ...")
    customers, all_invoices, payments = make_big_ledger.generate(invoices_n=invoices)
    for k, path in enumerate(paths):
        part = all_invoices[k * PART:(k + 1) * PART]
        named = {id(inv.customer) for inv in part}
        ids = {id(inv) for inv in part}
        make_big_ledger.write_workbook(path, [c for c in customers if id(c) in named], part,
                                       [pay for pay in payments if id(pay.invoice) in ids])
    return paths


def counts(db: Path) -> list[int]:
    """Customers, invoices and payments in the ledger."""
    with closing(sqlite3.connect(db)) as conn:
        return [int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("customer", "invoice", "payment")]


def factor(after: float, before: float) -> str:
    return f"{after / before:.2f}" if before > 0 else "-"


def main() -> None:
    args = options()
    sizes: list[int] = args.sizes
    largest_runs = args.largest_runs or args.runs
    runs_of = {n: largest_runs if n == sizes[-1] else args.runs for n in sizes}
    label = {n: make_big_ledger.size_label(n) for n in sizes}
    dunner = dunner_exe()
    print(f"python {sys.version.split()[0]}, median of {args.runs} runs each"
          + (f" ({largest_runs} on {label[sizes[-1]]})" if largest_runs != args.runs else ""))
    books = {n: workbooks(n) for n in sizes}

    wall: dict[tuple[str, int], list[float]] = {}
    cpu: dict[tuple[str, int], list[float]] = {}
    peak: dict[tuple[str, int], float] = {}
    out_mb: dict[tuple[str, int], float] = {}

    def record(step: str, n: int, run: Run) -> None:
        wall.setdefault((step, n), []).append(run.seconds)
        cpu.setdefault((step, n), []).append(run.cpu_s)
        peak[step, n] = max(peak.get((step, n), 0.0), run.peak_mb)

    with tempfile.TemporaryDirectory(prefix="dunner-bench-growth-") as tmp:
        work = Path(tmp)
        config = work / "config.toml"
        config.write_text(IMPORT_LIMITS)
        env = clean_env(config)
        base: dict[int, list[str]] = {}
        for n in sizes:
            db = work / f"ledger_{label[n]}.db"
            base[n] = [dunner, "--db", str(db), "--today", TODAY]
            parts = [checked(measure([*base[n], "import", str(book)], work, env), f"import {book.name}")
                     for book in books[n]]
            run = Run(sum(r.seconds for r in parts), max(r.peak_mb for r in parts), 0, "", "",
                      sum(r.cpu_s for r in parts))
            record("import", n, run)
            customers, invoices, payments = counts(db)
            if invoices != n:
                raise SystemExit(f"the import of {label[n]} left {invoices:,} invoices, not {n:,}")
            each = (f"; per workbook {', '.join(f'{r.seconds:.1f}' for r in parts)} s"
                    if len(parts) > 1 else "")
            print(f"{'':>11} imported: {customers:,} customers, {invoices:,} invoices, "
                  f"{payments:,} payments in {run.seconds:.1f} s ({run.cpu_s:.1f} s CPU, "
                  f"{run.peak_mb:.0f} MB{each})")
            # the import alone, like for like at every size: one file into a fresh ledger
            csv_db = work / f"csv_{label[n]}.db"
            run = checked(measure([dunner, "--db", str(csv_db), "--today", TODAY, "import",
                                   str(ensure_csv(n))], work, env), f"import of the {label[n]} CSV")
            record("csv", n, run)
            if counts(csv_db)[1] != n:
                raise SystemExit(f"the import of the {label[n]} CSV left {counts(csv_db)[1]:,} invoices")
            print(f"{'':>11} csv: {n:,} invoices into a fresh ledger in {run.seconds:.1f} s "
                  f"({run.cpu_s:.1f} s CPU, {run.peak_mb:.0f} MB)")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{csv_db}{suffix}").unlink(missing_ok=True)

        help_cmd = [dunner, "--help"]
        checked(measure(help_cmd, work, env), "dunner --help")  # warm-up
        for step, words in COMMANDS.items():
            checked(measure([*base[sizes[0]], *words], work, env), step)
        stdout = work / "stdout.txt"  # where measure() sends a command's output
        for turn in range(max(runs_of.values())):
            record("help", 0, checked(measure(help_cmd, work, env), "dunner --help"))
            for step, words in COMMANDS.items():
                for n in sizes:
                    if turn >= runs_of[n]:
                        continue
                    run = checked(measure([*base[n], *words], work, env), f"{step} {label[n]}")
                    size = stdout.stat().st_size
                    if size == 0:
                        raise SystemExit(f"{step} on {label[n]} printed nothing")
                    out_mb[step, n] = size / 2**20
                    record(step, n, run)
            print(f"turn {turn + 1} done")

    help_s = statistics.median(wall["help", 0])
    print()
    print(f"dunner --help: {help_s:.3f} s (median; the start-up inside every figure)")
    tables = (("wall seconds (median; import: one run)", wall, statistics.median, ".2f"),
              ("CPU seconds, user + system (median)", cpu, statistics.median, ".2f"))
    for title, data, pick, fmt in tables:
        print()
        print(title)
        print(f"{'invoices':>11}" + "".join(f"{step + ' s':>11}" for step in STEPS))
        for n in sizes:
            print(f"{n:>11,}" + "".join(f"{pick(data[step, n]):>11{fmt}}" for step in STEPS))
    print()
    print("peak memory MB (largest of the runs); output MB")
    print(f"{'invoices':>11}" + "".join(f"{step + ' MB':>11}" for step in STEPS)
          + "".join(f"{step + ' out':>11}" for step in COMMANDS))
    for n in sizes:
        print(f"{n:>11,}" + "".join(f"{peak[step, n]:>11.0f}" for step in STEPS)
              + "".join(f"{out_mb[step, n]:>11.1f}" for step in COMMANDS))

    print()
    print(f"growth factor per step (at most linear: <= {LINEAR:g} for 10x the invoices)")
    print(f"{'step':<8}{'from':>6}{'to':>6}{'x rows':>8}{'wall x':>8}{'cpu x':>8}{'net x':>8}  result")
    misses = []
    for step in STEPS:
        for small, large in zip(sizes, sizes[1:], strict=False):
            w0, w1 = statistics.median(wall[step, small]), statistics.median(wall[step, large])
            c0, c1 = statistics.median(cpu[step, small]), statistics.median(cpu[step, large])
            limit = LINEAR * large / small / 10
            verdict = "PASS" if w1 / w0 <= limit else "MISS"
            if verdict == "MISS":
                misses.append(f"{step} {label[small]}->{label[large]}")
            print(f"{step:<8}{label[small]:>6}{label[large]:>6}{large / small:>8.0f}{factor(w1, w0):>8}"
                  f"{factor(c1, c0):>8}{factor(w1 - help_s, w0 - help_s):>8}  {verdict}")
    print()
    print("net x: both times less dunner --help's (the fixed start-up)")
    print("all steps at most linear" if not misses else f"grows more than linearly: {', '.join(misses)}")


if __name__ == "__main__":
    main()
