"""The lemma query of a second look: which lemmas of some extracts to look for, and how much
each counts — from the extracts' own words and the segments' own statistics.

A lemma's weight is its extract frequency (in how many of the extracts it occurs, or, for
one extract, a sublinear count of its occurrences) times its inverse document frequency
over the project's sentence segments (BM25's idf), times its rarity in general written
Norwegian (tema.nlp.reference: 0–1, so everyday words such as *ta*, *få*, *mange* weigh
less than the project's own statistics alone would say — a small project's idf is noisy).
Function words, numbers, one-letter lemmas and lemmas found in more than ``MAX_DF_SHARE``
of all sentences (and more than ``MIN_COMMON``) are left out; the ``top`` heaviest lemmas make the query, as long as they
occur in at most ``POSTING_BUDGET`` sentences together (a heavier lemma that would exceed
it is passed over): ranking costs in proportion to that number, so a look costs about the
same in a project of any size — in a very large one, very common lemmas are left out.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from tema.nlp.reference import function_words, general_rarity

TOP_TERMS = 16
MAX_DF_SHARE = 0.2
MIN_COMMON = 25  # … and in more sentences than this (a small project cannot tell)
PRESELECT = 48  # lemmas looked up in the index: the heaviest by extract frequency × general rarity
POSTING_BUDGET = 20_000  # the query's lemmas together occur in at most this many sentences
_WORD = re.compile(r"\w+", re.UNICODE)
VOCAB = "temp.segment_fts_lemma_vocab"
TABLE, CONFIG = "segment_search", "simple"  # PostgreSQL's search table (migration 0002)


@dataclass(frozen=True)
class Term:
    lemma: str
    weight: float  # extract frequency × idf × general rarity
    df: int  # sentence segments holding the lemma


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    n_segments: int  # sentence segments in the project (the idf's collection)

    @property
    def lemmas(self) -> tuple[str, ...]:
        return tuple(t.lemma for t in self.terms)


@dataclass(frozen=True, slots=True)
class SourceSegment:
    """A sentence segment overlapping a source span, with the part of it inside the span."""

    span: int  # index of the span it belongs to
    segment_id: int
    start: int
    end: int
    lemmas: str
    text: str | None  # the segment's text, when only part of it lies in the span
    span_start: int
    span_end: int
    speaker: str | None = None


def content_lemma(lemma: str) -> bool:
    """Whether a lemma may carry content: not a function word, not a number, two letters or more."""
    return len(lemma) > 1 and any(ch.isalpha() for ch in lemma) and lemma not in function_words()


def lemmas_in_span(seg: SourceSegment) -> list[str]:
    """The lemmas of the part of a segment inside its span. Lemmas are aligned with the
    segment's words when their counts agree; otherwise the whole segment counts when at
    least half of it lies inside the span."""
    lemmas = seg.lemmas.split()
    if seg.span_start <= seg.start and seg.end <= seg.span_end:
        return lemmas
    if seg.text is not None:
        words = list(_WORD.finditer(seg.text))
        if len(words) == len(lemmas):
            a, b = seg.span_start - seg.start, seg.span_end - seg.start
            return [lemma for w, lemma in zip(words, lemmas) if w.start() < b and w.end() > a]
    inside = min(seg.end, seg.span_end) - max(seg.start, seg.span_start)
    return lemmas if inside * 2 >= seg.end - seg.start else []


def extract_frequencies(segments: Iterable[SourceSegment], n_spans: int) -> dict[str, float]:
    """Content lemma → in how many spans it occurs (one span: 1 + ln(occurrences))."""
    out: dict[str, float] = {}
    content: dict[str, bool] = {}

    def add(lemma: str, value: float) -> None:
        keep = content.get(lemma)
        if keep is None:
            keep = content[lemma] = content_lemma(lemma)
        if keep:
            out[lemma] = out.get(lemma, 0.0) + value

    if n_spans == 1:
        for lemma, n in Counter(w for seg in segments for w in lemmas_in_span(seg)).items():
            add(lemma, 1 + math.log(n))
        return out
    per_span: dict[int, set[str]] = {}
    for seg in segments:
        per_span.setdefault(seg.span, set()).update(lemmas_in_span(seg))
    for lemmas in per_span.values():
        for lemma in lemmas:
            add(lemma, 1.0)
    return out


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def preselect(frequencies: Mapping[str, float]) -> list[str]:
    """The lemmas worth looking up in the index: the ``PRESELECT`` heaviest by extract
    frequency × general rarity (what is known before the index is asked)."""
    scored = sorted(frequencies.items(), key=lambda kv: (-kv[1] * general_rarity(kv[0]), kv[0]))
    return [w for w, _ in scored[:PRESELECT]]


def select_terms(frequencies: Mapping[str, float], n: int, dfs: dict[str, int], *, top: int = TOP_TERMS) -> Query:
    """The ``top`` lemmas by weight within the posting budget, given the collection's statistics."""
    terms = []
    for lemma in preselect(frequencies):
        df = dfs.get(lemma, 0)
        if df == 0 or df > max(MAX_DF_SHARE * n, MIN_COMMON):
            continue
        terms.append(Term(lemma, frequencies[lemma] * idf(df, n) * general_rarity(lemma), df))
    terms.sort(key=lambda t: (-t.weight, t.lemma))
    chosen: list[Term] = []
    postings = 0
    for t in terms:
        if len(chosen) == top:
            break
        if postings + t.df <= POSTING_BUDGET:
            chosen.append(t)
            postings += t.df
    return Query(tuple(chosen), n)


