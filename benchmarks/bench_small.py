"""Small reads and one-fact writes against `dunner --help`: the example ledger, and one customer
of the big ledger.

    python benchmarks/bench_small.py [--file PATH] [--runs N]

Three parts, each measured in one run against its own reference, in fresh processes (median of N
runs, the whole process, interpreter start included; one warm-up run of each command, then the
commands take turns so that a change in load hits all alike):

  example ledger  examples/ledger.xlsx imported into a fresh SQLite ledger (--today 2026-11-23);
                  `status`, `grade`, `plan --week` and `customer show ONE` against
                  `dunner --help`. Target: each within 2.5x.
  big ledger      the big workbook (make_big_ledger.py, --file) imported into a fresh ledger;
                  `grade ONE`, `customer show ONE` and `check ONE` against `dunner --help`.
                  Target: each within 2x. (`check` exits 3 when it would hold a delivery.)
  example writes  a second fresh import of the example; `log ONE call --outcome reached`,
                  `pay ONE 1 --force` and `promise ONE 1 2026-12-30` (each run records one more
                  row) against `dunner --help`. Target: each within 2.5x.

ONE is the ledger's customer with the most invoices (the first by name among equals). Every
command runs with the built-in configuration (an empty config file, no DUNNER_* variables). CPU
time (user + system) and peak memory are shown beside the wall time; CPU time is the steadier
figure on a busy machine. Targets are reported as PASS/MISS (on the median wall times); the exit
code is 0 unless a command fails.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
from collections.abc import Collection, Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import dunner_exe  # noqa: E402
from bench_reports import fresh_ledger, imported_ledger, options, timed  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ledger.xlsx"
TARGET_EXAMPLE = 2.5  # x dunner --help
TARGET_ONE = 2.0  # x dunner --help
HOLD = 3  # the exit code of `dunner check` when it would hold a delivery


def busiest_customer(db: Path) -> tuple[str, int]:
    """The name of the customer with the most invoices (the first by name among equals), and
    how many it has."""
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT c.name, count(i.id) AS n FROM customer c JOIN invoice i ON i.customer_id = c.id"
            " GROUP BY c.id ORDER BY n DESC, c.name LIMIT 1").fetchone()
    if row is None:
        raise SystemExit(f"{db} holds no invoices")
    return str(row[0]), int(row[1])


@contextmanager
def example_ledger() -> Iterator[tuple[Path, Path, list[str | Path], dict[str, str]]]:
    """The bundled example imported into a fresh ledger in a temporary folder: yields the folder,
    the ledger file, the ``dunner`` command line that reads it, and the environment."""
    with fresh_ledger(EXAMPLE, "import of the example") as (work, db, base, env, _imported):
        yield work, db, base, env


def compare(part: str, names: list[str], cmds: list[list], work: Path, env: dict[str, str],
            runs: int, target: float, ok: Mapping[str, Collection[int]] | None = None) -> list[str]:
    """Time the commands (the first is the reference), print each one's figures and its ratio to
    the reference with PASS/MISS against ``target``; returns the names that missed, after
    ``part``."""
    warm, times = timed(names, cmds, work, env, runs, ok)
    for name, run in zip(names[1:], warm[1:], strict=True):
        if not run.stdout.strip():
            raise SystemExit(f"{name} printed nothing")
        if run.rc:
            print(f"({name} exited {run.rc})")
    ref_s = statistics.median(r.seconds for r in times[0])
    ref_cpu = statistics.median(r.cpu_s for r in times[0])
    print(f"{'name':<22}{'seconds':>9}{'min':>7}{'max':>7}{'cpu s':>7}{'peak MB':>9}{'x help':>8}"
          f"{'cpu x':>7}  target  result")
    misses = []
    for i, (name, runs_of) in enumerate(zip(names, times, strict=True)):
        seconds = statistics.median(r.seconds for r in runs_of)
        cpu = statistics.median(r.cpu_s for r in runs_of)
        ratio = seconds / ref_s
        verdict = "" if i == 0 else "PASS" if ratio <= target else "MISS"
        if verdict == "MISS":
            misses.append(f"{part} {name}")
        print(f"{name:<22}{seconds:>9.3f}{min(r.seconds for r in runs_of):>7.3f}"
              f"{max(r.seconds for r in runs_of):>7.3f}{cpu:>7.3f}"
              f"{max(r.peak_mb for r in runs_of):>9.1f}{ratio:>8.2f}{cpu / ref_cpu:>7.2f}  "
              f"{'' if i == 0 else f'{target:g}x':<6}  {verdict}")
    print()
    return misses


def main() -> None:
    args = options(__doc__, 5)
    help_cmd = [dunner_exe(), "--help"]
    misses: list[str] = []

    print(f"example ledger: {EXAMPLE}")
    with example_ledger() as (work, db, base, env):
        one, n = busiest_customer(db)
        print(f"ONE = {one} ({n} invoices)")
        names = ["dunner --help", "status", "grade", "plan --week", "customer show ONE"]
        cmds = [help_cmd, [*base, "status"], [*base, "grade"], [*base, "plan", "--week"],
                [*base, "customer", "show", one]]
        misses += compare("example:", names, cmds, work, env, args.runs, TARGET_EXAMPLE)

    with imported_ledger(args.file, args.runs) as (work, db, base, env):
        one, n = busiest_customer(db)
        print(f"ONE = {one} ({n} invoices)")
        names = ["dunner --help", "grade ONE", "customer show ONE", "check ONE"]
        cmds = [help_cmd, [*base, "grade", one], [*base, "customer", "show", one],
                [*base, "check", one]]
        misses += compare("big:", names, cmds, work, env, args.runs, TARGET_ONE,
                          {"check ONE": (0, HOLD)})

    print(f"example ledger, writes: {EXAMPLE}")
    with example_ledger() as (work, db, base, env):
        one, n = busiest_customer(db)
        print(f"ONE = {one} ({n} invoices)")
        names = ["dunner --help", "log ONE", "pay ONE --force", "promise ONE"]
        cmds = [help_cmd, [*base, "log", one, "call", "--outcome", "reached"],
                [*base, "pay", one, "1", "--force"], [*base, "promise", one, "1", "2026-12-30"]]
        misses += compare("example writes:", names, cmds, work, env, args.runs, TARGET_EXAMPLE)

    total = 4 + 3 + 3
    print(f"{total - len(misses)} of {total} targets met"
          + (f"; missed: {', '.join(misses)}" if misses else ""))


if __name__ == "__main__":
    main()
