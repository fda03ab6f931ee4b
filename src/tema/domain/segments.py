"""Segments are derived data: written in bulk with their full-text rows, rebuildable."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from tema.domain import refs
from tema.store import models as m

_COLUMNS = ("document_id", "ordinal", "start", "end", "kind", "speaker", "turn", "lemmas", "meta")


def write_segments(session: Session, doc_id: int, doc_text: str, spans: Sequence) -> int:
    """Replace a document's segments by ``spans`` (tema.nlp.SegmentSpan-like)."""
    session.execute(delete(m.Segment).where(m.Segment.document_id == doc_id))
    ordinals = {"turn": 0, "sentence": 0, "heading": 0}
    n = len(doc_text)
    rows = []  # tuples in _COLUMNS order
    for sp in spans:
        start, end, kind = sp.start, sp.end, sp.kind
        if not (0 <= start <= end <= n):
            raise ValueError(f"segment {start}–{end} outside the text (length {n})")
        rows.append((doc_id, ordinals[kind], start, end, kind, sp.speaker, sp.turn, sp.lemmas, sp.meta))
        ordinals[kind] += 1
    if not rows:
        return 0
    if session.get_bind().dialect.name == "sqlite":
        _write_sqlite(session, rows, doc_text)
    else:  # Core executemany, not per-row ORM inserts
        session.execute(insert(m.Base.metadata.tables["segment"]), [dict(zip(_COLUMNS, r)) for r in rows])
        _index(session, doc_id, doc_text)
    return len(rows)


def _write_sqlite(session: Session, rows: list[tuple], doc_text: str) -> None:
    """SQLite: segment ids are assigned here (max + 1, inside the writing transaction),
    so the segments and their full-text rows go in as two plain executemany calls —
    no per-row parameter processing, no reading the ids back (import's and merge's
    hot path). ``meta`` is JSON-encoded as the JSON column type does (None → SQL NULL)."""
    conn = session.connection()
    first = (conn.exec_driver_sql("SELECT max(id) FROM segment").scalar() or 0) + 1
    conn.exec_driver_sql(
        'INSERT INTO segment (id, document_id, ordinal, start, "end", kind, speaker, turn, lemmas, meta) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(first + i, *r[:8], None if r[8] is None else json.dumps(r[8])) for i, r in enumerate(rows)],
    )
    fts = [(first + i, doc_text[r[2] : r[3]], r[7] or "") for i, r in enumerate(rows) if r[4] == "sentence"]
    if fts:
        conn.exec_driver_sql("INSERT INTO segment_fts(rowid, text, lemmas) VALUES (?, ?, ?)", fts)


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


def segment_documents(session: Session, docs: Iterable[m.Document | refs.Ref], nlp=None) -> int:
    """(Re)build segments of documents (rows or ids) with a spaCy pipeline; codings are untouched."""
    from tema.domain.documents import document_text
    from tema.nlp import load_pipeline, pipeline_name, segment_many

    nlp = nlp or load_pipeline()
    rows = [refs.document(session, d) for d in docs]
    texts = [document_text(session, d.id) for d in rows]
    total = 0
    for doc, text_, spans in zip(rows, texts, segment_many(texts, nlp)):
        total += write_segments(session, doc.id, text_, spans)
        doc.pipeline = pipeline_name(nlp)
    session.flush()
    return total


# --- TUI support: systematic coding and fast transcript loading ------------------


_SPANS = (
    select(m.Segment.start, m.Segment.end, m.Segment.speaker)
    .where(m.Segment.document_id == bindparam("doc"), m.Segment.kind == bindparam("kind"))
    .order_by(m.Segment.start)
)


def segment_spans(session: Session, doc_id: int, kind: str = "sentence") -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of a document's segments of one kind, by position, as plain
    tuples. Read through the session's connection (Core rows: the ORM's row loading cost
    more than the query on a 20,000-word transcript); pending changes are flushed first."""
    session.flush()
    rows = session.connection().execute(_SPANS, {"doc": doc_id, "kind": kind}).all()
    return [(start, end, speaker) for start, end, speaker in rows]


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
