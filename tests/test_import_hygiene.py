"""No module outside tema/tui imports textual: import the core in a clean interpreter
and look at sys.modules (a deferred import would slip past a static check)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

# Everything but the TUI and the console script that plugs it in (tema.main).
NOT_CORE = ("tema.tui", "tema.main")


def _raise(name: str) -> None:
    raise  # a package that fails to import is a failure, not a package left out


def core_modules() -> list[str]:
    """Every module of tema outside NOT_CORE (walk_packages would skip a package that
    fails to import; here that fails)."""
    import importlib

    import tema

    names = ["tema"]
    for top in pkgutil.iter_modules(tema.__path__, prefix="tema."):
        if top.name in NOT_CORE:
            continue
        names.append(top.name)
        if top.ispkg:
            path = importlib.import_module(top.name).__path__
            names += [m.name for m in pkgutil.walk_packages(path, prefix=f"{top.name}.", onerror=_raise)
                      if ".migrations" not in m.name]
    return sorted(names)


def run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_every_core_module_imports_without_textual():
    mods = core_modules()
    assert {"tema.domain.coding", "tema.cli.tui_commands", "tema.refi.read", "tema.bench.runner",
            "tema.errors", "tema.anchors"} <= set(mods)
    assert not [m for m in mods if m.startswith(NOT_CORE)]
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
