"""Domain results shaped for the TUI's lists (plain values in, plain values out), and
the reads the screens' workers make (never a widget in here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tema.domain import transcript_view
from tema.domain.codes import CodeStat
from tema.domain.documents import DocumentRow
from tema.i18n import _, ngettext
from tema.tui.ranking import CodeChoice
from tema.tui.transcript_model import TranscriptModel, model_of

if TYPE_CHECKING:
    from tema.tui.app import TemaApp


def read_document(app: TemaApp, doc_id: int, pseudonymised: bool, width: int, touch: bool = False) -> TranscriptModel:
    """A worker's read of a document for the transcript view: its model, laid out for
    ``width`` (a 20,000-word transcript takes tens of milliseconds); ``touch`` then
    records that it was opened."""
    data = app.read(transcript_view.transcript, doc_id, pseudonymised=pseudonymised, catch=False)
    model = model_of(data)
    model.layout(width)
    if touch:
        app.touch_document(doc_id)
    return model


def code_choices(stats: list[CodeStat]) -> list[CodeChoice]:
    return [
        CodeChoice(st.code.id, st.code.name, st.code.definition, st.code.level, st.code.colour, st.extracts)
        for st in stats
    ]


def document_items(rows: list[DocumentRow]) -> list[tuple[int, Text]]:
    out = []
    for r in rows:
        who = f"{r.participant} ({r.participant_label})" if r.participant_label else (r.participant or "")
        words = ngettext("{n} word", "{n} words", r.n_words).format(n=r.n_words)
        coded = _("{share} coded").format(share=f"{round(100 * r.coded_share)} %")
        out.append((r.id, Text.assemble((r.title, "bold"), f"  {who}  ", (f"{words} · {coded}", "dim"))))
    return out


def default_document(rows: list[DocumentRow]) -> int | None:
    """The document to show first: the one opened most recently, else the first by title."""
    if not rows:
        return None
    opened = [r for r in rows if r.last_opened_at is not None]
    if opened:
        return max(opened, key=lambda r: r.last_opened_at).id
    return rows[0].id
