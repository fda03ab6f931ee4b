"""Illustrative extracts (phase 6): per theme the extracts chosen for the write-up, in the
order they are to be quoted. ``ThemeExtract.ordinal`` numbers a theme's chosen extracts
densely from 0; marking appends, unmarking and moving renumber the rest. Each change is
one recorded event, so undo/redo replays it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import refs
from tema.domain.coding import Extract, extracts
from tema.domain.events import recorded
from tema.domain.themes import theme_code_ids
from tema.errors import NotFound
from tema.i18n import _
from tema.store import models as m


def _links(session: Session, t: m.Theme) -> list[m.ThemeExtract]:
    stmt = (select(m.ThemeExtract).where(m.ThemeExtract.theme_id == t.id)
            .order_by(m.ThemeExtract.ordinal, m.ThemeExtract.coding_id))
    return list(session.scalars(stmt))


def _renumber(links: list[m.ThemeExtract]) -> None:
    for n, link in enumerate(links):
        if link.ordinal != n:
            link.ordinal = n


def selected_extracts(session: Session, t: m.Theme | refs.Ref) -> list[int]:
    """The coding ids chosen for ``t``, in their order."""
    t = refs.theme(session, t)
    stmt = (select(m.ThemeExtract.coding_id).where(m.ThemeExtract.theme_id == t.id)
            .order_by(m.ThemeExtract.ordinal, m.ThemeExtract.coding_id))
    return list(session.scalars(stmt))


def set_extract_selection(session: Session, t: m.Theme | refs.Ref, coding_id: int, selected: bool,
                          coder_id: int | None = None) -> None:
    """Mark (last in the order) or unmark an extract as illustrative for a theme."""
    t = refs.theme(session, t)
    links = _links(session, t)
    link = next((x for x in links if x.coding_id == coding_id), None)
    if selected and link is None:
        if session.get(m.Coding, coding_id) is None:
            raise NotFound(_("extract {id}: no such coding").format(id=coding_id))
        with recorded(session, "theme.extract_mark", f"extract {coding_id} chosen for «{t.name}»", coder_id):
            _renumber(links)
            session.add(m.ThemeExtract(theme_id=t.id, coding_id=coding_id, ordinal=len(links)))
    elif not selected and link is not None:
        with recorded(session, "theme.extract_unmark", f"extract {coding_id} unchosen for «{t.name}»", coder_id):
            links.remove(link)
            session.delete(link)
            session.flush()
            _renumber(links)


def reorder_extract(session: Session, t: m.Theme | refs.Ref, coding_id: int, delta: int,
                    coder_id: int | None = None) -> None:
    """Move a chosen extract up (delta<0) or down among the theme's chosen extracts."""
    t = refs.theme(session, t)
    links = _links(session, t)
    i = next((i for i, x in enumerate(links) if x.coding_id == coding_id), None)
    if i is None:
        raise NotFound(_("extract {id}: not chosen for «{name}» (mark it first)").format(id=coding_id, name=t.name))
    j = max(0, min(len(links) - 1, i + delta))
    if i == j:
        return
    with recorded(session, "theme.extract_reorder", f"extract {coding_id} moved {'up' if delta < 0 else 'down'} in «{t.name}»",
                  coder_id):
        links.insert(j, links.pop(i))
        _renumber(links)


def writing_view(session: Session, t: m.Theme | refs.Ref) -> tuple[str, str, list[tuple[int | None, Extract]]]:
    """Name, definition and (number, extract) rows for phase 6: the chosen extracts first,
    numbered from 1 in their order, then the theme's other extracts in document order. A
    chosen extract whose code has left the theme since is still listed (it is quoted)."""
    t = refs.theme(session, t)
    marked = selected_extracts(session, t)
    code_ids = theme_code_ids(session, t)
    found = extracts(session, code_ids) if code_ids else []
    missing = set(marked) - {e.coding_id for e in found}
    if missing:
        found += extracts(session, coding_ids=missing)
    pos = {cid: i for i, cid in enumerate(marked)}
    chosen = sorted((e for e in found if e.coding_id in pos), key=lambda e: pos[e.coding_id])
    rest = [e for e in found if e.coding_id not in pos]
    return t.name, t.definition or "", [(n, e) for n, e in enumerate(chosen, start=1)] + [(None, e) for e in rest]
