"""Choose one item from a list (which coding, which document, which code)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.i18n import N_, _


class ChooseModal(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="choose.cancel")]

    def __init__(self, title: str, items: list[tuple[int, Text | str]], *, highlight: int | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.highlight = highlight

    def compose(self) -> ComposeResult:
        with Vertical(id="choose", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            yield OptionList(*[Option(label, id=str(key)) for key, label in self.items], id="choose-list")
            yield Static(_("↑↓ choose · Enter select · Esc cancel"), classes="modal-hint")

    def on_mount(self) -> None:
        opts = self.query_one(OptionList)
        keys = [k for k, _ in self.items]
        opts.highlighted = keys.index(self.highlight) if self.highlight in keys else 0
        opts.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
