"""Choose one item from a list (which coding, which document, which code)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.i18n import N_, _


class ChooseModal(ModalScreen[int | None]):
    """A list to choose one item from. Made for one use, or installed in the app and
    reused (``TemaApp.choose``): ``configure`` gives it new items before each showing."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="choose.cancel")]

    def __init__(self, title: str, items: list[tuple[int, Text | str]], *, highlight: int | None = None,
                 on_highlight: Callable[[int], None] | None = None) -> None:
        """``on_highlight(key)`` is told each item the cursor rests on (to read it ahead)."""
        super().__init__()
        self._shown: tuple | None = None  # the items the list holds now
        self.configure(title, items, highlight=highlight, on_highlight=on_highlight)

    def configure(self, title: str, items: list[tuple[int, Text | str]], *, highlight: int | None = None,
                  on_highlight: Callable[[int], None] | None = None) -> ChooseModal:
        self.title_text = title
        self.items = items
        self.highlight = highlight
        self.tell_highlight = on_highlight
        return self

    def compose(self) -> ComposeResult:
        with Vertical(id="choose", classes="modal"):
            yield Label(self.title_text, id="choose-title", classes="modal-title")
            yield OptionList(id="choose-list")
            yield Static(_("↑↓ choose · Enter select · Esc cancel"), classes="modal-hint")

    def on_screen_resume(self) -> None:
        self.query_one("#choose-title", Label).update(self.title_text)
        opts = self.query_one(OptionList)
        shown = tuple((k, str(label)) for k, label in self.items)
        if shown != self._shown:  # reopened on the same items: nothing to draw again
            opts.clear_options()
            opts.add_options([Option(label, id=str(key)) for key, label in self.items])
            self._shown = shown
        keys = [k for k, _ in self.items]
        opts.highlighted = keys.index(self.highlight) if self.highlight in keys else (0 if keys else None)
        opts.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.tell_highlight is not None and self.is_current:
            self.tell_highlight(int(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
