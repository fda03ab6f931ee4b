"""Replaying an event's row images for undo and redo — only over rows that are still as
the event (or its last undo/redo) left them.

Before anything is written, every row the event touched is read (``FOR UPDATE`` on
PostgreSQL) and compared with the state the replay expects: for an update, the changed
columns and ``version``; for an insert, the whole row; for a delete, a free primary key.
A difference raises ``UndoRefused`` naming what changed since and, when the log knows,
by whom; nothing is written.

Versions only grow: every write, a replay's too, gives a versioned row ``current + 1``,
so an edit prepared before a replay fails its optimistic lock instead of overwriting.
The version a row has in the state an event left is in its images (never replayed) or
in ``Event.versions`` (what its last replay wrote). When a row's version has moved on,
the row is still "as the event left it" only if the first later event that touched it
is undone (its undo restored the row): then that undo's version is the one expected.
Only this case reads further back in the log — never the common path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import and_, delete, func, insert, select, tuple_, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tema.errors import Conflict
from tema.i18n import _, kind_label, pgettext
from tema.store.models import Base, Coder, Event
from tema.text import name_key

# Bookkeeping columns that change without a domain action (opening a document) or with
# every write (onupdate timestamps): never a reason to refuse.
IGNORED = {"updated_at", "last_opened_at"}
_NAMED = ("name", "title", "heading", "pseudonym", "real")
_WORDS = {"case_": "case", "theme_code": "code placement", "theme_extract": "chosen extract",
          "coding_perspective": "coding perspective", "theme_map_snapshot": "snapshot"}
UNDOABLE = ("done", "undone", "dropped")
CULPRIT_SCAN = 2000  # events searched (newest first) for who changed a row; only when refusing
CHUNK = 500
WHO = func.coalesce(Coder.display_name, Coder.name)  # as exports name a coder (tema coder rename)


class UndoRefused(Conflict):
    """An undo or redo that would overwrite later work, or cross an action that cannot be undone."""


def shown_verb(redo: bool) -> str:
    """"undo" or "redo" as a refusal names it ("cannot undo …")."""
    return pgettext("verb", "redo") if redo else pgettext("verb", "undo")


def enc(v: Any) -> Any:
    if isinstance(v, datetime):
        return {"$dt": v.isoformat()}
    if isinstance(v, date):
        return {"$d": v.isoformat()}
    return v


def dec(v: Any) -> Any:
    if isinstance(v, dict) and len(v) == 1:
        if "$dt" in v:
            return datetime.fromisoformat(v["$dt"])
        if "$d" in v:
            return date.fromisoformat(v["$d"])
    return v


def row_key(table: str, pk: dict[str, Any]) -> str:
    return table + ":" + ",".join(str(pk[k]) for k in sorted(pk))


@dataclass
class _Net:
    """One row's state before and after the whole event (None: no such row)."""

    table: str
    pk: dict[str, Any]
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def key(self) -> str:
        return row_key(self.table, self.pk)


def net_rows(changes: list[dict[str, Any]]) -> list[_Net]:
    rows: dict[str, _Net] = {}
    for ch in changes:
        key = row_key(ch["table"], ch["pk"])
        r = rows.get(key)
        if ch["op"] == "insert":
            if r is None:
                rows[key] = _Net(ch["table"], ch["pk"], None, dict(ch["row"]))
            else:
                r.after = dict(ch["row"])
        elif ch["op"] == "delete":
            if r is None:
                rows[key] = _Net(ch["table"], ch["pk"], dict(ch["row"]), None)
            else:
                if r.before is not None:
                    r.before = {**ch["row"], **r.before}
                r.after = None
        elif r is None:
            rows[key] = _Net(ch["table"], ch["pk"], dict(ch["before"]), dict(ch["after"]))
        else:
            if r.before is not None:
                for col, v in ch["before"].items():
                    r.before.setdefault(col, v)
            if r.after is not None:
                r.after.update(ch["after"])
    return [r for r in rows.values() if not (r.before is None and r.after is None)]


def rowcount(result: Any) -> int:
    """Rows a Core UPDATE/DELETE matched (a CursorResult's rowcount)."""
    return int(cast(CursorResult, result).rowcount)


def _tbl(name: str):
    return Base.metadata.tables[name]


def _versioned(table) -> bool:
    return "version" in table.c


def _label(table: str, row: dict[str, Any] | None, pk: dict[str, Any]) -> str:
    word = kind_label(_WORDS.get(table, table))
    for col in _NAMED:
        if row and row.get(col):
            return f"{word} «{row[col]}»"
    if table == "memo" and row and row.get("body"):
        return _("memo «{text}»").format(text=str(row["body"])[:30])
    return f"{word} {', '.join(str(v) for v in pk.values())}"


def _same(table, expected: dict[str, Any], current: dict[str, Any]) -> bool:
    return all(enc(current.get(col)) == want for col, want in expected.items()
               if col not in IGNORED and col != "version" and col in table.c)


