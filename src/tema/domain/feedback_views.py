"""What the UI shows of feedback beside the items it belongs to, read by id.

``feedback_on(kind, ids)``: the threads on each of several themes, codes or extracts
(codings) — a theme's detail, the extract highlighted in phase 6. ``feedback_in_document``:
the threads on every coding of one transcript, read once per document so moving the
cursor reads nothing. ``feedback_place``: where a thread belongs, to jump there (a theme,
a code, or a document and the coding's span). Each reads a fixed number of statements;
the threads are ``tema.domain.feedback.FeedbackItem`` (plain dataclasses).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from tema.domain import feedback as fb
from tema.errors import InvalidInput, Vanished
from tema.store import models as m


@dataclass(frozen=True)
class FeedbackPlace:
    """Where a feedback thread belongs: ``kind`` theme|code|coding|project and its id;
    for an extract (coding) also its document and span."""

    feedback_id: int
    kind: str
    target_id: int | None
    name: str
    document_id: int | None = None
    start: int | None = None
    end: int | None = None


def _threads_where(session: Session, kind: str, target: ColumnElement[bool]) -> dict[int, list[fb.FeedbackItem]]:
    """{target id: its threads, oldest first} for the feedback roots of ``kind`` matching ``target``."""
    if kind not in fb.TARGET_KINDS or kind == "project":
        raise InvalidInput(f"feedback target {kind!r}: must be one of theme, code, coding")
    roots = select(m.Memo.id).where(m.Memo.kind == fb.KIND, m.Memo.deleted_at.is_(None), m.Memo.parent_id.is_(None),
                                    m.Memo.target_kind == kind, target).scalar_subquery()
    rows = list(session.scalars(
        select(m.Memo).where(m.Memo.kind == fb.KIND, m.Memo.deleted_at.is_(None),
                             m.Memo.id.in_(roots) | m.Memo.parent_id.in_(roots))
        .order_by(m.Memo.created_at, m.Memo.id)))
    out: dict[int, list[fb.FeedbackItem]] = {}
    for thread in fb._items(session, rows):  # the threads as tema.domain.feedback builds them
        if thread.target_id is not None:
            out.setdefault(thread.target_id, []).append(thread)
    return out


def feedback_on(session: Session, kind: str, ids: Collection[int]) -> dict[int, list[fb.FeedbackItem]]:
    """The feedback threads (with replies) on each of ``ids`` of ``kind`` (theme, code or
    coding); items without feedback are left out (2 statements + the target names)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return _threads_where(session, kind, m.Memo.target_id.in_(wanted))


def feedback_in_document(session: Session, document_id: int) -> dict[int, list[fb.FeedbackItem]]:
    """{coding id: its feedback threads} for the codings of one document (2 statements +
    the target names)."""
    codings = select(m.Coding.id).where(m.Coding.document_id == document_id)
    return _threads_where(session, "coding", m.Memo.target_id.in_(codings))


def feedback_place(session: Session, feedback_id: int) -> FeedbackPlace:
    """Where the thread of feedback ``feedback_id`` (or of a reply in it) belongs. The
    item gone (deleted, or in the trash) is ``Vanished``."""
    thread = fb.get_thread(session, feedback_id)
    kind, tid = thread.target_kind, thread.target_id
    if kind == "project" or tid is None:
        return FeedbackPlace(thread.id, "project", None, thread.target)
    if kind == "coding":
        row = session.execute(
            select(m.Coding.document_id, m.Coding.start, m.Coding.end, m.Document.deleted_at)
            .join(m.Document, m.Document.id == m.Coding.document_id).where(m.Coding.id == tid)).first()
        if row is None or row.deleted_at is not None:
            raise Vanished("coding", tid, thread.target or None)
        return FeedbackPlace(thread.id, kind, tid, thread.target, row.document_id, row.start, row.end)
    model = m.Theme if kind == "theme" else m.Code
    found = session.execute(select(model.id, model.deleted_at).where(model.id == tid)).first()
    if found is None or found.deleted_at is not None:
        raise Vanished(kind, tid, thread.target or None)
    return FeedbackPlace(thread.id, kind, tid, thread.target)


__all__ = ["FeedbackPlace", "feedback_in_document", "feedback_on", "feedback_place"]
