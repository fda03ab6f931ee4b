"""`/`: full-text search across transcripts (lemmas by default, or exact word forms).

The query can always be edited: the field keeps the focus when the hits appear; ↓ or
Tab go to the hits, and typing or Backspace there goes back to the field and edits it.
Enter in the field searches (again); Enter on a hit jumps to it in the transcript."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.domain.search import Hit
from tema.i18n import N_, _, ngettext
from tema.tui.modals.type_ahead import TypeAhead
from tema.tui.widgets.inputs import TemaInput

Runner = Callable[[str, bool], list[Hit]]


def hit_text(hit: Hit) -> Text:
    who = f"{hit.participant}" if hit.participant else hit.document
    head = Text.assemble((hit.document, "bold"), "  ", (f"{hit.speaker or who}", "dim"), "\n  ")
    body = Text(hit.text.replace("\r", " ").replace("\n", " "))  # same length: marks stay exact
    for a, b in hit.marks:
        body.stylize("bold reverse", a, b)
    body.truncate(240, overflow="ellipsis")
    return head + body


class SearchModal(TypeAhead, ModalScreen[Hit | None]):
    TYPE_AHEAD = "#search-input"
    BINDINGS = [
        Binding("escape", "cancel", N_("Close"), id="search.cancel"),
        Binding("ctrl+e", "toggle_exact", N_("Exact word forms on/off"), id="search.exact"),
        Binding("down", "to_hits", N_("To the hits"), show=False, id="search.to-hits"),
    ]

    def __init__(self, runner: Runner, query: str = "") -> None:
        super().__init__()
        self.runner = runner
        self.query_text = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search", classes="modal"):
            yield Label(_("Search the transcripts"), classes="modal-title")
            with Horizontal(id="search-row"):
                yield TemaInput(self.query_text, placeholder=_("Words (all must occur); Enter searches"),
                                id="search-input", select_on_focus=False)
                yield Checkbox(_("exact forms"), id="search-exact")
            yield Static("", id="search-status")
            yield OptionList(id="search-hits")
            yield Static(_("Enter searches · ↓ or Tab to the hits, Enter there jumps · typing edits the words · "
                           "ctrl+e exact forms · Esc close"), classes="modal-hint")

    def on_mount(self) -> None:
        # Tab goes between the field and the hits; the checkbox has ctrl+e (and the mouse).
        self.query_one("#search-exact", Checkbox).can_focus = False
        self.query_one("#search-input").focus()

    @property
    def field(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def hit_list(self) -> OptionList:
        return self.query_one("#search-hits", OptionList)

    def on_key(self, event: events.Key) -> None:
        """On the hits, typing and Backspace edit the words: back to the field with the key."""
        if self.focused is self.hit_list and (event.key == "backspace" or (event.is_printable and event.character)):
            field = self.field
            field.focus()
            field.cursor_position = len(field.value)
            if event.key == "backspace":
                field.action_delete_left()
            else:
                field.insert_text_at_cursor(event.character or "")
            event.stop()
            event.prevent_default()  # TypeAhead.on_key (next along the MRO) leaves it alone

    def action_to_hits(self) -> None:
        if self.hit_list.option_count:
            self.hit_list.focus()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query:
            self.query_one("#search-status", Static).update(_("Searching…"))
            self.run_search(query, self.query_one("#search-exact", Checkbox).value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str, exact: bool) -> None:
        try:
            hits = self.runner(query, exact)
        except Exception as exc:  # a TemaError (no words) or a database problem
            self.app.call_from_thread(self._show_error, str(exc))
            return
        self.app.call_from_thread(self._show, query, hits)

    def _show_error(self, message: str) -> None:
        self.query_one("#search-status", Static).update(message)

    def _show(self, query: str, hits: list[Hit]) -> None:
        self.hits = hits
        opts = self.query_one("#search-hits", OptionList)
        opts.clear_options()
        opts.add_options([Option(hit_text(h), id=str(i)) for i, h in enumerate(hits)])
        docs = len({h.document_id for h in hits})
        sentences = ngettext("{n} sentence", "{n} sentences", len(hits)).format(n=len(hits))
        documents = ngettext("{n} document", "{n} documents", docs).format(n=docs)
        self.query_one("#search-status", Static).update(
            _("{sentences} in {documents} for «{query}» — ↓ to the hits").format(
                sentences=sentences, documents=documents, query=query)
            if hits else _("Nothing found for «{query}».").format(query=query)
        )
        if hits:
            opts.highlighted = 0  # the field keeps the focus: the words can still be edited

    @on(OptionList.OptionSelected, "#search-hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[int(event.option.id)])

    def action_toggle_exact(self) -> None:
        box = self.query_one("#search-exact", Checkbox)
        box.value = not box.value

    def action_cancel(self) -> None:
        self.dismiss(None)
