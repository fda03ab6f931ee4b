"""Phase 1 (issue 16, defect 5): it opens with the focus in the document list (its title
says "Documents (Enter opens)"), and "Last opened" follows the documents opened in this
session — from the list, the document chooser, or another phase."""

from __future__ import annotations

from tema.tui.modals.choose import ChooseModal
from tema.tui.screens.familiarise import FamiliariseScreen
from tema.tui.widgets.document_table import DocumentTable
from tests.tui.util import settle, wait_until


def opened_column(screen) -> dict[str, str]:
    table = screen.query_one(DocumentTable)
    return {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[5]) for i in range(table.row_count)}


async def test_phase1_opens_in_the_document_list(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FamiliariseScreen)
        assert isinstance(app.focused, DocumentTable)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.focused is app.screen.view and app.screen.model is not None


async def test_last_opened_follows_the_session(tui_project, open_app):
    app = open_app(tui_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert set(opened_column(screen).values()) == {"—"}
        await pilot.press("enter")  # the first document, from the list
        await settle(pilot)
        first = [t for t, when in opened_column(screen).items() if when != "—"]
        assert len(first) == 1
        await pilot.press("d")  # the other one, from the chooser
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseModal), what="the document chooser")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert all(when.startswith("today") for when in opened_column(screen).values())
