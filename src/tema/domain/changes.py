"""Noticing what other processes commit to a project, cheaply enough to ask twice a second.

- SQLite: ``PRAGMA data_version`` on one long-lived connection of its own. The number
  changes when ANOTHER connection commits; this connection never writes, so every commit
  counts — the gateway re-reads the number right after its own writes (``own_write``) so
  those are not reported back to it.
- PostgreSQL: ``LISTEN tema_changes`` on one autocommit connection; every write
  transaction of tema notifies the channel with its store's token (``Store.transaction``),
  so notifications carrying this store's own token are ignored. Checking is a
  non-blocking look at what has arrived.

The connection is opened on the first check and closed by ``close()``. A failure (the
server went away, the file moved) is never raised: the watcher reconnects on a later
check and then reports a change, since some may have been missed.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from tema.store.db import CHANGES_CHANNEL, Store


class ChangeWatcher:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._raw: Any = None  # a DBAPI connection of its own (sqlite3 or psycopg), detached from the pool
        self._seen: int | None = None  # SQLite: data_version as last seen
        self._broken = False

    # --- connection -----------------------------------------------------------------
    def _connect(self) -> None:
        raw = self.store.engine.raw_connection()  # opened as the store's are (SQLite pragmas)
        conn: Any = raw.dbapi_connection
        raw.detach()  # ours for good: never returned to (or reset by) the pool
        self._raw = conn
        if self.store.is_sqlite:
            self._seen = self._version()
        else:
            conn.rollback()
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")

    def _version(self) -> int:
        cur = self._raw.execute("PRAGMA data_version")
        return int(cur.fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._raw is not None:
            with contextlib.suppress(Exception):
                self._raw.close()
        self._raw, self._seen = None, None

    # --- checks ---------------------------------------------------------------------
    def changed(self) -> bool:
        """Whether another process committed since the last check (or own write)."""
        with self._lock:
            try:
                if self._raw is None:
                    self._connect()
                    if self._broken:  # reconnected: something may have been missed
                        self._broken = False
                        return True
                    return False
                if self.store.is_sqlite:
                    version = self._version()
                    changed, self._seen = version != self._seen, version
                    return changed
                notes = list(self._raw.notifies(timeout=0))
                return any(n.payload != self.store.change_token for n in notes)
            except Exception:  # noqa: BLE001 - a watcher never breaks the app; retry later
                self._drop()
                self._broken = True
                return False

    def own_write(self) -> None:
        """The gateway committed: take the current SQLite data_version as seen."""
        if not self.store.is_sqlite:
            return
        with self._lock:
            if self._raw is not None:
                try:
                    self._seen = self._version()
                except Exception:  # noqa: BLE001
                    self._drop()
                    self._broken = True
