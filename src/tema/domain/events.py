"""Provenance and undo: every domain action is recorded as an Event holding the
row-level before/after images of what it changed, captured from the ORM flush.

Use ``with recorded(session, "code.rename", "…", coder_id):`` around the body of a
domain action. Nested calls join the outermost action.

Each coder has an undo stack (their events in state ``done``) and a redo stack (``undone``);
a new action of a coder drops only that coder's redo stack. ``undo``/``redo`` replay an
event only when every row it touches is still as the event (or its last undo) left it,
and never across a barrier (an action that cannot be undone: import, merge, purge,
restore of a backup); otherwise they raise ``UndoRefused`` and write nothing (see
tema.domain.replay). Every statement here is an index range scan or a primary-key
access: the cost does not grow with the length of the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tema.domain.replay import WHO, UndoRefused, barrier_refusal, enc, replay, rowcount, shown_verb
from tema.errors import Conflict, TemaError
from tema.i18n import _, kind_label
from tema.store.models import Base, Coder, Event

UOW_KEY = "tema_uow"
# Derived or bulky rows whose history is not worth replaying.
NOT_RECORDED = {"event", "segment"}

__all__ = ["NothingToUndo", "UndoRefused", "Replayed", "HistoryEntry", "recorded", "record_barrier",
           "undo", "redo", "history"]


class NothingToUndo(TemaError):
    pass


@dataclass
class _Uow:
    action: str
    summary: str
    coder_id: int | None
    undoable: bool
    barrier: bool
    changes: list[dict[str, Any]]
    depth: int = 1
    versions: dict[int, Any] = field(default_factory=dict)  # id(obj) → version before this flush
    named: dict[str, list[str]] = field(default_factory=dict)  # table → names written by this flush
    unloaded: dict[tuple[int, str], Any] = field(default_factory=dict)  # (id(obj), column) → value before


def _row(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {attr.columns[0].key: enc(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def _pk(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    ident = inspect(obj).identity or mapper.primary_key_from_instance(obj)
    return {col.key: v for col, v in zip(mapper.primary_key, ident)}


# Unique constraints two coders can race for (each checked in the app first): one clear line.
_UNIQUE = {"uq_theme_key": "theme", "theme.key": "theme", "uq_code_key": "code", "code.key": "code"}


# Parents before children (inserts), children before parents (deletes).
_TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


def _table(obj: Any) -> str:
    return inspect(obj).mapper.local_table.name


def _version_key(obj: Any) -> str | None:
    col = inspect(obj).mapper.version_id_col
    return None if col is None else col.key


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx, _instances) -> None:
    uow: _Uow | None = session.info.get(UOW_KEY)
    if uow is None:
        return
    uow.named = {}
    for obj in (*session.new, *session.dirty):
        if _table(obj) in _UNIQUE.values():
            uow.named.setdefault(_table(obj), []).append(str(getattr(obj, "name", "?")))
    if not uow.undoable:
        return  # no images are kept (an import's would hold every text it brought in)
    for obj in session.dirty:
        key = _version_key(obj)
        if key is not None:
            uow.versions[id(obj)] = inspect(obj).dict.get(key)
        if _table(obj) not in NOT_RECORDED:
            _unloaded_before(session, uow, obj)
    for obj in sorted(session.deleted, key=lambda o: -_TABLE_ORDER.get(_table(o), 0)):
        if _table(obj) in NOT_RECORDED:
            continue
        uow.changes.append({"op": "delete", "table": _table(obj), "pk": _pk(obj), "row": _row(obj)})


def _unloaded_before(session: Session, uow: _Uow, obj: Any) -> None:
    """Columns set without their old value loaded (never set before the insert, or deferred):
    their value before this flush, from this action's own images or else read from the row."""
    state = inspect(obj)
    missing = [attr for attr in state.mapper.column_attrs
               if (h := state.attrs[attr.key].history).added and not h.deleted]
    if not missing:
        return
    table, pk = _table(obj), _pk(obj)
    known: dict[str, Any] = {}
    for ch in uow.changes:
        if ch["table"] == table and ch["pk"] == pk:
            known.update(ch.get("row") or ch.get("after") or {})
    unread = [a for a in missing if a.columns[0].key not in known]
    if unread:
        tbl = state.mapper.local_table
        where = [tbl.c[k] == v for k, v in pk.items()]
        row = session.connection().execute(select(*(a.columns[0] for a in unread)).where(*where)).first()
        for a, v in zip(unread, row or [None] * len(unread)):
            known[a.columns[0].key] = enc(v)
    for a in missing:
        uow.unloaded[(id(obj), a.columns[0].key)] = known[a.columns[0].key]


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    uow: _Uow | None = session.info.get(UOW_KEY)
    if uow is None or not uow.undoable:
        return
    for obj in sorted(session.new, key=lambda o: _TABLE_ORDER.get(_table(o), 0)):
        if _table(obj) in NOT_RECORDED:
            continue
        uow.changes.append({"op": "insert", "table": _table(obj), "pk": _pk(obj), "row": _row(obj)})
    for obj in session.dirty:
        if _table(obj) in NOT_RECORDED or obj in session.deleted:
            continue
        state = inspect(obj)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            col = attr.columns[0].key
            if not hist.has_changes():
                continue
            if hist.deleted:
                before[col] = enc(hist.deleted[0])
            elif (id(obj), col) in uow.unloaded:
                before[col] = uow.unloaded[(id(obj), col)]
            else:
                continue
            after[col] = enc(hist.added[0] if hist.added else None)
            if before[col] == after[col]:
                del before[col], after[col]
        vkey = _version_key(obj)
        if vkey is not None:  # an UPDATE bumps it, even one that rewrote equal values
            now = state.dict.get(vkey)
            was = uow.versions.get(id(obj), now - 1 if isinstance(now, int) and before else now)
            if was != now:
                before[vkey], after[vkey] = was, now
        if before:
            uow.changes.append(
                {"op": "update", "table": _table(obj), "pk": _pk(obj), "before": before, "after": after}
            )


