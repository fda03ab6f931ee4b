"""The frame: phase keys, help, command palette, mouse selection, import in a worker, an empty project."""

from __future__ import annotations

from tema.domain import documents
from tema.domain import project as project_d
from tema.store.db import create_store
from tema.tui.modals.help import HelpModal
from tema.tui.modals.task import TaskModal
from tema.tui.screens.coding import CodingScreen
from tema.tui.screens.familiarise import FamiliariseScreen
from tema.tui.widgets.transcript import TranscriptView
from tests.tui.util import codings, palette_pick, record_notices, settle, wait_until

ASE = "Intervju med Åse"


async def test_phase_keys_switch_screens_and_keep_the_document(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FamiliariseScreen)
        await pilot.press("down", "2")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        first = app.screen.view.sel
        await pilot.press("3")
        await settle(pilot)
        assert type(app.screen).__name__ == "ThemeBoardScreen"  # phase 3: the theme board
        await pilot.press("1")
        await settle(pilot)
        assert app.screen.view.sel == first and app.screen.view.model.title == "Intervju med Øystein"


async def test_help_lists_the_bindings_of_the_screen(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpModal)
        groups = {title: dict((keys, desc) for keys, desc in rows) for title, rows in app.screen.groups}
        assert {"c", "x", "p", "l", "n", "d", "e", "], u", "[, U", "f"} <= set(groups["Phase 2 — coding"])
        assert {"^j", "/, ^f", "^z", "^y", "?, f1", "P", "1", "6", "^p, ^k", "^q"} <= set(groups["Everywhere"])
        assert groups["Everywhere"]["^j"].startswith("Reflexive journal")
        transcript = set(groups["Transcript"].values())
        assert "Extend selection by a sentence" in transcript and "Swap which edge of the selection moves" in transcript
        assert {"Rename", "Merge into…", "Retire"} <= set(groups["Codes panel"].values())
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_palette_opens_a_document(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await palette_pick(pilot, "open Intervju med Åse")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen) and app.screen.view.model.title == ASE


async def test_mouse_click_selects_a_sentence_and_drag_selects_characters(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        text = app.screen.view.model.text
        await pilot.click(TranscriptView, offset=(7 + 5, 1))
        await settle(pilot)
        assert app.screen.view.sel == (3, text.index("?") + 1)
        await pilot.mouse_down(TranscriptView, offset=(7 + 3, 1))
        await pilot.hover(TranscriptView, offset=(7 + 5, 1))
        await pilot.mouse_up(TranscriptView, offset=(7 + 5, 1))
        await settle(pilot)
        assert text[slice(*app.screen.view.sel)] == "Hva"
        await pilot.press("c", *"Hva", "enter", "enter")
        await settle(pilot)
    assert [(c["code"], c["text"]) for c in codings(read_store(tui_project))] == [("Hva", "Hva")]


async def test_import_runs_in_a_worker_with_progress(tui_project, open_app, read_store, tmp_path):
    new = tmp_path / "ny.txt"
    new.write_text("I: Hvem er du?\nLiv: Jeg er barnekoordinator. Det er travelt.\n", encoding="utf-8")
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_pick(pilot, "Import transcripts")
        await settle(pilot)
        notices = record_notices(app)
        await pilot.press(*str(new), "enter", *"Liv", "enter")
        await wait_until(pilot, lambda: "Imported 1 of 1 file." in notices, what="the import (its window closes itself)")
        assert not isinstance(app.screen, TaskModal)
        table = app.screen.query_one("#documents")
        assert table.row_count == 3
    with read_store(tui_project).session() as s:
        doc = documents.find_document(s, "ny")
        assert doc.participant.pseudonym == "Liv"


async def test_empty_project_is_calm(tmp_path, open_app):
    path = tmp_path / "tom.tema"
    store = create_store(path)
    with store.transaction() as s:
        project_d.init_project(s, "Tomt prosjekt")
    store.close()
    app = open_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.view.model is None
        messages = record_notices(app)
        await pilot.press("2", "c", "x", "n", "ctrl+z", "right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert "nothing to undo" in messages
