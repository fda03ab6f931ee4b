"""The footer (issue 16, defect 7): at 80 columns and more it always shows help and quit,
whole; when the keys do not fit, the least used go first (the screen's first keys and
undo stay). A click on a key presses it."""

from __future__ import annotations

from tema.tui.modals.help import HelpModal
from tema.tui.screens import PHASE_SCREENS
from tema.tui.widgets.footer import TemaFooter
from tests.tui.util import settle, wait_until


def footer_line(app) -> str:
    return app.screen.query_one(TemaFooter).render().plain


async def test_help_and_quit_always_show_and_nothing_is_cut(demo_project, open_app):
    for size in [(80, 24), (100, 30), (200, 60)]:
        app = open_app(demo_project)
        async with app.run_test(size=size) as pilot:
            for phase in PHASE_SCREENS:
                await pilot.press(str(phase))
                await settle(pilot)
                if app.focused is not None and hasattr(app.focused, "cursor_position"):
                    app.screen.set_focus(None)  # phase 5 opens in the name field: its footer says F1 Help
                    await settle(pilot)
                line = footer_line(app)
                assert len(line.rstrip()) <= size[0], (size, phase, line)
                assert line.rstrip().endswith("? Help  ^q Quit"), (size, phase, line)
                if phase == 3:
                    assert "n Theme" in line and "p Place" in line and "^z Undo" in line, (size, line)
                    if size[0] >= 200:
                        assert "^j Journal" in line and "L Load" in line


async def test_typing_in_a_field_shows_the_help_key_that_works_there(demo_project, open_app):
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert app.focused.id == "define-name"
        assert "F1 Help" in footer_line(app) and "? Help" not in footer_line(app)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpModal), what="the help")


async def test_a_click_on_a_footer_key_presses_it(demo_project, open_app):
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        line = footer_line(app)
        await pilot.click(TemaFooter, offset=(line.index("? Help") + 1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpModal), what="the help")
