"""Who is coding: --coder, else TEMA_CODER, else the user's config file, else the OS user."""

from __future__ import annotations

import getpass
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.config import read_config
from tema.store.models import Coder
from tema.text import clean_name


def resolve_coder_name(explicit: str | None = None) -> str:
    for candidate in (explicit, os.environ.get("TEMA_CODER"), read_config().get("coder")):
        if candidate and clean_name(str(candidate)):
            return clean_name(str(candidate))
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers)
        return "coder"


def initials_of(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() for p in parts)[:4] or name[:2].upper()


def get_or_create_coder(session: Session, name: str, initials: str | None = None) -> Coder:
    name = clean_name(name)
    coder = session.scalars(select(Coder).where(Coder.name == name)).first()
    if coder is None:
        coder = Coder(name=name, initials=initials or initials_of(name))
        session.add(coder)
        session.flush()
    return coder


def find_coder(session: Session, name: str) -> Coder | None:
    name = clean_name(name)
    return session.scalars(select(Coder).where((Coder.name == name) | (Coder.initials == name))).first()
