"""No module outside tema/tui imports textual: import the core in a clean interpreter
and look at sys.modules (a deferred import would slip past a static check)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

CORE = ["store", "domain", "ingest", "nlp", "export", "refi", "cli", "bench"]


def core_modules() -> list[str]:
    names = ["tema", "tema.errors", "tema.text"]
    for pkg in CORE:
        try:
            module = __import__(f"tema.{pkg}", fromlist=["_"])
        except ImportError:
            continue
        names.append(module.__name__)
        path = getattr(module, "__path__", None)
        if path:
            names += [m.name for m in pkgutil.walk_packages(path, prefix=f"{module.__name__}.")
                      if "migrations" not in m.name]
    return sorted(set(names))


def run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_every_core_module_imports_without_textual():
    mods = core_modules()
    assert "tema.domain.coding" in mods and "tema.cli.tui_commands" in mods
    code = (
        "import importlib, sys\n"
        f"for name in {mods!r}:\n"
        "    importlib.import_module(name)\n"
        "print(','.join(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    assert run(code) == ""


def test_building_the_cli_does_not_load_the_tui():
    code = "import sys\nfrom tema.cli import cli\ncli.main(['--help'], standalone_mode=False)\nprint('textual' in sys.modules)\n"
    assert run(code).splitlines()[-1] == "False"


def test_the_tui_pure_helpers_stay_free_of_textual():
    """Layout, ranking and the transcript model are plain Python (tested without an app)."""
    code = "import sys, tema.tui.layout, tema.tui.ranking, tema.tui.transcript_model\nprint('textual' in sys.modules)"
    assert run(code) == "False"
    assert run("import sys, tema.tui.app\nprint('textual' in sys.modules)") == "True"
