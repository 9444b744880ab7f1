"""The README's quick start works as written: its first command imports and lists the example."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "pip install" in commands[0] and "pip install" in commands[1]
    assert commands[1].endswith("pytest")


def test_first_command_runs_the_example(tmp_path: Path) -> None:
    """Run the dunner steps of the first command (the install steps are this test's own venv)."""
    dunner = Path(sys.executable).with_name("dunner")
    outputs = []
    for step in _quick_start()[0].split(" && "):
        argv = shlex.split(step)
        if not argv[0].endswith("/dunner"):
            continue
        argv = [str(dunner)] + [str(tmp_path / a) if a == "demo.db" else
                                str(ROOT / a) if a.startswith("examples/") else a for a in argv[1:]]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert len(outputs) >= 2
    assert "36 added" in outputs[0]
    plan = outputs[-1]
    assert "2026-11-23 Mon" in plan and "2026-11-27 Fri" in plan
    assert "15:30" in plan and "10:00" in plan
