"""A yes/no confirmation (rename, merge, retire): y or Enter confirms, n or Esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tema.i18n import N_, _


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, title: str, message: str, *, yes: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes = yes or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            yield Static(self.message, id="confirm-message")
            with Horizontal(classes="modal-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes")
                yield Button(_("Cancel (n)"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
