"""Codings brought in from another program (REFI-QDA import), many at a time.

``insert_codings`` writes one document's codings — with their memos, creation
times and perspectives — in a fixed number of statements (read the codings
already there, insert the new ones returning their ids, look up and create the
perspectives, link them), however many codings there are. It is part of the
caller's recorded action; the import that calls it is not undoable, so no row
images are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from tema.domain.coding import check_span
from tema.store import models as m
from tema.text import clean_name, name_key


@dataclass(frozen=True)
class NewCoding:
    start: int
    end: int
    code_id: int
    coder_id: int | None = None
    created_at: datetime | None = None
    memo: str | None = None
    perspectives: tuple[str, ...] = ()


def _perspective_ids(session: Session, names: set[str]) -> dict[str, int]:
    """name key → perspective id, creating the missing ones (two statements)."""
    wanted: dict[str, str] = {}
    for name in sorted(names):
        clean = clean_name(name)
        if clean:
            wanted.setdefault(name_key(clean), clean)
    if not wanted:
        return {}
    have = dict(session.execute(
        select(m.Perspective.key, m.Perspective.id).where(m.Perspective.key.in_(list(wanted)))
    ).all())
    missing = [{"name": n, "key": k} for k, n in wanted.items() if k not in have]
    if missing:
        made = session.execute(
            insert(m.Perspective).returning(m.Perspective.key, m.Perspective.id, sort_by_parameter_order=True), missing
        ).all()
        have.update(dict(made))
    return have


_COLUMNS = ("id", "code_id", "document_id", "start", "end", "text", "coder_id", "memo", "created_at", "updated_at")


def _insert(session: Session, values: list[tuple]) -> list[int]:
    """Insert coding rows (tuples in ``_COLUMNS`` order without the id); their ids in
    order. SQLite: ids are assigned here (max + 1, inside the writing transaction, as
    ``segments._write_sqlite`` does) and the rows go in as one executemany — a plain one
    while the table has exactly these columns (dates converted by the column type, as
    SQLAlchemy would), else through Core; elsewhere INSERT … RETURNING in order."""
    table = cast(Table, m.Coding.__table__)
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        dicts = [dict(zip(_COLUMNS[1:], v)) for v in values]
        return list(conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), dicts).scalars())
    first = (conn.exec_driver_sql("SELECT max(id) FROM coding").scalar() or 0) + 1
    ids = list(range(first, first + len(values)))
    if {c.name for c in table.c} != set(_COLUMNS):
        conn.execute(insert(table), [dict(zip(_COLUMNS, (i, *v))) for i, v in zip(ids, values)])
        return ids
    date = table.c.created_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect) or (lambda d: d)
    conn.exec_driver_sql(
        'INSERT INTO coding (id, code_id, document_id, start, "end", text, coder_id, memo, created_at, updated_at) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(i, *v[:7], date(v[7]), date(v[8])) for i, v in zip(ids, values)])
    return ids


def insert_codings(session: Session, doc_id: int, text: str, rows: Sequence[NewCoding]) -> list[int | None]:
    """Insert ``rows`` on document ``doc_id`` (whose text is ``text``) in six statements
    at most; the new ids in order, None where a row repeats a coding already there (same code, span and coder)
    or its code is not active. A span outside the text raises ``InvalidInput``."""
    have: set[tuple[int, int, int, int | None]] = {(a, b, c, d) for a, b, c, d in session.execute(
        select(m.Coding.code_id, m.Coding.start, m.Coding.end, m.Coding.coder_id).where(m.Coding.document_id == doc_id)
    )}
    code_ids = {r.code_id for r in rows}
    active = set(session.scalars(
        select(m.Code.id).where(m.Code.id.in_(code_ids), m.Code.status == "active", m.Code.deleted_at.is_(None))
    )) if code_ids else set()
    now = m.utcnow()
    keep: list[int] = []
    values: list[tuple] = []  # in _COLUMNS order, the id left to _insert
    for i, r in enumerate(rows):
        check_span(text, r.start, r.end)
        key = (r.code_id, r.start, r.end, r.coder_id)
        if key in have or r.code_id not in active:
            continue
        have.add(key)
        keep.append(i)
        when = r.created_at or now
        values.append((r.code_id, doc_id, r.start, r.end, text[r.start : r.end], r.coder_id, r.memo or None,
                       when, when))
    out: list[int | None] = [None] * len(rows)
    if not values:
        return out
    ids = _insert(session, values)
    for i, coding_id in zip(keep, ids):
        out[i] = coding_id
    persp = _perspective_ids(session, {n for i in keep for n in rows[i].perspectives})
    links = {(out[i], persp[name_key(clean_name(n))]) for i in keep for n in rows[i].perspectives
             if clean_name(n) and name_key(clean_name(n)) in persp}
    if links:
        session.execute(insert(m.CodingPerspective), [{"coding_id": c, "perspective_id": p} for c, p in sorted(links)])
    return out
