"""Coding by keys alone against a real project file; every assertion reads the store."""

from __future__ import annotations

from tema.tui.modals.code_picker import CodePicker
from tema.tui.modals.level import LevelModal
from tema.tui.screens.coding import CodingScreen
from tests.tui.conftest import CODER, OYSTEIN
from tests.tui.util import codings, sentences, settle, text_of

OY = "Intervju med Øystein"


async def test_code_three_sentences_across_a_turn_with_an_existing_code(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("down", "shift+down", "shift+down", "c")
        await settle(pilot)
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"søsk", "enter")
        await settle(pilot)
    store = read_store(tui_project)
    sents = sentences(store, OY)
    [c] = codings(store)
    assert (c["code"], c["start"], c["end"]) == ("Søsken i skyggen", sents[1][0], sents[3][1])
    assert c["text"] == text_of(store, OY)[sents[1][0]:sents[3][1]]
    assert "\r\n" in c["text"] and c["coder"] == CODER and c["document"] == OY


async def test_new_code_from_the_picker_with_level_latent(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "c", *"Skolen som ankerfeste", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LevelModal)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
    store = read_store(tui_project)
    sents = sentences(store, OY)
    [c] = codings(store)
    assert (c["code"], c["level"]) == ("Skolen som ankerfeste", "latent")
    assert (c["start"], c["end"]) == sents[1]


async def test_character_selection_stores_exact_offsets_with_crlf(tui_project, open_app, read_store):
    """Select «Skolen» by characters: shift+left trims the end, `o` swaps to the start."""
    store = read_store(tui_project)
    sents = sentences(store, OY)
    text = text_of(store, OY)
    start, end = sents[1]
    assert text[start:end] == "Skolen er viktig for familien."
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", *["shift+left"] * (end - start - len("Skolen")))
        await pilot.press("c", *"Skolen", "enter", "enter")  # new code, semantic (the default)
        await settle(pilot)
    [c] = codings(store)
    assert (c["start"], c["end"], c["text"], c["level"]) == (start, start + 6, "Skolen", "semantic")
    assert OYSTEIN.replace("\r\n", "\n").count("\n") == 4  # the file really had CRLF line breaks


async def test_two_perspectives_then_remove_undo_redo(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "down", "down", "c", *"slitne", "enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("space", "down", "space", "ctrl+s")
        await settle(pilot)
        store = read_store(tui_project)
        [c] = codings(store)
        assert c["code"] == "Slitne foreldre"
        assert c["perspectives"] == ["familieperspektiv", "koordinatorperspektiv"]
        await pilot.press("x")
        await settle(pilot)
        assert codings(store) == []
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert codings(store) == [c]
        side = app.screen.query_one("#at-cursor").codings
        assert [v.code for v in side] == ["Slitne foreldre"]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert codings(store) == []
        assert app.screen.query_one("#at-cursor").codings == []


async def test_choose_which_coding_to_remove_when_several(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "c", *"Skolen er", "enter", "enter")
        await pilot.press("c", *"slitne", "enter")
        await settle(pilot)
        store = read_store(tui_project)
        assert sorted(c["code"] for c in codings(store)) == ["Skolen er", "Slitne foreldre"]
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second of the two, by position then id
        await settle(pilot)
        assert [c["code"] for c in codings(store)] == ["Skolen er"]


async def test_level_key_toggles_the_code_of_the_coding(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "c", *"slitne", "enter")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
    store = read_store(tui_project)
    assert codings(store)[0]["level"] == "latent"


async def test_next_uncoded_sentence_skips_coded_ones(tui_project, open_app, read_store):
    store = read_store(tui_project)
    sents = sentences(store, OY)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "c", *"slitne", "enter")
        await pilot.press("home", "right_square_bracket")
        await settle(pilot)
        # from the first (uncoded) sentence, the next uncoded one skips the coded second
        assert app.screen.view.sel == sents[2]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.view.sel == sents[0]
