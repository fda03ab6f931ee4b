"""A supervisor's Word comments brought into the project as feedback memos.

The codebook carries the project's id (a random id kept in the project's settings,
written into the .docx's custom properties) and a bookmark per theme, code and quoted
extract; the .docx reader at the edge (``docx_comments``) turns the file into
``IncomingComment``s with the anchor each comment fell in. ``import_comments`` refuses
a file of another project before writing anything, skips comments it has seen before
(``feedback_key``: author, minute, text), keeps replies as threads and writes the rest as
one undoable action.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.domain.feedback import KIND, feedback_key
from tema.domain.project import ensure_setting, get_project
from tema.errors import InvalidInput
from tema.i18n import _
from tema.store import models as m

PROJECT_UID = "project_uid"
ANCHOR_KINDS = ("theme", "code", "coding", "feedback", "project")
TARGETS = ("theme", "code", "coding", "project")


def project_uid(session: Session) -> str | None:
    """The project's id as written into its codebooks, or None before the first export."""
    value = (get_project(session).settings or {}).get(PROJECT_UID)
    return str(value) if value else None


def ensure_project_uid(session: Session) -> str:
    """The project's id, created (once, for good) when the first codebook is exported."""
    return str(ensure_setting(session, PROJECT_UID, lambda: uuid.uuid4().hex))


@dataclass(frozen=True)
class IncomingComment:
    """A comment as a reader found it in a document."""

    ref: str  # its id in the file (files renumber comments on save: only good within one file)
    author: str
    text: str
    date: datetime | None = None  # naive UTC
    initials: str | None = None
    quoted: str = ""  # the text the comment was attached to
    anchor: tuple[str, int | None] | None = None  # ("theme", 12) …; None: no anchor before or around it
    parent_ref: str | None = None  # the comment it answers (a reply in a Word thread)
    done: bool = False  # marked resolved in Word


@dataclass
class ImportSummary:
    file: str
    found: int = 0
    added: dict[str, int] = field(default_factory=dict)  # new threads by target kind
    unanchored: int = 0  # of them kept on the project because no anchor was found
    replies: int = 0
    duplicates: int = 0
    round: int | None = None
    memo_ids: list[int] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(self.added.values()) + self.replies


def _check_project(session: Session, file_uid: str | None, file_name: str) -> None:
    if not file_uid:
        raise InvalidInput(_("{file}: not a tema codebook (it carries no tema project id); nothing imported").format(file=file_name))
    if file_uid != project_uid(session):
        raise InvalidInput(_("{file}: a codebook of another project, not of «{title}»; nothing imported").format(file=file_name, title=get_project(session).title))


