"""The codes panel: filter, apply, rename, merge, retire, definition — confirmations are modals."""

from __future__ import annotations

from tema.domain import codes
from tema.store import models as m
from tema.tui.modals.confirm import ConfirmModal
from tests.tui.util import codings, settle


def code_rows(store):
    with store.session() as s:
        return {c.name: (c.status, c.level, c.definition) for c in s.query(m.Code)}


async def test_filter_then_apply_with_enter(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "f", *"slit")
        await settle(pilot)
        assert app.screen.query_one("#codes-list").option_count == 1
        await pilot.press("enter", "enter")  # Enter in the filter goes to the list; Enter applies
        await settle(pilot)
    assert [c["code"] for c in codings(read_store(tui_project))] == ["Slitne foreldre"]


async def test_rename_asks_then_renames(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "f", *"søsken", "enter", "r")
        await settle(pilot)
        await pilot.press("ctrl+u", *"Søsken i bakgrunnen", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
    rows = code_rows(read_store(tui_project))
    assert "Søsken i bakgrunnen" in rows and "Søsken i skyggen" not in rows


async def test_merge_into_another_code_moves_extracts(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "down", "c", *"Skolen viktig", "enter", "enter")
        await settle(pilot)
        await pilot.press("f", *"skolen", "enter", "m")
        await settle(pilot)
        await pilot.press(*"slitne", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
    store = read_store(tui_project)
    assert [c["code"] for c in codings(store)] == ["Slitne foreldre"]
    assert code_rows(store)["Skolen viktig"][0] == "merged"


async def test_retire_cancelled_then_confirmed(tui_project, open_app, read_store):
    app = open_app(tui_project)
    store = read_store(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "f", *"slitne", "enter", "t")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert code_rows(store)["Slitne foreldre"][0] == "active"
        await pilot.press("t", "y")
        await settle(pilot)
        assert code_rows(store)["Slitne foreldre"][0] == "retired"
        assert app.screen.query_one("#codes-list").option_count == 0  # the filter still says «slitne»


async def test_definition_and_level_from_the_panel(tui_project, open_app, read_store):
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "f", *"slitne", "enter", "e")
        await settle(pilot)
        old = "Foreldrenes utmattelse."
        await pilot.press(*["backspace"] * len(old), *"Utmattelse hos foreldre.", "ctrl+s", "l")
        await settle(pilot)
    status, level, definition = code_rows(read_store(tui_project))["Slitne foreldre"]
    assert (level, definition) == ("latent", "Utmattelse hos foreldre.")
    with read_store(tui_project).session() as s:
        assert codes.find_code(s, "Slitne foreldre").level == "latent"
