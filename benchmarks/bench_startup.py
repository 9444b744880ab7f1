"""Start-up cost of the CLI against bare Typer, and the slowest imports behind it.

    python benchmarks/bench_startup.py [--runs N]

Times `python -c "import typer"` and `dunner --help` (median of N fresh processes each, taking
turns, after one warm-up run of each so that byte-code compilation is not counted), prints the
ratio (target <= 2.5x), then the ten modules with the largest cumulative time under
`python -X importtime -c "import dunner.cli.app"`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET = 2.5
TOP = 10


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def interleaved(cmds: list[list[str]], runs: int) -> list[list[float]]:
    """Wall times per command; the commands take turns so that a change in load hits all alike."""
    for cmd in cmds:
        wall(cmd)  # warm-up
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, out in zip(cmds, times, strict=True):
            out.append(wall(cmd))
    return times


def import_times(module: str) -> list[tuple[int, int, str]]:
    """(self us, cumulative us, module) per line of -X importtime."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          capture_output=True, text=True, check=True)
    out = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative, name = line.removeprefix("import time:").split("|", 2)
        out.append((int(self_us), int(cumulative), name.rstrip()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    dunner = Path(sys.executable).with_name("dunner")
    if not dunner.exists():
        raise SystemExit(f"{dunner} not found: run this with the virtualenv's python")
    print(f"python {sys.version.split()[0]}, median of {args.runs} runs each")
    labels = ('python -c "import typer"', "dunner --help")
    cmds = [[sys.executable, "-c", "import typer"], [str(dunner), "--help"]]
    medians = []
    print(f"{'command':<28}{'median s':>10}{'min':>8}{'max':>8}")
    for label, times in zip(labels, interleaved(cmds, args.runs), strict=True):
        medians.append(statistics.median(times))
        print(f"{label:<28}{medians[-1]:>10.3f}{min(times):>8.3f}{max(times):>8.3f}")
    ratio = medians[1] / medians[0]
    print(f"ratio {ratio:.2f}x  {'PASS' if ratio <= TARGET else 'MISS'} (target <= {TARGET:g}x)")

    print()
    rows = import_times("dunner.cli.app")
    total = max(c for _, c, _ in rows)
    print(f"python -X importtime -c 'import dunner.cli.app': top {TOP} by cumulative time "
          f"(largest {total / 1000:.0f} ms)")
    print(f"{'cumulative ms':>14}{'self ms':>9}  module")
    for self_us, cumulative, name in sorted(rows, key=lambda r: r[1], reverse=True)[:TOP]:
        print(f"{cumulative / 1000:>14.1f}{self_us / 1000:>9.1f}  {name}")


if __name__ == "__main__":
    main()
