"""PostgreSQL full-text search over sentence segments (the SQLite store uses FTS5).

The table ``segment_search`` (created by migration 0002 on PostgreSQL only)
holds one row per sentence segment: ``forms``, a ``tsvector`` of the word forms
(the ``simple`` configuration: lower-cased, no stemming, so ``--exact`` finds
exactly the typed forms), and ``lemmas``, a ``tsvector`` of the lemmas tema's
own pipeline gave the sentence (so the default search finds every inflection,
as on SQLite). Both have GIN indexes. Rows go with their segment (ON DELETE
CASCADE) and are written by :func:`index_segments` from
``tema.domain.segments``; the search query itself is in ``tema.domain.search``
(the store never imports the domain).
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
