"""PostgreSQL full-text search over sentence segments (the SQLite store uses FTS5).

The table ``segment_search`` (created by migration 0002 on PostgreSQL only)
holds one row per sentence segment: ``forms``, a ``tsvector`` of the word forms
(the ``simple`` configuration: lower-cased, no stemming, so ``--exact`` finds
exactly the typed forms), and ``lemmas``, a ``tsvector`` of the lemmas tema's
own pipeline gave the sentence (so the default search finds every inflection,
as on SQLite). Both have GIN indexes. Rows go with their segment (ON DELETE
CASCADE) and are written by :func:`index_segments` from
``tema.domain.segments``.
"""

from __future__ import annotations

from sqlalchemy import text as sql
from sqlalchemy.orm import Session

TABLE = "segment_search"
CONFIG = "simple"


def index_segments(session: Session, doc_id: int, doc_text: str) -> int:
    """(Re)write the search rows of one document's sentence segments; returns rows written."""
    session.execute(sql(f"DELETE FROM {TABLE} WHERE document_id = :d"), {"d": doc_id})
    rows = session.execute(
        sql('SELECT id, start, "end", lemmas FROM segment WHERE document_id = :d AND kind = \'sentence\''),
        {"d": doc_id},
    ).all()
    if not rows:
        return 0
    session.execute(
        sql(
            f"INSERT INTO {TABLE} (segment_id, document_id, forms, lemmas) VALUES "
            f"(:id, :d, to_tsvector('{CONFIG}', :text), to_tsvector('{CONFIG}', :lemmas))"
        ),
        [{"id": r.id, "d": doc_id, "text": doc_text[r.start : r.end], "lemmas": r.lemmas or ""} for r in rows],
    )
    return len(rows)


def _tsquery_terms(words: list[str]) -> str:
    # Each word is its own lexeme; the 'simple' parser may split a word further
    # (e.g. at an apostrophe), which plainto_tsquery handles — all terms must match.
    return " ".join(words)


def pg_search(session: Session, words: list[str], *, exact: bool = False, limit: int = 200, nlp=None):
    """Segments whose forms (``exact``) or lemmas contain every word; returns ``Hit``s."""
    from tema.domain.search import hits_for_segments

    if exact:
        column, terms = "forms", [w.lower() for w in words]
    else:
        from tema.nlp import lemmatize_query

        column = "lemmas"
        terms = [w.lower() for w in lemmatize_query(" ".join(words), nlp)] or [w.lower() for w in words]
    rows = session.execute(
        sql(
            f"SELECT segment_id FROM {TABLE} WHERE {column} @@ plainto_tsquery('{CONFIG}', :q) "
            "ORDER BY segment_id LIMIT :limit"
        ),
        {"q": _tsquery_terms(terms), "limit": limit},
    ).all()
    ids = [r[0] for r in rows]
    return hits_for_segments(session, ids, words if exact else None, terms if not exact else None, nlp)
