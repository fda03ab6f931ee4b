"""The layering is enforced (issue 20.6): the import-linter contracts in pyproject.toml
(`[tool.importlinter]`) hold for the package, and each kind of forbidden import breaks
the contract meant to catch it — checked on a temporary copy of the package with one
import added, so a contract that silently stopped checking fails here too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
CONTRACTS = {c["name"]: c["id"] for c in CONFIG["tool"]["importlinter"]["contracts"]}
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path, env: dict[str, str] | None = None) -> tuple[dict[str, str], str]:
    """Run lint-imports with root/pyproject.toml; ({contract id: KEPT|BROKEN}, output)."""
    proc = subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
                          cwd=root, capture_output=True, text=True, timeout=300, env=env)
    out = proc.stdout + proc.stderr
    status = {CONTRACTS[m[1]]: m[2] for m in re.finditer(r"^(.+?) (KEPT|BROKEN)(?: \(.*\))?$", out, re.M) if m[1] in CONTRACTS}
    assert proc.returncode == (1 if "BROKEN" in status.values() else 0), out
    return status, out


def test_the_contracts_are_kept():
    status, out = lint_imports(REPO)
    assert set(status) == set(CONTRACTS.values()) and len(status) >= 5, out
    assert set(status.values()) == {"KEPT"}, out


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    """The package's Python files and pyproject.toml, copied once per module."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "src" / "tema", root / "src" / "tema",
                    ignore=lambda d, names: [n for n in names if not n.endswith(".py") and not (Path(d) / n).is_dir()
                                             or n == "__pycache__"])
    return root


# (module to add the import to, the import, the contracts it must break)
VIOLATIONS = [
    ("tui/layout.py", "import tema.store.models", {"tui-no-store"}),
    ("tui/layout.py", "from sqlalchemy import select", {"tui-no-store"}),
    ("cli/_common.py", "import tema.tui.layout", {"cli-tui"}),
    ("tui/layout.py", "import tema.cli._common", {"cli-tui", "layers"}),
    # bench sits beside the TUI, under the CLI: bench -> tui would make the CLI reach the TUI.
    ("bench/report.py", "import tema.tui.layout", {"cli-tui", "layers"}),
    # An import up the layers that closes a circle breaks the acyclic contract as well.
    ("domain/coding.py", "import tema.ingest.importer", {"layers", "acyclic"}),
    ("store/db.py", "import tema.domain.coding", {"layers", "acyclic"}),
    ("ingest/importer.py", "import tema.export.render_md", {"layers"}),
    # REFI-QDA is one package above both directions: ingest and export never import it.
    ("ingest/importer.py", "import tema.refi.read", {"layers"}),
    ("export/privacy.py", "import tema.refi.write", {"layers", "acyclic"}),
    ("errors.py", "import tema.domain", {"layers", "acyclic"}),
    # tema.main reaches the CLI and the TUI: the TUI -> domain -> main -> CLI would join them.
    ("domain/coding.py", "import tema.main", {"layers", "acyclic", "cli-tui"}),
    ("export/render_md.py", "import textual", {"textual"}),
    # The utilities may use each other, but not in a circle.
    ("errors.py", "import tema.files", {"acyclic"}),
]


@pytest.mark.parametrize(("module", "line", "broken"), VIOLATIONS, ids=[f"{v[0]}:{v[1]}" for v in VIOLATIONS])
def test_a_forbidden_import_breaks_its_contract(package_copy, tmp_path, module, line, broken):
    root = tmp_path / "copy"
    shutil.copytree(package_copy, root)
    path = root / "src" / "tema" / module
    assert path.exists(), module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # added by the test\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root / "src")}  # the copy, not the installed package
    status, out = lint_imports(root, env)
    assert {k for k, v in status.items() if v == "BROKEN"} == broken, out
    assert set(status) == set(CONTRACTS.values()), out


def test_a_new_top_level_module_must_be_placed_in_a_layer(package_copy, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(package_copy, root)
    (root / "src" / "tema" / "newcomer.py").write_text('"""Not in any layer yet."""\n', encoding="utf-8")
    status, out = lint_imports(root, {**os.environ, "PYTHONPATH": str(root / "src")})
    assert status["layers"] == "BROKEN" and "tema.newcomer" in out, out
