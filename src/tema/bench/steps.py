"""One function per measured step. Each runs in its own process (see worker.py),
calls tema's public entry point for the step, times its baseline in the same
process, and returns a dict of figures; every ratio sits under a key containing
``ratio`` and is tema's figure divided by the baseline's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tema.bench.measure import NotAvailable, peak_rss_mb, ratio, stopwatch, summary_ms, timed_each
from tema.bench.spec import BenchSpec


@dataclass(frozen=True)
class Paths:
    """Where a run keeps its files (all under one work folder)."""

    root: Path

    @property
    def corpus(self) -> Path:
        return self.root / "corpus"

    @property
    def store(self) -> Path:
        return self.root / "team.tema"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def scratch(self, name: str) -> Path:
        return self.root / "scratch" / name


def corpus(p: Paths, spec: BenchSpec) -> dict:
    from tema.bench.corpus import write_corpus
    from tema.text import word_count

    with stopwatch() as t:
        paths = write_corpus(p.corpus, spec.interviews, spec.words_per_interview, spec.seed)
    texts = [x.read_text(encoding="utf-8") for x in paths]
    return {"interviews": len(paths), "words": sum(map(word_count, texts)), "chars": sum(map(len, texts)),
            "generate_s": round(t[0], 2)}


def import_(p: Paths, spec: BenchSpec) -> dict:
    """Import + segmentation through ``import_files`` vs spaCy's own ``nlp.pipe`` over
    the same texts (same pipeline, no store), and tema's store writes vs raw sqlite3."""
    from tema.bench import baselines
    from tema.ingest.importer import import_files
    from tema.nlp import load_pipeline, pipeline_name, segment_many
    from tema.store.db import create_store
    from tema.text import word_count

    paths = sorted(p.corpus.glob("*.txt"))
    nlp = load_pipeline()
    list(nlp.pipe([paths[0].read_text(encoding="utf-8")]))  # warm up once, outside every timing
    store = create_store(p.store)
    with stopwatch() as t_import:
        report = import_files(store, paths, nlp=nlp)
    store.close()
    rss = peak_rss_mb()  # the import's own peak: the baselines below hold every text in memory
    texts = [x.read_text(encoding="utf-8") for x in paths]
    words = sum(map(word_count, texts))
    with stopwatch() as t_spacy:
        for _ in nlp.pipe(texts, batch_size=8):
            pass
    with stopwatch() as t_seg:
        for _ in segment_many(texts, nlp):
            pass
    raw_target = p.scratch("raw-import.tema")
    raw_target.parent.mkdir(parents=True, exist_ok=True)
    create_store(raw_target).close()
    raw_s, n_rows = baselines.raw_segment_writes(p.store, raw_target)
    store_s = max(t_import[0] - t_seg[0], 1e-6)
    return {
        "pipeline": pipeline_name(nlp), "documents": len(report.imported), "words": words, "segments": n_rows,
        "seconds": round(t_import[0], 2), "words_per_s": round(words / t_import[0]),
        "spacy_pipe_s": round(t_spacy[0], 2), "spacy_words_per_s": round(words / t_spacy[0]),
        "ratio_vs_spacy": ratio(words / t_import[0], words / t_spacy[0]),
        "segment_only_s": round(t_seg[0], 2),
        "store_write_s": round(store_s, 2), "raw_sqlite_s": round(raw_s, 2),
        "ratio_vs_raw_sqlite": ratio(raw_s, store_s),
        "peak_rss_mb": rss,
    }


def seed(p: Paths, spec: BenchSpec) -> dict:
    from tema.bench.seed import seed_analysis
    from tema.store.db import open_store

    store = open_store(p.store)
    with stopwatch() as t:
        added = seed_analysis(store, spec)
    store.close()
    return {**added, "seconds": round(t[0], 2), "peak_rss_mb": peak_rss_mb()}


def _spread(ids: list[int], n: int) -> list[int]:
    if len(ids) <= n:
        return ids
    return [ids[round(k * (len(ids) - 1) / (n - 1))] for k in range(n)]


