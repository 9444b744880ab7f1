"""What the search for error cells adds to reading an .xls, .xlsb or .ods that calamine reads.

    python benchmarks/bench_error_cells.py [--rows N] [--runs N]

Builds six ledgers of N rows (default 20,000) in benchmarks/out/ with the test suite's writers:
an .xls, an .xlsb and an .ods without error cells, and the same with one ``#DIV/0!`` near the
end (.xlsb dates as text: the writer has no styles). For
each it prints the CPU time of ``read_calamine`` without the search (calamine and the cells as
Python values), of the search alone, and their ratio (target <= 20% on the files without
errors, which are searched as bytes only). Best of N runs in this process, taking turns.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.adapters import legacy_files as L  # noqa: E402
from tests.adapters import xlsb_files as X  # noqa: E402

from dunner.adapters import error_cells as E  # noqa: E402
from dunner.adapters.workbook import Limits, read_calamine  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
TARGET = 0.20


def build(rows: int) -> list[Path]:
    OUT.mkdir(exist_ok=True)
    data: list[tuple[object, ...]] = [
        (f"客户{i % 500}", f"INV-{i:06d}", date(2025, 1, 1) + timedelta(days=i % 400), 1000 + i * 0.5)
        for i in range(rows)]
    paths = [L.write_xls(OUT / "ledger_20k.xls", L.ledger(data)),
             X.write_xlsb(OUT / "ledger_20k.xlsb", L.ledger(data)),
             L.write_ods(OUT / "ledger_20k.ods", [L.ods_table("应收", L.ledger(data)["应收"])])]
    data[-10] = (*data[-10][:3], ("err", "#DIV/0!"))
    paths += [L.write_xls(OUT / "ledger_20k_error.xls", L.ledger(data)),
              X.write_xlsb(OUT / "ledger_20k_error.xlsb", L.ledger(data)),
              L.write_ods(OUT / "ledger_20k_error.ods", [L.ods_table("应收", L.ledger(data)["应收"])])]
    return paths


def cpu(action: object) -> float:
    start = time.process_time()
    action()  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    search = E.error_cells
    for path in build(args.rows):
        read, alone = [], []
        for _ in range(args.runs):
            E.error_cells = lambda _path, _names, _wanted=None: {}  # type: ignore[assignment]
            read.append(cpu(lambda p=path: read_calamine(p, None, Limits())))
            E.error_cells = search
            alone.append(cpu(lambda p=path: search(p, ["应收"])))
        ratio = min(alone) / min(read)
        flag = "" if "error" in path.name or ratio <= TARGET else f"  (over {TARGET:.0%})"
        print(f"{path.name:24} read {min(read):.3f} s  search {min(alone):.3f} s  +{ratio:.0%}{flag}")


if __name__ == "__main__":
    main()
