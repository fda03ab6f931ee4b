"""Write a multi-line text: a journal entry, a note, a coding memo, a definition.
ctrl+s saves, Esc cancels (nothing is written)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tema.i18n import N_, _
from tema.tui.modals.type_ahead import TypeAhead
from tema.tui.widgets.inputs import TemaTextArea


class MemoModal(TypeAhead, ModalScreen[str | None]):
    TYPE_AHEAD = "#memo-text"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="memo.save"),
        Binding("escape", "cancel", N_("Cancel"), id="memo.cancel"),
    ]

    def __init__(self, title: str, context: str = "", text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.context = context
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="memo", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            if self.context:
                yield Static(self.context, classes="modal-context")
            yield TemaTextArea(self.text, id="memo-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        area = self.query_one("#memo-text", TemaTextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        body = self.query_one("#memo-text", TemaTextArea).text.strip()
        self.dismiss(body or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
