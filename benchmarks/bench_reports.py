"""Report speed on a 100,000-invoice ledger: grade, status and the week's plan, against a bare read.

    python benchmarks/bench_reports.py [--file PATH] [--runs N]

Imports the big workbook once into a fresh SQLite ledger, then measures, each in its own fresh
process (median of N runs, the whole process, interpreter start included):
  floor               SQLAlchemy Core alone: every invoice row and every payment row as tuples
  floor (sqlite3)     the standard library's sqlite3 alone: every customer, invoice and payment
                      row that dunner reads, dates as dates
  grade --json        dunner grade --json
  status              dunner status
  plan --week         dunner plan --week
  plan --week --json  dunner plan --week --json (also gives the number of actions)

Every dunner command runs with the built-in configuration (a config file holding only the
import's limit on cells, raised for make_big_ledger.py --mostly-paid's 1.2 million; no DUNNER_*
variables) and must exit 0. Peak memory and CPU time (user + system) are shown beside the wall
time; CPU time is the steadier figure on a busy machine.

Targets: grade --json, status and plan --week each under 2 s, and each of the four commands within
2.5x the sqlite3 floor (median wall time). They are reported as PASS/MISS for information; the
exit code is 0 unless a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_big_ledger  # noqa: E402
from bench_import import WRAPPER, Run, dunner_exe  # noqa: E402

TODAY = "2026-11-23"
TARGET_S = 2.0
TARGET_SQLITE = 2.5  # x the sqlite3 floor
# The one setting the commands run with: room for the --mostly-paid workbook's 1,192,269 cells
# (the import's built-in limit is 1,000,000); nothing a reading command looks at.
IMPORT_CELLS = "[import]\nmax_cells = 2000000\n"

# The floor: what any command that looks at every invoice pays at the least - a fresh interpreter,
# SQLAlchemy, one engine on the same file, and the rows dunner's own queries read (the columns of
# ledger.repo.invoice_facts and payment_facts), typed so that dates come back as dates.
FLOOR = r"""
import sys
from sqlalchemy import BigInteger, Date, Integer, String, column, create_engine, select, table
invoice = table("invoice", column("id", Integer), column("customer_id", Integer),
                column("number", String), column("issued", Date), column("due", Date),
                column("amount", BigInteger))
payment = table("payment", column("id", Integer), column("customer_id", Integer),
                column("paid_on", Date), column("amount", BigInteger),
                column("invoice_number", String))
engine = create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    i, p = invoice.c, payment.c
    invoices = [tuple(r) for r in conn.execute(select(i.id, i.customer_id, i.number, i.issued,
                                                      i.due, i.amount))]
    payments = [tuple(r) for r in conn.execute(select(p.id, p.customer_id, p.paid_on, p.amount,
                                                      p.invoice_number))]
print(len(invoices), len(payments))
"""

# The floor without SQLAlchemy: the standard library's sqlite3 in a fresh interpreter, reading every
# row of the customers, invoices and payments with the columns the whole-ledger commands read
# (a customer's file, ledger.repo.invoice_facts and payment_facts, with its filter), each date
# turned into a date. Nothing else: no object per row beyond the tuple.
FLOOR_SQLITE = r"""
import sqlite3, sys
from datetime import date
iso = date.fromisoformat
conn = sqlite3.connect(sys.argv[1])
customers = [
    (cid, name, owner, terms, status, limit, city, km, address, phone, wechat, pay_days, no_monday,
     no_morning, no_contact, iso(paused) if paused else None, closing,
     iso(created) if created else None)
    for (cid, name, owner, terms, status, limit, city, km, address, phone, wechat, pay_days,
         no_monday, no_morning, no_contact, paused, closing, created) in conn.execute(
        "SELECT id, name, owner, terms, status, credit_limit, city, distance_km, address, phone,"
        " wechat, pay_days, no_monday, no_morning, do_not_contact, paused_until, closing_day,"
        " created_on FROM customer")]
invoices = [(iid, cid, number, iso(issued), iso(due) if due else None, amount)
            for iid, cid, number, issued, due, amount in conn.execute(
                "SELECT id, customer_id, number, issued, due, amount FROM invoice")]
payments = [(pid, cid, iso(paid_on), amount, number, origin, iso(recorded) if recorded else None)
            for pid, cid, paid_on, amount, number, origin, recorded in conn.execute(
                "SELECT id, customer_id, paid_on, amount, invoice_number, origin, recorded_on"
                " FROM payment WHERE undone_on IS NULL"
                " AND (bill_state IS NULL OR bill_state != 'dishonoured')")]
