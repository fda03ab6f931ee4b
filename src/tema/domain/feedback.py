"""Feedback: a supervisor's comments on the exported codebook, kept as memos of kind
``feedback`` on the theme, code or extract (coding) they were written on — or on the
project when the comment had no anchor — with the replies as a thread (one level, as
Word threads are) and each thread open or resolved.

Reading: ``list_feedback`` (threads, filtered by status and target), ``feedback_for``
(the threads on one item, for a theme's detail or an extract), ``open_counts`` (open
threads per item of a kind, to mark lists). Writing, each one undoable action that also
writes a line in the reflexive journal: ``reply``, ``resolve``, ``reopen``. Importing comments from a .docx is in
``tema.domain.feedback_import``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.domain.project import get_project
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key

KIND = "feedback"
TARGET_KINDS = ("theme", "code", "coding", "project")
STATUSES = m.FEEDBACK_STATUSES


def feedback_key(author: str | None, date: datetime | None, text: str) -> str:
    """What makes a comment the same comment when it comes back: who wrote it, the minute
    it was written and its text (whitespace and case of the name aside). Word and
    LibreOffice renumber comments on save, so their ids cannot say it."""
    when = date.strftime("%Y-%m-%dT%H:%M") if date else ""
    raw = "\x1f".join([name_key(author or ""), when, clean_name(text)])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass
class FeedbackItem:
    """One comment or reply, as the UI and the exports show it."""

    id: int
    parent_id: int | None
    author: str
    date: datetime
    text: str
    quoted: str | None
    target_kind: str
    target_id: int | None
    target: str  # what it is on, for people: a theme's name, a code's name, the start of an extract
    status: str | None  # open | resolved on a thread's first comment; None on replies
    origin: str  # "docx" (imported from a Word file) or "tema" (written in tema)
    round: int | None  # the import round it came in
    anchored: bool = True  # False: the comment had no anchor and was kept on the project
    replies: list[FeedbackItem] = field(default_factory=list)

    @property
    def who_when(self) -> str:
        """«Eva, 12.03.2024» — the author and the day it was written."""
        return f"{self.author}, {self.date:%d.%m.%Y}" if self.author else f"{self.date:%d.%m.%Y}"


def _live_feedback():
    return (m.Memo.kind == KIND) & m.Memo.deleted_at.is_(None)


def target_names(session: Session, targets: set[tuple[str, int | None]]) -> dict[tuple[str, int | None], str]:
    """Readable names of feedback targets (at most 3 statements, whatever their number)."""
    out: dict[tuple[str, int | None], str] = {}
    ids: dict[str, set[int]] = {}
    for kind, tid in targets:
        if kind in ("theme", "code", "coding") and tid is not None:
            ids.setdefault(kind, set()).add(tid)
    if ids.get("theme"):
        for tid, label, name in session.execute(
                select(m.Theme.id, m.Theme.label, m.Theme.name).where(m.Theme.id.in_(ids["theme"]))):
            out[("theme", tid)] = f"{label} {name}" if label else name
    if ids.get("code"):
        for cid, name in session.execute(select(m.Code.id, m.Code.name).where(m.Code.id.in_(ids["code"]))):
            out[("code", cid)] = name
    if ids.get("coding"):
        for cid, text, title in session.execute(
                select(m.Coding.id, m.Coding.text, m.Document.title)
                .join(m.Document, m.Document.id == m.Coding.document_id).where(m.Coding.id.in_(ids["coding"]))):
            short = " ".join(text.split())
            out[("coding", cid)] = f"«{short[:60]}{'…' if len(short) > 60 else ''}» ({title})"
    return out


def _items(session: Session, rows: list[m.Memo]) -> list[FeedbackItem]:
    """Threads (first comments with their replies) from memo rows, oldest first."""
    names = target_names(session, {(r.target_kind, r.target_id) for r in rows})
    coder_names: dict[int | None, str] = dict(session.execute(select(m.Coder.id, m.Coder.name)).all()) if any(
        r.coder_id and not r.author for r in rows) else {}
    items: dict[int, FeedbackItem] = {}
    for r in rows:
        ctx = r.context or {}
        items[r.id] = FeedbackItem(
            id=r.id, parent_id=r.parent_id, author=r.author or coder_names.get(r.coder_id, ""), date=r.created_at,
            text=r.body, quoted=r.quoted, target_kind=r.target_kind, target_id=r.target_id,
            target=names.get((r.target_kind, r.target_id), ""), status=r.status, origin=ctx.get("source", "tema"),
            round=ctx.get("round"), anchored=not ctx.get("no_anchor", False))
    roots = []
    for item in sorted(items.values(), key=lambda i: (i.date, i.id)):
        parent = items.get(item.parent_id) if item.parent_id is not None else None
        if parent is not None:
            parent.replies.append(item)
        elif item.parent_id is None:
            roots.append(item)
    return roots


def list_feedback(session: Session, *, status: str | None = None,
                  target: tuple[str, int | None] | None = None) -> list[FeedbackItem]:
    """Feedback threads (oldest first), each with its replies; ``status`` open|resolved,
    ``target`` (kind, id) narrows to one item (2 statements + target names)."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(_("--status {status!r}: must be one of {choices}").format(status=status, choices=', '.join(STATUSES)))
    roots = select(m.Memo.id).where(_live_feedback(), m.Memo.parent_id.is_(None))
    if status is not None:
        roots = roots.where(m.Memo.status == status)
    if target is not None:
        kind, tid = target
        if kind not in TARGET_KINDS:
            raise InvalidInput(_("feedback target {kind!r}: must be one of {choices}").format(kind=kind, choices=', '.join(TARGET_KINDS)))
        roots = roots.where(m.Memo.target_kind == kind,
                            m.Memo.target_id.is_(None) if tid is None else m.Memo.target_id == tid)
    root_ids = roots.subquery()
    rows = list(session.scalars(
        select(m.Memo).where(_live_feedback(), (m.Memo.id.in_(select(root_ids.c.id)))
                             | m.Memo.parent_id.in_(select(root_ids.c.id)))
        .order_by(m.Memo.created_at, m.Memo.id)))
    return _items(session, rows)


