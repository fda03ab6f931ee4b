"""Ask for one line of text (a new code name)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tema.i18n import N_, _
from tema.tui.modals.type_ahead import TypeAhead
from tema.tui.widgets.inputs import TemaInput


class PromptModal(TypeAhead, ModalScreen[str | None]):
    TYPE_AHEAD = "#prompt-input"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", *, placeholder: str = "", hint: str | None = None,
                 allow_empty: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.allow_empty = allow_empty  # Enter on an empty field answers "" (else it cancels)

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            yield TemaInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(self.hint or _("Enter save · Esc cancel"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#prompt-input").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value if value or self.allow_empty else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
