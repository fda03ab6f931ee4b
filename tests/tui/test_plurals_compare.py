"""Plurals (issue 16, defect 9): one extract, one code — never "1 extracts", "1 codes";
and the compare dialog never offers the snapshot chosen first as its other side."""

from __future__ import annotations

from tema.domain import coders, codes, snapshots, themes
from tema.tui.modals.choose import ChooseModal
from tema.tui.screens.review import ReviewScreen
from tests.tui.conftest import CODER
from tests.tui.test_phase3_6_board import coded_project  # noqa: F401  (fixture)
from tests.tui.test_phase3_6_review import pick, setup_themes, to_theme
from tests.tui.util import settle, wait_until


async def test_one_code_one_extract(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    with store.transaction() as s:
        cid = coders.get_or_create_coder(s, CODER).id
        skole = themes.create_theme(s, "Skolen", coder_id=cid)
        themes.place_code(s, codes.find_code(s, "Skolen som ankerfeste"), skole, cid)  # one code, one extract
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await to_theme(pilot, "Skolen")
        await settle(pilot)
        detail = str(app.screen.query_one("#review-detail").render())
        assert "· 1 code · 1 extract" in detail and "Skolen som ankerfeste  1 extract" in detail
        assert "1 codes" not in detail and "1 extracts" not in detail


async def test_the_compare_dialog_offers_the_chosen_snapshot_once(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)  # takes the snapshot «Fase 3»
    with store.transaction() as s:
        snapshots.take_snapshot(s, "Fase 4", coder_id=coders.get_or_create_coder(s, CODER).id)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseModal), what="the first choice")
        assert [str(label) for _, label in app.screen.items] == ["Fase 3", "Fase 4"]
        await pick(pilot, "Fase 3")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooseModal), what="the second choice")
        assert [str(label) for _, label in app.screen.items] == ["(the current map)", "Fase 4"]
