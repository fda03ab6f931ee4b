"""REFI-QDA lives in one package, ``tema.refi`` (issue 20, item 3): it may use the
domain, ingest and export, but neither ingest nor export imports it, and the old
modules in ingest/ and export/ are gone."""

from __future__ import annotations

import ast
from pathlib import Path

import tema

SRC = Path(tema.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_ingest_and_export_do_not_import_refi():
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for pkg in ("ingest", "export", "domain", "store")
        for path in sorted((SRC / pkg).rglob("*.py"))
        for name in _imports(path)
        if name == "tema.refi" or name.startswith("tema.refi.")
    ]
    assert offenders == []


def test_refi_imports_only_the_layers_below_it():
    allowed = ("tema.refi", "tema.domain", "tema.ingest", "tema.export", "tema.store", "tema.errors", "tema.text",
               "tema.files", "tema.i18n", "tema.nlp")
    offenders = [
        f"{path.name} imports {name}"
        for path in sorted((SRC / "refi").glob("*.py"))
        for name in _imports(path)
        if name.startswith("tema.") and not name.startswith(allowed)
    ]
    assert offenders == []


def test_the_old_refi_modules_are_gone():
    old = sorted(p.name for pkg in ("ingest", "export") for p in (SRC / pkg).glob("refi*.py"))
    assert old == []
