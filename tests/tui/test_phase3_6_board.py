"""Phase 3, the theme board, by keys alone against a real project file; assertions read
the store and compare the two snapshots saved from the board."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tema.domain import coders, codes, coding, documents, snapshots, themes
from tema.store import models as m
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.prompt import PromptModal
from tema.tui.screens.extracts_modal import ExtractsModal
from tema.tui.screens.theme_board import ThemeBoardScreen
from tests.tui.conftest import CODER
from tests.tui.util import settle

NEW_CODES = ["Ansvarsgruppe", "Skolen som ankerfeste", "Travle dager"]


@pytest.fixture
def coded_project(tui_project, read_store):
    """Five codes, four of them with an extract in Åse's or Øystein's interview."""
    store = read_store(tui_project)
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, CODER).id
        for name in NEW_CODES:
            codes.create_code(s, name, coder_id=cid)
        for title, quote, code in [
            ("Intervju med Åse", "Søsken blir lett glemt", "Søsken i skyggen"),
            ("Intervju med Åse", "Foreldrene er slitne.", "Slitne foreldre"),
            ("Intervju med Øystein", "De er slitne, men de står på.", "Slitne foreldre"),
            ("Intervju med Øystein", "Skolen er viktig for familien.", "Skolen som ankerfeste"),
        ]:
            doc = documents.find_document(s, title)
            text = documents.document_text(s, doc.id)
            start = text.index(quote)
            coding.apply_coding(s, doc, start, start + len(quote), codes.find_code(s, code), coder_id=cid)
    store.close()
    return tui_project


async def typed(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await settle(pilot)


async def choose(pilot, label: str) -> None:
    """Pick ``label`` in the board's docked theme chooser (or a chooser modal) by keys."""
    screen = pilot.app.screen
    if isinstance(screen, ChooseModal):
        items = screen.items
    else:
        assert screen.chooser.is_open and isinstance(pilot.app.focused, Input)
        items = screen.chooser.shown
    [index] = [i for i, (_, text) in enumerate(items) if str(text).strip(" └") == label]
    await pilot.press(*["down"] * index, "enter")
    await settle(pilot)


async def unplaced_to(pilot, name: str) -> None:
    board = pilot.app.screen
    names = [st.code.name for st in board.unplaced.stats]
    board.unplaced.options.focus()
    await pilot.press("home", *["down"] * names.index(name))


async def tree_to(pilot, app, data: tuple) -> None:
    board = app.screen
    board.tree.focus()
    await pilot.press("home")
    for _ in range(40):
        if board.tree.selected == data:
            return
        await pilot.press("down")
    raise AssertionError(f"{data} not in the theme tree")


def ids(store) -> tuple[dict, dict]:
    with store.session() as s:
        return ({t.name: t.id for t in s.query(m.Theme)}, {c.name: c.id for c in s.query(m.Code)})