def _clash(uow: _Uow, exc: IntegrityError) -> Conflict | None:
    text = str(exc.orig)
    for marker, kind in _UNIQUE.items():
        if marker in text:
            names = uow.named.get(kind, [])
            name = names[0] if len(names) == 1 else "?"
            return Conflict(_("{kind} «{name}»: already exists (another coder made it at the same time); "
                              "nothing was written").format(kind=kind_label(kind), name=name))
    return None


@contextmanager
def recorded(
    session: Session,
    action: str,
    summary: str = "",
    coder_id: int | None = None,
    *,
    undoable: bool = True,
    barrier: bool | None = None,
) -> Iterator[_Uow]:
    """Record everything flushed inside the block as one Event.

    ``undoable=False``: the event holds no images and, unless ``barrier=False``, it is a
    barrier that no undo or redo (of any coder) crosses."""
    current: _Uow | None = session.info.get(UOW_KEY)
    if current is not None:
        current.depth += 1
        try:
            yield current
            session.flush()  # ids of what the inner action created are ready for the caller
        finally:
            current.depth -= 1
        return
    uow = _Uow(action, summary, coder_id, undoable, (not undoable) if barrier is None else barrier, [])
    session.info[UOW_KEY] = uow
    try:
        yield uow
        session.flush()
    except IntegrityError as exc:
        clash = _clash(uow, exc)
        if clash is None:
            raise
        raise clash from None
    finally:
        session.info.pop(UOW_KEY, None)
    undoable = uow.undoable and bool(uow.changes)
    conn = session.connection()
    if undoable:
        # A new action empties its coder's redo stack (an index range: that coder's undone events).
        conn.execute(_DROP_REDO[coder_id is not None], {"coder": coder_id})
    state = "done" if undoable else ("barrier" if uow.barrier else "final")
    _log(conn, uow.action, uow.summary, coder_id, uow.changes if undoable else None, undoable, state)


