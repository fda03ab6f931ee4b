"""Start-up: the first phase screen is drawn — with its data — before spaCy, matplotlib,
openpyxl, python-docx (or Alembic) are imported; after that a worker loads the language
pipeline, so the first search finds it ready. Each case runs `tema open` in a fresh
interpreter — the CLI's group with the TUI's launcher lent, as the console script
``tema.main`` runs it (the click command opens the project with its backup on open),
the launcher here running the app headless — and looks at ``sys.modules`` when the app
records its first paint, never at a timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("spacy", "thinc", "matplotlib", "openpyxl", "docx", "networkx", "alembic")

CHILD = f"""
import json, sys
from tema.cli import main as cli_main
from tema.cli.launchers import Launchers
from tema.tui.launch import keymap

path, warm, search = sys.argv[1], sys.argv[2] == "warm", sys.argv[3]
heavy = {HEAVY!r}
seen = {{}}

def painted(_at):  # called when the app publishes its first paint, before anything else starts
    app = APP[0]
    seen["at_first_paint"] = sorted(m for m in heavy if m in sys.modules)
    seen["screen"] = type(app.screen).__name__
    seen["loaded"] = app.screen.loaded

async def auto(pilot):
    app = pilot.app
    while app.first_paint_at is None:
        await pilot.pause()
    if warm:
        while any(w.group == "warm" and not w.is_finished for w in app.workers) or "spacy" not in sys.modules:
            await pilot.pause(0.05)
        seen["after_warm_up"] = sorted(m for m in heavy if m in sys.modules)
    if search:
        from tema.tui.modals.search import SearchModal
        await pilot.press("slash", *search, "enter")
        while not (isinstance(app.screen, SearchModal) and app.screen.hits):
            await pilot.pause(0.05)
        seen["hits"] = len(app.screen.hits)
    app.exit()

APP = []

def run_tui(store, coder):  # what tema.tui.launch.run_tui does, headless and watched
    from tema.tui.app import make_app

    app = make_app(store, coder, cursor_blink=False, warm_language=warm)
    APP.append(app)
    app.on_first_paint.append(painted)
    app.run(headless=True, size=(120, 40), auto_pilot=auto)

cli_main(args=["open", path, "--coder", "Oppstart"], obj=Launchers(tui=run_tui, keymap=keymap),
         standalone_mode=False)
print("SEEN " + json.dumps(seen))
"""


def first_screen(project: Path, *, warm: bool, search: str = "") -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(project), "warm" if warm else "cold", search],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("SEEN "))
    return json.loads(line.removeprefix("SEEN "))


@pytest.mark.parametrize("warm", [False, True], ids=["no-warm-up", "warm-up"])
def test_the_first_screen_is_drawn_with_its_data_before_any_heavy_import(demo_project, warm):
    seen = first_screen(demo_project, warm=warm)
    assert seen["loaded"], seen  # drawn with what it read, not an empty frame
    assert seen["at_first_paint"] == [], f"imported before the first screen was drawn: {seen['at_first_paint']}"


def test_the_language_pipeline_loads_after_the_first_paint_and_the_first_search_uses_it(tui_project):
    seen = first_screen(tui_project, warm=True, search="søsken")
    assert seen["at_first_paint"] == []
    assert "spacy" in seen["after_warm_up"]  # loaded in the background, not on the first search
    assert seen["hits"] >= 1
