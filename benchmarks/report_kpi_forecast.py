"""Forecast and KPI speed on a 100,000-invoice ledger, against references measured in the same run.

    python benchmarks/report_kpi_forecast.py [--file PATH] [--runs N]

Imports the big workbook once into a fresh SQLite ledger, then measures, each in its own fresh
process (median of N runs, the whole process, interpreter start included):
  floor                        SQLAlchemy Core alone: every invoice and payment row as tuples
  status                       dunner status (the reference: one load and one assessment)
  report forecast --json       dunner report forecast --json (12 weeks)
  report forecast --backtest   dunner report forecast --backtest --json (six monthly replays)
  report kpi --json            dunner report kpi --json (12 month ends)
  status --boss                dunner status --boss

Each figure is printed with its ratio to the floor and to ``status`` of the same run. There are
no targets: the script exits 0 unless a command fails or prints nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_big_ledger  # noqa: E402
from bench_import import Run, dunner_exe  # noqa: E402
from bench_reports import FLOOR, TODAY, checked, clean_env, measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=make_big_ledger.DEFAULT_PATH)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per command (median shown)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    path = make_big_ledger.ensure(args.file)
    dunner = dunner_exe()
    print(f"file: {path} ({args.file.stat().st_size / 2**20:.1f} MB)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {sys.platform}, "
          f"median of {args.runs} runs each")

    with tempfile.TemporaryDirectory(prefix="dunner-bench-") as tmp:
        work = Path(tmp)
        db = work / "ledger.db"
        config = work / "config.toml"
        config.write_text("")
        env = clean_env(config)
        base = [dunner, "--db", str(db), "--today", TODAY]
        imported = checked(measure([*base, "import", path], work, env), "import")
        print(f"import into a fresh ledger: {imported.seconds:.2f} s (once, not a benchmark figure)")

        names = ["floor (SQLAlchemy)", "status", "report forecast --json",
                 "report forecast --backtest", "report kpi --json", "status --boss"]
        cmds = [[sys.executable, "-c", FLOOR, str(db)], [*base, "status"],
                [*base, "report", "forecast", "--json"],
                [*base, "report", "forecast", "--backtest", "--json"],
                [*base, "report", "kpi", "--json"], [*base, "status", "--boss"]]
        warm = [checked(measure(cmd, work, env, keep_output=True), name)
                for name, cmd in zip(names, cmds, strict=True)]
        if any(not w.stdout.strip() for w in warm):
            raise SystemExit("a command printed nothing")
        forecast, backtest, kpi = (json.loads(w.stdout) for w in warm[2:5])

        runs: list[list[Run]] = [[] for _ in cmds]
        for _ in range(args.runs):
            for name, cmd, out in zip(names, cmds, runs, strict=True):
                out.append(checked(measure(cmd, work, env), name))

    print(f"forecast: {len(forecast['weeks'])} weeks, expected {forecast['total_expected']}, "
          f"undated {forecast['undated']}")
    print(f"backtest {backtest['from']} – {backtest['to']} ({len(backtest['cutoffs'])} replays): "
          f"model {backtest['model']}, baseline {backtest['baseline']}")
    last = kpi["months"][-1]
    print(f"kpi: {len(kpi['months'])} months; {last['month']}: DSO {last['dso']}, "
          f"BPDSO {last['bpdso']}, ADD {last['add']}, CEI {last['cei']}")
    print()
    medians = [statistics.median(r.seconds for r in times) for times in runs]
    floor_s, status_s = medians[0], medians[1]
    print(f"{'name':<28}{'seconds':>9}{'min':>7}{'max':>7}{'peak MB':>9}{'x floor':>9}{'x status':>10}")
    for name, times, seconds in zip(names, runs, medians, strict=True):
        peak = max(r.peak_mb for r in times)
        print(f"{name:<28}{seconds:>9.2f}{min(r.seconds for r in times):>7.2f}"
              f"{max(r.seconds for r in times):>7.2f}{peak:>9.1f}{seconds / floor_s:>9.2f}"
              f"{seconds / status_s:>10.2f}")


if __name__ == "__main__":
    main()
