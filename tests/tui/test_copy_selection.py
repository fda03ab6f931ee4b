"""Text selection and copy in the reader (issue 16): y or ctrl+c copies the selection
(App.copy_to_clipboard: OSC 52, so it works over SSH); with the pseudonymised view on
the copy is pseudonymised like an export — whole pseudonyms, and a name the selection
only partly covers is replaced whole."""

from __future__ import annotations

from tema.domain import pseudonyms
from tests.tui.util import doc_id, record_notices, settle, text_of

OY = "Intervju med Øystein"


async def test_copy_the_selection_plain_and_pseudonymised(tui_project, open_app, read_store):
    store = read_store(tui_project)
    text = text_of(store, OY)
    with store.transaction() as s:
        pseudonyms.add_rule(s, "Øystein", "Trond")
    start = text.index("Øystein: Skolen") + 2  # from inside the name …
    end = text.index("Skolen er viktig") + len("Skolen er viktig")  # … into the turn
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        screen.open_document(doc_id(store, OY))
        await settle(pilot)
        screen.view.select(start, end)
        notices = record_notices(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == "stein: Skolen er viktig"
        assert notices[-1] == "Copied 23 characters."
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen.view.select(start, end)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app.clipboard == "Trond: Skolen er viktig"  # the whole pseudonym, no part of the real name
        assert notices[-1] == "Copied 23 characters (pseudonymised)."
        # Across a line break (CRLF in this file): pasted with \n.
        screen.view.select(text.index("Hva betyr"), text.index("Øystein: Skolen"))
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == "Hva betyr samarbeidet med skolen?\n"
