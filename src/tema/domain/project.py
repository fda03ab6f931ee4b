"""The project row, its phase, and counts for `tema info`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.domain.phases import PHASES as PHASES
from tema.domain.phases import PHASES_EN as PHASES_EN
from tema.domain.phases import PHASES_SHORT as PHASES_SHORT
from tema.errors import InvalidInput, TemaError
from tema.i18n import _
from tema.store import models as m


def init_project(session: Session, title: str, question: str | None = None, language: str = "nb") -> m.Project:
    if session.scalars(select(m.Project)).first() is not None:
        raise TemaError(_("the store already holds a project"))
    if not title.strip():
        raise InvalidInput(_("--title: must not be empty"))
    project = m.Project(title=title.strip(), question=(question or None), language=language, phase=1, settings={})
    with recorded(session, "project.init", f"project «{title}» created", undoable=False):
        session.add(project)
    return project


def get_project(session: Session) -> m.Project:
    project = session.scalars(select(m.Project)).first()
    if project is None:
        raise TemaError(_("the store holds no project"))
    return project


def set_phase(session: Session, phase: int, coder_id: int | None = None) -> m.Project:
    if phase not in PHASES:
        raise InvalidInput(_("phase: must be 1–6, got {phase}").format(phase=phase))
    project = get_project(session)
    with recorded(session, "project.phase", f"phase {project.phase} → {phase}", coder_id):
        project.phase = phase
    return project


def update_project(session: Session, *, title: str | None = None, question: str | None = None,
                   coder_id: int | None = None) -> m.Project:
    project = get_project(session)
    with recorded(session, "project.update", "project details edited", coder_id):
        if title is not None:
            project.title = title
        if question is not None:
            project.question = question
    return project


def info(session: Session) -> dict:
    """Title, question, phase and the counts `tema info` prints (plain SQL, no models:
    ``tema.domain.plain_reads.info``)."""
    from tema.domain.plain_reads import info as plain_info

    return plain_info(session)


def ensure_setting(session: Session, key: str, make) -> object:
    """The project setting ``key``; absent, it is created from ``make()`` and stored
    (not undoable: e.g. the REFI GUID namespace must never change once used)."""
    project = get_project(session)
    settings = dict(project.settings or {})
    if key not in settings:
        settings[key] = make()
        with recorded(session, "project.setting", f"setting {key} created", undoable=False, barrier=False):
            project.settings = settings
    return settings[key]
