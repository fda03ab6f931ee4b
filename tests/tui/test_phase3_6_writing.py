"""Phase 6, writing up, by keys against a real project: mark illustrative extracts;
export the codebook from the menu in a worker and see the written path."""

from __future__ import annotations

from tema.domain import themes
from tema.tui.modals.task import TaskModal
from tema.tui.screens.writing import WritingScreen
from tests.tui.test_phase3_6_board import coded_project  # noqa: F401  (fixture)
from tests.tui.test_phase3_6_review import pick, setup_themes
from tests.tui.util import settle


async def test_mark_extracts_and_export_codebook(coded_project, open_app, read_store, tmp_path):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    out = tmp_path / "ut"
    out.mkdir()
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WritingScreen)
        names = [o.prompt.plain for o in screen._list("themes").options]
        await pilot.press(*["down"] * names.index("Familien"), "enter")
        await settle(pilot)
        extracts = screen._list("extracts")
        assert extracts.option_count == 3  # Søsken (Åse), Slitne (Åse, Øystein)
        await pilot.press("space", "down", "space", "down", "space", "space")  # mark 1, 2; 3 on and off
        await settle(pilot)
        marked_ids = [int(extracts.get_option_at_index(i).id) for i in (0, 1)]
        assert extracts.border_title.startswith("Extracts (2 marked of 3)")
        await pilot.press("x")
        await pick(pilot, "codebook")
        await pick(pilot, "md")
        await pilot.press(*str(out), "enter")
        await settle(pilot)
        assert isinstance(app.screen, TaskModal)
        await pilot.press("enter")
        await settle(pilot)
        shown = str(screen.query_one("#write-last").render())
    written = list(out.iterdir())
    assert len(written) == 1 and written[0].suffix == ".md"
    assert shown == f"Written: {written[0]}"
    body = written[0].read_text(encoding="utf-8")
    assert "Familien" in body and "Samarbeid" in body
    with store.session() as s:
        assert themes.selected_extracts(s, themes.find_theme(s, "Familien")) == marked_ids
