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

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reports import FLOOR, imported_ledger, options, timed  # noqa: E402


def main() -> None:
    args = options(__doc__, 3)
    with imported_ledger(args.file, args.runs) as (work, db, base, env):
        names = ["floor (SQLAlchemy)", "status", "report forecast --json",
                 "report forecast --backtest", "report kpi --json", "status --boss"]
        cmds = [[sys.executable, "-c", FLOOR, str(db)], [*base, "status"],
                [*base, "report", "forecast", "--json"],
                [*base, "report", "forecast", "--backtest", "--json"],
                [*base, "report", "kpi", "--json"], [*base, "status", "--boss"]]
        warm, runs = timed(names, cmds, work, env, args.runs)
        if any(not w.stdout.strip() for w in warm):
            raise SystemExit("a command printed nothing")
        forecast, backtest, kpi = (json.loads(w.stdout) for w in warm[2:5])

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
