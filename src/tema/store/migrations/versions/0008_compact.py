"""Smaller project files (issue 15): one index on the segments instead of two, no
redundant index on the codings, and no JSON ``null`` text in segments without metadata.

segment: ``ix_segment_document_start`` (document_id, start) and
``ix_segment_document_ordinal`` (document_id, kind, ordinal) become one index
``ix_segment_document_kind_start`` (document_id, kind, start). Every read of segments
names a document and, but for deleting or copying all of a document's segments, a kind;
the ordinal, numbered per kind in position order, is never looked up (ordering by start
within a kind gives the same order). About 10 MB of a 175 MB team project.

coding: ``ix_coding_code`` (code_id) is the first column of the unique constraint
``uq_coding_span`` (code_id, document_id, start, end, coder_id), whose index answers the
same look-ups (and the cascade when a code row is deleted).

segment.meta: rows without metadata held the JSON text ``null`` (the JSON type's default
for None); they hold SQL NULL now, as new rows do (``JSON(none_as_null=True)``). Reading
either gives None.

Revision ID: 0008_compact
Revises: 0007_fts_external
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0008_compact"
down_revision: str | None = "0007_fts_external"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Not a column the full-text triggers watch (segment_fts_update): the index is untouched.
    op.execute("UPDATE segment SET meta = NULL WHERE meta = 'null'" if sqlite
               else "UPDATE segment SET meta = NULL WHERE meta::text = 'null'")
    op.drop_index("ix_segment_document_start", table_name="segment")
    op.drop_index("ix_segment_document_ordinal", table_name="segment")
    op.create_index("ix_segment_document_kind_start", "segment", ["document_id", "kind", "start"])
    op.drop_index("ix_coding_code", table_name="coding")


def downgrade() -> None:
    op.create_index("ix_coding_code", "coding", ["code_id"])
    op.drop_index("ix_segment_document_kind_start", table_name="segment")
    op.create_index("ix_segment_document_ordinal", "segment", ["document_id", "kind", "ordinal"])
    op.create_index("ix_segment_document_start", "segment", ["document_id", "start"])
