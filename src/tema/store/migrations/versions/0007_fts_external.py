"""The SQLite full-text index keeps no copy of the text (external content).

``segment_fts`` indexed each sentence's text and lemmas and also stored both (its
``_content`` shadow table: about 68 MB of a 224 MB team project). It now reads them,
when it needs them, from the view ``segment_fts_source`` — the sentence's text as a
substring of its document (code points, as Python slices) and the segment's lemmas — so
search still returns and highlights the sentence, and ``SELECT rowid, text FROM
segment_fts`` still works. The index is rebuilt from the view.

External content means tema keeps the index in step: rows are added with the segments
(tema.domain.segments), and triggers remove a sentence's entries with the values it was
indexed with — when a segment is deleted or changed, and before a document is deleted
(its segments go first, while the document's text is still there to compute them from).

Revision ID: 0007_fts_external
Revises: 0006_trust
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0007_fts_external"
down_revision: str | None = "0006_trust"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"


def _text(row: str) -> str:
    return f"substr((SELECT text FROM document WHERE id = {row}.document_id), {row}.start + 1, {row}.\"end\" - {row}.start)"


def _remove(row: str) -> str:
    return ("INSERT INTO segment_fts(segment_fts, rowid, text, lemmas) "
            f"SELECT 'delete', {row}.id, {_text(row)}, coalesce({row}.lemmas, '') WHERE {row}.kind = 'sentence';")


UPGRADE = [
    "DROP TRIGGER IF EXISTS segment_fts_delete",
    "DROP TABLE IF EXISTS segment_fts",
    "CREATE VIEW segment_fts_source AS "
    "SELECT s.id AS id, substr(d.text, s.start + 1, s.\"end\" - s.start) AS text, coalesce(s.lemmas, '') AS lemmas "
    "FROM segment s JOIN document d ON d.id = s.document_id WHERE s.kind = 'sentence'",
    f"CREATE VIRTUAL TABLE segment_fts USING fts5(text, lemmas, content = 'segment_fts_source', "
    f"content_rowid = 'id', {TOKENIZE})",
    "INSERT INTO segment_fts(segment_fts) VALUES ('rebuild')",
    f"CREATE TRIGGER segment_fts_delete AFTER DELETE ON segment BEGIN {_remove('old')} END",
    f"CREATE TRIGGER segment_fts_update AFTER UPDATE OF document_id, start, \"end\", kind, lemmas ON segment BEGIN "
    f"{_remove('old')} "
    f"INSERT INTO segment_fts(rowid, text, lemmas) SELECT new.id, {_text('new')}, coalesce(new.lemmas, '') "
    "WHERE new.kind = 'sentence'; END",
    "CREATE TRIGGER segment_fts_document_delete BEFORE DELETE ON document BEGIN "
    "DELETE FROM segment WHERE document_id = old.id; END",
]

DOWNGRADE = [
    "DROP TRIGGER IF EXISTS segment_fts_document_delete",
    "DROP TRIGGER IF EXISTS segment_fts_update",
    "DROP TRIGGER IF EXISTS segment_fts_delete",
    "DROP TABLE IF EXISTS segment_fts",
    f"CREATE VIRTUAL TABLE segment_fts USING fts5(text, lemmas, {TOKENIZE})",
    "INSERT INTO segment_fts(rowid, text, lemmas) SELECT id, text, lemmas FROM segment_fts_source",
    "DROP VIEW IF EXISTS segment_fts_source",
    "CREATE TRIGGER segment_fts_delete AFTER DELETE ON segment BEGIN DELETE FROM segment_fts WHERE rowid = old.id; END",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in DOWNGRADE:
            op.execute(statement)
