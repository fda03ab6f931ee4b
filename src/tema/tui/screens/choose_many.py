"""Choose several items (the codes to split off a theme): space toggles, Enter or
ctrl+s confirms, Esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tema.i18n import N_, _
from tema.tui.widgets.check_list import CheckList


class ChooseManyModal(ModalScreen[list | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Done"), id="choose-many.save"),
        Binding("enter", "save", N_("Done"), show=False, priority=True, id="choose-many.enter"),
        Binding("escape", "cancel", N_("Cancel"), id="choose-many.cancel"),
    ]

    def __init__(self, title: str, items: list[tuple[str, object]]) -> None:
        super().__init__()
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-many", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            yield CheckList(*[(label, value, False) for label, value in self.items], id="choose-many-list")
            yield Static(_("space toggle · Enter done · Esc cancel"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one(CheckList).focus()

    def action_save(self) -> None:
        self.dismiss(list(self.query_one(CheckList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