def feedback_for(session: Session, kind: str, target_id: int | None) -> list[FeedbackItem]:
    """The feedback threads on one theme, code, extract (coding) or the project."""
    return list_feedback(session, target=(kind, target_id))


def open_counts(session: Session, kind: str) -> dict[int, int]:
    """Open feedback threads per item of ``kind`` (1 statement) — to mark lists and trees."""
    stmt = (select(m.Memo.target_id, func.count()).where(
        _live_feedback(), m.Memo.parent_id.is_(None), m.Memo.status == "open", m.Memo.target_kind == kind,
        m.Memo.target_id.is_not(None)).group_by(m.Memo.target_id))
    return {int(tid): int(n) for tid, n in session.execute(stmt) if tid is not None}


def get_thread(session: Session, memo_id: int) -> FeedbackItem:
    """The whole thread a feedback memo belongs to."""
    root = _root(session, memo_id)
    rows = list(session.scalars(select(m.Memo).where(
        _live_feedback(), (m.Memo.id == root.id) | (m.Memo.parent_id == root.id)).order_by(m.Memo.created_at, m.Memo.id)))
    return _items(session, rows)[0]


def _root(session: Session, memo_id: int) -> m.Memo:
    memo = session.get(m.Memo, memo_id)
    if memo is None or memo.kind != KIND or memo.deleted_at is not None:
        raise NotFound(_("feedback {id}: not found").format(id=memo_id))
    if memo.parent_id is not None:
        parent = session.get(m.Memo, memo.parent_id)
        if parent is not None:
            return parent
    return memo


def reply(session: Session, memo_id: int, text: str, coder_id: int | None) -> FeedbackItem:
    """Answer a feedback thread (a reply to a reply joins the same thread); returns the thread."""
    body = text.strip()
    if not body:
        raise InvalidInput(_("reply: must not be empty"))
    root = _root(session, memo_id)
    coder = session.get(m.Coder, coder_id) if coder_id is not None else None
    author = coder.name if coder else ""
    now = m.utcnow().replace(microsecond=0)
    phase = get_project(session).phase
    with recorded(session, "feedback.reply", f"reply to feedback {root.id}: {body[:40]}", coder_id):
        memo = m.Memo(kind=KIND, body=body, phase=phase, coder_id=coder_id, author=author,
                      target_kind=root.target_kind, target_id=root.target_id, parent_id=root.id, created_at=now,
                      updated_at=now, source_key=feedback_key(author, now, body), context={"source": "tema"})
        session.add(memo)
        _journal(session, root, f"Svar på tilbakemelding fra {root.author or '?'} om {_about(session, root)}: {body}",
                 phase, coder_id, now)
    return get_thread(session, root.id)


def _about(session: Session, root: m.Memo) -> str:
    if root.target_kind == "project":
        return "prosjektet"
    name = target_names(session, {(root.target_kind, root.target_id)}).get((root.target_kind, root.target_id), "")
    word = {"theme": "tema", "code": "koden", "coding": "utdraget"}[root.target_kind]
    return f"{word} «{name}»" if root.target_kind != "coding" else f"{word} {name}"


def _journal(session: Session, root: m.Memo, body: str, phase: int, coder_id: int | None, now) -> None:
    """The reflexive journal records the conversation with the supervisor (same action)."""
    session.add(m.Memo(kind="journal", body=body, phase=phase, coder_id=coder_id, target_kind="project",
                       created_at=now, updated_at=now, context={"event": "feedback", "feedback": root.id}))


def _set_status(session: Session, memo_id: int, status: str, coder_id: int | None) -> FeedbackItem:
    root = _root(session, memo_id)
    if root.status == status:
        raise Conflict(_("feedback {id}: already {status}").format(id=root.id, status=status))
    verb = "resolved" if status == "resolved" else "reopened"
    now = m.utcnow().replace(microsecond=0)
    with recorded(session, f"feedback.{'resolve' if status == 'resolved' else 'reopen'}",
                  f"feedback {root.id} {verb}", coder_id):
        root.status = status
        done = "markert som løst" if status == "resolved" else "åpnet igjen"
        _journal(session, root, f"Tilbakemelding fra {root.author or '?'} om {_about(session, root)} {done}.",
                 get_project(session).phase, coder_id, now)
    return _items(session, [root])[0]


def resolve(session: Session, memo_id: int, coder_id: int | None) -> FeedbackItem:
    """Mark a feedback thread resolved (undoable)."""
    return _set_status(session, memo_id, "resolved", coder_id)


def reopen(session: Session, memo_id: int, coder_id: int | None) -> FeedbackItem:
    """Open a resolved feedback thread again (undoable)."""
    return _set_status(session, memo_id, "open", coder_id)
