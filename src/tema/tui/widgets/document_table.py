"""Phase 1's document list: participant, words, share coded, when last opened."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import DataTable

from tema.domain.documents import DocumentRow
from tema.i18n import N_, _
from tema.tui.messages import DocumentChosen


def opened_label(when: datetime | None, now: datetime | None = None) -> str:
    """'—', 'today 14:05' or a date, in local time (stored naive UTC)."""
    if when is None:
        return "—"
    local = when.replace(tzinfo=UTC).astimezone()
    now = now or datetime.now().astimezone()
    return _("today {time}").format(time=f"{local:%H:%M}") if local.date() == now.date() else f"{local:%Y-%m-%d}"


class DocumentTable(DataTable):
    HELP_TITLE = N_("Document list")
    HELP_EXTRA = [("↑↓", N_("Choose a document")), ("enter", N_("Open it in the reader"))]
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.rows_by_key: dict[str, DocumentRow] = {}

    def on_mount(self) -> None:
        self.add_column(_("Document"), key="title")
        self.add_column(_("Participant"), key="participant")
        self.add_column(_("Words"), key="words")
        self.add_column(_("Coded"), key="coded")
        self.add_column(_("Codings"), key="codings")
        self.add_column(_("Last opened"), key="opened")

    def set_rows(self, rows: list[DocumentRow], current: int | None = None) -> None:
        """Show ``rows``; the cursor goes to ``current`` when given, else stays on the
        document it was on (else at the same height)."""
        keep = self.cursor_row
        if current is None and self.row_count and 0 <= keep < self.row_count:
            current = int(self.coordinate_to_cell_key((keep, 0)).row_key.value)
        self.clear()
        self.rows_by_key = {}
        for r in rows:
            who = f"{r.participant} ({r.participant_label})" if r.participant_label else (r.participant or "—")
            self.add_row(
                r.title, who, f"{r.n_words:>7,}".replace(",", " "), f"{round(100 * r.coded_share):>3} %",
                f"{r.codings:>4}", opened_label(r.last_opened_at), key=str(r.id),
            )
            self.rows_by_key[str(r.id)] = r
        if current is not None and str(current) in self.rows_by_key:
            self.move_cursor(row=self.get_row_index(str(current)))
        elif rows:
            self.move_cursor(row=min(keep, len(rows) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(DocumentChosen(self, int(event.row_key.value)))
