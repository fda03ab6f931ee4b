"""Typing is never a command (issue 16, defect 1). While a text field has focus, printable
keys are text; phase digits and one-letter commands act only elsewhere. Phase 5 opens in
the name field and Tab walks name → label → definition → concept → scope; no screen with
text fields has a scrolling pane as a stop in its Tab order (a stop that looks like part
of a form but takes the keys as commands)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tema.tui.screens import PHASE_SCREENS
from tema.tui.screens.defining import DefiningScreen
from tests.tui.util import settle

FORM = ["define-name", "define-label", "define-definition", "define-central_concept", "define-scope"]
COMMAND_KEYS = ["1", "3", "4", "n", "N", "r", "c", "x", "P", "question_mark", "slash", "left_square_bracket"]


def text_of(widget) -> str:
    return widget.value if isinstance(widget, Input) else widget.text


async def test_phase5_opens_in_the_name_field_and_tab_walks_the_form(demo_project, open_app):
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DefiningScreen)
        assert app.focused.id == "define-name"
        order = [app.focused.id]
        for _ in FORM[1:]:
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == FORM
        # The steps: Esc (to the list), Tab, then a digit and a sentence.
        await pilot.press("escape", "tab")
        assert app.focused.id == "define-name"
        name = screen.query_one("#define-name", Input)
        name.value = ""
        await pilot.press("4", "tab", "3", "tab", *"rn alt", "tab")
        await settle(pilot)
        assert app.screen is screen
        assert (name.value, screen.query_one("#define-label", Input).value) == ("4", "3")
        assert screen.query_one("#define-definition", TextArea).text.startswith("rn alt")


async def test_every_text_field_of_every_phase_takes_every_key(demo_project, open_app):
    app = open_app(demo_project)
    async with app.run_test(size=(120, 40)) as pilot:
        for phase in PHASE_SCREENS:
            await pilot.press(str(phase))
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, PHASE_SCREENS[phase])
            fields = [w for w in screen.focus_chain if isinstance(w, (Input, TextArea))]
            for field in fields:
                field.focus()
                await pilot.pause()
                before = text_of(field)
                await pilot.press(*COMMAND_KEYS)
                await settle(pilot)
                assert app.screen is screen, (phase, field.id)
                assert app.focused is field, (phase, field.id)
                assert text_of(field) != before and "13" in text_of(field), (phase, field.id)
            # Back to the first state for the next phase: no typed text left behind.
            for field in fields:
                if isinstance(field, Input):
                    field.value = ""
            screen.set_focus(None)


async def test_no_scrolling_pane_is_a_tab_stop_among_text_fields(demo_project, open_app):
    app = open_app(demo_project)
    async with app.run_test(size=(100, 30)) as pilot:
        for phase in PHASE_SCREENS:
            await pilot.press(str(phase))
            await settle(pilot)
            chain = app.screen.focus_chain
            if any(isinstance(w, (Input, TextArea)) for w in chain):
                panes = [w.id for w in chain if type(w).__module__ == "textual.containers"]  # VerticalScroll & co.
                assert panes == [], (phase, panes)
            app.screen.set_focus(None)
