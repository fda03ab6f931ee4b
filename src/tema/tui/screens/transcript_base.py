"""What the reading (phase 1) and coding (phase 2) screens share: one open document in a
TranscriptView, notes at the cursor (`n`), the document chooser (`d`)."""

from __future__ import annotations

from textual.binding import Binding

from tema.domain import journal, transcript_view
from tema.domain.documents import document_overview
from tema.errors import NotFound, TemaError
from tema.i18n import _, ngettext
from tema.text import snippet
from tema.tui import reads
from tema.tui.messages import SelectionChanged
from tema.tui.modals.choose import ChooseModal
from tema.tui.modals.memo import MemoModal
from tema.tui.screens.base import PhaseScreen
from tema.tui.transcript_model import TranscriptModel, model_of
from tema.tui.widgets.transcript import TranscriptView

EMPTY_HINT = "No transcripts yet. Import some: ctrl+p, then «Import transcripts»."


class TranscriptScreen(PhaseScreen):
    BINDINGS = [
        Binding("n", "note", "Note", tooltip="Note on the selection", id="transcript-screen.note"),
        Binding("d", "choose_document", "Documents", show=False, tooltip="Open another transcript",
                id="transcript-screen.documents"),
    ]

    @property
    def view(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    @property
    def model(self) -> TranscriptModel | None:
        return self.view.model

    # --- documents ----------------------------------------------------------------
    def open_document(self, doc_id: int, start: int | None = None, end: int | None = None, *,
                      marks: list[tuple[int, int]] | None = None, touch: bool = True, focus: bool = True) -> None:
        """Show a document (``touch``: remember it was opened; ``focus``: the reader takes
        the focus — not when a screen reopens what it showed on its own)."""
        try:
            data = self.tema.read(transcript_view.transcript, doc_id, pseudonymised=self.tema.pseudonymised,
                                  catch=False)
        except TemaError as exc:
            if isinstance(exc, NotFound) and self.tema.current_doc_id == doc_id:
                self.tema.current_doc_id, self.tema.cursor = None, (None, None)
            self.tema.report(exc)
            return
        model = model_of(data)
        self.tema.current_doc_id = doc_id
        if touch:
            self.tema.touch_document(doc_id)
        view = self.view
        view.show(model, start, end)
        view.hits = list(marks or [])
        view.refresh_marks()
        view.border_title = f"{model.title}" + (f" · {model.participant}" if model.participant else "")
        self.document_opened(model)
        if focus:
            view.focus()

    def document_opened(self, model: TranscriptModel) -> None:
        """Hook: the open document changed."""

    def reload(self) -> None:
        model = self.model
        if model is None:
            doc_id = self.tema.current_doc_id or reads.default_document(self.tema.read(document_overview) or [])
            if doc_id:
                self.open_document(doc_id, *self.tema.cursor, touch=False, focus=False)
            return
        try:
            marks = self.tema.read(transcript_view.transcript_marks, model.doc_id,
                                   pseudonymised=self.tema.pseudonymised, catch=False)
        except NotFound:
            self.document_vanished(model)
            return
        except TemaError as exc:  # busy, or the store failed: keep what is shown, say why
            self.tema.report(exc)
            marks = None
        if marks is not None:
            model.set_codings(marks[0])
            model.set_notes(marks[1])
            self.view.refresh_marks()
            self.marks_reloaded(model)
            self.selection_changed(*self.view.sel)

    def document_vanished(self, model: TranscriptModel) -> None:
        """Another change removed (or trashed) the open document: show none, say so."""
        self.view.model = None
        self.view.border_title = ""
        self.view.refresh_marks()
        if self.tema.current_doc_id == model.doc_id:
            self.tema.current_doc_id, self.tema.cursor = None, (None, None)
        self.notify(_("«{name}» was removed by another change; the view was refreshed").format(name=model.title),
                    severity="warning", title=_("Changed elsewhere"))

    def marks_reloaded(self, model: TranscriptModel) -> None:
        """Hook: codings or notes of the open document were read again."""

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        want = self.tema.current_doc_id
        if want is not None and (self.model is None or self.model.doc_id != want):
            self.open_document(want, *self.tema.cursor, touch=False, focus=False)

    def action_choose_document(self) -> None:
        items = reads.document_items(self.tema.read(document_overview) or [])
        if not items:
            self.notify("No documents in this project yet.", severity="warning")
            return
        current = self.model.doc_id if self.model else None
        self.app.push_screen(ChooseModal("Open a transcript", items, highlight=current),
                             lambda doc_id: doc_id is not None and self.open_document(doc_id))

    # --- selection ----------------------------------------------------------------
    def on_selection_changed(self, message: SelectionChanged) -> None:
        self.tema.cursor = (message.start, message.end)
        if self.model is not None:
            self.selection_changed(message.start, message.end)

    def selection_changed(self, start: int, end: int) -> None:
        """Hook: the selection moved."""

    # --- copy ---------------------------------------------------------------------
    def action_copy_selection(self) -> None:
        """y / ctrl+c in the reader: the selection to the clipboard (OSC 52: over SSH too)."""
        from tema.tui.clipboard import selection_text

        model, sel = self.model, self.view.selection
        if model is None or sel is None:
            self.notify(_("Open a document and select a passage first."), severity="warning")
            return
        text = self.tema.read(selection_text, model.doc_id, *sel, pseudonymised=self.tema.pseudonymised)
        if text is None:
            return
        self.app.copy_to_clipboard(text)
        n = len(text)
        message = ngettext("Copied {n} character", "Copied {n} characters", n).format(n=n)
        self.notify(message + (" " + _("(pseudonymised)") if self.tema.pseudonymised else "") + ".")

    # --- notes --------------------------------------------------------------------
    def action_note(self) -> None:
        model, sel = self.model, self.view.selection
        if model is None or sel is None:
            self.notify("Open a document first.", severity="warning")
            return
        start, end = sel
        context = f"{model.title}, at «{snippet(model.text, start, end, 0)[:70]}»"

        def save(body: str | None) -> None:
            if body:
                done = self.tema.write(journal.add_note, body, target_kind="document", target_id=model.doc_id,
                                       start=start, end=end, coder_id=self.tema.coder_id)
                if done is not None:
                    self.notify("Note added.")

        self.app.push_screen(MemoModal("Note on this passage", context), save)

    def where(self) -> dict:
        model = self.model
        return {"screen": self.NAME, "document": model.doc_id if model else None,
                "offset": self.view.sel[0] if model else None}

    def where_label(self) -> str:
        model = self.model
        if model is None:
            return super().where_label()
        return f"{model.title}, offset {self.view.sel[0]}"

