"""The trash: deleted documents, codes, themes and memos stay recoverable until purged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import codes, documents, themes
from tema.domain.events import recorded
from tema.domain.scrub import purged_rows, scrub_events
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _, kind_label
from tema.store import models as m
from tema.store.erase import begin_secure_delete, merge_fulltext
from tema.text import name_key


@dataclass(frozen=True)
class TrashItem:
    kind: str
    id: int
    name: str
    deleted_at: datetime


def _when(deleted_at: datetime | None) -> datetime:
    assert deleted_at is not None  # selected for it
    return deleted_at


def list_trash(session: Session) -> list[TrashItem]:
    out: list[TrashItem] = []
    for d in session.scalars(select(m.Document).where(m.Document.deleted_at.is_not(None))):
        out.append(TrashItem("document", d.id, d.title, _when(d.deleted_at)))
    for c in session.scalars(select(m.Code).where(m.Code.deleted_at.is_not(None))):
        out.append(TrashItem("code", c.id, c.name, _when(c.deleted_at)))
    for t in session.scalars(select(m.Theme).where(m.Theme.deleted_at.is_not(None))):
        out.append(TrashItem("theme", t.id, t.name, _when(t.deleted_at)))
    for memo in session.scalars(select(m.Memo).where(m.Memo.deleted_at.is_not(None))):
        out.append(TrashItem("memo", memo.id, memo.body[:60], _when(memo.deleted_at)))
    return sorted(out, key=lambda i: i.deleted_at, reverse=True)


def _trashed(session: Session, kind: str, name: str):
    for item in list_trash(session):
        if item.kind == kind and (name_key(item.name) == name_key(name) or str(item.id) == name.strip()):
            model = {"document": m.Document, "code": m.Code, "theme": m.Theme, "memo": m.Memo}[kind]
            return session.get(model, item.id)
    raise NotFound(_("{kind} {name!r}: not in the trash").format(kind=kind_label(kind), name=name))


def delete(session: Session, kind: str, name: str, coder_id: int | None = None) -> str:
    if kind == "document":
        doc = documents.find_document(session, name)
        documents.delete_document(session, doc, coder_id)
        return doc.title
    if kind == "code":
        code = codes.find_code(session, name)
        codes.delete_code(session, code, coder_id)
        return code.name
    if kind == "theme":
        t = themes.find_theme(session, name)
        themes.delete_theme(session, t, coder_id)
        return t.name
    raise InvalidInput(_("{kind}: cannot be deleted").format(kind=kind_label(kind)))


def restore(session: Session, kind: str, name: str, coder_id: int | None = None) -> str:
    obj = _trashed(session, kind, name)
    if kind == "document":
        documents.restore_document(session, obj, coder_id)
        return obj.title
    if kind == "code":
        clash = session.scalars(select(m.Code).where(m.Code.key == obj.key, m.Code.id != obj.id)).first()
        if clash is not None:
            raise InvalidInput(_("code «{name}»: a live code with that name exists; rename it first").format(name=obj.name))
        codes.restore_code(session, obj, coder_id)
        return obj.name
    if kind == "theme":
        if themes.lookup_theme(session, obj.name) is not None:
            raise Conflict(_("theme «{name}»: a live theme with that name exists; rename it first").format(name=obj.name))
        themes.restore_theme(session, obj, coder_id)
        return obj.name
    with recorded(session, "memo.restore", f"memo {obj.id} restored", coder_id):
        obj.deleted_at = None
    return obj.body[:60]


def purge(session: Session, kind: str, name: str, coder_id: int | None = None) -> str:
    """Delete for good: the item, what hangs on it, its full-text rows and every trace of its
    text in the event log (scrubbed; such events can no longer be undone). Not undoable and a
    barrier to older undos. Call ``tema.store.erase.compact`` after the commit (the CLI takes a
    backup first)."""
    obj = _trashed(session, kind, name)
    label = getattr(obj, "title", None) or getattr(obj, "name", None) or obj.body[:60]
    begin_secure_delete(session)
    rows = purged_rows(session, kind, obj.id)
    with recorded(session, f"{kind}.purge", f"{kind} {obj.id} purged", coder_id, undoable=False):
        if kind == "document":
            ids = select(m.Coding.id).where(m.Coding.document_id == obj.id)
            session.execute(sql_delete(m.CodingPerspective).where(m.CodingPerspective.coding_id.in_(ids)))
            session.execute(sql_delete(m.ThemeExtract).where(m.ThemeExtract.coding_id.in_(ids)))
            session.execute(sql_delete(m.Coding).where(m.Coding.document_id == obj.id))
            session.execute(sql_delete(m.Segment).where(m.Segment.document_id == obj.id))
        session.delete(obj)
    session.flush()
    scrub_events(session, rows)
    if kind == "document":
        merge_fulltext(session)
    return label
