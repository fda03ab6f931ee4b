"""Full-text search over sentence segments: word forms (--exact) or lemmas.

SQLite uses the FTS5 table ``segment_fts`` (text, lemmas); PostgreSQL its own full-text
search over ``segment_search`` (forms, lemmas; written by tema.store.pg_search). Both
queries leave out trashed documents before LIMIT, so a search returns as many hits as
asked for whenever there are that many in live documents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from tema.errors import InvalidInput
from tema.i18n import _
from tema.store import models as m
from tema.store.pg_search import CONFIG as PG_CONFIG
from tema.store.pg_search import TABLE as PG_TABLE

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    segment_id: int
    document_id: int
    document: str
    participant: str | None
    speaker: str | None
    start: int
    end: int
    text: str
    marks: tuple[tuple[int, int], ...]  # spans of the hit words, relative to ``text``


def lemma_variants(lemma: str) -> list[str]:
    """A lemma with its Norwegian noun/verb twin (samarbeid ~ samarbeide, bruk ~ bruke),
    so a search for the noun also finds the verb forms (samarbeider) and vice versa."""
    lemma = lemma.lower()
    twin = lemma[:-1] if lemma.endswith("e") and len(lemma) > 3 else lemma + "e"
    return [lemma, twin]


def _fts_query(groups: list[list[str]]) -> str:
    """All words must occur; each word may occur in any of its variants."""
    quote = lambda w: '"' + w.replace('"', '""') + '"'  # noqa: E731
    return " AND ".join("(" + " OR ".join(quote(w) for w in g) + ")" for g in groups)


def search(session: Session, query: str, *, exact: bool = False, limit: int = 200, nlp=None) -> list[Hit]:
    words = _WORD.findall(query.lower())
    if not words:
        raise InvalidInput(_("search {query!r}: no words to search for").format(query=query))
    if session.get_bind().dialect.name != "sqlite":
        return _pg_search(session, words, exact=exact, limit=limit, nlp=nlp)
    if exact:
        column, groups = "text", [[w] for w in words]
    else:
        from tema.nlp import lemmatize_query

        column, groups = "lemmas", [lemma_variants(l) for l in (lemmatize_query(" ".join(words), nlp) or words)]
    terms = [t for g in groups for t in g]
    # CROSS JOIN keeps the full-text index the outer loop (rowid order, so LIMIT stops early);
    # trashed documents are left out before the LIMIT.
    rows = session.execute(
        sql(f"SELECT f.rowid FROM segment_fts f CROSS JOIN segment s ON s.id = f.rowid "
            f"CROSS JOIN document d ON d.id = s.document_id "
            f"WHERE f.{column} MATCH :q AND d.deleted_at IS NULL ORDER BY f.rowid LIMIT :limit"),
        {"q": f"{column} : ({_fts_query(groups)})", "limit": limit},
    ).all()
    return hits_for_segments(session, [r[0] for r in rows], words if exact else None, terms if not exact else None, nlp)


def _pg_search(session: Session, words: list[str], *, exact: bool, limit: int, nlp=None) -> list[Hit]:
    """PostgreSQL: segments whose forms (``exact``) or lemmas contain every word. Each word is
    its own lexeme; the 'simple' parser may split one further (an apostrophe), which
    plainto_tsquery handles — all terms must match."""
    if exact:
        column, terms = "forms", [w.lower() for w in words]
    else:
        from tema.nlp import lemmatize_query

        column = "lemmas"
        terms = [w.lower() for w in lemmatize_query(" ".join(words), nlp)] or [w.lower() for w in words]
    rows = session.execute(
        sql(f"SELECT ss.segment_id FROM {PG_TABLE} ss JOIN document d ON d.id = ss.document_id "
            f"WHERE ss.{column} @@ plainto_tsquery('{PG_CONFIG}', :q) AND d.deleted_at IS NULL "
            "ORDER BY ss.segment_id LIMIT :limit"),
        {"q": " ".join(terms), "limit": limit},
    ).all()
    return hits_for_segments(session, [r[0] for r in rows], words if exact else None, terms if not exact else None, nlp)


def hits_for_segments(session: Session, seg_ids: list[int], forms: list[str] | None, lemmas: list[str] | None, nlp=None) -> list[Hit]:
    if not seg_ids:
        return []
    # Only the segments' own text is read (substr counts code points, as Python does),
    # never whole transcripts. The search queries already left trashed documents out; a
    # document trashed since (another session, PostgreSQL) is dropped here, in Python, so
    # the planner always starts from the segment ids.
    stmt = (
        select(m.Segment, m.Document.title, m.Participant.pseudonym, m.Document.id, m.Document.deleted_at,
               func.substr(m.Document.text, m.Segment.start + 1, m.Segment.end - m.Segment.start))
        .join(m.Document, m.Document.id == m.Segment.document_id)
        .outerjoin(m.Participant, m.Participant.id == m.Document.participant_id)
        .where(m.Segment.id.in_(seg_ids))
        .order_by(m.Document.title, m.Segment.start)
    )
    rows = [r for r in session.execute(stmt).all() if r[4] is None]
    out = []
    for seg, title, pseudonym, doc_id, _deleted, seg_text in rows:
        out.append(Hit(seg.id, doc_id, title, pseudonym, seg.speaker, seg.start, seg.end, seg_text,
                       _marks(seg_text, seg.lemmas, forms, lemmas)))
    return out


def _marks(seg_text: str, seg_lemmas: str | None, forms: list[str] | None, lemmas: list[str] | None) -> tuple[tuple[int, int], ...]:
    tokens = list(_WORD.finditer(seg_text))
    if forms is not None:
        wanted = set(forms)
        return tuple((t.start(), t.end()) for t in tokens if t.group().lower() in wanted)
    lem = (seg_lemmas or "").split()
    wanted = set(lemmas or [])
    if len(lem) == len(tokens):
        return tuple((t.start(), t.end()) for t, l in zip(tokens, lem) if l.lower() in wanted)
    # Tokenisations differ (punctuation lemmas): fall back to prefix matching on forms.
    return tuple((t.start(), t.end()) for t in tokens if any(t.group().lower().startswith(w[:5]) for w in wanted))
