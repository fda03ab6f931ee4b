"""The codebook's section of one theme, as the export would write it: the same Doc
blocks (pseudonymised), rendered to Markdown and shown in a scrollable modal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from tema.i18n import N_, _


class CodebookPreviewModal(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", N_("Close"), id="preview.close")]

    def __init__(self, title: str, markdown: str) -> None:
        super().__init__()
        self.title_text = title
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with Vertical(id="codebook-preview", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            with VerticalScroll(id="codebook-preview-body"):
                yield Markdown(self.markdown, id="codebook-preview-text")
            yield Static(_("↑↓ pgup pgdn scroll · Esc close"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#codebook-preview-body", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
