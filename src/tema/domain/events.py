"""Provenance and undo: every domain action is recorded as an Event holding the
row-level before/after images of what it changed, captured from the ORM flush.

Use ``with recorded(session, "code.rename", "…", coder_id):`` around the body of a
domain action. Nested calls join the outermost action. ``undo``/``redo`` replay
the images with Core statements, newest first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from tema.errors import TemaError
from tema.store.models import Base, Event

UOW_KEY = "tema_uow"
# Derived or bulky rows whose history is not worth replaying.
NOT_RECORDED = {"event", "segment"}


@dataclass
class _Uow:
    action: str
    summary: str
    coder_id: int | None
    undoable: bool
    changes: list[dict[str, Any]]
    depth: int = 1


def _enc(v: Any) -> Any:
    if isinstance(v, datetime):
        return {"$dt": v.isoformat()}
    if isinstance(v, date):
        return {"$d": v.isoformat()}
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, dict) and len(v) == 1:
        if "$dt" in v:
            return datetime.fromisoformat(v["$dt"])
        if "$d" in v:
            return date.fromisoformat(v["$d"])
    return v


def _row(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {attr.columns[0].key: _enc(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def _pk(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    ident = inspect(obj).identity or mapper.primary_key_from_instance(obj)
    return {col.key: v for col, v in zip(mapper.primary_key, ident)}


# Parents before children (inserts), children before parents (deletes).
_TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


def _table(obj: Any) -> str:
    return inspect(obj).mapper.local_table.name


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx, _instances) -> None:
    uow: _Uow | None = session.info.get(UOW_KEY)
    if uow is None:
        return
    for obj in sorted(session.deleted, key=lambda o: -_TABLE_ORDER.get(_table(o), 0)):
        if _table(obj) in NOT_RECORDED:
            continue
        uow.changes.append({"op": "delete", "table": _table(obj), "pk": _pk(obj), "row": _row(obj)})


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    uow: _Uow | None = session.info.get(UOW_KEY)
    if uow is None:
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
            if not hist.has_changes() or not hist.deleted:
                continue
            col = attr.columns[0].key
            before[col] = _enc(hist.deleted[0])
            after[col] = _enc(hist.added[0] if hist.added else None)
        if before:
            uow.changes.append(
                {"op": "update", "table": _table(obj), "pk": _pk(obj), "before": before, "after": after}
            )


@contextmanager
def recorded(
    session: Session,
    action: str,
    summary: str = "",
    coder_id: int | None = None,
    *,
    undoable: bool = True,
) -> Iterator[_Uow]:
    """Record everything flushed inside the block as one Event."""
    current: _Uow | None = session.info.get(UOW_KEY)
    if current is not None:
        current.depth += 1
        try:
            yield current
            session.flush()  # ids of what the inner action created are ready for the caller
        finally:
            current.depth -= 1
        return
    uow = _Uow(action, summary, coder_id, undoable, [])
    session.info[UOW_KEY] = uow
    try:
        yield uow
        session.flush()
    finally:
        session.info.pop(UOW_KEY, None)
    if uow.undoable and uow.changes:
        # A new action invalidates the redo stack.
        session.execute(update(Event).where(Event.state == "undone").values(state="dropped"))
    session.add(
        Event(
            action=uow.action,
            summary=uow.summary,
            coder_id=uow.coder_id,
            changes=uow.changes if uow.undoable else None,
            undoable=uow.undoable and bool(uow.changes),
        )
    )
    session.flush()


def _tbl(name: str):
    return Base.metadata.tables[name]


def _where(table, pk: dict[str, Any]):
    return and_(*(table.c[k] == v for k, v in pk.items()))


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _dec(v) for k, v in row.items()}


def _bump_version(table, values: dict[str, Any]) -> dict[str, Any]:
    if "version" in table.c:
        values = dict(values)
        values["version"] = table.c.version + 1
    return values


def _apply(session: Session, change: dict[str, Any], *, inverse: bool) -> None:
    table = _tbl(change["table"])
    op = change["op"]
    if inverse:
        op = {"insert": "delete", "delete": "insert", "update": "update"}[op]
    if op == "insert":
        session.execute(insert(table).values(**_decoded(change["row"])))
    elif op == "delete":
        session.execute(delete(table).where(_where(table, change["pk"])))
    else:
        values = _decoded(change["before"] if inverse else change["after"])
        values.pop("version", None)
        session.execute(update(table).where(_where(table, change["pk"])).values(**_bump_version(table, values)))


class NothingToUndo(TemaError):
    pass


def undo(session: Session, coder_id: int | None = None) -> Event:
    """Undo the newest action still done; returns its Event."""
    ev = session.scalars(
        select(Event).where(Event.undoable.is_(True), Event.state == "done").order_by(Event.id.desc()).limit(1)
    ).first()
    if ev is None:
        raise NothingToUndo("nothing to undo")
    for change in reversed(ev.changes or []):
        _apply(session, change, inverse=True)
    ev.state = "undone"
    session.add(Event(action="undo", summary=f"undo {ev.id}: {ev.summary}", coder_id=coder_id, undoable=False))
    session.flush()
    session.expire_all()
    return ev


def redo(session: Session, coder_id: int | None = None) -> Event:
    """Redo the most recently undone action; returns its Event."""
    ev = session.scalars(
        select(Event).where(Event.state == "undone").order_by(Event.id.asc()).limit(1)
    ).first()
    if ev is None:
        raise NothingToUndo("nothing to redo")
    for change in ev.changes or []:
        _apply(session, change, inverse=False)
    ev.state = "done"
    session.add(Event(action="redo", summary=f"redo {ev.id}: {ev.summary}", coder_id=coder_id, undoable=False))
    session.flush()
    session.expire_all()
    return ev


def history(session: Session, limit: int = 50) -> list[Event]:
    return list(session.scalars(select(Event).order_by(Event.id.desc()).limit(limit)))

