"""Making deleted content unrecoverable from a SQLite project file (purge).

SQLite leaves deleted rows in free pages and old page images in the ``-wal`` file, and
FTS5 keeps deleted terms in its index segments until they are merged. A purge therefore
runs with ``PRAGMA secure_delete = ON`` (freed content is overwritten with zeros), merges
the full-text index (``optimize``), and afterwards rewrites the file (``VACUUM``: no page
freed before the purge — e.g. by moving the item to the trash — keeps a copy) and empties
the WAL (``wal_checkpoint(TRUNCATE)``). On PostgreSQL old row versions stay in the data
files until the server vacuums them; ``VACUUM FULL`` by the administrator removes them.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tema.store.db import Store


def begin_secure_delete(session: Session) -> None:
    """Within a write transaction: overwrite what it frees with zeros (SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")


def merge_fulltext(session: Session) -> None:
    """Merge the FTS5 index so deleted segments' terms leave it (SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("INSERT INTO segment_fts(segment_fts) VALUES ('optimize')")


def compact(store: Store) -> bool:
    """After the purge committed: rewrite the file and empty the WAL (SQLite; a no-op elsewhere).
    False when another process kept reading, so the WAL could not be emptied yet (it is when
    the last connection closes)."""
    if not store.is_sqlite:
        return True
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA secure_delete = ON")
        raw.execute("VACUUM")
        busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return busy == 0
