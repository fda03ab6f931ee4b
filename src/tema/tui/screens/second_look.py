"""A second look (tema.domain.similar): "Passages like this" for a coded extract (phase 2)
and "Where else?" for a theme (phase 4) — the closest passages not coded with the code
(or in the theme), each with the lemmas it shares, read in a worker so no keypress waits.
Enter on a passage returns it (the caller opens the transcript there); nothing is coded.
When the list is shown, ``shown(look)`` runs (the caller writes the journal line)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tema.domain.similar import Passage, SecondLook
from tema.i18n import N_, _, ngettext


def passage_text(rank: int, p: Passage, *, who: bool = True) -> Text:
    """Rank, participant and document, the shared lemmas, then the passage with them marked."""
    head = Text(f"{rank:>2}. ", style="dim")
    if who:
        head.append(p.who, style="bold")
        head.append(" · ")
    head.append(f"{p.document} {p.start}–{p.end}", style="dim")
    head.append("  " + _("shared: {lemmas}").format(lemmas=", ".join(p.shared)), style="italic")
    body = Text(p.text.replace("\r", " ").replace("\n", " "))  # same length: the marks stay exact
    for a, b in p.marks:
        body.stylize("bold reverse", a, b)
    body.truncate(300, overflow="ellipsis")
    return head + Text("\n    ") + body


class SecondLookModal(ModalScreen[Passage | None]):
    DEFAULT_CSS = """
    SecondLookModal { align: center middle; }
    #second-look { width: 95%; height: 90%; }
    #second-look-terms { color: $text-muted; padding: 0 1; }
    #second-look-status { padding: 0 1; }
    #second-look-passages { height: 1fr; border: round $primary 40%; }
    #second-look-passages:focus { border: round $primary; }
    """
    BINDINGS = [Binding("escape", "close", N_("Close"), id="second-look.close")]

    def __init__(self, title: str, load: Callable[[], SecondLook], *, grouped: bool = False,
                 shown: Callable[[SecondLook], None] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.load = load
        self.grouped = grouped
        self.shown = shown
        self.look: SecondLook | None = None
        self.passages: list[Passage] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="second-look", classes="modal"):
            yield Label(self.title_text, classes="modal-title")
            yield Static(_("Looking through the transcripts…"), id="second-look-status")
            yield Static("", id="second-look-terms")
            yield OptionList(id="second-look-passages")
            yield Static(_("↑↓ choose · Enter open in the transcript (nothing is coded) · Esc close"),
                         classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#second-look-passages", OptionList).focus()
        self.run_load()

    @work(thread=True, exclusive=True, group="second-look", exit_on_error=False)
    def run_load(self) -> None:
        try:
            look = self.load()
        except Exception as exc:  # a TemaError (gone, busy) or a database problem: said, not raised
            self.app.call_from_thread(self._show_error, str(exc))
            return
        self.app.call_from_thread(self._show, look)

    def _show_error(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#second-look-status", Static).update(message)

    def _show(self, look: SecondLook) -> None:
        if not self.is_attached:
            return
        self.look = look
        options: list[Option] = []
        self.passages = []
        rank = {p.segment_id: i + 1 for i, p in enumerate(look.passages)}  # overall closeness
        if self.grouped:
            for who, group in look.by_participant():
                options.append(Option(Text(f"{who} — " + ngettext("{n} passage", "{n} passages", len(group))
                                           .format(n=len(group)), style="bold reverse"), disabled=True))
                options += [self._option(rank[p.segment_id], p, who=False) for p in group]
        else:
            options = [self._option(rank[p.segment_id], p) for p in look.passages]
        passages = self.query_one("#second-look-passages", OptionList)
        passages.set_options(options)
        if self.passages:
            passages.highlighted = next(i for i, o in enumerate(options) if not o.disabled)
        terms = ", ".join(t.lemma for t in look.terms)
        self.query_one("#second-look-terms", Static).update(
            _("lemmas looked for: {terms}").format(terms=terms) if terms else
            _("no content lemmas to look for in these extracts"))
        n = len(look.passages)
        status = ngettext("{n} passage like {what}", "{n} passages like {what}", n).format(n=n, what=look.what)
        status += " " + ngettext("(from {m} extract), closest first", "(from {m} extracts), closest first",
                                 look.extracts).format(m=look.extracts)
        if self.grouped:
            none = look.participants_without
            status += "\n" + (_("No passages from: {who}").format(who=", ".join(none)) if none else
                              _("Every participant has a passage here."))
        self.query_one("#second-look-status", Static).update(status)
        if self.shown is not None:
            self.shown(look)

    def _option(self, rank: int, p: Passage, *, who: bool = True) -> Option:
        self.passages.append(p)
        return Option(passage_text(rank, p, who=who), id=str(len(self.passages) - 1))

    @on(OptionList.OptionSelected, "#second-look-passages")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.passages[int(event.option.id)])

    def action_close(self) -> None:
        self.dismiss(None)


def open_second_look(screen, kind: str, item_id: int, name: str) -> None:
    """Open the second look from a phase screen: ``kind`` "coding" (phase 2: passages like
    this extract, not coded with its code) or "theme" (phase 4: where else, grouped by
    participant). The list is read in the modal's worker; once shown, one journal line
    records it; Enter on a passage opens it in the transcript with the cursor on it."""
    from tema.domain.similar import journal_second_look, similar_to_coding, similar_to_theme

    app = screen.app
    fn = similar_to_coding if kind == "coding" else similar_to_theme
    what = (_("code {name}") if kind == "coding" else _("theme {name}")).format(name=name)

    def load() -> SecondLook:
        return app.read(fn, item_id, pseudonymised=app.pseudonymised, catch=False)

    def shown(look: SecondLook) -> None:
        app.write(journal_second_look, what, len(look.passages), app.coder_id,
                  context={kind: item_id, "lemmas": [t.lemma for t in look.terms]})

    def chosen(p: Passage | None) -> None:
        if p is not None:
            app.open_anywhere(p.document_id, p.start, p.end)

    title = (_("Passages like this — {what}") if kind == "coding" else _("Where else? — {what}")).format(what=what)
    app.push_screen(SecondLookModal(title, load, grouped=kind == "theme", shown=shown), chosen)
