"""The extracts of a code or a theme: participant label, document and text; `c` shows
the context around the highlighted extract."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.domain.coding import Extract
from tema.i18n import N_, _, ngettext

CONTEXT = 300


def extract_line(e: Extract) -> Text:
    who = e.participant_label or e.participant or "?"
    line = Text.assemble((f"{who}", "bold"), (f" · {e.document} · {e.code}\n", "dim"))
    line.append("  " + " ".join(e.text.split()))
    return line


class ExtractsModal(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="extracts.close"),
        Binding("c", "context", N_("Context"), id="extracts.context"),
    ]

    def __init__(self, title: str, found: list[Extract], context_of) -> None:
        super().__init__()
        self.title_text = title
        self.found = found
        self.context_of = context_of  # (Extract) -> str

    def compose(self) -> ComposeResult:
        with Vertical(id="extracts", classes="modal"):
            n = len(self.found)
            yield Label(f"{self.title_text} — " + ngettext("{n} extract", "{n} extracts", n).format(n=n),
                        classes="modal-title")
            yield OptionList(*[Option(extract_line(e), id=str(i)) for i, e in enumerate(self.found)], id="extracts-list")
            yield Static("", id="extracts-context", classes="modal-context")
            yield Static(_("↑↓ move · c context · Esc close"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#extracts-context").display = False
        self.query_one(OptionList).focus()

    def action_context(self) -> None:
        opt = self.query_one(OptionList).highlighted_option
        if opt is None:
            return
        box = self.query_one("#extracts-context", Static)
        box.update(self.context_of(self.found[int(opt.id)]))
        box.display = True

    def action_close(self) -> None:
        self.dismiss(None)


def context_text(text: str, e: Extract) -> Text:
    """The extract in its surrounding text, the extract itself in bold."""
    a, b = max(0, e.start - CONTEXT), min(len(text), e.end + CONTEXT)
    return Text.assemble(("…" if a else "") + text[a:e.start], (text[e.start:e.end], "bold reverse"),
                         text[e.end:b] + ("…" if b < len(text) else ""))
