"""Two seeded benchmark projects of different sizes, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tema.bench.corpus import write_corpus
from tema.bench.seed import seed_analysis
from tema.bench.spec import BenchSpec
from tema.ingest.importer import import_files
from tema.store.db import create_store

SMALLER = BenchSpec("test-smaller", interviews=2, words_per_interview=1_500, codings=120, codes=20, themes=6,
                    merge_codings=50)
LARGER = BenchSpec("test-larger", interviews=4, words_per_interview=3_000, codings=16_000, codes=60, themes=10,
                   merge_codings=50)


def build(folder: Path, spec: BenchSpec) -> Path:
    paths = write_corpus(folder / "corpus", spec.interviews, spec.words_per_interview, spec.seed)
    store = create_store(folder / "bench.tema")
    try:
        import_files(store, paths)
        seed_analysis(store, spec)
    finally:
        store.close()
    return folder / "bench.tema"


@pytest.fixture(scope="session")
def bench_projects(tmp_path_factory) -> dict[str, Path]:
    return {spec.size: build(tmp_path_factory.mktemp(spec.size), spec) for spec in (SMALLER, LARGER)}
