"""The project row, its phase, and counts for `tema info`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.errors import InvalidInput, TemaError
from tema.i18n import N_, _
from tema.store import models as m

# The phase names in the data's language (Norwegian: the journal, the codebook's headings).
PHASES = {
    1: "Familiarisering",
    2: "Koding",
    3: "Initielle tema",
    4: "Utvikle og vurdere tema",
    5: "Definere og navngi tema",
    6: "Skrive rapporten",
}
# The phase names of the interface — the one table the TUI (phase bar, header, help, palette)
# and `tema info` show, through _() so the catalogue gives Braun & Clarke's Norwegian
# terms; also the English headings of exports (--lang en).
PHASES_EN = {
    1: N_("Familiarisation"),
    2: N_("Coding"),
    3: N_("Generating initial themes"),
    4: N_("Developing and reviewing themes"),
    5: N_("Refining, defining and naming themes"),
    6: N_("Writing up"),
}
PHASES_SHORT = {1: N_("Familiarise"), 2: N_("Code"), 3: N_("Themes"), 4: N_("Review"), 5: N_("Define"),
                6: N_("Write up")}  # the phase bar's tabs


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
    project = get_project(session)

    def count(stmt) -> int:
        return int(session.scalar(stmt) or 0)

    live_doc = m.Document.deleted_at.is_(None)
    themes_live = (m.Theme.deleted_at.is_(None)) & (m.Theme.status != "discarded")
    return {
        "title": project.title,
        "question": project.question,
        "phase": project.phase,
        "participants": count(select(func.count()).select_from(m.Participant)),
        "cases": count(select(func.count()).select_from(m.Case)),
        "documents": count(select(func.count()).select_from(m.Document).where(live_doc)),
        "segments": count(select(func.count()).select_from(m.Segment).where(m.Segment.kind == "sentence")),
        "turns": count(select(func.count()).select_from(m.Segment).where(m.Segment.kind == "turn")),
        "codes": count(select(func.count()).select_from(m.Code).where(m.Code.deleted_at.is_(None), m.Code.status == "active")),
        "codings": count(
            select(func.count()).select_from(m.Coding).join(m.Document).where(live_doc)
        ),
        "perspectives": count(select(func.count()).select_from(m.Perspective)),
        "themes": count(select(func.count()).select_from(m.Theme).where(themes_live, m.Theme.parent_id.is_(None))),
        "subthemes": count(select(func.count()).select_from(m.Theme).where(themes_live, m.Theme.parent_id.is_not(None))),
        "snapshots": count(select(func.count()).select_from(m.ThemeMapSnapshot)),
        "memos": count(select(func.count()).select_from(m.Memo).where(m.Memo.deleted_at.is_(None))),
        "coders": count(select(func.count()).select_from(m.Coder)),
        "pseudonym_rules": count(select(func.count()).select_from(m.PseudonymRule)),
        "events": count(select(func.count()).select_from(m.Event)),
    }


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
