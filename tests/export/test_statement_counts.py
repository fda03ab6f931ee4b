"""Exports read with a fixed number of SQL statements, whatever the corpus size
(no query per code, theme, participant or extract)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tema.store.db import open_store


def _count(store, fn) -> int:
    n = 0

    def before(*_args):
        nonlocal n
        n += 1

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(store.engine, "before_cursor_execute", before)
    return n


def _grow(path, extra: int) -> None:
    """Add ``extra`` codes, each on its own extract, in new themes with subthemes."""
    from tema.domain import coding, documents, snapshots, themes
    from tema.domain.codes import find_code

    store = open_store(path)
    try:
        with store.transaction() as s:
            for i in range(extra):
                doc = documents.live_documents(s)[i % 5]
                text = documents.document_text(s, doc.id)
                start = (i * 37) % (len(text) - 40)
                coding.code_span(s, doc, start, start + 30, [f"Ny kode {i}"], perspectives=[f"perspektiv {i % 3}"],
                                 text=text)
                if i % 4 == 0:
                    theme = themes.create_theme(s, f"Ekstra tema {i}", label=str(10 + i))
                sub = themes.create_theme(s, f"Ekstra subtema {i}", parent=theme)
                themes.place_code(s, find_code(s, f"Ny kode {i}"), sub)
            snapshots.take_snapshot(s, "Stor")
    finally:
        store.close()


@pytest.mark.parametrize("table", ["code-themes", "themes", "matrix", "perspectives", "participants", "lineage",
                                   "codebook"])
def test_statements_do_not_grow_with_the_corpus(thesis_project, tmp_path, table):
    import shutil

    from tema.export import build_codebook_doc, build_tables
    from tema.export.tables import Filters

    big = tmp_path / "big.tema"
    shutil.copy(thesis_project, big)
    _grow(thesis_project, 1)
    _grow(big, 40)
    counts = []
    for path in (thesis_project, big):
        store = open_store(path)
        try:
            def run(store=store):
                with store.session() as s:
                    if table == "codebook":
                        build_codebook_doc(s, examples=3, journal=True)
                    else:
                        build_tables(s, table, Filters(snapshots=["Stor"]))
            counts.append(_count(store, run))
        finally:
            store.close()
    assert counts[0] == counts[1], counts
    assert counts[0] <= 15
