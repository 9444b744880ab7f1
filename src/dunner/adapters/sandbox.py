"""Reading a workbook in a child process with a memory and a time limit.

.xls, .xlsb and .ods cannot be measured before they are parsed, and a parser that meets a
crafted record may panic, loop or ask for gigabytes. In a child that can only take down the
child: its address space is capped (``RLIMIT_AS``), its CPU time too, and the parent stops
waiting after the time limit. The sheets come back pickled; the parent unpickles nothing but
plain cell values.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from dunner.adapters.refusal import Refused
from dunner.adapters.workbook import CellError, Limits, Sheet, SheetMissing, read_calamine

MAX_RESULT = 256 * 2**20  # bytes of pickled cells a child may send back
_ALLOWED = {("datetime", "datetime"): datetime, ("datetime", "date"): date,
            ("datetime", "time"): time, ("datetime", "timedelta"): timedelta,
            ("dunner.adapters.workbook", "CellError"): CellError}  # a str naming an error cell


def read_in_child(path: Path, only: str | None, limits: Limits) -> list[Sheet]:
    """The sheets of ``path`` as ``read_calamine`` gives them, read by a child process."""
    src = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(_child_args(path, only, limits), stdin=subprocess.DEVNULL,
                              capture_output=True, env=env, timeout=limits.child_seconds + 1,
                              check=False)
    except subprocess.TimeoutExpired:
        raise Refused("parser_time", seconds=int(limits.child_seconds)) from None
    if done.returncode == -signal.SIGXCPU or done.returncode == -signal.SIGKILL:
        raise Refused("parser_time", seconds=int(limits.child_seconds))
    if done.returncode != 0 or not done.stdout:
        if b"memory allocation" in done.stderr or b"MemoryError" in done.stderr:
            raise Refused("parser_memory", limit=limits.child_memory_bytes // 2**20)
        raise Refused("parser_failed", detail=_last_line(done.stderr, done.returncode))
    outcome = _Cells(io.BytesIO(done.stdout)).load()
    if outcome[0] == "refused":
        raise Refused(outcome[1], **outcome[2])
    if outcome[0] == "missing":
        raise SheetMissing(outcome[1])
    return [Sheet(name, rows) for name, rows in outcome[1]]


def _child_args(path: Path, only: str | None, limits: Limits) -> list[str]:
    return [sys.executable, "-m", "dunner.adapters.sandbox", os.fsdecode(path), only or "",
            str(limits.max_rows), str(limits.max_columns), str(limits.max_cells),
            str(limits.child_memory_bytes), str(max(1, int(limits.child_seconds)))]


def _last_line(stderr: bytes, code: int) -> str:
    lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    text = lines[-1][:120] if lines else f"exit {code}"
    return text.encode("ascii", "replace").decode("ascii")


class _Cells(pickle.Unpickler):
    """Unpickles lists, strings, numbers, dates and error cells only: the child read a hostile
    file."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name}") from None


def _child(argv: list[str]) -> object:
    import resource

    path, only, rows, columns, cells, memory, seconds = argv
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    resource.setrlimit(resource.RLIMIT_CPU, (int(seconds), int(seconds) + 1))
    limits = Limits(max_rows=int(rows), max_columns=int(columns), max_cells=int(cells))
    try:
        sheets = read_calamine(Path(path), only or None, limits)
    except Refused as exc:
        return ("refused", exc.reason, exc.params)
    except SheetMissing as exc:
        return ("missing", exc.sheets)
    return ("ok", [(s.name, s.rows) for s in sheets])


def main() -> None:
    outcome = _child(sys.argv[1:])
    data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) > MAX_RESULT:
        data = pickle.dumps(("refused", "too_many_cells", {"cells": "?", "limit": sys.argv[5]}))
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
