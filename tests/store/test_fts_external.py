"""The SQLite full-text index keeps no copy of the text (migration 0007_fts_external): it
reads sentences from the view over the segments and their documents, and stays in step
with them — FTS5's own integrity check against that content passes after every way
segments come and go (import, resegmenting, purging, deleting a document row, undoing
nothing of it), and a project made before the migration keeps its search results."""

from __future__ import annotations

import sqlite3

from alembic import command

from tema.domain import documents
from tema.domain.search import search
from tema.domain.segments import write_segments
from tema.nlp import segment_transcript
from tema.store import migrate
from tema.store.db import create_store, open_store

TEXT = (
    "I: Hvordan samarbeider dere med familien?\n"
    "Randi: Vi samarbeider tett. Samarbeidet med foreldrene er viktig, og de er ofte slitne.\n"
    "I: Og søsken?\n"
    "Randi: Søsken blir lett glemt. Det er et dilemma for oss. 😀 Æ, ø og å står seg.\n"
)
OTHER = "I: Hva med skolen?\nOla: Skolen samarbeider godt med oss, men søsken får lite plass.\n"


def _check(store) -> None:
    """FTS5 compares its index with the content it reads (the view): raises when they differ."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO segment_fts(segment_fts, rank) VALUES ('integrity-check', 1)")


def _add(store, title: str, text: str) -> int:
    with store.transaction() as s:
        doc = documents.add_document(s, title=title, text=text)
        write_segments(s, doc.id, text, segment_transcript(text))
        return doc.id


def _found(store, query: str, **kw) -> list[tuple[str, str]]:
    with store.session() as s:
        return [(h.document, h.text) for h in search(s, query, **kw)]


def test_the_index_keeps_no_copy_of_the_text(tmp_path):
    store = create_store(tmp_path / "p.tema")
    _add(store, "Randi", TEXT)
    tables = {r[0] for r in sqlite3.connect(tmp_path / "p.tema").execute("SELECT name FROM sqlite_master")}
    assert "segment_fts" in tables and "segment_fts_source" in tables
    assert "segment_fts_content" not in tables  # no second copy of the sentences
    with store.session() as s:  # the index gives the sentence back, read from its document
        from sqlalchemy import text as sql

        rows = s.execute(sql("SELECT rowid, text FROM segment_fts WHERE segment_fts MATCH 'glemt'")).all()
    assert [r[1] for r in rows] == ["Søsken blir lett glemt."]
    with store.session() as s:
        hit = next(h for h in search(s, "søsken") if h.text.startswith("Søsken blir"))
    a, b = hit.marks[0]
    assert hit.text[a:b] == "Søsken"  # highlighted in the sentence's own text
    _check(store)
    store.close()


def test_the_index_follows_the_segments_every_way_they_change(tmp_path):
    store = create_store(tmp_path / "p.tema")
    randi, ola = _add(store, "Randi", TEXT), _add(store, "Ola", OTHER)
    _check(store)
    assert {d for d, _ in _found(store, "samarbeid")} == {"Randi", "Ola"}
    with store.transaction() as s:  # resegmenting replaces the rows (and their index entries)
        write_segments(s, randi, TEXT, segment_transcript(TEXT))
    _check(store)
    assert [t for d, t in _found(store, "glemt") if d == "Randi"] == ["Søsken blir lett glemt."]
    with store.transaction() as s:  # a segment changed in place
        from sqlalchemy import text as sql

        s.execute(sql("UPDATE segment SET lemmas = 'skole sjelden' WHERE document_id = :d AND kind = 'sentence' "
                      "AND start = (SELECT min(start) FROM segment WHERE document_id = :d AND kind = 'sentence' "
                      "AND start > 20)"), {"d": ola})
    _check(store)
    with store.transaction() as s:  # the document row deleted outright: its segments and entries go first
        s.delete(documents.find_document(s, "Ola"))
    _check(store)
    assert {d for d, _ in _found(store, "samarbeid")} == {"Randi"}
    assert _found(store, "skolen", exact=True) == []
    store.close()


def test_a_project_from_before_keeps_its_search_results(tmp_path):
    path = tmp_path / "gammel.tema"
    store = create_store(path)
    _add(store, "Randi", TEXT)
    _add(store, "Ola", OTHER)
    before = {q: _found(store, q) for q in ("samarbeid", "søsken", "glemt")}
    assert all(before.values())
    cfg = migrate.alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006_trust")  # the index as it was: the text stored in it
    store.close()
    con = sqlite3.connect(path)
    assert "segment_fts_content" in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert con.execute("SELECT count(*) FROM segment_fts WHERE segment_fts MATCH 'glemt'").fetchone()[0] == 1
    con.close()
    store = open_store(path)  # migrated on open (after a backup), then rewritten: the copy's pages are freed
    con = sqlite3.connect(path)
    assert "segment_fts_content" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    pages, free = (con.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count"))
    assert free <= 0.2 * pages, (free, pages)
    con.close()
    assert {q: _found(store, q) for q in before} == before
    assert _found(store, "samarbeider", exact=True) == [
        ("Ola", "Skolen samarbeider godt med oss, men søsken får lite plass."),
        ("Randi", "Hvordan samarbeider dere med familien?"), ("Randi", "Vi samarbeider tett.")]
    _check(store)
    store.close()