conn.close()
print(len(customers), len(invoices), len(payments))
"""

# The sqlite3 floor and the least any aging of every invoice adds to it, in plain Python: per
# customer the invoices in due order (the due date given, else 30 days after issue), the
# customer's payments applied oldest first, each open invoice's days overdue put in one of five
# classes with a share expected back. None of dunner's rules beyond that (terms, payments named
# to an invoice, limitation, promises, signals, scores, forecasts): a bound, not a rival.
FLOOR_AGING = FLOOR_SQLITE.replace("print(len(customers), len(invoices), len(payments))", r"""
from collections import defaultdict
from datetime import timedelta
today, month = date(2026, 11, 23), timedelta(days=30)
mine, paid = defaultdict(list), defaultdict(int)
for row in invoices:
    mine[row[1]].append(row)
for row in payments:
    paid[row[1]] += row[3]
classes, expected, dues = [0] * 5, 0, {}
for cid, rows in mine.items():
    left = paid[cid]
    for due, _number, amount in sorted((r[4] or dues.get(r[3]) or dues.setdefault(r[3], r[3] + month),
                                        r[2], r[5]) for r in rows):
        taken = min(left, amount)
        left -= taken
        if amount > taken:
            days = (today - due).days
            k = 0 if days <= 0 else 1 if days <= 90 else 2 if days <= 180 else 3 if days <= 365 else 4
            classes[k] += amount - taken
            expected += (amount - taken) * (5 - k) // 5
print(len(customers), len(invoices), len(payments), sum(classes), expected)""")


def measure(cmd: list[str], workdir: Path, env: dict[str, str], keep_output: bool = False) -> Run:
    """One fresh process, timed and its peak taken by bench_import's wrapper (see the comment there).

    The command's stdout goes to a file, as with a shell redirect, and is read back only when asked.
    """
    result, out_path, err_path = workdir / "measure.json", workdir / "stdout.txt", workdir / "stderr.txt"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.run([sys.executable, "-c", WRAPPER, str(result), *cmd], stdout=out,
                              stderr=err, env=env, check=False)
    if proc.returncode != 0 or not result.exists():
        raise SystemExit(f"wrapper failed for {cmd}:\n{err_path.read_text()}")
    data = json.loads(result.read_text())
    result.unlink()
    # ru_maxrss is in KiB on Linux and in bytes on macOS
    peak_mb = data["maxrss"] / (2**20 if sys.platform == "darwin" else 2**10)
    stdout = out_path.read_text() if keep_output or data["rc"] != 0 else ""
    return Run(data["seconds"], peak_mb, data["rc"], stdout, err_path.read_text(), data["cpu"])


def checked(run: Run, what: str, ok: Collection[int] = (0,)) -> Run:
    """The run, unless it exited with a code other than those in ``ok``: then the script stops."""
    if run.rc not in ok:
        raise SystemExit(f"{what} exited {run.rc}:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    return run


def clean_env(config: Path) -> dict[str, str]:
    """No DUNNER_* from the caller, and ``config`` as the config file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUNNER_")}
    env["DUNNER_CONFIG"] = str(config)
    return env


def options(doc: str, runs: int) -> argparse.Namespace:
    """``--file`` and ``--runs``, shared by the report benchmarks."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--file", type=Path, default=make_big_ledger.DEFAULT_PATH)
    parser.add_argument("--runs", type=int, default=runs, help="fresh processes per command (median shown)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


@contextmanager
def imported_ledger(file: Path, runs: int) -> Iterator[tuple[Path, Path, list[str | Path], dict[str, str]]]:
    """The big workbook imported once into a fresh ledger in a temporary folder: yields the
    folder, the ledger file, the ``dunner`` command line that reads it, and the environment."""
    path = make_big_ledger.ensure(file)
    print(f"file: {path} ({file.stat().st_size / 2**20:.1f} MB)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {sys.platform}, "
          f"median of {runs} runs each")
    with fresh_ledger(path, "import") as (work, db, base, env, imported):
        print(f"import into a fresh ledger: {imported.seconds:.2f} s (once, not a benchmark figure)")
        yield work, db, base, env


@contextmanager
def fresh_ledger(workbook: Path, label: str
                 ) -> Iterator[tuple[Path, Path, list[str | Path], dict[str, str], Run]]:
    """``workbook`` imported into a fresh ledger in a temporary folder, with the built-in
    configuration: yields the folder, the ledger file, the ``dunner`` command line that reads
    it, the environment and the import's measured run."""
    with tempfile.TemporaryDirectory(prefix="dunner-bench-") as tmp:
        work = Path(tmp)
        db = work / "ledger.db"
        config = work / "config.toml"
        config.write_text(IMPORT_CELLS)
        env = clean_env(config)
        base: list[str | Path] = [dunner_exe(), "--db", str(db), "--today", TODAY]
        imported = checked(measure([*base, "import", workbook], work, env), label)
        yield work, db, base, env, imported


