"""The layer rule: cli → services → ledger / adapters → domain, and a pure domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dunner"
# What each layer may import from dunner itself (besides its own package).
ALLOWED = {
    "domain": {"domain", "i18n", "catalogue"},
    "ledger": {"domain", "ledger", "errors", "i18n", "catalogue"},
    "adapters": {"domain", "adapters", "errors", "i18n", "catalogue"},
    # the configuration (config.py loads it, settings*.py type and check it) is read by both
    "services": {"domain", "ledger", "adapters", "services", "errors", "i18n", "catalogue",
                 "config", "settings", "settings_reader"},
    "cli": {"domain", "services", "cli", "errors", "i18n", "catalogue", "config", "settings",
            "settings_reader", "__init__"},
}
OUTER_LIBRARIES = {"typer", "rich", "sqlmodel", "sqlalchemy", "openpyxl", "alembic",
                   "python_calamine", "platformdirs", "icalendar"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _modules(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_inner_layers(layer: str) -> None:
    bad = []
    for path in _modules(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "dunner" and len(parts) > 1 and parts[1] not in ALLOWED[layer]:
                bad.append(f"{path.relative_to(SRC)} imports {name}")
    assert bad == []


def test_domain_is_pure() -> None:
    bad = []
    for path in _modules("domain"):
        for name in _imports(path):
            if name.split(".")[0] in OUTER_LIBRARIES:
                bad.append(f"{path.name} imports {name}")
        text = path.read_text(encoding="utf-8")
        for clock in ("date.today(", "datetime.now(", "pendulum.now(", "time.time("):
            if clock in text:
                bad.append(f"{path.name} reads the clock: {clock}")
    assert bad == []


def test_only_ledger_touches_sqlmodel() -> None:
    users = {path.relative_to(SRC).parts[0] for layer in ALLOWED for path in _modules(layer)
             if any(n.split(".")[0] == "sqlmodel" for n in _imports(path))}
    assert users <= {"ledger"}


def test_every_module_has_a_docstring() -> None:
    missing = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
               if "versions" not in p.parts and ast.get_docstring(ast.parse(p.read_text())) is None]
    assert missing == []