async def test_board_by_keys_lineage_between_snapshots(coded_project, open_app, read_store):
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ThemeBoardScreen)
        await pilot.press("n")
        assert isinstance(app.screen, PromptModal)
        await typed(pilot, "Familien")
        await pilot.press("n")
        await typed(pilot, "Samarbeid")
        store = read_store(coded_project)
        tids, cids = ids(store)
        await tree_to(pilot, app, ("theme", tids["Familien"]))
        await pilot.press("N")
        await typed(pilot, "Søsken")
        for code, theme in [("Søsken i skyggen", "Søsken"), ("Slitne foreldre", "Familien"),
                            ("Ansvarsgruppe", "Samarbeid"), ("Skolen som ankerfeste", "Samarbeid"),
                            ("Travle dager", "Familien")]:
            await unplaced_to(pilot, code)
            await pilot.press("p")
            await choose(pilot, theme)
        # one code in two themes: place «Slitne foreldre» in Samarbeid as well, from the tree
        tids, cids = ids(store)
        await tree_to(pilot, app, ("code", cids["Slitne foreldre"], tids["Familien"]))
        await pilot.press("p")
        await choose(pilot, "Samarbeid")
        assert app.screen.unplaced.stats == []
        await pilot.press("S")
        await pilot.press(*["backspace"] * 40)
        await typed(pilot, "Fase 3")
        # move two codes, rename a theme
        await tree_to(pilot, app, ("code", cids["Travle dager"], tids["Familien"]))
        await pilot.press("m")
        await choose(pilot, "Samarbeid")
        await tree_to(pilot, app, ("code", cids["Ansvarsgruppe"], tids["Samarbeid"]))
        await pilot.press("m")
        await choose(pilot, "Søsken")
        await tree_to(pilot, app, ("theme", tids["Samarbeid"]))
        await pilot.press("r", *["backspace"] * 20)
        await typed(pilot, "Samarbeid med skolen")
        # Enter on a code shows its extracts
        await tree_to(pilot, app, ("code", cids["Slitne foreldre"], tids["Familien"]))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExtractsModal)
        assert sorted(e.participant for e in app.screen.found) == ["Åse", "Øystein"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("S", *["backspace"] * 40)
        await typed(pilot, "Fase 4")
    with store.session() as s:
        placed = {n.name: sorted(c for _, c in n.codes) for root in themes.theme_tree(s) for n in [root, *root.subthemes]}
        a = snapshots.find_snapshot(s, "Fase 3").structure
        b = snapshots.find_snapshot(s, "Fase 4").structure
        diff = snapshots.compare(a, b)
    assert placed["Samarbeid med skolen"] == ["Skolen som ankerfeste", "Slitne foreldre", "Travle dager"]
    assert placed["Familien"] == ["Slitne foreldre"]
    assert placed["Søsken"] == ["Ansvarsgruppe", "Søsken i skyggen"]
    assert diff.renamed == [("Samarbeid", "Samarbeid med skolen")]
    assert {code for code, _, _ in diff.moved} == {"Travle dager", "Ansvarsgruppe"}
    assert diff.appeared == [] and diff.disappeared == []


async def test_reorder_remove_and_undo(coded_project, open_app, read_store):
    store = read_store(coded_project)
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, CODER).id
        first = themes.create_theme(s, "Først", coder_id=cid)
        themes.create_theme(s, "Sist", coder_id=cid)
        themes.place_code(s, codes.find_code(s, "Travle dager"), first, cid)
    tids, cids = ids(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await tree_to(pilot, app, ("theme", tids["Først"]))
        await pilot.press("shift+down")
        await settle(pilot)
        await tree_to(pilot, app, ("code", cids["Travle dager"], tids["Først"]))
        await pilot.press("x")
        await settle(pilot)
        assert "Travle dager" in [st.code.name for st in app.screen.unplaced.stats]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Travle dager" not in [st.code.name for st in app.screen.unplaced.stats]
    with store.session() as s:
        order = [n.name for n in themes.theme_tree(s) if not n.is_holding]
        assert order == ["Sist", "Først"]
        assert [c.name for c in themes.unplaced_codes(s)].count("Travle dager") == 0


async def test_theme_chooser_narrows_by_typing_and_esc_goes_back(coded_project, open_app, read_store):
    store = read_store(coded_project)
    with store.transaction() as s:
        for name in ["Familien", "Samarbeid med skolen", "Skolen som arena", "Hverdag"]:
            themes.create_theme(s, name)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        board = app.screen
        await unplaced_to(pilot, "Travle dager")
        await pilot.press("p")
        assert board.chooser.is_open and board.chooser.display
        await pilot.press(*"SKOLEN")  # case-insensitive, on the name
        assert [label for _, label in board.chooser.shown] == ["Samarbeid med skolen", "Skolen som arena"]
        await pilot.press("n", "x")  # letters go to the filter, not to the board's keys
        assert board.chooser.shown == [] and sorted(t.name for t in themes_now(store)) == [
            "Diverse (ikke plassert ennå)", "Familien", "Hverdag", "Samarbeid med skolen", "Skolen som arena"]
        await pilot.press("escape")
        await settle(pilot)
        assert not board.chooser.is_open and app.focused is board.unplaced.options
        await pilot.press("p", *"arena", "enter")
        await settle(pilot)
        assert not board.chooser.is_open
    with store.session() as s:
        assert [c.name for c in themes.themes_of_code(s, codes.find_code(s, "Travle dager"))] == ["Skolen som arena"]


def themes_now(store):
    with store.session() as s:
        return list(s.query(m.Theme).filter(m.Theme.deleted_at.is_(None)).order_by(m.Theme.id))


async def test_a_taken_choice_hides_the_chooser_with_the_change(coded_project, open_app, read_store, monkeypatch):
    """Enter gives the focus back at once; the chooser stays drawn until the board shows the
    placed code (one layout for both), and a refused choice closes it at once."""
    store = read_store(coded_project)
    with store.transaction() as s:
        themes.create_theme(s, "Familien")
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        board = app.screen
        shown_at_show = []
        real_show = board.show

        def show(data):
            shown_at_show.append(board.chooser.display)
            real_show(data)

        monkeypatch.setattr(board, "show", show)
        await unplaced_to(pilot, "Travle dager")
        await pilot.press("p", *"Familien", "enter")
        assert app.focused is board.unplaced.options and not board.chooser.is_open
        await settle(pilot)
        assert shown_at_show and shown_at_show[-1] is True  # still drawn when the change arrived…
        assert not board.chooser.display and not board.chooser.closing  # …and hidden with it
        assert "Travle dager" not in [st.code.name for st in board.unplaced.stats]

        monkeypatch.setattr(app, "write", lambda *args, **kw: None)  # the next action is refused
        await unplaced_to(pilot, "Ansvarsgruppe")
        await pilot.press("p", *"Familien")
        assert board.chooser.is_open and board.chooser.shown
        await pilot.press("enter")
        assert not board.chooser.display and not board.chooser.closing  # refused: closed at once


async def test_focus_moved_before_the_change_arrives_stays_where_it_went(coded_project, open_app, read_store):
    store = read_store(coded_project)
    with store.transaction() as s:
        themes.create_theme(s, "Familien")
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        board = app.screen
        await unplaced_to(pilot, "Travle dager")
        await pilot.press("p", *"Familien")
        [(familien, _label)] = board.chooser.shown
        board.chooser._take(familien)  # Enter, and before the board's reload arrives…
        assert board.chooser.closing
        board.tree.focus()  # …the researcher moves on to the tree
        await settle(pilot)
        assert not board.chooser.display and app.focused is board.tree