def timed(names: list[str], cmds: list[list], work: Path, env: dict[str, str],
          runs: int, ok: Mapping[str, Collection[int]] | None = None) -> tuple[list[Run], list[list[Run]]]:
    """One warm-up run of each command (byte-code, page cache) that keeps its output for the
    caller to check, then ``runs`` runs each, the commands taking turns so that a change in
    load hits all alike. ``ok``: the exit codes allowed per name, where not only 0."""
    codes = ok or {}
    warm = [checked(measure(cmd, work, env, keep_output=True), name, codes.get(name, (0,)))
            for name, cmd in zip(names, cmds, strict=True)]
    out: list[list[Run]] = [[] for _ in cmds]
    for _ in range(runs):
        for name, cmd, times in zip(names, cmds, out, strict=True):
            times.append(checked(measure(cmd, work, env), name, codes.get(name, (0,))))
    return warm, out


def main() -> None:
    args = options(__doc__, 5)
    with imported_ledger(args.file, args.runs) as (work, db, base, env):
        names = ["floor (SQLAlchemy)", "floor (sqlite3)", "floor + aging", "grade --json",
                 "status", "plan --week", "plan --week --json"]
        cmds = [[sys.executable, "-c", FLOOR, str(db)], [sys.executable, "-c", FLOOR_SQLITE, str(db)],
                [sys.executable, "-c", FLOOR_AGING, str(db)],
                [*base, "grade", "--json"], [*base, "status"], [*base, "plan", "--week"],
                [*base, "plan", "--week", "--json"]]
        warm, runs = timed(names, cmds, work, env, args.runs)
        n_invoices, n_payments = (int(x) for x in warm[0].stdout.split())
        n_customers, n_sqlite_invoices, _ = (int(x) for x in warm[1].stdout.split())
        if n_invoices == 0:
            raise SystemExit("the import left no invoices in the ledger")
        if n_sqlite_invoices != n_invoices:
            raise SystemExit(f"the floors read {n_invoices} and {n_sqlite_invoices} invoices")
        graded = json.loads(warm[3].stdout)
        if not graded or not warm[4].stdout.strip() or not warm[5].stdout.strip():
            raise SystemExit("grade, status or plan printed nothing")
        plan = json.loads(warm[6].stdout)

    print(f"ledger: {n_customers:,} customers, {n_invoices:,} invoices, {n_payments:,} payments; "
          f"grade --json lists {len(graded):,} customers")
    print(f"plan for {plan['from']} – {plan['to']}: {len(plan['actions']):,} actions, "
          f"{len(plan['deferred']):,} deferred")
    print()
    floor_s = statistics.median(r.seconds for r in runs[0])
    sqlite_s = statistics.median(r.seconds for r in runs[1])
    sqlite_cpu = statistics.median(r.cpu_s for r in runs[1])
    targeted = {"grade --json", "status", "plan --week"}
    against_sqlite = {"grade --json", "status", "plan --week", "plan --week --json"}
    print(f"{'name':<20}{'seconds':>9}{'min':>7}{'max':>7}{'cpu s':>7}{'peak MB':>9}{'x floor':>9}"
          f"  target  result{'x sqlite3':>11}{'cpu x':>7}  target  result")
    misses = []
    for name, times in zip(names, runs, strict=True):
        seconds = statistics.median(r.seconds for r in times)
        cpu = statistics.median(r.cpu_s for r in times)
        peak = max(r.peak_mb for r in times)
        target, result = "", ""
        if name in targeted:
            target = f"< {TARGET_S:g} s"
            result = "PASS" if seconds < TARGET_S else "MISS"
            if result == "MISS":
                misses.append(name)
        target2, result2 = "", ""
        if name in against_sqlite:
            target2 = f"{TARGET_SQLITE:g}x"
            result2 = "PASS" if seconds / sqlite_s <= TARGET_SQLITE else "MISS"
            if result2 == "MISS":
                misses.append(f"{name} (x sqlite3)")
        print(f"{name:<20}{seconds:>9.2f}{min(r.seconds for r in times):>7.2f}"
              f"{max(r.seconds for r in times):>7.2f}{cpu:>7.2f}{peak:>9.1f}{seconds / floor_s:>9.2f}  "
              f"{target:<6}  {result:<6}{seconds / sqlite_s:>11.2f}{cpu / sqlite_cpu:>7.2f}  "
              f"{target2:<6}  {result2}")
    print()
    total = len(targeted) + len(against_sqlite)
    print(f"{total - len(misses)} of {total} targets met"
          + (f"; missed: {', '.join(misses)}" if misses else ""))


if __name__ == "__main__":
    main()
