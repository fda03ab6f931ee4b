"""How well a second look finds what the researcher coded: leave-one-out over every code
with at least ``min_extracts`` extracts. One extract is hidden, the code's other extracts
make the query, every sentence segment is ranked exactly as ``similar_to_code`` ranks
them (the other extracts' segments left out as already coded), and the rank of the first
segment overlapping the hidden extract is recorded. Segments sharing no query lemma are
not ranked by the method; they count as following the ranked ones in random order, so a
hidden extract among them contributes its expected recall@k and reciprocal rank there.

The baseline is a random ranking of the same candidates, computed exactly (its expected
recall@k and reciprocal rank for the same number of candidates and of target segments),
so it is measured in the same run, on the same data, without a seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.similar import MAX_SOURCES, spread
from tema.domain.similar_query import (
    TOP_TERMS,
    collection_stats,
    extract_frequencies,
    select_terms,
)
from tema.domain.similar_rank import Exclusion, by_document, rank_segments, trashed_documents
from tema.domain.similar_sources import Span, coded_spans, source_segments
from tema.store import models as m


@dataclass(frozen=True)
class Trial:
    code_id: int
    coding_id: int
    rank: int | None  # of the hidden extract's first segment among the ranked ones; None: not ranked
    ranked: int  # segments the method ranked (sharing a query lemma)
    candidates: int  # segments a random ranking would order
    targets: int  # of which overlap the hidden extract
    recall: float  # the method's recall@k (expected, when the extract is among the unranked)
    rr: float  # the method's reciprocal rank (expected, likewise)
    random_recall: float  # expected recall@k of a random ranking
    random_rr: float  # expected reciprocal rank of a random ranking


@dataclass(frozen=True)
class LeaveOneOut:
    k: int
    codes: int
    trials: list[Trial]

    def _mean(self, values: list[float]) -> float:
        return round(sum(values) / len(values), 6) if values else 0.0

    @property
    def recall(self) -> float:
        """Share of hidden extracts found in the top k."""
        return self._mean([t.recall for t in self.trials])

    @property
    def mrr(self) -> float:
        return self._mean([t.rr for t in self.trials])

    @property
    def random_recall(self) -> float:
        return self._mean([t.random_recall for t in self.trials])

    @property
    def random_mrr(self) -> float:
        return self._mean([t.random_rr for t in self.trials])

    @property
    def found(self) -> float:
        """Share of hidden extracts ranked at all (sharing a query lemma)."""
        return self._mean([1.0 if t.rank is not None else 0.0 for t in self.trials])

    def as_dict(self) -> dict:
        return {"codes": self.codes, "trials": len(self.trials), "k": self.k,
                f"recall_at_{self.k}": self.recall, "mrr": self.mrr,
                f"random_recall_at_{self.k}": self.random_recall, "random_mrr": self.random_mrr,
                "ranked_at_all": self.found,
                "recall_ratio_vs_random": round(self.recall / self.random_recall, 2) if self.random_recall else None,
                "mrr_ratio_vs_random": round(self.mrr / self.random_mrr, 2) if self.random_mrr else None}


def first_target(candidates: int, targets: int) -> np.ndarray:
    """P(the first of ``targets`` items is at rank r), r = 1 … candidates − targets + 1, when
    ``candidates`` items are shuffled uniformly at random."""
    n, t = candidates, targets
    if t <= 0 or n <= 0:
        return np.zeros(0)
    if t >= n:
        return np.ones(1)
    # prod_{i<r-1} (n-t-i)/(n-i) * t/(n-r+1)
    r = np.arange(1, n - t + 2, dtype=np.float64)
    misses = np.concatenate(([0.0], np.cumsum(np.log((n - t - r[:-1] + 1) / (n - r[:-1] + 1)))))
    return np.exp(misses) * t / (n - r + 1)


def random_expectation(candidates: int, targets: int, k: int, after: int = 0) -> tuple[float, float]:
    """(expected recall@k, expected reciprocal rank of the first target) when ``targets`` of
    ``candidates`` items are shuffled uniformly at random and placed after ``after`` others."""
    p = first_target(candidates, targets)
    r = np.arange(1, len(p) + 1, dtype=np.float64) + after
    return float(p[: max(0, k - after)].sum()), float((p / r).sum())


def shuffled_ranks(candidates: int, targets: int, runs: int, seed: int) -> list[int]:
    """Ranks of the first target in ``runs`` seeded shuffles (a check on the expectation)."""
    rng = random.Random(seed)
    items = [1] * targets + [0] * (candidates - targets)
    out = []
    for _ in range(runs):
        rng.shuffle(items)
        out.append(items.index(1) + 1)
    return out


def leave_one_out(session: Session, *, min_extracts: int = 3, k: int = 10, top: int = TOP_TERMS,
                  max_trials: int | None = None, seed: int = 1,
                  progress: Callable[[int, int], None] | None = None) -> LeaveOneOut:
    """Leave-one-out over every code with ``min_extracts`` extracts or more (in live
    documents); ``max_trials`` spreads a seeded sample of hidden extracts over all codes."""
    trashed = trashed_documents(session)
    counts = session.execute(
        select(m.Coding.code_id, func.count()).join(m.Code, m.Code.id == m.Coding.code_id)
        .where(m.Code.deleted_at.is_(None), m.Coding.document_id.not_in(list(trashed)))
        .group_by(m.Coding.code_id)
    ).all()
    sizes = {c: n for c, n in counts if n >= min_extracts}
    hidden = [(c, i) for c in sorted(sizes) for i in range(sizes[c])]
    if max_trials is not None and len(hidden) > max_trials:
        hidden = sorted(random.Random(seed).sample(hidden, max_trials))
    spans = coded_spans(session, sorted({c for c, _ in hidden}), trashed)
    by_code: dict[int, list[Span]] = {}
    for sp in spans:
        by_code.setdefault(sp.code_id or 0, []).append(sp)
    segs_by_span: dict[int, list] = {}
    index = {sp.coding_id: n for n, sp in enumerate(spans)}
    for seg in source_segments(session, spans):
        segs_by_span.setdefault(seg.span, []).append(seg)
    n, dfs = collection_stats(session, sorted(_all_frequencies(segs_by_span)))
    base = Exclusion.build(session, [], trashed=trashed)
    size = _candidates(session, base)
    # The candidate segments each extract covers: its source segments a ranking may return.
    covers = [frozenset(g.segment_id for g in segs_by_span.get(n, ()) if not base.is_interviewer(sp.document_id, g.speaker))
              for n, sp in enumerate(spans)]
    trials = []
    for done, (code_id, i) in enumerate(hidden):
        own = by_code[code_id]
        target, others = own[i], own[:i] + own[i + 1:]
        sources = spread(others, MAX_SOURCES)  # as similar_to_code builds its query
        segs = [s for sp in sources for s in segs_by_span.get(index[sp.coding_id], [])]
        query = select_terms(extract_frequencies(segs, len(sources)), n, dfs, top=top)
        exclusion = Exclusion(by_document([(s.document_id, s.start, s.end) for s in others]), base.trashed,
                              base.interviewers)
        ranked = rank_segments(session, query, exclusion, limit=None)
        rank = next((j + 1 for j, r in enumerate(ranked) if _overlaps(r.document_id, r.start, r.end, target)), None)
        excluded = set().union(*(covers[index[sp.coding_id]] for sp in others))
        n_targets = len(covers[index[target.coding_id]] - excluded)
        candidates = size - len(excluded)
        if rank is not None:
            got = (1.0 if rank <= k else 0.0, 1 / rank)
        else:  # among the unranked, which follow the ranked ones in random order
            got = random_expectation(candidates - len(ranked), n_targets, k, after=len(ranked))
        base_recall, base_rr = random_expectation(candidates, n_targets, k)
        trials.append(Trial(code_id, target.coding_id or 0, rank, len(ranked), candidates, n_targets, *got,
                            base_recall, base_rr))
        if progress:
            progress(done + 1, len(hidden))
    return LeaveOneOut(k, len({c for c, _ in hidden}), trials)


def _overlaps(doc_id: int, start: int, end: int, span: Span) -> bool:
    return doc_id == span.document_id and start < span.end and end > span.start


def _candidates(session: Session, base: Exclusion) -> int:
    """Sentence segments a ranking may return: in live documents, not the interviewer's
    (one grouped count; no segment is held in memory)."""
    rows = session.execute(
        select(m.Segment.document_id, m.Segment.speaker, func.count())
        .where(m.Segment.kind == "sentence").group_by(m.Segment.document_id, m.Segment.speaker)
    ).all()
    return sum(n for doc_id, speaker, n in rows
               if doc_id not in base.trashed and not base.is_interviewer(doc_id, speaker))


def _all_frequencies(segs_by_span: dict[int, list]) -> set[str]:
    """Every lemma any query may use, for one look-up of the collection's statistics."""
    out: set[str] = set()
    for segs in segs_by_span.values():
        out.update(extract_frequencies(segs, 2))
    return out
