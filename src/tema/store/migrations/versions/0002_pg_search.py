"""PostgreSQL full-text search table (no-op on SQLite, which has FTS5 since 0001)

Revision ID: 0002_pg_search
Revises: 0001_baseline
Create Date: 2026-11-22 09:00:00
"""
from collections.abc import Sequence

from alembic import op

# Written out here (not imported) so this revision never changes with the code.
CREATE_STATEMENTS = (
    "CREATE TABLE segment_search ("
    " segment_id INTEGER PRIMARY KEY REFERENCES segment(id) ON DELETE CASCADE,"
    " document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,"
    " forms TSVECTOR NOT NULL,"
    " lemmas TSVECTOR NOT NULL)",
    "CREATE INDEX ix_segment_search_forms ON segment_search USING GIN (forms)",
    "CREATE INDEX ix_segment_search_lemmas ON segment_search USING GIN (lemmas)",
    "CREATE INDEX ix_segment_search_document ON segment_search (document_id)",
)

revision: str = "0002_pg_search"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for stmt in CREATE_STATEMENTS:
        op.execute(stmt)
    # Index the sentence segments already in the store (a store created before this revision).
    op.execute(
        "INSERT INTO segment_search (segment_id, document_id, forms, lemmas) "
        "SELECT s.id, s.document_id, "
        "to_tsvector('simple', substr(d.text, s.start + 1, s.\"end\" - s.start)), "
        "to_tsvector('simple', coalesce(s.lemmas, '')) "
        "FROM segment s JOIN document d ON d.id = s.document_id WHERE s.kind = 'sentence'"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS segment_search")
