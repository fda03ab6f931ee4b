"""Search leaves trashed documents out before its LIMIT: asked for N hits, it returns N when
live documents hold that many — on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tema.domain import documents
from tema.domain import project as project_d
from tema.domain.search import search
from tema.domain.segments import write_segments
from tema.store import models as m
from tema.store.db import create_store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _add(s, title: str, sentences: list[str]) -> int:
    text = " ".join(sentences)
    doc = documents.add_document(s, title=title, text=text)
    spans, at = [], 0
    for sentence in sentences:
        spans.append(SimpleNamespace(start=at, end=at + len(sentence), kind="sentence", speaker=None, turn=0,
                                     lemmas=sentence.lower().rstrip("."), meta=None))
        at += len(sentence) + 1
    write_segments(s, doc.id, text, spans)
    return doc.id


@pytest.mark.parametrize("backend", BACKENDS)
def test_trashed_documents_do_not_eat_the_limit(backend, tmp_path, request):
    target = str(tmp_path / "søk.tema") if backend == "sqlite" else request.getfixturevalue("pg_database")
    store = create_store(target)
    try:
        with store.transaction() as s:
            project_d.init_project(s, "Søk")
            trashed = _add(s, "Kastet", [f"Vi drakk kaffe nummer {i}." for i in range(30)])  # the lowest ids
            _add(s, "Levende", [f"Hun lagde kaffe igjen {i}." for i in range(8)])
            documents.delete_document(s, s.get(m.Document, trashed))
        with store.session() as s:
            hits = search(s, "kaffe", exact=True, limit=5)
            everything = search(s, "kaffe", exact=True, limit=200)
            lemma_hits = search(s, "kaffe", limit=5, nlp=None)
    finally:
        store.close()
    assert [h.document for h in hits] == ["Levende"] * 5
    assert len(everything) == 8 and {h.document for h in everything} == {"Levende"}
    assert len(lemma_hits) == 5 and {h.document for h in lemma_hits} == {"Levende"}
