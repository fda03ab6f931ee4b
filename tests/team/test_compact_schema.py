"""Migration 0008_compact (issue 15), on SQLite and PostgreSQL: a project from before —
two segment indexes, ix_coding_code, the JSON text ``null`` in every segment without
metadata — gets the one (document_id, kind, start) index and SQL NULLs, keeps its search
results and segments, and new segments are written the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from tema.domain.search import search
from tema.domain.segments import document_segments, next_uncoded_segment, segment_spans
from tema.store import migrate
from tema.store.db import open_store
from tests.helpers.cli import tema
from tests.team.conftest import BACKENDS, new_project

TRANSCRIPT = (
    "Intervjuer: Hvordan samarbeider dere med skolen?\n\n"
    "Mor: Vi samarbeider tett. Kontaktlæreren ringer ofte, og møtene er gode.\n\n"
    "Intervjuer: Og søsken?\n\n"
    "Mor: Søsken blir lett glemt. Det er et dilemma.\n"
)


def _import(target: str, folder: Path) -> None:
    path = folder / "mor.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    tema("import", target, path, "--participant", "Mor")


def _indexes(store, table: str) -> set[str]:
    with store.engine.connect() as conn:
        return {i["name"] for i in inspect(conn).get_indexes(table)}


def _state(store) -> dict:
    with store.session() as s:
        doc_id = s.execute(text("SELECT id FROM document")).scalar_one()
        return {
            "search": [(h.text, h.start) for h in search(s, "samarbeide")],
            "exact": [(h.text, h.start) for h in search(s, "søsken", exact=True)],
            "segments": [(g.kind, g.start, g.end, g.speaker, g.turn, g.lemmas, g.meta)
                         for g in document_segments(s, doc_id)],
            "turns": segment_spans(s, doc_id, "turn"),
            "next": next_uncoded_segment(s, doc_id, 20),
            "previous": next_uncoded_segment(s, doc_id, 60, backwards=True),
        }


@pytest.mark.parametrize("target", BACKENDS, indirect=True)
def test_a_project_from_before_gets_the_smaller_schema(target, tmp_path):
    new_project(target)
    _import(target, tmp_path)
    store = open_store(target)
    assert "ix_segment_document_kind_start" in _indexes(store, "segment")
    assert "ix_coding_code" not in _indexes(store, "coding")
    with store.session() as s:  # written as SQL NULL, not the JSON text 'null'
        assert s.execute(text("SELECT count(*) FROM segment WHERE meta IS NULL")).scalar_one() > 0
    before = _state(store)
    assert before["search"] and before["exact"] and before["turns"] and before["next"] and before["previous"]

    cfg = migrate.alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007_fts_external")
        null = "'null'" if conn.dialect.name == "sqlite" else "CAST('null' AS json)"
        conn.execute(text(f"UPDATE segment SET meta = {null} WHERE meta IS NULL"))  # as written before
    assert {"ix_segment_document_start", "ix_segment_document_ordinal"} <= _indexes(store, "segment")
    assert "ix_coding_code" in _indexes(store, "coding")
    assert _state(store) == before  # 'null' reads as None
    store.close()

    store = open_store(target)  # migrated on open
    assert migrate.current_revision(store) == migrate.head_revision()
    segment = _indexes(store, "segment")
    assert "ix_segment_document_kind_start" in segment
    assert not {"ix_segment_document_start", "ix_segment_document_ordinal"} & segment
    assert "ix_coding_code" not in _indexes(store, "coding")
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM segment WHERE meta IS NOT NULL")).scalar_one() == 0
    assert _state(store) == before
    if store.path is not None:
        with store.engine.begin() as conn:  # FTS5 checks its index against the content it reads
            conn.exec_driver_sql("INSERT INTO segment_fts(segment_fts, rank) VALUES ('integrity-check', 1)")
    store.close()

