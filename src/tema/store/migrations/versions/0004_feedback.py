"""Feedback memos: author, thread (parent), open/resolved, the quoted text, a key that
recognises a comment imported before.

Revision ID: 0004_feedback
Revises: 0003_fk_indexes
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_feedback"
down_revision: str | None = "0003_fk_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("memo", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("quoted", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("source_key", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_memo_parent_id_memo"), "memo", ["parent_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_index(batch_op.f("ix_memo_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memo_source_key"), ["source_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("memo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memo_source_key"))
        batch_op.drop_index(batch_op.f("ix_memo_parent_id"))
        batch_op.drop_constraint(batch_op.f("fk_memo_parent_id_memo"), type_="foreignkey")
        batch_op.drop_column("source_key")
        batch_op.drop_column("quoted")
        batch_op.drop_column("status")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("author")
