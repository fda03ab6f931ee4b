"""``tema bench``: tema's speed and memory at a master's project and at team scale.

    tema bench --quick                  # small: 5 interviews, 800 codings (< 1 min)
    tema bench --size team -o bench.json  # 500 interviews (~5 M words), 100,000 codings
    tema bench --interviews 50 --codings 10000 --workdir /tmp/b   # anything between

Steps, each in a fresh process so its peak RSS is its own (worker.py, runner.py):

corpus        deterministic synthetic transcripts (corpus.py; invented vocabulary)
import        ``tema.ingest.importer.import_files`` words/s vs spaCy's own ``nlp.pipe``
              over the same texts with the same pipeline; its store writes vs raw
              sqlite3 ``executemany`` of the same rows (baselines.py)
seed          codes, codings, themes, snapshots … via SQLAlchemy Core bulk inserts (seed.py)
extracts      ``domain.coding.extracts`` for one code, p50/p95 over 100 codes vs raw SQL
search        ``domain.search.search`` of 20 words, p50/p95 vs a raw FTS5 MATCH
export        codebook DOCX and every table (DOCX, XLSX) via ``tema.export.run_export``
              vs bare python-docx (export_run.py; each export has a time budget)
tui           ``benchmarks/tui_bench.py`` (Pilot) when present (adapters.py)
board         ``benchmarks/board_bench.py`` (Pilot): the phase 3 theme board with 1,000
              codes and 60 themes, vs the same empty-app baseline as tui
merge_inputs  three coders' projects cut from the team project (team.py)
merge         ``domain.merge.write_merge_plan`` + ``apply_merge`` vs INSERT … SELECT

Every ratio is tema's figure ÷ its baseline's, measured in the same process and run
(so shared, noisy machines still give comparable numbers); report.py prints the
table and writes the JSON (``-o``), grouped by step, with the targets checked.
A part of tema that does not exist yet is reported as "not available", never faked.
"""
