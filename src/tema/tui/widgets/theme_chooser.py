"""Choosing a theme on the board without leaving it: a panel docked under the theme tree
(type to narrow the list, ↑↓ to choose, Enter to take it, Esc to go back). A modal screen
would repaint the whole board twice per move; this repaints only the panel and the tree.
The list narrows on the theme's name or label, case- and accent-form-insensitively."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tema.i18n import _
from tema.text import name_key
from tema.tui.widgets.inputs import TemaInput


class ThemeChooser(Vertical):
    """``open(title, items, then)``: ``items`` are (id, label); ``then(id)`` runs on Enter.

    When ``then`` reports a change was made (returns True), the panel gives the focus back
    at once but stays drawn until the board shows what changed (``closing``; the board
    calls ``close`` then): hiding it is a layout of the whole board, and so is the changed
    tree — one layout for both instead of two, and the old tree never flashes between."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[tuple[int, str]] = []
        self.shown: list[tuple[int, str]] = []
        self.then: Callable[[int], bool | None] | None = None
        self.back_to = None  # the widget that had focus before
        self.closing = False  # taken: hidden with the board's next paint (see the class)

    def compose(self) -> ComposeResult:
        yield Label("", id="chooser-title")
        yield TemaInput(placeholder=_("Type to narrow the list…"), id="chooser-filter")
        yield OptionList(id="chooser-list")

    def on_mount(self) -> None:
        self.display = False
        # The field keeps the focus (↑↓ move the list from there), so the board's letter
        # keys never fire while choosing; a click on an option still takes it.
        self.query_one("#chooser-list", OptionList).can_focus = False

    @property
    def is_open(self) -> bool:
        return bool(self.display) and not self.closing

    def open(self, title: str, items: list[tuple[int, str]], then: Callable[[int], bool | None]) -> None:
        self.items, self.then, self.closing = items, then, False
        self.back_to = self.screen.focused
        self.query_one("#chooser-title", Label).update(Text(title, style="bold"))
        field = self.query_one("#chooser-filter", Input)
        field.value = ""
        self._fill("")
        self.display = True
        field.focus()

    def close(self) -> None:
        """Hide the panel; the focus goes back unless a taken choice gave it back already
        (the user may have moved it since)."""
        focus_back = not self.closing
        self.display = False
        self.closing = False
        self.then = None
        if focus_back:
            self._focus_back()

    def _focus_back(self) -> None:
        if self.back_to is not None and self.back_to.is_mounted:
            self.back_to.focus()

    def _fill(self, query: str) -> None:
        q = name_key(query)
        self.shown = [(i, label) for i, label in self.items if not q or q in name_key(label)]
        opts = self.query_one("#chooser-list", OptionList)
        opts.set_options([Option(label, id=str(i)) for i, label in self.shown])
        if self.shown:
            opts.highlighted = 0
        self.border_title = (_("{shown} of {n}").format(shown=len(self.shown), n=len(self.items)) if q
                             else _("{n} to choose from").format(n=len(self.items)))
        self.border_subtitle = _("↑↓ choose · Enter take · Esc back")

    @on(Input.Changed, "#chooser-filter")
    def _narrow(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    @on(Input.Submitted, "#chooser-filter")
    def _take_highlighted(self, event: Input.Submitted) -> None:
        event.stop()
        opt = self.query_one("#chooser-list", OptionList).highlighted_option
        if opt is not None:
            self._take(int(opt.id))

    @on(OptionList.OptionSelected, "#chooser-list")
    def _take_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._take(int(event.option.id))

    def _take(self, key: int) -> None:
        then, self.then = self.then, None
        self._focus_back()
        if then is not None and then(key):
            self.closing = True
            return
        self.close()

    def on_key(self, event: events.Key) -> None:
        opts = self.query_one("#chooser-list", OptionList)
        if event.key == "escape":
            self.close()
        elif event.key in ("up", "down", "pageup", "pagedown"):
            {"up": opts.action_cursor_up, "down": opts.action_cursor_down,
             "pageup": opts.action_page_up, "pagedown": opts.action_page_down}[event.key]()
        else:
            return
        event.stop()
        event.prevent_default()