def _read(session: Session, table, pks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The current rows of ``table`` with these primary keys (locked on PostgreSQL)."""
    cols = [c.key for c in table.primary_key.columns]
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(pks), CHUNK):
        part = pks[i : i + CHUNK]
        if len(cols) == 1:
            cond = table.c[cols[0]].in_([p[cols[0]] for p in part])
        else:
            cond = tuple_(*(table.c[c] for c in cols)).in_([tuple(p[c] for c in cols) for p in part])
        for row in session.execute(select(table).where(cond).with_for_update()).mappings():
            found[row_key(table.name, {c: row[c] for c in cols})] = dict(row)
    return found


@dataclass
class _Later:
    id: int
    state: str
    summary: str
    coder: str | None
    versions: dict[str, Any]


def _nearest(session: Session, ev_id: int, keys: set[str], *, later: bool) -> dict[str, _Later]:
    """For each row key, the nearest undoable event after (or before) ``ev_id`` that touched it."""
    found: dict[str, _Later] = {}
    bound = ev_id
    while keys - found.keys():
        stmt = (select(Event.id, Event.state, Event.summary, WHO, Event.versions, Event.changes)
                .outerjoin(Coder, Coder.id == Event.coder_id).where(Event.state.in_(UNDOABLE)).limit(CHUNK))
        stmt = (stmt.where(Event.id > bound).order_by(Event.id) if later
                else stmt.where(Event.id < bound).order_by(Event.id.desc()))
        batch = session.execute(stmt).all()
        for eid, state, summary, who, versions, changes in batch:
            for ch in changes or []:
                key = row_key(ch["table"], ch["pk"])
                if key in keys and key not in found:
                    found[key] = _Later(eid, state, summary, who, versions or {})
        if len(batch) < CHUNK:
            break
        bound = batch[-1][0]
    return found


def _culprit(session: Session, ev_id: int, table: str, pk: dict[str, Any]) -> str:
    """' by Ola (event 812, "…")' for the newest later event that touched the row, when found."""
    stmt = (
        select(Event.id, Event.summary, WHO, Event.changes)
        .outerjoin(Coder, Coder.id == Event.coder_id)
        .where(Event.id > ev_id).order_by(Event.id.desc()).limit(CULPRIT_SCAN)
    )
    for eid, summary, who, changes in session.execute(stmt):
        if any(ch.get("table") == table and ch.get("pk") == pk for ch in changes or []):
            return _by(eid, summary, who)
    return ""


def _by(eid: int, summary: str, who: str | None) -> str:
    return (_(' by {who} (event {id}, "{summary}")') if who else _(' (event {id}, "{summary}")')).format(
        who=who, id=eid, summary=summary)


def check(session: Session, ev_id: int, summary: str, rows: list[_Net], versions: dict[str, Any], *,
          redo: bool) -> dict[str, dict[str, Any]]:
    """Refuse unless every row is as the event (or its last replay) left it; returns the current rows."""
    current: dict[str, dict[str, Any]] = {}
    by_table: dict[str, list[_Net]] = {}
    for r in rows:
        by_table.setdefault(r.table, []).append(r)
    for name, group in by_table.items():
        current.update(_read(session, _tbl(name), [r.pk for r in group]))

    def refuse(r: _Net, now: dict[str, Any] | None, what: str, by: str | None = None) -> UndoRefused:
        label = _label(r.table, now or r.after or r.before, r.pk)
        by = _culprit(session, ev_id, r.table, r.pk) if by is None else by
        return UndoRefused(_('cannot {verb} "{summary}": {label} {what}{by}; nothing was written').format(
            verb=shown_verb(redo), summary=summary, label=label, what=what, by=by))

    moved: list[_Net] = []
    for r in rows:
        expected = r.before if redo else r.after
        now = current.get(r.key)
        if expected is None and now is not None:
            raise refuse(r, now, _("was created since"))
        if expected is not None and now is None:
            raise refuse(r, now, _("was deleted since"))
        if expected is None or now is None:
            continue
        if not _same(_tbl(r.table), expected, now):
            raise refuse(r, now, _("was changed since"))
        want = versions.get(r.key, expected.get("version"))
        if _versioned(_tbl(r.table)) and want is not None and now["version"] != want:
            moved.append(r)
    if moved:
        # The version moved on: still as the event left it only if the last write was the undo of
        # the first later event touching the row, or (redo) the redo of the nearest earlier one.
        keys = {r.key for r in moved}
        nxt = _nearest(session, ev_id, keys, later=True)
        prev = _nearest(session, ev_id, keys, later=False) if redo else {}
        for r in moved:
            now = current[r.key]
            f, p = nxt.get(r.key), prev.get(r.key)
            if f is not None and f.state == "done":
                raise refuse(r, now, _("was changed since"), _by(f.id, f.summary, f.coder))
            ok = {f.versions.get(r.key)} if f is not None else set()
            if p is not None and p.state == "done":
                ok.add(p.versions.get(r.key))
            if now["version"] not in ok - {None}:
                raise refuse(r, now, _("was changed since"))
    return current


def barrier_refusal(session: Session, verb: str, summary: str, barrier_id: int) -> UndoRefused:
    b = session.execute(
        select(Event.summary, WHO).outerjoin(Coder, Coder.id == Event.coder_id).where(Event.id == barrier_id)
    ).one()
    came = (_('cannot {verb} "{summary}": "{barrier}" (event {id} by {who}) came after it and cannot be undone; '
              "nothing was written") if b[1] else
            _('cannot {verb} "{summary}": "{barrier}" (event {id}) came after it and cannot be undone; '
              "nothing was written"))
    return UndoRefused(came.format(verb=shown_verb(verb == "redo"), summary=summary, barrier=b[0], id=barrier_id,
                                   who=b[1]))


def _values(table, image: dict[str, Any], version: int | None) -> dict[str, Any]:
    values = {k: dec(v) for k, v in image.items() if k in table.c and k != "version"}
    if table.name == "theme" and "name" in values and "key" not in image:
        values["key"] = name_key(values["name"])  # images written before themes had a key
    if version is not None:
        values["version"] = version
    return values


class _Vanished(Exception):
    def __init__(self, table: str, pk: dict[str, Any]) -> None:
        super().__init__(table, pk)
        self.table, self.pk = table, pk


def _write(session: Session, ch: dict[str, Any], version: int | None, *, inverse: bool) -> dict[str, Any]:
    """One change (or its inverse), row count checked; returns it as applied, for the log."""
    table = _tbl(ch["table"])
    op = ch["op"]
    if inverse:
        op = {"insert": "delete", "delete": "insert", "update": "update"}[op]
    where = and_(*(table.c[k] == v for k, v in ch["pk"].items()))
    if op == "insert":
        session.execute(insert(table).values(**_values(table, ch["row"], version)))
        return {"op": "insert", "table": ch["table"], "pk": ch["pk"], "row": ch["row"]}
    if op == "delete":
        if rowcount(session.execute(delete(table).where(where))) != 1:
            raise _Vanished(ch["table"], ch["pk"])
        return {"op": "delete", "table": ch["table"], "pk": ch["pk"], "row": ch["row"]}
    new, old = (ch["before"], ch["after"]) if inverse else (ch["after"], ch["before"])
    values = _values(table, new, version)
    if values and rowcount(session.execute(update(table).where(where).values(**values))) != 1:
        raise _Vanished(ch["table"], ch["pk"])
    return {"op": "update", "table": ch["table"], "pk": ch["pk"], "before": old, "after": new}


def _targets(rows: list[_Net], current: dict[str, dict[str, Any]], versions: dict[str, Any],
             *, redo: bool) -> tuple[dict[str, int], dict[str, int]]:
    """(version each versioned row is written with, versions to remember for the next replay)."""
    write: dict[str, int] = {}
    remember: dict[str, int] = {}
    for r in rows:
        if not _versioned(_tbl(r.table)):
            continue
        now = current.get(r.key)
        result = r.after if redo else r.before
        if now is not None:
            last = now["version"]
        else:  # re-created: after the version it had when it went
            image = r.before if redo else r.after
            last = versions.get(r.key, (image or {}).get("version") or 0)
        if result is None:
            remember[r.key] = last
        else:
            write[r.key] = remember[r.key] = last + 1
    return write, remember


def replay(session: Session, ev_id: int, summary: str, changes: list[dict[str, Any]],
           versions: dict[str, Any], *, redo: bool) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Check, then write the event's changes forwards (redo) or inverted in reverse (undo).
    Returns the changes as applied and the row versions the replay left."""
    if any(ch.get("purged") for ch in changes):
        raise UndoRefused(_("cannot {verb} \"{summary}\": part of it was purged; nothing was written").format(verb=shown_verb(redo), summary=summary))
    rows = net_rows(changes)
    current = check(session, ev_id, summary, rows, versions, redo=redo)
    write, remember = _targets(rows, current, versions, redo=redo)
    applied = []
    try:
        for ch in (changes if redo else reversed(changes)):
            applied.append(_write(session, ch, write.get(row_key(ch["table"], ch["pk"])), inverse=not redo))
    except _Vanished as gone:
        raise UndoRefused(_("cannot {verb} \"{summary}\": {label} changed while replaying; nothing was written").format(
            verb=shown_verb(redo), summary=summary, label=_label(gone.table, None, gone.pk))) from None
    except IntegrityError as exc:
        line = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise UndoRefused(_("cannot {verb} \"{summary}\": it clashes with what is there now ({line}); nothing "
                            "was written").format(verb=shown_verb(redo), summary=summary, line=line)) from None
    return applied, remember
