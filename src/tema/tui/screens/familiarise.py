"""Phase 1, familiarisation: the documents, a calm reader (speaker turns, no code
colours), and notes anchored in the text listed beside it."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable

from tema.domain.documents import document_overview
from tema.i18n import N_, _
from tema.tui.messages import DocumentChosen, NoteChosen
from tema.tui.screens.transcript_base import EMPTY_HINT, TranscriptScreen
from tema.tui.transcript_model import TranscriptModel
from tema.tui.widgets.document_table import DocumentTable
from tema.tui.widgets.notes_list import NotesList
from tema.tui.widgets.transcript import TranscriptView


class FamiliariseScreen(TranscriptScreen):
    PHASE = 1
    NAME = "familiarise"
    HELP_TITLE = N_("Phase 1 — familiarisation")
    AUTO_FOCUS = "#documents"  # the list says "Enter opens": it has the focus first
    table_stale = False  # a document was opened elsewhere: "Last opened" is read again when shown

    def compose_body(self) -> ComposeResult:
        table = DocumentTable(id="documents")
        table.border_title = _("Documents (Enter opens)")
        yield table
        with Horizontal(id="reading"):
            yield TranscriptView(show_codings=False, hint=_(EMPTY_HINT), id="transcript")
            notes = NotesList(id="notes")
            notes.border_title = _("Notes")
            yield notes

    def fetch(self, request: dict) -> dict:
        data = super().fetch(request)
        data["rows"] = self.tema.read(document_overview, catch=False) or []
        return data

    def show(self, data: dict) -> None:
        table = self.query_one(DocumentTable)
        table.set_rows(data["rows"], current=None if table.row_count else self.tema.current_doc_id)
        super().show(data)

    def document_opened(self, model: TranscriptModel) -> None:
        self.marks_reloaded(model)
        table = self.query_one(DocumentTable)
        if str(model.doc_id) in table.rows_by_key:
            table.move_cursor(row=table.get_row_index(str(model.doc_id)))

    def _read_rows(self, current: int | None = None) -> None:
        """The document list again (its "Last opened" column), read in a worker."""
        self.load("rows", self.tema.read, partial(self._rows_read, current), document_overview, catch=False)

    def _rows_read(self, current: int | None, rows) -> None:
        self.query_one(DocumentTable).set_rows(rows or [], current=current)

    def name_of(self, kind: str, ref_id: int) -> str | None:
        row = self.query_one(DocumentTable).rows_by_key.get(str(ref_id)) if kind == "document" else None
        return row.title if row else None

    def marks_reloaded(self, model: TranscriptModel) -> None:
        self.query_one(NotesList).set_notes(model.notes, model.text)

    def on_document_chosen(self, message: DocumentChosen) -> None:
        self.open_document(message.doc_id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The cursor rests on a document in the list: read it ahead (Enter then shows it at
        once). Only while the list has the focus — not when its rows are read again."""
        table = event.data_table
        if isinstance(table, DocumentTable) and table.has_focus and event.row_key.value is not None:
            self.prefetch(int(event.row_key.value))

    def document_touched(self, doc_id: int) -> None:
        if self.is_current:
            self._read_rows(doc_id)
        else:
            self.table_stale = True

    def on_screen_resume(self) -> None:
        # (Textual runs the base classes' handlers after this one: a stale screen reloads it all.)
        if self.table_stale:
            self.table_stale = False
            if not self.stale:
                self._read_rows()

    def on_note_chosen(self, message: NoteChosen) -> None:
        view = self.view
        if view.model is None:
            return
        if message.end is not None and message.end > message.start:
            view.select(message.start, message.end, centre=True)
        else:
            i = view.model.segment_at(message.start)
            view.select_segments(i, i, centre=True)
        view.focus()
