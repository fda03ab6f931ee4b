"""What the edges show of the project as a whole, as plain values: its title and phase,
and undo/redo reported by their summary line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from tema.domain import events
from tema.domain.project import get_project


@dataclass(frozen=True)
class ProjectBrief:
    title: str
    phase: int


def project_brief(session: Session) -> ProjectBrief:
    p = get_project(session)
    return ProjectBrief(p.title, p.phase)


def undo_last(session: Session, coder_id: int | None) -> str:
    """Undo this coder's last action (events.undo); its summary line."""
    return events.undo(session, coder_id).summary


def redo_last(session: Session, coder_id: int | None) -> str:
    """Redo this coder's last undone action (events.redo); its summary line."""
    return events.redo(session, coder_id).summary
