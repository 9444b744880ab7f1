"""The bundled examples stay valid: the sample config loads and the workbook script is reproducible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dunner.config import load_config

ROOT = Path(__file__).resolve().parents[1]


def test_sample_config_loads_with_its_own_values() -> None:
    config = load_config(str(ROOT / "examples" / "config.toml"), {})
    assert config.timezone == "Asia/Shanghai"
    assert config.default_terms == "net:30"
    assert sum(config.values["grading"]["weights"].values()) == 100
    assert config.values["planning"]["times"]["call"] == "15:30"
    assert config.sources["planning.capacity.visit"].endswith("config.toml")


def test_sample_workbook_is_what_the_script_builds(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    out = tmp_path / "ledger.xlsx"
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "make_sample_workbook.py"), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    fresh = CalamineWorkbook.from_path(str(out))
    shipped = CalamineWorkbook.from_path(str(ROOT / "examples" / "ledger.xlsx"))
    assert fresh.sheet_names == shipped.sheet_names == ["应收明细", "回款", "客户"]
    for name in fresh.sheet_names:
        assert fresh.get_sheet_by_name(name).to_python() == shipped.get_sheet_by_name(name).to_python()