def extracts(p: Paths, spec: BenchSpec) -> dict:
    """All extracts of one code (``domain.coding.extracts``), over codes spread from the
    most to the least used; baseline: one hand-written SQL query per code."""
    from sqlalchemy import func, select

    from tema.bench import baselines
    from tema.domain.coding import extracts as code_extracts
    from tema.store import models as m
    from tema.store.db import open_store

    store = open_store(p.store)
    with store.session() as s:
        counts = s.execute(select(m.Coding.code_id, func.count()).group_by(m.Coding.code_id)
                           .order_by(func.count().desc(), m.Coding.code_id)).all()
        n_codings = s.scalar(select(func.count()).select_from(m.Coding))
    chosen = _spread([c for c, _ in counts], spec.extract_codes)
    sizes = dict(counts)

    def one(code_id: int) -> None:
        with store.session() as s:
            code_extracts(s, [code_id])

    one(chosen[0])  # warm the statement cache
    times = timed_each([lambda c=c: one(c) for c in chosen])
    store.close()
    rss = peak_rss_mb()
    raw = summary_ms(baselines.raw_extracts(p.store, chosen))
    got = summary_ms(times)
    return {"codings": n_codings, "codes_timed": len(chosen), "most_extracts": max(sizes[c] for c in chosen),
            "mean_extracts": round(sum(sizes[c] for c in chosen) / len(chosen), 1), **got,
            "raw_sql_p50_ms": raw["p50_ms"], "raw_sql_p95_ms": raw["p95_ms"],
            "ratio_p95_vs_raw_sql": ratio(got["p95_ms"], raw["p95_ms"]), "peak_rss_mb": rss}


