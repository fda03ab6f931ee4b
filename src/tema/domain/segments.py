"""Segments are derived data: written in bulk with their full-text rows, rebuildable."""

from __future__ import annotations

from typing import Iterable, Sequence

from sqlalchemy import delete, insert, select, text as sql
from sqlalchemy.orm import Session

from tema.store import models as m


def write_segments(session: Session, doc_id: int, doc_text: str, spans: Sequence) -> int:
    """Replace a document's segments by ``spans`` (tema.nlp.SegmentSpan-like)."""
    session.execute(delete(m.Segment).where(m.Segment.document_id == doc_id))
    ordinals = {"turn": 0, "sentence": 0}
    rows = []
    for sp in spans:
        if not (0 <= sp.start <= sp.end <= len(doc_text)):
            raise ValueError(f"segment {sp.start}–{sp.end} outside the text (length {len(doc_text)})")
        rows.append(
            {
                "document_id": doc_id,
                "ordinal": ordinals[sp.kind],
                "start": sp.start,
                "end": sp.end,
                "kind": sp.kind,
                "speaker": sp.speaker,
                "turn": sp.turn,
                "lemmas": sp.lemmas,
                "meta": sp.meta,
            }
        )
        ordinals[sp.kind] += 1
    if not rows:
        return 0
    session.execute(insert(m.Segment), rows)
    _index(session, doc_id, doc_text)
    return len(rows)


def _index(session: Session, doc_id: int, doc_text: str) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from tema.store.pg_search import index_segments

        index_segments(session, doc_id, doc_text)
        return
    if dialect != "sqlite":
        return
    seg_rows = session.execute(
        select(m.Segment.id, m.Segment.start, m.Segment.end, m.Segment.lemmas).where(
            m.Segment.document_id == doc_id, m.Segment.kind == "sentence"
        )
    ).all()
    if seg_rows:
        session.execute(
            sql("INSERT INTO segment_fts(rowid, text, lemmas) VALUES (:id, :text, :lemmas)"),
            [{"id": r.id, "text": doc_text[r.start : r.end], "lemmas": r.lemmas or ""} for r in seg_rows],
        )


def document_segments(session: Session, doc_id: int, kind: str | None = None) -> list[m.Segment]:
    stmt = select(m.Segment).where(m.Segment.document_id == doc_id)
    if kind:
        stmt = stmt.where(m.Segment.kind == kind)
    return list(session.scalars(stmt.order_by(m.Segment.start, m.Segment.kind.desc())))


def segment_documents(session: Session, docs: Iterable[m.Document], nlp=None) -> int:
    """(Re)build segments of documents with a spaCy pipeline; codings are untouched."""
    from tema.domain.documents import document_text
    from tema.nlp import pipeline_name, segment_many, load_pipeline

    nlp = nlp or load_pipeline()
    docs = list(docs)
    texts = [document_text(session, d.id) for d in docs]
    total = 0
    for doc, text_, spans in zip(docs, texts, segment_many(texts, nlp)):
        total += write_segments(session, doc.id, text_, spans)
        doc.pipeline = pipeline_name(nlp)
    session.flush()
    return total


# --- TUI support: systematic coding and fast transcript loading ------------------


def segment_spans(session: Session, doc_id: int, kind: str = "sentence") -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of a document's segments of one kind, by position, as plain tuples."""
    stmt = (
        select(m.Segment.start, m.Segment.end, m.Segment.speaker)
        .where(m.Segment.document_id == doc_id, m.Segment.kind == kind)
        .order_by(m.Segment.start)
    )
    return [tuple(r) for r in session.execute(stmt)]


def next_uncoded_segment(
    session: Session, doc_id: int, offset: int, *, backwards: bool = False
) -> tuple[int, int] | None:
    """The nearest sentence segment after ``offset`` (starting at or after it), or before
    it (ending at or before it) when ``backwards``, that no live coding overlaps."""
    coded = (
        select(m.Coding.id)
        .join(m.Code, m.Code.id == m.Coding.code_id)
        .where(
            m.Coding.document_id == doc_id,
            m.Code.deleted_at.is_(None),
            m.Coding.start < m.Segment.end,
            m.Coding.end > m.Segment.start,
        )
        .exists()
    )
    stmt = select(m.Segment.start, m.Segment.end).where(
        m.Segment.document_id == doc_id, m.Segment.kind == "sentence", ~coded
    )
    if backwards:
        stmt = stmt.where(m.Segment.end <= offset).order_by(m.Segment.start.desc())
    else:
        stmt = stmt.where(m.Segment.start >= offset).order_by(m.Segment.start)
    row = session.execute(stmt.limit(1)).first()
    return (row[0], row[1]) if row else None