def _existing(session: Session, kind: str, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    models: dict[str, type[m.Theme | m.Code | m.Coding | m.Memo]] = {
        "theme": m.Theme, "code": m.Code, "coding": m.Coding, "feedback": m.Memo}
    model = models[kind]
    stmt = select(model.id).where(model.id.in_(ids))
    if kind == "feedback":
        stmt = stmt.where(m.Memo.kind == KIND, m.Memo.deleted_at.is_(None))
    return set(session.scalars(stmt))


def _next_round(session: Session) -> int:
    return 1 + max((int(c.get("round") or 0) for c in _contexts(session)), default=0)


def import_comments(session: Session, comments: list[IncomingComment], *, file_name: str, file_uid: str | None,
                    coder_id: int | None = None) -> ImportSummary:
    """Store each comment not seen before as a feedback memo on its anchor (one action)."""
    _check_project(session, file_uid, file_name)
    summary = ImportSummary(file=file_name, found=len(comments))
    keys = {c.ref: feedback_key(c.author, c.date, c.text) for c in comments}
    known: dict[str | None, int] = {}  # key → the memo that holds it already
    for key, memo_id in session.execute(select(m.Memo.source_key, m.Memo.id).where(
            m.Memo.kind == KIND, m.Memo.deleted_at.is_(None), m.Memo.source_key.in_(set(keys.values())))):
        known.setdefault(key, memo_id)
    wanted: dict[str, set[int]] = {}
    for c in comments:
        if c.anchor and c.anchor[0] in ANCHOR_KINDS and c.anchor[1] is not None:
            wanted.setdefault(c.anchor[0], set()).add(c.anchor[1])
    alive = {kind: _existing(session, kind, ids) for kind, ids in wanted.items()}
    by_ref = {c.ref: c for c in comments}

    def thread_ref(c: IncomingComment) -> str | None:
        """The first comment of c's thread in this file (Word threads are one level deep)."""
        ref, hops = c.parent_ref, 0
        while ref in by_ref and by_ref[ref].parent_ref and hops < 50:
            ref, hops = by_ref[ref].parent_ref, hops + 1
        return ref if ref in by_ref and ref != c.ref else None

    now = m.utcnow().replace(microsecond=0)
    round_no, phase = _next_round(session), get_project(session).phase
    plan: list[tuple[IncomingComment, m.Memo, str | int | None]] = []
    taken: set[str] = set()
    for c in comments:
        key = keys[c.ref]
        if key in known or key in taken:
            summary.duplicates += 1
            continue
        taken.add(key)
        kind, tid = c.anchor if c.anchor else ("project", None)
        parent: str | int | None = thread_ref(c)
        if parent is None and kind == "feedback" and tid in alive.get("feedback", set()):
            parent = tid  # written on a thread in the codebook's feedback appendix
        no_anchor = c.anchor is None
        if kind not in TARGETS or (kind != "project" and tid not in alive.get(kind, set())):
            kind, tid, no_anchor = "project", None, True
        ctx: dict = {"source": "docx", "file": file_name, "round": round_no, "imported_at": now.isoformat(),
                     "comment": c.ref}
        if c.initials:
            ctx["initials"] = c.initials
        if no_anchor and parent is None:
            ctx["no_anchor"] = True
        memo = m.Memo(kind=KIND, body=c.text, phase=phase, author=c.author, target_kind=kind, target_id=tid,
                      quoted=c.quoted or None, source_key=key, created_at=c.date or now, updated_at=now, context=ctx)
        plan.append((c, memo, parent))
    if not plan:
        return summary
    summary.round = round_no
    memo_of: dict[str, m.Memo] = {}
    with recorded(session, "feedback.import", f"feedback from {file_name}: {len(plan)} new", coder_id):
        for c, memo, parent in plan:  # first comments of threads first: replies need their ids
            if parent is None:
                memo.status = "resolved" if c.done else "open"
                session.add(memo)
                memo_of[c.ref] = memo
        session.flush()
        parent_ids: dict[int, int] = {}
        for _c, memo, parent in plan:
            if parent is None:
                continue
            if isinstance(parent, int):
                pid = parent
            elif parent in memo_of:
                pid = memo_of[parent].id
            else:
                pid = known.get(keys[parent], 0)
            parent_ids[id(memo)] = pid
        roots = {r.id: r for r in session.scalars(select(m.Memo).where(m.Memo.id.in_(set(parent_ids.values()))))}
        for c, memo, parent in plan:
            if parent is None:
                continue
            root = roots.get(parent_ids[id(memo)])
            if root is not None and root.parent_id is not None:
                root = roots.get(root.parent_id) or session.get(m.Memo, root.parent_id)
            if root is None:  # the thread it answers is gone: keep it as a thread of its own
                memo.status = "resolved" if c.done else "open"
                if memo.target_kind == "project":
                    memo.context = {**(memo.context or {}), "no_anchor": True}
            else:
                memo.parent_id, memo.target_kind, memo.target_id = root.id, root.target_kind, root.target_id
            session.add(memo)
            memo_of[c.ref] = memo
        session.flush()
    for _ref, memo, _comment in plan:
        summary.memo_ids.append(memo.id)
        if memo.parent_id is not None:
            summary.replies += 1
        else:
            summary.added[memo.target_kind] = summary.added.get(memo.target_kind, 0) + 1
            summary.unanchored += bool((memo.context or {}).get("no_anchor"))
    return summary


def feedback_rounds(session: Session) -> list[tuple[int, str, datetime, int]]:
    """(round, file, imported at, comments) of each import, in order (1 statement)."""
    rounds: dict[int, list] = {}
    for ctx in _contexts(session):
        if ctx.get("source") == "docx" and ctx.get("round"):
            r = rounds.setdefault(int(ctx["round"]), [ctx.get("file", ""), datetime.fromisoformat(ctx["imported_at"]), 0])
            r[2] += 1
    return [(k, f, at, n) for k, (f, at, n) in sorted(rounds.items())]


def _contexts(session: Session) -> list[dict]:
    stmt = select(m.Memo.context).where(m.Memo.kind == KIND, m.Memo.deleted_at.is_(None), m.Memo.context.is_not(None))
    return [c for c in session.scalars(stmt) if isinstance(c, dict)]