def build_query(session: Session, frequencies: Mapping[str, float], *, top: int = TOP_TERMS) -> Query:
    """The query of some extracts' lemma frequencies (two statements)."""
    n, dfs = collection_stats(session, preselect(frequencies))
    return select_terms(frequencies, n, dfs, top=top)


def collection_stats(session: Session, lemmas: Sequence[str]) -> tuple[int, dict[str, int]]:
    """(sentence segments in the index, {lemma: segments holding it}) for the given lemmas."""
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_stats(session, list(lemmas))
    return _pg_stats(session, list(lemmas))


# Lemma document frequencies already read, per index state: reading one costs as much as
# its posting list is long, and a TUI session asks for the same lemmas again and again.
_DF_CACHE: dict[tuple, dict[str, int]] = {}
_DF_LOCK = threading.Lock()


def _cached_stats(state: tuple, lemmas: Sequence[str], read) -> dict[str, int]:
    """Document frequencies of ``lemmas`` for the index in ``state`` (its URL, rows and
    highest row id: any import, re-segmentation or purge changes it), reading the missing
    ones with ``read(missing) -> {lemma: df}``."""
    with _DF_LOCK:
        for key in [k for k in _DF_CACHE if k[0] == state[0] and k != state]:
            del _DF_CACHE[key]
        known = _DF_CACHE.setdefault(state, {})
        missing = [w for w in dict.fromkeys(lemmas) if w not in known]
    if missing:
        found = read(missing)
        with _DF_LOCK:
            known.update({w: found.get(w, 0) for w in missing})
    return {w: known[w] for w in lemmas if known.get(w)}


def _where(session: Session) -> str:
    """Which database the session reads (the cache's key)."""
    bind = session.get_bind()
    return str(bind.engine.url)


def _sqlite_stats(session: Session, lemmas: Sequence[str]) -> tuple[int, dict[str, int]]:
    # Two subqueries: each alone is answered from the b-tree (count and max), together they scan.
    n, top = session.execute(sql(
        "SELECT (SELECT count(*) FROM segment_fts_docsize), (SELECT max(id) FROM segment_fts_docsize)")).one()

    def read(missing: list[str]) -> dict[str, int]:
        # fts5vocab over the project's index, in the connection's temp schema (never the file).
        session.execute(sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab(main, segment_fts, 'col')"))
        out: dict[str, int] = {}
        for k in range(0, len(missing), 500):
            chunk = missing[k : k + 500]
            marks = ", ".join(f":t{i}" for i in range(len(chunk)))
            out.update(session.execute(
                sql(f"SELECT term, doc FROM {VOCAB} WHERE col = 'lemmas' AND term IN ({marks})"),
                {f"t{i}": w for i, w in enumerate(chunk)},
            ).all())
        return out

    return n, _cached_stats((_where(session), n, top), lemmas, read)


def _pg_stats(session: Session, lemmas: Sequence[str]) -> tuple[int, dict[str, int]]:
    n, top = session.execute(sql(f"SELECT count(*), max(segment_id) FROM {TABLE}")).one()

    def read(missing: list[str]) -> dict[str, int]:
        rows = session.execute(
            sql(
                f"SELECT t, (SELECT count(*) FROM {TABLE} WHERE lemmas @@ to_tsquery('{CONFIG}', quote_literal(t))) "
                "FROM unnest(CAST(:terms AS text[])) AS t"
            ),
            {"terms": missing},
        ).all()
        return {t: df for t, df in rows}

    return n, _cached_stats((_where(session), n, top), lemmas, read)
