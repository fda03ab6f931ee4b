"""A second look in the UI: phase 2, `s` on a coded extract lists passages like it (read in a
worker) and Enter opens the chosen one in the transcript with the cursor on it, coding
nothing; phase 4, `w` lists where else the highlighted theme's passages are, grouped by
participant, and who has none. Each opening writes one journal line. Trashed documents
never appear; the pseudonymised view (ctrl+n) shows pseudonyms in the list."""

from __future__ import annotations

from tema.domain import coding, documents, journal, pseudonyms, themes, trash
from tema.tui.screens.second_look import SecondLookModal
from tests.tui.util import codings, doc_id, settle, text_of, wait_until

ASE, OY = "Intervju med Åse", "Intervju med Øystein"
SIBLINGS = "Søsken blir lett glemt når alt handler om barnet som er sykt."
OTHER = "Søsken får sjelden plass i møtene."


def code_siblings(store) -> tuple[int, int, int]:
    """Code Åse's sentence about siblings with «Søsken i skyggen», placed in a theme;
    returns (the coding's document, start, end)."""
    text = text_of(store, ASE)
    start = text.index(SIBLINGS)
    with store.transaction() as s:
        doc = documents.find_document(s, ASE)
        coding.code_span(s, doc, start, start + len(SIBLINGS), ["Søsken i skyggen"])
        themes.upsert_theme(s, "Familien som helhet", codes=["Søsken i skyggen"])
    return doc_id(store, ASE), start, start + len(SIBLINGS)


def shown(modal: SecondLookModal) -> list[str]:
    """The list's lines as shown (headers and passages)."""
    opts = modal.query_one("#second-look-passages")
    return [str(opts.get_option_at_index(i).prompt) for i in range(opts.option_count)]


def journal_lines(store) -> list[str]:
    with store.session() as s:
        return [e.body for e in journal.journal_entries(s)]


async def open_look(pilot, key: str) -> SecondLookModal:
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SecondLookModal) and pilot.app.screen.look is not None,
                     what="the second look's list")
    await pilot.pause()
    return pilot.app.screen


async def test_phase2_passages_like_this_and_enter_opens_the_transcript_there(tui_project, open_app, read_store):
    store = read_store(tui_project)
    ase, start, end = code_siblings(store)
    before = codings(store)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        app.screen.open_document(ase, start, end)
        await settle(pilot)
        modal = await open_look(pilot, "s")
        lines = shown(modal)
        assert any(OTHER in line and "søsken" in line for line in lines), lines
        assert not any(SIBLINGS in line for line in lines)  # the extract itself is coded with the code
        assert "søsken" in str(modal.query_one("#second-look-terms").render())
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, SecondLookModal), what="the list to close")
        await settle(pilot)
        oy_text = text_of(store, OY)
        at = oy_text.index(OTHER)
        assert app.screen.model.title == OY
        assert app.screen.view.selection == (at, at + len(OTHER))
        # Ready to code — or not: nothing was coded by looking.
    assert codings(store) == before
    n = len(modal.look.passages)
    assert journal_lines(store) == [f"second look: code Søsken i skyggen, {n} passage{'s' if n != 1 else ''} shown"]


async def test_phase4_where_else_groups_by_participant_and_names_who_has_none(tui_project, open_app, read_store):
    store = read_store(tui_project)
    code_siblings(store)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert app.screen.theme_id is not None
        modal = await open_look(pilot, "w")
        lines = shown(modal)
        assert lines[0].startswith("Øystein — 1 passage"), lines
        assert OTHER in lines[1] and "Øystein ·" not in lines[1]  # under its participant's heading
        status = str(modal.query_one("#second-look-status").render())
        assert "No passages from: Åse" in status
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.NAME == "review"
    assert journal_lines(store)[-1] == "second look: theme Familien som helhet, 1 passage shown"


async def test_trashed_documents_never_appear_and_pseudonyms_are_shown(tui_project, open_app, read_store):
    store = read_store(tui_project)
    code_siblings(store)
    with store.transaction() as s:
        pseudonyms.add_rule(s, "Øystein", "Trond")
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        modal = await open_look(pilot, "w")
        lines = shown(modal)
        assert lines[0].startswith("Trond — 1 passage") and OTHER in lines[1], lines
        assert not any("Øystein" in line for line in lines)
        assert "Øystein" not in str(modal.query_one("#second-look-status").render())
        await pilot.press("escape")
        await settle(pilot)
        with store.transaction() as s:
            trash.delete(s, "document", OY)
        modal = await open_look(pilot, "w")
        assert modal.look.passages == [] and shown(modal) == []
        assert "0 passages" in str(modal.query_one("#second-look-status").render())
