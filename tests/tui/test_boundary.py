"""The TUI is an edge: it reaches the project through the domain gateway
(tema.domain.workspace) and never imports the store or SQLAlchemy — not at the top of a
module, not inside a function. Every module of tema.tui is imported (in a clean
interpreter, so a broken module cannot hide) and its source read for imports."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import tema.tui

FORBIDDEN = ("sqlalchemy", "tema.store")
TUI = Path(tema.tui.__file__).parent


def tui_modules() -> list[str]:
    return ["tema.tui", *sorted(m.name for m in pkgutil.walk_packages([str(TUI)], prefix="tema.tui."))]


def imported_names(source: str) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def forbidden_in(source: str) -> list[str]:
    return [n for n in imported_names(source) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)]


def test_every_tui_module_imports():
    mods = tui_modules()
    assert "tema.tui.app" in mods and "tema.tui.screens.theme_board" in mods
    code = f"import importlib\nfor name in {mods!r}:\n    importlib.import_module(name)\nprint('ok')\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_no_tui_module_imports_the_store_or_sqlalchemy():
    files = sorted(TUI.rglob("*.py"))
    assert len(files) > 30
    found = {str(f.relative_to(TUI)): bad for f in files if (bad := forbidden_in(f.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_check_sees_a_forbidden_import():
    """The scan is not vacuous: each way of importing the store is caught."""
    for line in ["from sqlalchemy.orm import Session", "import sqlalchemy", "from tema.store import models as m",
                 "import tema.store.db", "def f():\n    from tema.store.db import Store"]:
        assert forbidden_in(line), line
    assert forbidden_in("from tema.domain import themes\nimport textual") == []
