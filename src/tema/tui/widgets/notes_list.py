"""Notes anchored in the open transcript, listed beside it; Enter jumps to the anchor."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tema.i18n import N_, _, ngettext
from tema.text import snippet
from tema.tui.messages import NoteChosen
from tema.tui.transcript_model import NoteMark


class NotesList(OptionList):
    HELP_TITLE = N_("Notes")
    HELP_EXTRA = [("↑↓", N_("Choose a note")), ("enter", N_("Jump to its place in the transcript"))]
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: dict[str, NoteMark] = {}

    def set_notes(self, notes: list[NoteMark], text: str) -> None:
        self.notes = {str(n.id): n for n in notes}
        options = []
        for n in notes:
            end = n.end if n.end is not None and n.end > n.start else n.start
            prompt = Text(n.body.strip().splitlines()[0] if n.body.strip() else "")
            prompt.append("\n" + snippet(text, n.start, end, 0)[:60], style="dim italic")
            options.append(Option(prompt, id=str(n.id)))
        keep = self.highlighted
        self.clear_options()
        self.add_options(options)
        if options:
            self.highlighted = min(keep or 0, len(options) - 1)
        else:
            self.add_option(Option(Text(_("No notes in this transcript yet.\nn writes one at the cursor."), style="dim italic"), disabled=True))
        self.border_subtitle = ngettext("{n} note · n adds one", "{n} notes · n adds one", len(notes)).format(n=len(notes))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        note = self.notes.get(event.option.id or "")
        if note is not None:
            self.post_message(NoteChosen(self, note.id, note.start, note.end))
