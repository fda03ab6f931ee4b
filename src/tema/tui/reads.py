"""Domain reads shaped for the TUI's lists (no SQL here: domain calls only)."""

from __future__ import annotations

from rich.text import Text
from sqlalchemy.orm import Session

from tema.domain import codes, documents
from tema.tui.ranking import CodeChoice


def code_choices(session: Session) -> list[CodeChoice]:
    return [
        CodeChoice(st.code.id, st.code.name, st.code.definition, st.code.level, st.code.colour, st.extracts)
        for st in codes.code_stats(session)
    ]


def document_items(session: Session) -> list[tuple[int, Text]]:
    out = []
    for r in documents.document_overview(session):
        who = f"{r.participant} ({r.participant_label})" if r.participant_label else (r.participant or "")
        out.append((r.id, Text.assemble((r.title, "bold"), f"  {who}  ", (f"{r.n_words} words · {round(100 * r.coded_share)} % coded", "dim"))))
    return out


def default_document(session: Session) -> int | None:
    """The document to show first: the one opened most recently, else the first by title."""
    rows = documents.document_overview(session)
    if not rows:
        return None
    opened = [r for r in rows if r.last_opened_at is not None]
    if opened:
        return max(opened, key=lambda r: r.last_opened_at).id
    return rows[0].id
