"""The gateway edges use to reach an open project: ``Workspace``.

It owns the store (opened from a path or URL, or an open ``Store`` lent by the caller)
and who is coding, and offers three things:

- ``read(fn, *args, **kw)``: ``fn(session, *args, **kw)`` in a short read session;
- ``write(fn, *args, **kw)``: the same as ONE transaction — one user action — committed
  on success, rolled back on any error;
- ``data_version()``: a number that changes when another process commits (SQLite
  ``PRAGMA data_version``, PostgreSQL ``LISTEN tema_changes``), not on this gateway's
  own writes, cheap enough to poll twice a second (tema.domain.changes).

``fn`` is a domain function taking the session first. What it returns crosses the
gateway as plain values: a database row (or a list of rows) comes back as its id, so an
edge never holds an ORM object. Failures come back as ``tema.errors`` with one line and
no secrets: a locked database is ``Busy``, a row changed under an edit (StaleDataError)
or a constraint clash is ``Conflict``, a row gone is ``NotFound`` (``Vanished``), and
anything else from the database is ``StoreFailure``. Edges never import SQLAlchemy.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from tema.domain.changes import ChangeWatcher
from tema.errors import Busy, Conflict, StoreFailure, TemaError
from tema.i18n import N_, _
from tema.store import models as m
from tema.store.db import Store, open_store

BUSY_MESSAGE = N_("busy: another tema process is writing; nothing was written — try again")
# PostgreSQL: lock_not_available, deadlock_detected, serialization_failure, query_canceled (lock timeout)
BUSY_STATES = {"55P03", "40P01", "40001", "57014"}


class Workspace:
    """An open project and who is working in it (see the module's docstring)."""

    def __init__(self, store: Store, coder_id: int, coder_name: str, *, owns_store: bool = False) -> None:
        self.store = store
        self.coder_id = coder_id
        self.coder_name = coder_name
        self.owns_store = owns_store
        self._watcher = ChangeWatcher(store)
        self._version = 0

    @classmethod
    def open(cls, target: Workspace | Store | str | os.PathLike[str], coder: str | None = None) -> Workspace:
        """The workspace of a project: a path or URL (opened here, closed by ``close()``),
        an open Store (lent: left open), or a Workspace (returned as it is). ``coder`` is
        a name (default: TEMA_CODER, the config file, or the user name)."""
        from tema.domain.coders import get_or_create_coder, resolve_coder_name

        if isinstance(target, Workspace):
            return target
        owns = not isinstance(target, Store)
        store = open_store(target) if not isinstance(target, Store) else target
        try:
            with store.transaction() as s:
                c = get_or_create_coder(s, resolve_coder_name(coder))
                coder_id, coder_name = c.id, c.name
        except SQLAlchemyError as exc:
            if owns:
                store.close()
            raise translate(exc, store) from None
        except BaseException:
            if owns:
                store.close()
            raise
        return cls(store, coder_id, coder_name, owns_store=owns)

    @property
    def name(self) -> str:
        """The project's short name (file stem or database name)."""
        return self.store.name

    # --- the gateway ----------------------------------------------------------------
    def read(self, fn: Callable[..., Any], /, *args: Any, **kw: Any) -> Any:
        try:
            with self.store.session() as s:
                return plain(fn(s, *args, **kw))
        except SQLAlchemyError as exc:
            raise translate(exc, self.store) from None

    def write(self, fn: Callable[..., Any], /, *args: Any, **kw: Any) -> Any:
        try:
            with self.store.transaction() as s:
                result = fn(s, *args, **kw)
                result = plain(result)  # ids read while the session is open
        except SQLAlchemyError as exc:
            raise translate(exc, self.store) from None
        self._watcher.own_write()
        return result

    def data_version(self) -> int:
        """Changes when another process has committed since the last call."""
        if self._watcher.changed():
            self._version += 1
        return self._version

    def close(self) -> None:
        self._watcher.close()
        if self.owns_store:
            self.store.close()

    def __repr__(self) -> str:  # never the URL: it may hold a password
        return f"Workspace({self.name!r}, coder={self.coder_name!r})"


def plain(result: Any) -> Any:
    """A row becomes its id, a list of rows a list of ids; anything else is returned as is."""
    if isinstance(result, m.Base):
        return getattr(result, "id", None)
    if isinstance(result, list) and result and isinstance(result[0], m.Base):
        return [getattr(r, "id", None) for r in result]
    return result


def translate(exc: SQLAlchemyError, store: Store | None = None) -> TemaError:
    """A database failure as one user-readable line (no URL, no password)."""
    text = _first_line(exc, store)
    if isinstance(exc, StaleDataError):
        return Conflict(_("another change touched the same item at the same time; nothing was written"))
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if isinstance(exc, OperationalError) and ("locked" in text.lower() or "busy" in text.lower()) or state in BUSY_STATES:
        return Busy(f"{store.name}: {_(BUSY_MESSAGE)}" if store is not None else _(BUSY_MESSAGE))
    if isinstance(exc, IntegrityError):
        return Conflict(_("the change clashes with another change ({problem}); nothing was written").format(
            problem=text))
    return StoreFailure(_("database error: {problem}; nothing was written").format(problem=text))


def _first_line(exc: BaseException, store: Store | None) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip()
    line = msg.splitlines()[0] if msg else type(exc).__name__
    if store is not None and "://" in store.url:
        try:
            password = make_url(store.url).password
        except Exception:  # noqa: BLE001
            password = None
        if password:
            line = line.replace(str(password), "***")
    return line


__all__ = ["Workspace", "plain", "translate"]
