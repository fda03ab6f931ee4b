"""Notes, the reflexive journal, the project phase and search — by keys, asserted on the store."""

from __future__ import annotations

from tema.domain import journal, project
from tema.tui.modals.memo import MemoModal
from tema.tui.modals.search import SearchModal
from tema.tui.screens.coding import CodingScreen
from tema.tui.screens.familiarise import FamiliariseScreen
from tests.tui.util import codings, doc_id, sentences, settle, text_of

OY = "Intervju med Øystein"
ASE = "Intervju med Åse"


async def test_note_at_the_cursor_and_jump_back_to_it(tui_project, open_app, read_store):
    store = read_store(tui_project)
    sents = sentences(store, OY)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FamiliariseScreen)
        await pilot.press("enter", "down", "down", "n")  # open the highlighted document (the list has the focus)
        await settle(pilot)
        assert isinstance(app.screen, MemoModal)
        await pilot.press(*"Møtene tar plass fra søsken?", "ctrl+s")
        await settle(pilot)
        with store.session() as s:
            [note] = journal.notes_for(s, "document", doc_id(store, OY))
        assert (note.body, note.start, note.end, note.kind) == ("Møtene tar plass fra søsken?", *sents[2], "note")
        notes = app.screen.query_one("#notes")
        assert notes.option_count == 1
        await pilot.press("home")
        assert app.screen.view.sel == sents[0]
        notes.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.view.sel == sents[2] and app.focused is app.screen.view


async def test_journal_entry_records_phase_screen_document_and_offset(tui_project, open_app, read_store):
    store = read_store(tui_project)
    sents = sentences(store, OY)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "ctrl+j")
        await settle(pilot)
        assert isinstance(app.screen, MemoModal)
        await pilot.press(*"Jeg merker at jeg leter etter konflikt.", "enter", *"Andre linje.", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
    with store.session() as s:
        [entry] = journal.journal_entries(s)
        assert entry.body == "Jeg merker at jeg leter etter konflikt.\nAndre linje."
        assert entry.phase == 2
        assert entry.context == {"screen": "coding", "document": doc_id(store, OY), "offset": sents[1][0]}


async def test_escape_writes_nothing(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+j", *"kladd", "escape", "n", *"kladd", "escape")
        await settle(pilot)
    store = read_store(tui_project)
    with store.session() as s:
        assert journal.journal_entries(s) == []
        assert journal.notes_for(s, "document", doc_id(store, OY)) == []


async def test_set_project_phase_is_explicit_and_journaled(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "P")
        await settle(pilot)
        await pilot.press("down", "enter", *"Kodene er stabile nå.", "ctrl+s")
        await settle(pilot)
        assert app.project_phase == 3
    store = read_store(tui_project)
    with store.session() as s:
        assert project.get_project(s).phase == 3
        [entry] = journal.journal_entries(s)
        assert entry.phase == 3 and "Kodene er stabile nå." in entry.body and entry.body.startswith("Fase 1 → 3")


async def test_search_by_lemma_and_jump_to_the_hit_then_code_it(tui_project, open_app, read_store):
    store = read_store(tui_project)
    text = text_of(store, ASE)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchModal)
        await pilot.press(*"søsknene", "enter")
        await settle(pilot)
        hits = app.screen.hits
        assert {h.document for h in hits} == {ASE, OY}
        first = hits[0]
        await pilot.press("down", "enter")  # to the hits, then jump
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        view = app.screen.view
        assert view.model.doc_id == first.document_id and view.sel == (first.start, first.end)
        assert any(view.model.text[a:b].lower().startswith("søsken") for a, b in view.hits)
        await pilot.press("c", *"søsken i", "enter")
        await settle(pilot)
    [c] = codings(store)
    assert c["document"] == first.document and c["text"] == first.text
    assert first.document != ASE or c["text"] in text


async def test_search_with_no_words_says_so(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"...", "enter")
        await settle(pilot)
        status = app.screen.query_one("#search-status")
        assert "no words" in str(status.render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FamiliariseScreen)


async def test_the_search_words_stay_editable_after_the_hits_appear(tui_project, open_app):
    """Issue 16, defect 3: typing and Backspace edit the query after results; Enter in the
    field searches again (never jumps to an old hit); ↓/Tab go to the hits; typing on the
    hits goes back to the field."""
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "slash")
        await settle(pilot)
        modal = app.screen
        await pilot.press(*"slitne", "enter")
        await settle(pilot)
        assert modal.hits and all("slitne" in h.text.lower() for h in modal.hits)
        field = modal.query_one("#search-input")
        assert app.focused is field
        await pilot.press(*["backspace"] * 6, *"søsken", "enter")
        await settle(pilot)
        assert app.screen is modal and field.value == "søsken"
        assert modal.hits and all("søsken" in h.text.lower() for h in modal.hits)
        assert "«søsken»" in str(modal.query_one("#search-status").render())
        await pilot.press("tab")
        assert app.focused is modal.query_one("#search-hits")
        await pilot.press("backspace", *"ne")  # back in the field, editing it
        assert app.focused is field and field.value == "søskene"
        await pilot.press("down")
        assert app.focused is modal.query_one("#search-hits")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