# Built once (every action runs them): Core statements on the event table, which the
# compiled cache serves without building a statement and its cache key each time.
_EVENT = cast(Table, Event.__table__)
_INSERT_EVENT = insert(_EVENT)
_DROP_REDO = {
    has_coder: update(_EVENT)
    .where(_EVENT.c.coder_id == bindparam("coder") if has_coder else _EVENT.c.coder_id.is_(None),
           _EVENT.c.state == "undone")
    .values(state="dropped")
    for has_coder in (True, False)
}


def _log(conn: Any, action: str, summary: str, coder_id: int | None, changes: list[Any] | None, undoable: bool,
         state: str) -> None:
    """Append one event (``at`` is the column's default: now)."""
    conn.execute(_INSERT_EVENT, {"action": action, "summary": summary, "coder_id": coder_id, "changes": changes,
                                 "undoable": undoable, "state": state})


def record_barrier(session: Session, action: str, summary: str, coder_id: int | None = None) -> None:
    """Log an action done outside the ORM (e.g. a backup restored) that no undo may cross."""
    if session.autoflush:  # as an ORM statement would: what the caller added is written first
        session.flush()
    _log(session.connection(), action, summary, coder_id, None, False, "barrier")


def _by(coder_id: int | None):
    return Event.coder_id.is_(None) if coder_id is None else Event.coder_id == coder_id


@dataclass(frozen=True)
class Replayed:
    """The event an undo or redo replayed."""

    id: int
    action: str
    summary: str


def _newest_barrier():
    return select(func.max(Event.id)).where(Event.state == "barrier").scalar_subquery()


def _step(session: Session, coder_id: int | None, *, redo: bool) -> Replayed:
    wanted = "undone" if redo else "done"
    order = Event.id.asc() if redo else Event.id.desc()
    row = session.execute(
        select(Event.id, Event.action, Event.summary, Event.changes, Event.versions, _newest_barrier())
        .where(_by(coder_id), Event.state == wanted).order_by(order).limit(1)
    ).first()
    verb = "redo" if redo else "undo"
    if row is None:
        raise NothingToUndo(_("nothing to redo") if redo else _("nothing to undo"))
    ev_id, action, summary, changes, versions, barrier_id = row
    if barrier_id is not None and barrier_id > ev_id:
        raise barrier_refusal(session, verb, summary, barrier_id)
    applied, left = replay(session, ev_id, summary, changes or [], versions or {}, redo=redo)
    done = session.execute(
        update(Event).where(Event.id == ev_id, Event.state == wanted)
        .values(state="done" if redo else "undone", versions=left or None)
        .execution_options(synchronize_session=False)
    )
    if rowcount(done) != 1:
        raise UndoRefused(_("cannot {verb} \"{summary}\": another session did it at the same time; nothing was "
                            "written").format(verb=shown_verb(redo), summary=summary))
    _log(session.connection(), verb, f"{verb} {ev_id}: {summary}", coder_id, applied, False, "final")
    session.expire_all()
    return Replayed(ev_id, action, summary)


def undo(session: Session, coder_id: int | None = None) -> Replayed:
    """Undo this coder's newest action still done."""
    with session.begin_nested():
        return _step(session, coder_id, redo=False)


def redo(session: Session, coder_id: int | None = None) -> Replayed:
    """Redo this coder's most recently undone action."""
    with session.begin_nested():
        return _step(session, coder_id, redo=True)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime
    coder: str | None
    action: str
    summary: str
    state: str  # done | undone | dropped | final | barrier | purged
    undoable: bool


def history(session: Session, limit: int = 50, coder_id: int | None = None) -> list[HistoryEntry]:
    """The newest events first (of one coder when ``coder_id`` is given), without their payloads."""
    stmt = (
        select(Event.id, Event.at, WHO, Event.action, Event.summary, Event.state, Event.undoable)
        .outerjoin(Coder, Coder.id == Event.coder_id)
        .order_by(Event.id.desc()).limit(limit)
    )
    if coder_id is not None:
        stmt = stmt.where(Event.coder_id == coder_id)
    return [HistoryEntry(*r) for r in session.execute(stmt)]
