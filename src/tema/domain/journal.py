"""The reflexive journal (project memos) and notes anchored in transcripts or on codes/themes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.domain.project import get_project
from tema.errors import InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m

TARGETS = ("project", "document", "code", "theme", "coding")


def add_journal(session: Session, body: str, *, phase: int | None = None, coder_id: int | None = None,
                context: dict | None = None) -> m.Memo:
    """A reflexive-journal entry: records the phase and where the researcher was."""
    body = body.strip()
    if not body:
        raise InvalidInput(_("journal entry must not be empty"))
    if phase is not None and phase not in range(1, 7):
        raise InvalidInput(_("--phase {phase}: must be 1–6").format(phase=phase))
    with recorded(session, "journal.add", f"journal: {body[:40]}", coder_id):
        memo = m.Memo(kind="journal", body=body, phase=phase or get_project(session).phase, coder_id=coder_id,
                      target_kind="project", context=context)
        session.add(memo)
    return memo


def add_note(session: Session, body: str, *, target_kind: str, target_id: int | None, start: int | None = None,
             end: int | None = None, coder_id: int | None = None) -> m.Memo:
    """A note anchored to a place in a transcript (target document + offsets) or to a code/theme/coding."""
    body = body.strip()
    if not body:
        raise InvalidInput(_("note must not be empty"))
    if target_kind not in TARGETS:
        raise InvalidInput(_("note target {kind!r}: must be one of {choices}").format(kind=target_kind, choices=', '.join(TARGETS)))
    if target_kind == "document":
        from tema.domain.documents import document_text

        if target_id is None:
            raise InvalidInput("note on a document: no document given")
        n = len(document_text(session, target_id))
        if start is None or not (0 <= start <= n) or (end is not None and not (start <= end <= n)):
            raise InvalidInput(_("note anchor {start}–{end}: outside the document (0–{n})").format(start=start, end=end, n=n))
    with recorded(session, "note.add", f"note on {target_kind} {target_id}: {body[:30]}", coder_id):
        memo = m.Memo(kind="note", body=body, phase=get_project(session).phase, coder_id=coder_id,
                      target_kind=target_kind, target_id=target_id, start=start, end=end)
        session.add(memo)
    return memo


def edit_memo(session: Session, memo: m.Memo, body: str, coder_id: int | None = None) -> m.Memo:
    with recorded(session, "memo.edit", f"memo {memo.id} edited", coder_id):
        memo.body = body.strip()
    return memo


def delete_memo(session: Session, memo: m.Memo, coder_id: int | None = None) -> None:
    with recorded(session, "memo.delete", f"memo {memo.id} moved to trash", coder_id):
        memo.deleted_at = m.utcnow()


def get_memo(session: Session, memo_id: int) -> m.Memo:
    memo = session.get(m.Memo, memo_id)
    if memo is None:
        raise NotFound(_("memo {id}: not found").format(id=memo_id))
    return memo


def journal_entries(session: Session) -> list[m.Memo]:
    stmt = select(m.Memo).where(m.Memo.kind == "journal", m.Memo.deleted_at.is_(None)).order_by(m.Memo.created_at, m.Memo.id)
    return list(session.scalars(stmt))


def notes_for(session: Session, target_kind: str, target_id: int) -> list[m.Memo]:
    stmt = select(m.Memo).where(
        m.Memo.target_kind == target_kind, m.Memo.target_id == target_id, m.Memo.deleted_at.is_(None)
    ).order_by(m.Memo.start, m.Memo.created_at)
    return list(session.scalars(stmt))


# --- TUI support: moving the project to another phase is explicit and journaled ---


def set_phase_journaled(session: Session, phase: int, reason: str = "", *, coder_id: int | None = None,
                        context: dict | None = None) -> m.Memo:
    """Set the project's current phase and write why in the reflexive journal, as one action."""
    from tema.domain.events import recorded as _recorded
    from tema.domain.project import PHASES, set_phase

    if phase not in PHASES:
        raise InvalidInput(_("phase: must be 1–6, got {phase}").format(phase=phase))
    before = get_project(session).phase
    body = f"Fase {before} → {phase} ({PHASES[phase]})."
    if reason.strip():
        body += "\n\n" + reason.strip()
    with _recorded(session, "project.phase", f"phase {before} → {phase}", coder_id):
        set_phase(session, phase, coder_id)
        return add_journal(session, body, phase=phase, coder_id=coder_id, context=context)
