"""Indexes on the foreign keys that had none (found by the team-scale benchmark).

Revision ID: 0003_fk_indexes
Revises: 0002_pg_search
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0003_fk_indexes"
down_revision: str | None = "0002_pg_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = [
    ("ix_code_merged_into_id", "code", "merged_into_id"),
    ("ix_code_created_by_id", "code", "created_by_id"),
    ("ix_event_coder_id", "event", "coder_id"),
    ("ix_theme_rename_coder_id", "theme_rename", "coder_id"),
    ("ix_theme_map_snapshot_coder_id", "theme_map_snapshot", "coder_id"),
]


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
