"""Phase 5, defining and naming, by keys against a real project: the editor writes
name, label and definition in one action; rename history and checks are shown."""

from __future__ import annotations

from tema.domain import themes
from tema.store import models as m
from tema.tui.screens.defining import DefiningScreen
from tests.tui.test_phase3_6_board import coded_project  # noqa: F401  (fixture)
from tests.tui.test_phase3_6_review import setup_themes
from tests.tui.util import settle


async def test_define_rename_and_checks(coded_project, open_app, read_store):  # noqa: F811
    store = read_store(coded_project)
    setup_themes(store)
    app = open_app(coded_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DefiningScreen)
        checks = str(screen.query_one("#define-checks").render())
        assert "«Familien»: no definition" in checks and "«Samarbeid»: no definition" in checks
        names = [o.prompt.plain for o in screen.themes_list.options]
        await pilot.press(*["down"] * names.index("Samarbeid"), "enter")
        await settle(pilot)
        await pilot.press(*["backspace"] * 12, *"Samarbeid rundt barnet", "tab", "2", "tab")
        await pilot.press(*"Skole og familie møtes jevnlig.", "ctrl+s")
        await settle(pilot)
        history = str(screen.query_one("#define-history").render())
        assert "«Samarbeid» → «Samarbeid rundt barnet»" in history
        checks = str(screen.query_one("#define-checks").render())
        assert "Samarbeid rundt barnet»: no definition" not in checks and "«Familien»: no definition" in checks
        await pilot.press("escape", "ctrl+z")  # out of the TextArea (its own ctrl+z undoes typing)
        await settle(pilot)
        with store.session() as s:
            assert themes.lookup_theme(s, "Samarbeid") is not None
        await pilot.press("ctrl+y")
        await settle(pilot)
    with store.session() as s:
        t = themes.find_theme(s, "Samarbeid rundt barnet")
        assert (t.label, t.definition) == ("2", "Skole og familie møtes jevnlig.")
        assert [(r.old_name, r.new_name) for r in themes.rename_history(s, t)] == [("Samarbeid", "Samarbeid rundt barnet")]
        assert s.query(m.Theme).filter_by(name="Familien").one().definition in (None, "")
