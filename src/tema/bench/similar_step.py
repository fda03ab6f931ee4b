"""The second look (``tema similar``) at benchmark scale: how long one look takes for a code
and for a theme, against tema's own full-text search of one word timed in the same process
(the plain FTS search it is built on), and the leave-one-out figures on the corpus.

The benchmark's codings are placed at random (tema.bench.seed), so no ranking can find a
hidden extract better than chance there: its leave-one-out figures are a null control —
they should sit near the random baseline — not a measure of quality. The quality figures
come from the thesis project (tests/domain/test_similar.py, README)."""

from __future__ import annotations

import time
from collections.abc import Callable

from tema.bench.measure import peak_rss_mb, ratio, stopwatch, summary_ms
from tema.bench.spec import BenchSpec

LOOK_CODES = 40  # codes timed, spread from the most to the least used
LOO_TRIALS = 100  # hidden extracts in the leave-one-out (a seeded sample over all codes)


def similar(p, spec: BenchSpec) -> dict:
    from sqlalchemy import func, select

    from tema.bench.corpus import SEARCH_WORDS
    from tema.domain.search import search as tema_search
    from tema.domain.similar import SecondLook, similar_to_code, similar_to_theme
    from tema.domain.similar_eval import leave_one_out
    from tema.nlp import load_pipeline
    from tema.store import models as m
    from tema.store.db import open_store

    store = open_store(p.store)
    with store.session() as s:
        counts = s.execute(select(m.Coding.code_id, func.count()).group_by(m.Coding.code_id)
                           .order_by(func.count().desc(), m.Coding.code_id)).all()
        theme_ids = list(s.scalars(select(m.Theme.id).where(m.Theme.deleted_at.is_(None)).order_by(m.Theme.id)))
        sentences = s.scalar(select(func.count()).select_from(m.Segment).where(m.Segment.kind == "sentence"))
    codes = _spread([c for c, _ in counts], LOOK_CODES)
    sizes = dict(counts)
    shown: list[int] = []

    def look(fn: Callable[..., SecondLook], item_id: int) -> None:
        with store.session() as s:  # a fresh session per look, as the TUI's worker opens one
            shown.append(len(fn(s, item_id).passages))

    look(similar_to_code, codes[0])  # warm caches (lemma tables, statements)
    code_times, code_cpu = timed_wall_cpu([lambda c=c: look(similar_to_code, c) for c in codes])
    theme_times, theme_cpu = timed_wall_cpu([lambda t=t: look(similar_to_theme, t) for t in theme_ids[:20]])
    nlp = load_pipeline()

    def find(word: str) -> None:
        with store.session() as s:
            tema_search(s, word, nlp=nlp)

    find("hverdagen")
    words = (SEARCH_WORDS * (1 + spec.search_words // len(SEARCH_WORDS)))[: max(spec.search_words, 20)]
    search_times, search_cpu = timed_wall_cpu([lambda w=w: find(w) for w in words])
    with stopwatch() as t_loo, store.session() as s:
        loo = leave_one_out(s, max_trials=LOO_TRIALS)
    store.close()
    got, theme, base = summary_ms(code_times), summary_ms(theme_times) if theme_times else {}, summary_ms(search_times)
    cpu, base_cpu = summary_ms(code_cpu), summary_ms(search_cpu)
    return {
        "sentences": sentences, "codes_timed": len(codes), "most_extracts": max(sizes[c] for c in codes),
        **got, "theme_p50_ms": theme.get("p50_ms"), "theme_p95_ms": theme.get("p95_ms"), "themes_timed": len(theme_times),
        "mean_passages": round(sum(shown) / len(shown), 1) if shown else 0,
        "search_p50_ms": base["p50_ms"], "search_p95_ms": base["p95_ms"],
        "ratio_p95_vs_search": ratio(got["p95_ms"], base["p95_ms"]),
        # CPU time of this process per look: what the look costs, whatever else the machine runs.
        "cpu_p50_ms": cpu["p50_ms"], "cpu_p95_ms": cpu["p95_ms"], "search_cpu_p95_ms": base_cpu["p95_ms"],
        "cpu_ratio_p95_vs_search": ratio(cpu["p95_ms"], base_cpu["p95_ms"]),
        "theme_ratio_p95_vs_search": ratio(theme.get("p95_ms"), base["p95_ms"]),
        "theme_cpu_p95_ms": summary_ms(theme_cpu)["p95_ms"] if theme_cpu else None,
        "leave_one_out": {**loo.as_dict(), "seconds": round(t_loo[0], 1),
                          "note": "codings are placed at random in the benchmark: a null control"},
        "peak_rss_mb": peak_rss_mb(),
    }


def timed_wall_cpu(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall-clock and process CPU seconds of each call."""
    wall, cpu = [], []
    for call in calls:
        w0, c0 = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def _spread(ids: list[int], n: int) -> list[int]:
    if len(ids) <= n:
        return ids
    return [ids[round(k * (len(ids) - 1) / (n - 1))] for k in range(n)]
