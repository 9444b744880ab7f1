"""Import speed and memory on a 100,000-invoice ledger, against a bare calamine read of the same file.

    python benchmarks/bench_import.py [--file PATH] [--repeat N]

Measured in one run, each in its own fresh process:
  floor      python-calamine alone: open the workbook, read every sheet, touch every cell
  import     dunner import FILE into a fresh SQLite database
  re-import  the same file again into that database (must add nothing)

Targets: import and re-import each within 3x the floor; peak memory under 300 MB.
The targets are reported as PASS/MISS for information; the exit code is 0 unless a run fails.
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


def import_counts(run: Run, what: str) -> dict[str, dict[str, int]]:
    if run.rc != 0:
        raise SystemExit(f"{what} exited {run.rc}:\n{run.stdout}\n{run.stderr}")
    return json.loads(run.stdout)["counts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=make_big_ledger.DEFAULT_PATH)
    parser.add_argument("--repeat", type=int, default=1,
                        help="import + re-import pairs, each into a fresh database (median shown)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    path = make_big_ledger.ensure(args.file)
    dunner = dunner_exe()
    print(f"file: {path} ({args.file.stat().st_size / 2**20:.1f} MB)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {sys.platform}")

    with tempfile.TemporaryDirectory(prefix="dunner-bench-") as tmp:
        work = Path(tmp)
        floors = [measure([sys.executable, "-c", FLOOR, path], work) for _ in range(FLOOR_RUNS)]
        for run in floors:
            if run.rc != 0:
                raise SystemExit(f"floor failed:\n{run.stderr}")
        imports: list[Run] = []
        reimports: list[Run] = []
        for i in range(args.repeat):
            db = work / f"ledger-{i}.db"
            base = [dunner, "--db", str(db), "--today", TODAY, "import", path, "--json"]
            first = measure(base, work)
            counts = import_counts(first, "import")
            if counts["invoices"]["added"] == 0:
                raise SystemExit(f"import added no invoices: {counts}")
            again = measure(base, work)
            counts_again = import_counts(again, "re-import")
            added = sum(c["added"] for c in counts_again.values())
            updated = sum(c["updated"] for c in counts_again.values())
            if added or updated:
                raise SystemExit(f"re-import changed the ledger: {counts_again}")
            imports.append(first)
            reimports.append(again)

    print(f"floor cells touched: {int(floors[0].stdout):,}")
    print("import counts: " + ", ".join(f"{k} +{v['added']:,}" for k, v in counts.items()))
    print("re-import counts: " + ", ".join(f"{k} ={v['unchanged']:,}" for k, v in
                                          counts_again.items()) + " (0 added, 0 updated)")
    floor_s = statistics.median(r.seconds for r in floors)
    rows = [
        ("floor (calamine)", floor_s, max(r.peak_mb for r in floors)),
        ("import", statistics.median(r.seconds for r in imports), max(r.peak_mb for r in imports)),
        ("re-import", statistics.median(r.seconds for r in reimports),
         max(r.peak_mb for r in reimports)),
    ]
    print()
    print(f"{'name':<18}{'seconds':>9}{'peak MB':>10}{'x floor':>9}")
    for name, seconds, peak in rows:
        print(f"{name:<18}{seconds:>9.2f}{peak:>10.1f}{seconds / floor_s:>9.2f}")
    print()
    for name, seconds, peak in rows[1:]:
        ratio = seconds / floor_s
        print(f"{'PASS' if ratio <= MAX_RATIO else 'MISS'}  {name} time {ratio:.2f}x floor "
              f"(target <= {MAX_RATIO:g}x)")
        print(f"{'PASS' if peak < MAX_PEAK_MB else 'MISS'}  {name} peak {peak:.0f} MB "
              f"(target < {MAX_PEAK_MB:g} MB)")


if __name__ == "__main__":
    main()
