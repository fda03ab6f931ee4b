"""Phase 5 never drops what is being typed: edits to a theme the cursor leaves are kept and
put back when it returns (until saved), and quitting with unsaved edits asks first."""

from __future__ import annotations

from tema.domain import themes
from tema.tui.modals.confirm import ConfirmModal
from tema.tui.screens.defining import DefiningScreen
from tests.tui.test_phase3_6_board import coded_project  # noqa: F401  (fixture)
from tests.tui.test_phase3_6_review import setup_themes
from tests.tui.util import settle, wait_until


def definition_of(store, name: str) -> str | None:
    with store.session() as s:
        return themes.find_theme(s, name).definition


async def to_theme(pilot, screen: DefiningScreen, name: str) -> None:
    """From wherever the focus is to ``name`` in the theme list (by keys), its form read."""
    names = [o.prompt.plain for o in screen.themes_list.options]
    await pilot.press("escape", "home", *["down"] * names.index(name))
    await settle(pilot)
    await wait_until(pilot, lambda: screen.form_as_read is not None and screen.form_as_read.name == name,
                     what=f"the form of «{name}»")


async def test_edits_left_behind_come_back_and_save(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DefiningScreen)
        await to_theme(pilot, screen, "Samarbeid")
        await pilot.press("enter", "tab", "tab", *"Skole og familie møtes.")  # list → name → label → definition
        await to_theme(pilot, screen, "Familien")  # leaves Samarbeid with the definition unsaved
        assert screen.drafts and screen.unsaved() == ["Samarbeid"]
        assert screen.query_one("#define-definition").text == ""  # Familien's own (empty) definition
        await to_theme(pilot, screen, "Samarbeid")
        assert screen.query_one("#define-definition").text == "Skole og familie møtes."
        assert definition_of(store, "Samarbeid") in (None, "")  # nothing written yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.unsaved() == [] and not screen.drafts
    assert definition_of(store, "Samarbeid") == "Skole og familie møtes."


async def test_quitting_with_unsaved_edits_asks(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        await to_theme(pilot, screen, "Familien")
        await pilot.press("enter", "tab", "tab", *"Foreldrene bærer alt.")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), what="the question")
        assert "«Familien»" in str(app.screen.query_one("#confirm-message").render())
        await pilot.press("n")  # stays: the edits are still there
        await wait_until(pilot, lambda: app.screen is screen, what="back in phase 5")
        assert app.is_running and screen.query_one("#define-definition").text == "Foreldrene bærer alt."
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")  # nothing unsaved: quits at once
        await wait_until(pilot, lambda: not app.is_running, what="the app to quit")
    assert definition_of(store, "Familien") == "Foreldrene bærer alt."
