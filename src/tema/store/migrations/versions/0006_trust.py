"""Per-coder undo and unique theme names.

event: ``versions`` (the row versions the last undo/redo of an event left), states
``final``/``barrier``/``purged`` for the log entries that are not on an undo stack, and
the indexes of each coder's undo/redo stack (coder_id, state, id) and of the newest
barrier (state, id), replacing ix_event_coder_id.

theme: ``key``, the name as tema compares names (NFC, case-folded, whitespace collapsed),
unique among themes not in the trash. Live themes whose names already clash (only possible
through concurrent writers) are renamed "name (2)", "name (3)", … first.

Columns are added with ALTER TABLE ADD COLUMN (no table rebuild: on SQLite a rebuild of
``theme`` would cascade-delete its children while foreign keys are on).

Revision ID: 0006_trust
Revises: 0005_fidelity
"""
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006_trust"
down_revision: str | None = "0005_fidelity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here (not imported) so this revision never changes with the code.
_WS = re.compile(r"\s+")
# Not undoable and harmless to older undos: plain log entries rather than barriers.
FINAL_ACTIONS = ("undo", "redo", "project.setting")


def _clean(name: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", name)).strip()


def _key(name: str) -> str:
    return _clean(name).casefold()


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"

    op.add_column("event", sa.Column("versions", sa.JSON(), nullable=True))
    op.drop_index("ix_event_coder_id", table_name="event")
    op.create_index("ix_event_coder_state", "event", ["coder_id", "state", "id"])
    op.create_index("ix_event_state", "event", ["state", "id"])
    names = ", ".join(f"'{a}'" for a in FINAL_ACTIONS)
    op.execute(f"UPDATE event SET state = 'final' WHERE NOT undoable AND state = 'done' AND action IN ({names})")
    op.execute("UPDATE event SET state = 'barrier' WHERE NOT undoable AND state = 'done'")

    if sqlite:
        op.execute("ALTER TABLE theme ADD COLUMN key VARCHAR(500) NOT NULL DEFAULT ''")
    else:
        op.add_column("theme", sa.Column("key", sa.String(500), nullable=True))
    theme = sa.table("theme", sa.column("id", sa.Integer), sa.column("name", sa.String),
                     sa.column("key", sa.String), sa.column("deleted_at", sa.DateTime))
    renames = sa.table("theme_rename", sa.column("theme_id", sa.Integer), sa.column("old_name", sa.String),
                       sa.column("new_name", sa.String), sa.column("at", sa.DateTime))
    rows = bind.execute(sa.select(theme.c.id, theme.c.name, theme.c.deleted_at).order_by(theme.c.id)).all()
    live = {_key(name) for _id, name, deleted in rows if deleted is None}
    seen: set[str] = set()
    for tid, name, deleted in rows:
        key = _key(name)
        if deleted is None:
            if key in seen:  # a clash between live themes: the later one steps aside
                n = 2
                while _key(f"{name} ({n})") in live:
                    n += 1
                new = f"{_clean(name)} ({n})"
                bind.execute(sa.insert(renames).values(theme_id=tid, old_name=name, new_name=new,
                                                       at=datetime.now(UTC).replace(tzinfo=None)))
                name = new
                key = _key(name)
                live.add(key)
            seen.add(key)
        bind.execute(sa.update(theme).where(theme.c.id == tid).values(name=name, key=key))
    if not sqlite:
        op.alter_column("theme", "key", existing_type=sa.String(500), nullable=False)
    op.create_index("uq_theme_key", "theme", ["key"], unique=True,
                    sqlite_where=sa.text("deleted_at IS NULL"), postgresql_where=sa.text("deleted_at IS NULL"))


def downgrade() -> None:
    op.drop_index("uq_theme_key", table_name="theme")
    op.drop_column("theme", "key")
    op.execute("UPDATE event SET state = 'done' WHERE state IN ('final', 'barrier', 'purged')")
    op.drop_index("ix_event_state", table_name="event")
    op.drop_index("ix_event_coder_state", table_name="event")
    op.create_index("ix_event_coder_id", "event", ["coder_id"])
    op.drop_column("event", "versions")
