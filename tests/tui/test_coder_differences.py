"""The coder-difference view (D in phase 2): two coders' coding of the same interview,
per code and place — same span, partial overlap, only one of them — and Enter opens
the place in the transcript with both spans marked. By keys, on a real project."""

from __future__ import annotations

from tema.domain import coders, codes, coding, documents
from tema.tui.modals.choose import ChooseModal
from tema.tui.screens.coder_diff import CoderDiffModal
from tema.tui.screens.coding import CodingScreen
from tests.tui.conftest import CODER
from tests.tui.util import record_notices, settle

ASE = "Intervju med Åse"


def code_as(store, coder: str, quotes: list[tuple[str, str]]) -> None:
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, coder).id
        doc = documents.find_document(s, ASE)
        text = documents.document_text(s, doc.id)
        for quote, code in quotes:
            start = text.index(quote)
            coding.apply_coding(s, doc, start, start + len(quote), codes.get_or_create_code(s, code, coder_id=cid), coder_id=cid)


async def test_differences_between_two_coders_and_jump_to_one(tui_project, open_app, read_store):
    store = read_store(tui_project)
    code_as(store, CODER, [("Søsken blir lett glemt", "Søsken i skyggen"),
                           ("Foreldrene er slitne.", "Slitne foreldre")])
    code_as(store, "Kari", [("Søsken blir lett glemt når alt handler om barnet", "Søsken i skyggen"),
                            ("Foreldrene er slitne.", "Slitne foreldre"),
                            ("Det har vært travelt.", "Travle dager")])
    text = documents_text(store)
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("D")
        assert isinstance(app.screen, ChooseModal)
        assert [str(label) for _, label in app.screen.items] == ["Kari  (3 codings)", f"{CODER}  (2 codings)"]
        assert app.screen.query_one("#choose-list").highlighted == 1  # who is coding, first
        await pilot.press("up", "enter")  # Kari …
        await pilot.press("enter")  # … with Testkoder
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, CoderDiffModal)
        table = modal.query_one("#diff-summary")
        rows = {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)[1:]] for i in range(table.row_count)}
        share = len("Søsken blir lett glemt") / len("Søsken blir lett glemt når alt handler om barnet")
        assert rows["Søsken i skyggen"] == ["1", "1", "0", "1", "0", "0", f"{share:.0%}"]
        assert rows["Slitne foreldre"] == ["1", "1", "1", "0", "0", "0", "100%"]
        assert rows["Travle dager"] == ["1", "0", "0", "0", "1", "0", "0%"]
        # Same spans are hidden until s; the partial overlap and Kari's own span are listed.
        assert sorted(d.kind for d in modal.shown()) == ["only_a", "partial"]
        await pilot.press("s")
        assert sorted(d.kind for d in modal.shown()) == ["both", "only_a", "partial"]
        await pilot.press("s")
        partial = next(d for d in modal.shown() if d.kind == "partial")
        await pilot.press(*["down"] * modal.shown().index(partial), "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        view = app.screen.view
        assert view.model.title == ASE
        assert view.sel == (partial.a[0], max(partial.a[1], partial.b[1]))
        assert text[view.sel[0]:view.sel[1]] == "Søsken blir lett glemt når alt handler om barnet"
        assert sorted(view.hits) == sorted([partial.a, partial.b])


async def test_one_coder_only_says_what_to_do(tui_project, open_app, read_store):
    code_as(read_store(tui_project), CODER, [("Foreldrene er slitne.", "Slitne foreldre")])
    app = open_app(tui_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        notices = record_notices(app)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert any("Only one coder" in n for n in notices)


def documents_text(store) -> str:
    with store.session() as s:
        return documents.document_text(s, documents.find_document(s, ASE).id)
