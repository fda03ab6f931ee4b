"""What the reading (phase 1) and coding (phase 2) screens share: one open document in a
TranscriptView, notes at the cursor (`n`), the document chooser (`d`)."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding

from tema.domain import journal, transcript_view
from tema.domain.documents import document_overview
from tema.errors import NotFound, TemaError, Vanished
from tema.i18n import N_, _, ngettext
from tema.text import snippet
from tema.tui import reads
from tema.tui.messages import SelectionChanged
from tema.tui.modals.memo import MemoModal
from tema.tui.prefetch import DocumentPrefetch
from tema.tui.reads import read_document
from tema.tui.screens.base import PhaseScreen
from tema.tui.transcript_model import TranscriptModel
from tema.tui.widgets.transcript import TranscriptView

EMPTY_HINT = N_("No transcripts yet. Import some: ctrl+p, then «Import transcripts».")  # shown through _()


class TranscriptScreen(DocumentPrefetch, PhaseScreen):
    BINDINGS = [
        Binding("n", "note", N_("Note"), tooltip=N_("Note on the selection"), id="transcript-screen.note"),
        Binding("d", "choose_document", N_("Documents"), show=False, tooltip=N_("Open another transcript"),
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
        """Show a document: read (and laid out) in a worker, shown when it arrives; until
        then the view keeps what it shows. ``touch``: remember it was opened; ``focus``: the
        reader takes the focus — not when a screen reopens what it showed on its own."""
        self._opening += 1
        self._opening_id = doc_id
        ready = self.take_prefetched(doc_id)
        if ready is not None:  # read ahead while the chooser was open: shown in this frame
            self.drop("document")
            self._document_read(start, end, marks, focus, ready)
            if touch:
                self.run_worker(partial(self.tema.touch_document, doc_id), name="touch", group="touch", thread=True,
                                exit_on_error=False)
            return
        self.view.awaiting = True
        self.load("document", read_document, partial(self._document_read, start, end, marks, focus),
                  self.tema, doc_id, self.tema.pseudonymised, self.view.text_width, touch)

    _opening = 0  # explicit opens so far (a reload's choice of document yields to a later one)
    _opening_id: int | None = None  # the document last asked for

    def _document_read(self, start: int | None, end: int | None, marks: list[tuple[int, int]] | None,
                       focus: bool, model: TranscriptModel) -> None:
        self.tema.current_doc_id = model.doc_id
        view = self.view
        view.show(model, start, end)
        view.hits = list(marks or [])
        view.refresh_marks()
        view.border_title = f"{model.title}" + (f" · {model.participant}" if model.participant else "")
        self.document_opened(model)
        if focus:
            view.focus()
        view.arrived()

    def load_failed(self, key: str, exc: TemaError) -> None:
        if key == "prefetch":
            self.prefetch_failed()
            return
        if key == "document" and isinstance(exc, NotFound) and isinstance(exc, Vanished) \
                and self.tema.current_doc_id == exc.ref_id and exc.kind == "document":
            self.tema.current_doc_id, self.tema.cursor = None, (None, None)
        if key in ("document", "view"):
            self.view.arrived()
        self.tema.report(exc, refresh=key == "document")

    def document_opened(self, model: TranscriptModel) -> None:
        """Hook: the open document changed."""

    def request(self) -> dict:
        model = self.model
        if model is None:
            self.view.awaiting = True  # the first document is read with the rest
        return {"doc": model.doc_id if model else None, "want": self.tema.current_doc_id,
                "cursor": self.tema.cursor, "pseudonymised": self.tema.pseudonymised,
                "width": self.view.text_width, "opening": self._opening}

    def fetch(self, request: dict) -> dict:
        """The open document's codings and notes; with none open, the document to show
        first (the current one, else the last opened), read whole."""
        read = self.tema.read
        if request["doc"] is None:
            doc_id = request["want"] or reads.default_document(read(document_overview, catch=False) or [])
            model = read_document(self.tema, doc_id, request["pseudonymised"], request["width"]) if doc_id else None
            return {"request": request, "model": model}
        try:
            marks = read(transcript_view.transcript_marks, request["doc"], pseudonymised=request["pseudonymised"],
                         catch=False)
        except NotFound:
            return {"request": request, "vanished": True}
        return {"request": request, "marks": marks}

    def show(self, data: dict) -> None:
        request = data["request"]
        model = self.model
        if "model" in data:
            if self._opening != request["opening"]:
                return  # a document opened meanwhile: its own read shows it
            if data["model"] is not None and model is None:
                self._document_read(*request["cursor"], None, False, data["model"])
            else:
                self.view.arrived()
            return
        if model is None or model.doc_id != request["doc"]:
            return  # another document was opened meanwhile: its own read is newer
        if data.get("vanished"):
            self.document_vanished(model)
            return
        codings, notes = data["marks"]
        changed = model.set_codings(codings) + model.set_notes(notes)
        self.view.refresh_marks(changed)
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
        if want is not None and (self.model is None or self.model.doc_id != want) and not self.opening(want):
            self.open_document(want, *self.tema.cursor, touch=False, focus=False)

    def opening(self, doc_id: int) -> bool:
        """A read of this document for the view is on its way."""
        return self._opening_id == doc_id and self.loading

    def action_choose_document(self) -> None:
        self.load("chooser", self.tema.read, self._choose_document, document_overview, catch=False)

    def _choose_document(self, rows) -> None:
        items = reads.document_items(rows or [])
        if not items:
            self.notify(_("No documents in this project yet."), severity="warning")
            return
        current = self.model.doc_id if self.model else None
        self.tema.choose("document-chooser", _("Open a transcript"), items, self._chosen, highlight=current,
                         on_highlight=self.prefetch)

    def _chosen(self, doc_id: int | None) -> None:
        if doc_id is None:
            self.prefetch(None)
        else:
            self.open_document(doc_id)

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
            self.notify(_("Open a document first."), severity="warning")
            return
        start, end = sel
        context = _("{document}, at «{text}»").format(document=model.title, text=snippet(model.text, start, end, 0)[:70])

        def save(body: str | None) -> None:
            if body:
                done = self.tema.write(journal.add_note, body, target_kind="document", target_id=model.doc_id,
                                       start=start, end=end, coder_id=self.tema.coder_id)
                if done is not None:
                    self.notify(_("Note added."))

        self.app.push_screen(MemoModal(_("Note on this passage"), context), save)

    def where(self) -> dict:
        model = self.model
        return {"screen": self.NAME, "document": model.doc_id if model else None,
                "offset": self.view.sel[0] if model else None}

    def where_label(self) -> str:
        model = self.model
        if model is None:
            return super().where_label()
        return _("{document}, offset {offset}").format(document=model.title, offset=self.view.sel[0])

