"""ctrl+n: the pseudonymised view shows pseudonyms in place of real names, with the
stored text and every offset unchanged."""

from __future__ import annotations

from tema.domain import pseudonyms
from tests.tui.util import settle, text_of

OY = "Intervju med Øystein"


def test_masked_keeps_length_and_hides_real_names():
    pz = pseudonyms.Pseudonymizer([("Sigbjørn", "Per"), ("Ål", "Bergen")])
    text = "Sigbjørn bor i Ål, og Sigbjørns søster også."
    shown = pseudonyms.masked(pz, text)
    assert len(shown) == len(text)
    assert "Sigbjørn" not in shown and "Ål" not in shown
    assert shown.startswith("Per·····") and "i Be," in shown


async def test_toggle_shows_pseudonyms_and_keeps_offsets(tui_project, open_app, read_store):
    store = read_store(tui_project)
    real = text_of(store, OY)
    name = "Øystein"
    assert name in real
    with store.transaction() as s:
        pseudonyms.add_rule(s, name, "Trond")
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        if app.current_doc_id is None or app.screen.model.title != OY:
            from tests.tui.util import doc_id

            app.screen.open_document(doc_id(store, OY))
            await settle(pilot)
        assert name in app.screen.model.text
        await pilot.press("ctrl+n")
        await settle(pilot)
        shown = app.screen.model.text
        assert name not in shown and "Trond" in shown and len(shown) == len(real)
        assert name not in app.screen.model.title and name not in (app.screen.model.participant or "")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.model.text == real
    assert text_of(store, OY) == real
