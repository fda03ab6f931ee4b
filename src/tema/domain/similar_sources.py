"""What a second look starts from: extracts (codings, or one span of a transcript) in live
documents, and the sentence segments they cover — each read in a fixed number of
statements, whatever the number of extracts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, aliased

from tema.domain.similar_query import SourceSegment
from tema.store import models as m


@dataclass(frozen=True, slots=True)
class Span:
    """An extract: a coding (``coding_id``) or a span picked by hand (``coding_id`` None)."""

    document_id: int
    start: int
    end: int
    coding_id: int | None = None
    code_id: int | None = None


def coded_spans(session: Session, code_ids: Collection[int], trashed: Collection[int] = ()) -> list[Span]:
    """The codings of some codes outside the ``trashed`` documents (one statement; the
    document rows are not read: they hold the transcripts)."""
    if not code_ids:
        return []
    stmt = select(m.Coding.document_id, m.Coding.start, m.Coding.end, m.Coding.id, m.Coding.code_id).where(
        m.Coding.code_id.in_(list(code_ids)))
    if trashed:
        stmt = stmt.where(m.Coding.document_id.not_in(list(trashed)))
    return [Span(*r) for r in session.execute(stmt.order_by(m.Coding.document_id, m.Coding.start, m.Coding.id))]


def source_segments(session: Session, spans: list[Span]) -> list[SourceSegment]:
    """The sentence segments overlapping each span (two or three statements): codings are
    joined to their segments in SQL; hand-picked spans are looked up per document."""
    index = {sp.coding_id: i for i, sp in enumerate(spans) if sp.coding_id is not None}
    rows: list[tuple] = []  # (span index, segment id, start, end, lemmas, speaker)
    if index:
        rows += [(index[r[0]], *r[1:]) for r in session.execute(_coding_segments(list(index)))]
    for i, sp in enumerate(spans):
        if sp.coding_id is None:
            rows += [(i, *r) for r in session.execute(_span_segments(sp))]
    partial = {r[1] for r in rows if not (spans[r[0]].start <= r[2] and r[3] <= spans[r[0]].end)}
    texts = segment_texts(session, partial)
    return [SourceSegment(i, seg_id, a, b, lemmas or "", texts.get(seg_id), spans[i].start, spans[i].end, speaker)
            for i, seg_id, a, b, lemmas, speaker in rows]


def _first_start(doc_col, start_col):
    """The start of the sentence holding ``start_col``: a correlated subquery walking the
    (document, start) index backwards from the position, so it stops at the first sentence."""
    s2 = aliased(m.Segment)
    return (
        select(s2.start)
        .where(s2.document_id == doc_col, s2.kind == "sentence", s2.start <= start_col)
        .order_by(s2.start.desc())
        .limit(1)
        .scalar_subquery()
    )


def _coding_segments(coding_ids: list[int]):
    c, g = m.Coding, aliased(m.Segment)
    return (
        select(c.id, g.id, g.start, g.end, g.lemmas, g.speaker)
        .join(g, and_(g.document_id == c.document_id, g.kind == "sentence",
                      g.start >= func.coalesce(_first_start(c.document_id, c.start), 0),
                      g.start < c.end, g.end > c.start))
        .where(c.id.in_(coding_ids))
    )


def _span_segments(sp: Span):
    g = m.Segment
    return select(g.id, g.start, g.end, g.lemmas, g.speaker).where(
        g.document_id == sp.document_id, g.kind == "sentence",
        g.start >= func.coalesce(_first_start(sp.document_id, sp.start), 0),
        g.start < sp.end, g.end > sp.start,
    )


def segment_texts(session: Session, seg_ids: Collection[int]) -> dict[int, str]:
    """The text of some sentence segments (one statement): from the FTS5 index on SQLite,
    else a substring of the document (code points, as Python counts them)."""
    if not seg_ids:
        return {}
    ids = sorted(seg_ids)
    if session.get_bind().dialect.name == "sqlite":
        marks = ", ".join(str(int(i)) for i in ids)
        return dict(session.execute(sql(f"SELECT rowid, text FROM segment_fts WHERE rowid IN ({marks})")).all())
    stmt = (
        select(m.Segment.id, func.substr(m.Document.text, m.Segment.start + 1, m.Segment.end - m.Segment.start))
        .join(m.Document, m.Document.id == m.Segment.document_id)
        .where(m.Segment.id.in_(ids))
    )
    return dict(session.execute(stmt).all())
