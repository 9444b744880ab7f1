"""Import every spreadsheet of a corpus into a throwaway ledger and classify what happened.

    python benchmarks/corpus_run.py DIR [DIR ...] [--timeout 60] [--jobs 2] [--show CLASS]

Run by hand, not in CI. Each file (.xlsx .xlsm .xlsb .xls .ods .csv, and anything else found)
is imported with ``dunner import FILE --dry-run`` in its own process under a fresh database, with
a wall-clock timeout; a small wrapper waits for it and reads its peak memory. Each outcome is
one of:

  imported   exit 0
  rejected   exit 1/2 with the bad rows listed and one error line (the file was read)
  refused    exit 1/2 with one error line and its hint, no traceback
  traceback  a Python traceback on stderr
  crash      killed by a signal (an abort, a segfault)
  hang       still running at the timeout
  memory     peak memory over 300 MB, whatever the exit

Spreadsheet readers' own test files make a good corpus: calamine (tests/), xlrd
(tests/samples/), ExcelDataReader (src/TestData/), SheetJS (test_files). Counts per class are
printed, then the files of the classes named by --show with their error line (or last line).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MAX_PEAK_MB = 300.0
CLASSES = ("imported", "rejected", "refused", "traceback", "crash", "hang", "memory")

WRAPPER = r"""
import json, resource, subprocess, sys
out, timeout, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(out + ".err", "wb"))
try:
    rc = proc.wait(timeout)
except subprocess.TimeoutExpired:
    proc.kill()
    proc.wait()
    rc = "hang"
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out, "w") as fh:
    json.dump({"rc": rc, "maxrss_kb": peak}, fh)
"""


def classify(rc: object, peak_mb: float, stderr: str) -> str:
    if rc == "hang":
        return "hang"
    if peak_mb > MAX_PEAK_MB:
        return "memory"
    if "Traceback (most recent call last)" in stderr:
        return "traceback"
    if not isinstance(rc, int) or rc < 0:
        return "crash"
    if rc == 0:
        return "imported"
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("error: ")]
    if rc in (1, 2) and len(errors) == 1:
        others = [ln for ln in lines if not ln.startswith(("error: ", "hint: "))]
        return "rejected" if others else "refused"
    return "traceback"


def run_one(path: Path, timeout: float) -> tuple[str, str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        cmd = [sys.executable, "-m", "dunner", "--db", os.path.join(tmp, "ledger.db"),
               "--today", "2026-11-23", "import", str(path), "--dry-run"]
        env = {**os.environ, "COLUMNS": "200"}
        subprocess.run([sys.executable, "-c", WRAPPER, out, str(timeout), *cmd], env=env,
                       check=False)
        with open(out) as fh:
            result = json.load(fh)
        with open(out + ".err", "rb") as fh:
            stderr = fh.read().decode("utf-8", "replace")
    peak = result["maxrss_kb"] / 1024
    kind = classify(result["rc"], peak, stderr)
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    shown = next((ln for ln in lines if ln.startswith("error: ")), lines[-1] if lines else "")
    return kind, shown, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", action="append", default=[], choices=CLASSES)
    parser.add_argument("--json", type=Path, help="also write every file's outcome here")
    args = parser.parse_args()
    files = sorted(p for d in args.dirs for p in d.rglob("*") if p.is_file() or p.is_symlink())
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(zip(files, pool.map(lambda p: run_one(p, args.timeout), files), strict=True))
    counts = Counter(kind for _, (kind, _, _) in results)
    print(f"{len(files)} files")
    for kind in CLASSES:
        print(f"  {kind:<10} {counts.get(kind, 0)}")
    print(f"  peak memory, largest: {max((r[2] for _, r in results), default=0):.0f} MB")
    for path, (kind, last, peak) in results:
        if kind in args.show:
            print(f"{kind:<10} {peak:6.0f} MB  {path.name}: {last[:160]}")
    if args.json:
        args.json.write_text(json.dumps([{"file": str(p), "class": k, "last": s, "peak_mb": round(m)}
                                         for p, (k, s, m) in results], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
