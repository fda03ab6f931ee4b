"""A theme's own colour (the theme map keeps it whatever happens to other themes) and a
coder's display name (shown in exports instead of an operating-system login).

Existing top-level themes get the colour they were drawn with so far (the palette by
board position), so upgrading changes no existing map.

Revision ID: 0005_fidelity
Revises: 0004_feedback
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_fidelity"
down_revision: str | None = "0004_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# tema.domain.theme_colours.PALETTE at the time of this migration (kept here on purpose:
# a migration must not change when the code's palette does).
PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
           "#bab0ac"]


def upgrade() -> None:
    with op.batch_alter_table("theme") as batch:
        batch.add_column(sa.Column("colour", sa.String(16), nullable=True))
    with op.batch_alter_table("coder") as batch:
        batch.add_column(sa.Column("display_name", sa.String(200), nullable=True))
    conn = op.get_bind()
    theme = sa.table("theme", sa.column("id", sa.Integer), sa.column("colour", sa.String), sa.column("parent_id"),
                     sa.column("ordinal", sa.Integer), sa.column("status", sa.String), sa.column("is_holding"),
                     sa.column("deleted_at"))
    rows = conn.execute(
        sa.select(theme.c.id)
        .where(theme.c.parent_id.is_(None), theme.c.deleted_at.is_(None), theme.c.status != "discarded",
               theme.c.is_holding.is_(False))
        .order_by(theme.c.ordinal, theme.c.id)
    ).all()
    for i, (theme_id,) in enumerate(rows):
        conn.execute(sa.update(theme).where(theme.c.id == theme_id).values(colour=PALETTE[i % len(PALETTE)]))


def downgrade() -> None:
    with op.batch_alter_table("coder") as batch:
        batch.drop_column("display_name")
    with op.batch_alter_table("theme") as batch:
        batch.drop_column("colour")
