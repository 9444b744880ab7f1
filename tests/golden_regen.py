"""Write the golden outputs of the read commands (tests/data/golden/) from the code ``dunner``
imports: only when a deliberate rule change alters the results (see tests/data/README.md).

    .venv/bin/python tests/golden_regen.py [--check]

Builds the golden ledger (tests/golden_ledger.py) in a temporary folder with the built-in
configuration, runs each pinned command in a fresh ``python -m dunner`` process and writes its
output gzipped. --check writes nothing and lists the commands whose output differs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.golden_ledger import GOLDEN, TODAY, build_ledger, golden_path, read_golden, reads  # noqa: E402


def write_golden(path: Path, text: str) -> None:
    """Gzipped with no name or time in the header: the same output gives the same bytes."""
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args()
    from typer.testing import CliRunner

    import dunner
    from dunner.cli.app import app

    print(f"dunner from {Path(dunner.__file__).parent}")
    with tempfile.TemporaryDirectory(prefix="dunner-golden-") as tmp:
        work = Path(tmp)
        db, config = work / "ledger.db", work / "config.toml"
        config.write_text("")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work),
               "LANG": "C.UTF-8", "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
               "XDG_CONFIG_HOME": str(work / "xdg")}
        runner = CliRunner()

        def invoke(argv: list[str]) -> tuple[int, str]:
            done = runner.invoke(app, ["--db", str(db), "--config", str(config), "--lang", "en",
                                       *argv], env=env, catch_exceptions=False)
            return done.exit_code, done.stdout + done.stderr

        ledger = build_ledger(work, invoke)
        GOLDEN.mkdir(parents=True, exist_ok=True)
        differ = []
        for name, argv in reads(ledger).items():
            done = subprocess.run([sys.executable, "-m", "dunner", "--db", str(db), "--config",
                                   str(config), "--lang", "en", "--today", TODAY, *argv],
                                  capture_output=True, text=True, encoding="utf-8", env=env,
                                  check=False, timeout=300)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr}")
            json.loads(done.stdout)
            path = golden_path(name)
            if args.check:
                if not path.exists() or json.loads(read_golden(path)) != json.loads(done.stdout):
                    differ.append(name)
                continue
            write_golden(path, done.stdout)
            print(f"  {path.relative_to(ROOT)}: {len(done.stdout):,} chars, "
                  f"{path.stat().st_size:,} bytes gzipped")
        if args.check:
            print("differ: " + (", ".join(differ) or "none"))
            raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