def search(p: Paths, spec: BenchSpec) -> dict:
    """Full-text search of single Norwegian words (``domain.search.search``, lemma mode);
    baseline: the same FTS5 MATCH fetching the rows, with sqlite3."""
    from tema.bench import baselines
    from tema.bench.corpus import SEARCH_WORDS
    from tema.domain.search import lemma_variants
    from tema.domain.search import search as tema_search
    from tema.nlp import lemmatize_query, load_pipeline
    from tema.store.db import open_store

    words = (SEARCH_WORDS * (1 + spec.search_words // len(SEARCH_WORDS)))[: spec.search_words]
    nlp = load_pipeline()
    store = open_store(p.store)
    hits: list[int] = []

    def one(word: str) -> None:
        with store.session() as s:
            hits.append(len(tema_search(s, word, nlp=nlp)))

    one("hverdagen")  # load lemma tables, warm caches
    hits.clear()
    times = timed_each([lambda w=w: one(w) for w in words])
    store.close()
    rss = peak_rss_mb()
    queries = []
    for w in words:
        lemma = (lemmatize_query(w, nlp) or [w])[0]
        queries.append("lemmas : (" + " OR ".join(f'"{v}"' for v in lemma_variants(lemma)) + ")")
    raw = summary_ms(baselines.raw_fts(p.store, queries))
    got = summary_ms(times)
    return {"queries": len(words), "mean_hits": round(sum(hits) / len(hits), 1), **got,
            "raw_fts_p50_ms": raw["p50_ms"], "raw_fts_p95_ms": raw["p95_ms"],
            "ratio_p95_vs_raw_fts": ratio(got["p95_ms"], raw["p95_ms"]), "peak_rss_mb": rss}


def export(p: Paths, spec: BenchSpec) -> dict:
    """The codebook as DOCX and every table as DOCX and XLSX via ``tema.export.run_export``
    (each in a child process with a time budget, see export_run.py); baseline: bare
    python-docx writing the codebook's paragraphs and tables again, in the same child."""
    from tema.bench.export_run import items, run_items

    team = spec.codings >= 50_000
    budget = 120.0 if team else 8.0
    p.exports.mkdir(parents=True, exist_ok=True)
    if team:  # one process per export, so each peak RSS is that export's own
        results = [r for item in items() for r in run_items(p.store, p.exports, [item], budget)]
    else:  # one process for all (quick); peaks are then cumulative
        results = run_items(p.store, p.exports, items(), budget)
    done = {r["item"]: r for r in results}
    book = done.pop("codebook")
    if "s" not in book:
        why = book.get("error") or f"stopped after {book.get('stopped_after_s')} s"
        raise RuntimeError(f"codebook: {why}")
    tables = {k: r.get("s") for k, r in done.items()}
    problems = {k: r.get("error") or f"stopped after {r['stopped_after_s']} s (time budget)"
                for k, r in done.items() if "s" not in r}
    return {"codebook_s": book["s"], "codebook_kb": book["kb"], "raw_docx_s": book["raw_docx_s"],
            "ratio_codebook_vs_raw_docx": ratio(book["s"], book["raw_docx_s"]),
            "tables_s": round(sum(v for v in tables.values() if v is not None), 2) if not problems else None,
            "table_s": tables, "table_problems": problems, "budget_per_export_s": budget,
            "item_peak_rss_mb": {k: r.get("peak_rss_mb") for k, r in [("codebook", book), *done.items()]},
            "peak_rss_mb": max(r.get("peak_rss_mb", 0) for r in [book, *done.values()])}


def qdpx_export(p: Paths, spec: BenchSpec) -> dict:
    """The seeded project as a .qdpx (``tema.refi.write.export_qdpx``, pseudonymised as
    by default); baseline: zipping the same source texts with zipfile alone. Then, as
    set-up for ``qdpx_import`` (not timed), an NVivo-shaped copy of the export."""
    from tema.bench.refi_corpus import nvivo_shaped
    from tema.domain.documents import document_text, live_documents
    from tema.refi.write import export_qdpx
    from tema.store.db import open_store

    p.exports.mkdir(parents=True, exist_ok=True)
    out = p.exports / "team.qdpx"
    store = open_store(p.store)
    with stopwatch() as t:
        report = export_qdpx(store, out, force=True)
    rss = peak_rss_mb()
    with store.session() as s:
        texts = [document_text(s, d.id) for d in live_documents(s)]
    store.close()
    raw_s = _raw_zip(p.scratch("raw.zip"), texts)
    with stopwatch() as t_shape:
        shaped = nvivo_shaped(out, p.root / "nvivo.qdpx")
    return {"sources": report.sources, "codings": report.codings, "kb": round(out.stat().st_size / 1024),
            "seconds": round(t[0], 2), "raw_zip_s": round(raw_s, 2), "ratio_vs_raw_zip": ratio(t[0], raw_s),
            "peak_rss_mb": rss, "nvivo_shaped": {**shaped, "seconds": round(t_shape[0], 2)}}


def _raw_zip(path: Path, texts: list[str]) -> float:
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with stopwatch() as t, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, text in enumerate(texts):
            zf.writestr(f"Sources/{i}.txt", text.encode("utf-8"))
    return t[0]


def qdpx_import(p: Paths, spec: BenchSpec) -> dict:
    """`tema qdpx import` of the NVivo-shaped export (UTF-16 offsets, CRLF, emoji,
    decomposed letters; ``tema.refi.read.import_qdpx``) vs a plain import
    (``import_files``) of the same interviews in the same process, both segmenting
    with the same loaded pipeline. The peak RSS is the REFI import's own."""
    from tema.ingest.importer import import_files
    from tema.nlp import load_pipeline
    from tema.refi.read import import_qdpx
    from tema.store.db import create_store
    from tema.text import word_count

    paths = sorted(p.corpus.glob("*.txt"))
    words = sum(word_count(x.read_text(encoding="utf-8")) for x in paths)
    nlp = load_pipeline()
    list(nlp.pipe([paths[0].read_text(encoding="utf-8")]))  # warm up once, outside every timing
    target, plain, warm = p.scratch("refi-import.tema"), p.scratch("plain-import.tema"), p.scratch("warm.tema")
    for old in (target, plain, warm):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{old}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    create_store(warm).close()  # load the migration machinery once, outside both timings
    with stopwatch() as t_refi:  # creates the project, as `tema qdpx import` does
        report = import_qdpx(p.root / "nvivo.qdpx", str(target), nlp=nlp)
    rss = peak_rss_mb()
    with stopwatch() as t_plain:  # `tema init` + `tema import`
        store = create_store(plain)
        import_files(store, paths, nlp=nlp)
        store.close()
    return {"documents": report.counts.get("documents", 0), "codings": report.counts.get("codings", 0),
            "warnings": len(report.notices), "words": words, "seconds": round(t_refi[0], 2),
            "words_per_s": round(words / t_refi[0]), "plain_import_s": round(t_plain[0], 2),
            "plain_words_per_s": round(words / t_plain[0]),
            "ratio_vs_plain_import": ratio(words / t_refi[0], words / t_plain[0]), "peak_rss_mb": rss}


def tui(p: Paths, spec: BenchSpec) -> dict:
    from tema.bench.adapters import run_tui_bench

    return run_tui_bench(p, spec)


def board(p: Paths, spec: BenchSpec) -> dict:
    from tema.bench.adapters import run_board_bench

    return run_board_bench(p, spec)


def merge_inputs(p: Paths, spec: BenchSpec) -> dict:
    from tema.bench.team import build_merge_inputs

    with stopwatch() as t:
        made = build_merge_inputs(p, spec)
    return {**made, "seconds": round(t[0], 2), "peak_rss_mb": peak_rss_mb()}


def merge(p: Paths, spec: BenchSpec) -> dict:
    """Three coders' projects into one: plan (``write_merge_plan``) then apply
    (``apply_merge``); baseline: copying the same rows with INSERT … SELECT."""
    try:
        from tema.domain.merge import apply_merge, write_merge_plan
    except ImportError as exc:
        raise NotAvailable(f"tema.domain.merge not importable ({exc})") from exc
    from sqlalchemy import func, select

    from tema.bench import baselines
    from tema.bench.team import merge_paths
    from tema.store import models as m
    from tema.store.db import create_store, open_store

    inputs, out = merge_paths(p, spec)
    for old in (out, Path(f"{out}-wal"), Path(f"{out}-shm"), out.with_name(out.stem + ".merge-plan.toml")):
        old.unlink(missing_ok=True)
    args = [str(x) for x in inputs]
    with stopwatch() as t_plan:
        plan_path, _plan = write_merge_plan(str(out), args)
    with stopwatch() as t_apply:
        apply_merge(str(out), args, plan_path)
    rss = peak_rss_mb()
    merged = open_store(out)
    with merged.session() as s:
        n = s.scalar(select(func.count()).select_from(m.Coding))
    merged.close()
    raw_target = p.scratch("raw-union.tema")
    raw_target.unlink(missing_ok=True)
    create_store(raw_target).close()
    raw_s = baselines.raw_union(inputs, raw_target)
    total = t_plan[0] + t_apply[0]
    return {"inputs": len(inputs), "codings_out": n, "plan_s": round(t_plan[0], 2), "apply_s": round(t_apply[0], 2),
            "seconds": round(total, 2), "raw_copy_s": round(raw_s, 2), "ratio_vs_raw_copy": ratio(total, raw_s),
            "peak_rss_mb": rss}


def similar(p: Paths, spec: BenchSpec) -> dict:
    from tema.bench.similar_step import similar as run_similar

    return run_similar(p, spec)


STEPS = {
    "corpus": corpus, "import": import_, "seed": seed, "extracts": extracts, "search": search, "similar": similar,
    "export": export, "qdpx_export": qdpx_export, "qdpx_import": qdpx_import, "tui": tui, "board": board,
    "merge_inputs": merge_inputs, "merge": merge,
}

from tema.bench import feel as _feel  # noqa: E402 - the steps of what a researcher feels (issue 15)

STEPS.update(_feel.STEPS)
