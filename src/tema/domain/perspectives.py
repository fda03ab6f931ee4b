"""Perspectives a coding is made from (e.g. familieperspektiv): a project-defined list."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.events import recorded
from tema.errors import InvalidInput
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key, nb_sort_key


def get_or_create_perspective(session: Session, name: str, coder_id: int | None = None) -> m.Perspective:
    name = clean_name(name)
    if not name:
        raise InvalidInput(_("--perspective: must not be empty"))
    p = session.scalars(select(m.Perspective).where(m.Perspective.key == name_key(name))).first()
    if p is None:
        p = m.Perspective(name=name, key=name_key(name))
        with recorded(session, "perspective.create", f"perspective «{name}»", coder_id):
            session.add(p)
    return p


def list_perspectives(session: Session) -> list[m.Perspective]:
    return sorted(session.scalars(select(m.Perspective)), key=lambda p: nb_sort_key(p.name))


def perspective_names(session: Session) -> list[str]:
    """The project's perspectives by name, in Norwegian order."""
    return sorted(session.scalars(select(m.Perspective.name)), key=nb_sort_key)
