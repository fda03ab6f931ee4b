"""Who is coding: --coder, else TEMA_CODER, else the user's config file, else the OS user.

A coder's ``name`` is their identity (often the operating-system login the first time);
``display_name`` (`tema coder rename OLD NEW`) is what exports, merge reports and
comparisons show. Looking a coder up by either finds them, so ``coder = "Kari Nordmann"``
in the config file keeps adding to the coder renamed from "root"."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tema.config import read_config
from tema.domain.events import recorded
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.store.models import Coder
from tema.text import clean_name, nb_sort_key


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


def shown(coder: Coder | None) -> str | None:
    """The name to show for a coder: the display name, else the name."""
    return None if coder is None else coder.display_name or coder.name


def get_or_create_coder(session: Session, name: str, initials: str | None = None) -> Coder:
    """The coder with this name or display name; a new coder when there is none."""
    name = clean_name(name)
    coder = session.scalars(select(Coder).where(Coder.name == name)).first()
    if coder is None:
        coder = session.scalars(select(Coder).where(Coder.display_name == name).order_by(Coder.id)).first()
    if coder is None:
        coder = Coder(name=name, initials=initials or initials_of(name))
        session.add(coder)
        session.flush()
    return coder


def find_coder(session: Session, name: str) -> Coder | None:
    """A coder by name, display name or initials."""
    name = clean_name(name)
    for cond in (Coder.name == name, Coder.display_name == name, func.upper(Coder.initials) == name.upper()):
        found = session.scalars(select(Coder).where(cond).order_by(Coder.id)).first()
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class CoderInfo:
    id: int
    name: str  # identity (login or first name used)
    display_name: str | None
    initials: str | None
    codings: int

    @property
    def shown(self) -> str:
        return self.display_name or self.name


def list_coders(session: Session) -> list[CoderInfo]:
    """Every coder with their codings in live documents, by shown name (2 statements)."""
    counts = dict(session.execute(
        select(m.Coding.coder_id, func.count(m.Coding.id))
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Document.deleted_at.is_(None))
        .group_by(m.Coding.coder_id)
    ).all())
    rows = [CoderInfo(c.id, c.name, c.display_name, c.initials, int(counts.get(c.id, 0)))
            for c in session.scalars(select(Coder))]
    return sorted(rows, key=lambda c: nb_sort_key(c.shown))


def coders_of_project(session: Session) -> list[str]:
    """The shown names of those who coded (a coding in a live document), by most codings,
    then name — what a codebook's title page lists."""
    return [c.shown for c in sorted((c for c in list_coders(session) if c.codings),
                                    key=lambda c: (-c.codings, nb_sort_key(c.shown)))]


def rename_coder(session: Session, old: str, new: str, coder_id: int | None = None) -> Coder:
    """Show coder ``old`` (name, display name or initials) as ``new`` from now on. The
    identity stays; initials follow the new name unless they were set by hand."""
    coder = find_coder(session, old)
    if coder is None:
        names = ", ".join(c.shown for c in list_coders(session)) or _("none")
        raise NotFound(_("coder {name!r}: no such coder in this project (coders: {names})").format(name=old, names=names))
    new = clean_name(new)
    if not new:
        raise InvalidInput(_("coder rename: the new name must not be empty"))
    clash = session.scalars(
        select(Coder).where(or_(Coder.name == new, Coder.display_name == new), Coder.id != coder.id)).first()
    if clash is not None:
        raise Conflict(_("coder {name!r}: already the name of another coder ({shown})").format(name=new, shown=shown(clash)))
    with recorded(session, "coder.rename", f"coder «{shown(coder)}» shown as «{new}»", coder_id):
        if coder.initials in (None, initials_of(coder.name), initials_of(shown(coder) or "")):
            coder.initials = initials_of(new)
        coder.display_name = None if new == coder.name else new
    return coder
