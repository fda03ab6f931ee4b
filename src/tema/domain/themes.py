"""Themes and subthemes (Theme.parent), codes ↔ themes many-to-many (ThemeCode),
the 'not placed yet' pile, and the reviewing moves: split, merge, discard, restore."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain import refs
from tema.domain.codes import CodeStat, get_or_create_code, stats_of
from tema.domain.events import recorded
from tema.domain.theme_colours import new_theme_colour
from tema.errors import Conflict, InvalidInput, NotFound
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key, nb_sort_key

HOLDING_NAME = "Diverse (ikke plassert ennå)"


def _live():
    return m.Theme.deleted_at.is_(None)


def lookup_theme(session: Session, ref: str, *, include_discarded: bool = True) -> m.Theme | None:
    ref = clean_name(ref)
    stmt = select(m.Theme).where(_live())
    if not include_discarded:
        stmt = stmt.where(m.Theme.status != "discarded")
    themes = list(session.scalars(stmt))
    for t in themes:
        if name_key(t.name) == name_key(ref):
            return t
    for t in themes:
        if t.label and t.label.casefold() == ref.casefold():
            return t
    return None


def find_theme(session: Session, ref: str) -> m.Theme:
    t = lookup_theme(session, ref)
    if t is None:
        raise NotFound(_("theme {ref!r}: not found").format(ref=ref))
    return t


def _next_ordinal(session: Session, parent_id: int | None) -> int:
    cond = m.Theme.parent_id.is_(None) if parent_id is None else m.Theme.parent_id == parent_id
    return int(session.scalar(select(func.coalesce(func.max(m.Theme.ordinal), -1)).where(cond)) or 0) + 1


def _place_ordinal(session: Session, parent_id: int | None, *, holding: bool = False) -> int:
    """The ordinal of a theme added to ``parent_id``'s children: after them, but a top-level
    theme goes before the holding theme "not placed yet", which moves on and stays last."""
    ordinal = _next_ordinal(session, parent_id)
    if parent_id is None and not holding:
        pile = holding_theme(session)
        if pile is not None and pile.parent_id is None:
            pile.ordinal = ordinal + 1
    return ordinal


def create_theme(
    session: Session,
    name: str,
    *,
    parent: m.Theme | refs.Ref | None = None,
    label: str | None = None,
    definition: str | None = None,
    coder_id: int | None = None,
    holding: bool = False,
) -> m.Theme:
    parent = refs.optional_theme(session, parent)
    name = clean_name(name)
    if not name:
        raise InvalidInput(_("theme name must not be empty"))
    if lookup_theme(session, name) is not None:
        raise Conflict(_("theme {name!r}: already exists").format(name=name))
    if parent is not None and parent.parent_id is not None:
        raise InvalidInput(_("--parent {name!r}: is itself a subtheme (two levels only)").format(name=parent.name))
    with recorded(session, "theme.create", f"{'subtheme' if parent else 'theme'} «{name}» created", coder_id):
        t = m.Theme(
            name=name,
            parent_id=parent.id if parent else None,
            label=clean_name(label) if label else None,
            definition=definition,
            ordinal=_place_ordinal(session, parent.id if parent else None, holding=holding),
            is_holding=holding,
            status="candidate",
            colour=None if holding or parent else new_theme_colour(session),
        )
        session.add(t)
        session.flush()
    return t


def holding_theme(session: Session) -> m.Theme | None:
    """The "not placed yet" holding theme, when the project has one."""
    return session.scalars(select(m.Theme).where(m.Theme.is_holding.is_(True), _live())).first()


def ensure_holding_theme(session: Session, coder_id: int | None = None) -> m.Theme:
    return holding_theme(session) or create_theme(session, HOLDING_NAME, coder_id=coder_id, holding=True)


def upsert_theme(
    session: Session,
    name: str,
    *,
    parent: str | None = None,
    label: str | None = None,
    definition: str | None = None,
    codes: list[str] | None = None,
    level: str | None = None,
    coder_id: int | None = None,
) -> m.Theme:
    """Create the theme or update it when it exists (the CLI's `tema theme`)."""
    with recorded(session, "theme.upsert", f"theme «{clean_name(name)}»", coder_id):
        parent_t = find_theme(session, parent) if parent else None
        t = lookup_theme(session, name)
        if t is None:
            t = create_theme(session, name, parent=parent_t, label=label, definition=definition, coder_id=coder_id)
        else:
            if parent_t is not None and t.parent_id != parent_t.id:
                move_theme(session, t, parent_t, coder_id=coder_id)
            set_theme_fields(session, t, label=label, definition=definition, coder_id=coder_id)
        for code_name in codes or []:
            code = get_or_create_code(session, code_name, level=level, coder_id=coder_id)
            if session.get(m.ThemeCode, (t.id, code.id)) is None:
                place_code(session, code, t, coder_id=coder_id)
    return t


def set_theme_fields(
    session: Session,
    t: m.Theme | refs.Ref,
    *,
    name: str | None = None,
    label: str | None = None,
    definition: str | None = None,
    central_concept: str | None = None,
    scope: str | None = None,
    status: str | None = None,
    coder_id: int | None = None,
) -> m.Theme:
    t = refs.theme(session, t)
    with recorded(session, "theme.edit", f"theme «{t.name}» edited", coder_id):
        if name is not None and clean_name(name) != t.name:
            rename_theme(session, t, name, coder_id=coder_id)
        if label is not None:
            t.label = clean_name(label) or None
        if definition is not None:
            t.definition = definition
        if central_concept is not None:
            t.central_concept = central_concept
        if scope is not None:
            t.scope = scope
        if status is not None:
            if status not in m.THEME_STATUSES:
                raise InvalidInput(_("status {status!r}: must be one of {choices}").format(status=status, choices=', '.join(m.THEME_STATUSES)))
            t.status = status
    return t


def rename_theme(session: Session, t: m.Theme | refs.Ref, new_name: str, coder_id: int | None = None) -> m.Theme:
    t = refs.theme(session, t)
    new_name = clean_name(new_name)
    if not new_name:
        raise InvalidInput(_("theme name must not be empty"))
    other = lookup_theme(session, new_name)
    if other is not None and other.id != t.id:
        raise Conflict(_("theme {name!r}: already exists").format(name=new_name))
    with recorded(session, "theme.rename", f"theme «{t.name}» renamed «{new_name}»", coder_id):
        session.add(m.ThemeRename(theme_id=t.id, old_name=t.name, new_name=new_name, coder_id=coder_id))
        t.name = new_name
    return t


def rename_history(session: Session, t: m.Theme | refs.Ref) -> list[m.ThemeRename]:
    t = refs.theme(session, t)
    return list(session.scalars(select(m.ThemeRename).where(m.ThemeRename.theme_id == t.id).order_by(m.ThemeRename.at)))


def place_code(session: Session, code: m.Code | refs.Ref, t: m.Theme | refs.Ref,
               coder_id: int | None = None) -> m.ThemeCode:
    """Put a code in a theme (a code may sit in several themes)."""
    code, t = refs.code(session, code), refs.theme(session, t)
    if session.get(m.ThemeCode, (t.id, code.id)) is not None:
        raise Conflict(_("code «{name}»: already in theme «{theme}»").format(name=code.name, theme=t.name))
    n = session.scalar(select(func.count()).select_from(m.ThemeCode).where(m.ThemeCode.theme_id == t.id)) or 0
    with recorded(session, "theme.place", f"«{code.name}» placed in «{t.name}»", coder_id):
        link = m.ThemeCode(theme_id=t.id, code_id=code.id, ordinal=n)
        session.add(link)
    return link


def remove_code(session: Session, code: m.Code | refs.Ref, t: m.Theme | refs.Ref, coder_id: int | None = None) -> None:
    code, t = refs.code(session, code), refs.theme(session, t)
    link = session.get(m.ThemeCode, (t.id, code.id))
    if link is None:
        raise NotFound(_("code «{name}»: not in theme «{theme}»").format(name=code.name, theme=t.name))
    with recorded(session, "theme.unplace", f"«{code.name}» removed from «{t.name}»", coder_id):
        session.delete(link)


def move_code(session: Session, code: m.Code | refs.Ref, source: m.Theme | refs.Ref, target: m.Theme | refs.Ref,
              coder_id: int | None = None) -> None:
    code, source, target = refs.code(session, code), refs.theme(session, source), refs.theme(session, target)
    with recorded(session, "theme.move_code", f"«{code.name}» moved «{source.name}» → «{target.name}»", coder_id):
        remove_code(session, code, source, coder_id)
        if session.get(m.ThemeCode, (target.id, code.id)) is None:
            place_code(session, code, target, coder_id)


def move_theme(session: Session, t: m.Theme | refs.Ref, new_parent: m.Theme | refs.Ref | None,
               coder_id: int | None = None) -> m.Theme:
    """Make a theme a subtheme of another, or (new_parent None) a top-level theme."""
    t, new_parent = refs.theme(session, t), refs.optional_theme(session, new_parent)
    if new_parent is not None:
        if new_parent.id == t.id or new_parent.parent_id is not None:
            raise InvalidInput(_("«{name}»: cannot hold subthemes (it is a subtheme or the same theme)").format(name=new_parent.name))
        has_children = session.scalar(select(func.count()).select_from(m.Theme).where(m.Theme.parent_id == t.id, _live()))
        if has_children:
            raise InvalidInput(_("«{name}»: has subthemes of its own and cannot become a subtheme").format(name=t.name))
    where = f"under «{new_parent.name}»" if new_parent else "to top level"
    with recorded(session, "theme.move", f"«{t.name}» moved {where}", coder_id):
        t.parent_id = new_parent.id if new_parent else None
        t.ordinal = _place_ordinal(session, t.parent_id, holding=t.is_holding)
    return t


def reorder(session: Session, t: m.Theme | refs.Ref, delta: int, coder_id: int | None = None) -> m.Theme:
    """Move a theme up (delta<0) or down among its siblings; the holding theme "not placed
    yet" stays last (it does not move, and nothing moves below it)."""
    t = refs.theme(session, t)
    if t.is_holding:
        return t
    everyone = sibling_themes(session, t)
    siblings = [s for s in everyone if not s.is_holding]
    i = next(i for i, s in enumerate(siblings) if s.id == t.id)
    j = max(0, min(len(siblings) - 1, i + delta))
    if i == j:
        return t
    with recorded(session, "theme.reorder", f"«{t.name}» moved {'up' if delta < 0 else 'down'}", coder_id):
        siblings.insert(j, siblings.pop(i))
        siblings += [s for s in everyone if s.is_holding]
        for n, s in enumerate(siblings):
            if s.ordinal != n:
                s.ordinal = n
    return t


def reorder_code(session: Session, t: m.Theme | refs.Ref, code: m.Code | refs.Ref, delta: int,
                 coder_id: int | None = None) -> None:
    t, code = refs.theme(session, t), refs.code(session, code)
    links = list(session.scalars(select(m.ThemeCode).where(m.ThemeCode.theme_id == t.id).order_by(m.ThemeCode.ordinal, m.ThemeCode.code_id)))
    i = next((i for i, link in enumerate(links) if link.code_id == code.id), None)
    if i is None:
        raise NotFound(_("code «{name}»: not in theme «{theme}»").format(name=code.name, theme=t.name))
    j = max(0, min(len(links) - 1, i + delta))
    if i == j:
        return
    with recorded(session, "theme.reorder_code", f"«{code.name}» moved in «{t.name}»", coder_id):
        links.insert(j, links.pop(i))
        for n, link in enumerate(links):
            if link.ordinal != n:
                link.ordinal = n


def sibling_themes(session: Session, t: m.Theme) -> list[m.Theme]:
    cond = m.Theme.parent_id.is_(None) if t.parent_id is None else m.Theme.parent_id == t.parent_id
    return list(session.scalars(select(m.Theme).where(cond, _live()).order_by(m.Theme.ordinal, m.Theme.id)))


def merge_themes(session: Session, source: m.Theme | refs.Ref, target: m.Theme | refs.Ref,
                 coder_id: int | None = None) -> m.Theme:
    """Fold ``source`` into ``target``: its codes and subthemes move, the source is discarded."""
    source, target = refs.theme(session, source), refs.theme(session, target)
    if source.id == target.id:
        raise InvalidInput(_("merge: choose two different themes"))
    with recorded(session, "theme.merge", f"«{source.name}» merged into «{target.name}»", coder_id):
        for link in list(session.scalars(select(m.ThemeCode).where(m.ThemeCode.theme_id == source.id))):
            if session.get(m.ThemeCode, (target.id, link.code_id)) is None:
                session.add(m.ThemeCode(theme_id=target.id, code_id=link.code_id, ordinal=link.ordinal + 1000))
            session.delete(link)
        for child in session.scalars(select(m.Theme).where(m.Theme.parent_id == source.id, _live())):
            if target.parent_id is None:
                child.parent_id = target.id
            else:  # target is a subtheme: fold grandchildren's codes into it
                merge_themes(session, child, target, coder_id)
        source.status = "discarded"
        session.flush()
    return target


def split_theme(session: Session, t: m.Theme | refs.Ref, new_name: str, code_names: list[str],
                coder_id: int | None = None) -> m.Theme:
    """Move chosen codes of a theme into a new sibling theme."""
    from tema.domain.codes import find_code

    t = refs.theme(session, t)
    if not code_names:
        raise InvalidInput(_("split: choose at least one code to move"))
    with recorded(session, "theme.split", f"«{new_name}» split from «{t.name}»", coder_id):
        parent = session.get(m.Theme, t.parent_id) if t.parent_id else None
        new = create_theme(session, new_name, parent=parent, coder_id=coder_id)
        for name in code_names:
            move_code(session, find_code(session, name), t, new, coder_id)
    return new


def discard_theme(session: Session, t: m.Theme | refs.Ref, coder_id: int | None = None) -> m.Theme:
    """Discard a theme (recoverable); its codes no longer count as placed by it."""
    t = refs.theme(session, t)
    if t.status == "discarded":
        raise Conflict(_("theme «{name}»: already discarded").format(name=t.name))
    with recorded(session, "theme.discard", f"theme «{t.name}» discarded", coder_id):
        t.status = "discarded"
    return t


def restore_theme(session: Session, t: m.Theme | refs.Ref, coder_id: int | None = None) -> m.Theme:
    t = refs.theme(session, t, trashed=True)
    with recorded(session, "theme.restore", f"theme «{t.name}» restored", coder_id):
        t.status = "candidate"
        t.deleted_at = None
    return t


def delete_theme(session: Session, t: m.Theme | refs.Ref, coder_id: int | None = None) -> m.Theme:
    t = refs.theme(session, t)
    with recorded(session, "theme.delete", f"theme «{t.name}» moved to trash", coder_id):
        t.deleted_at = m.utcnow()
    return t


# ---- read models -------------------------------------------------------------------


@dataclass
class ThemeNode:
    id: int
    name: str
    label: str | None
    status: str
    definition: str | None
    central_concept: str | None
    is_holding: bool
    codes: list[tuple[int, str]] = field(default_factory=list)
    subthemes: list[ThemeNode] = field(default_factory=list)


def theme_tree(session: Session, *, include_discarded: bool = False) -> list[ThemeNode]:
    """The current map: themes → subthemes → codes, in the researcher's order (3 statements)."""
    stmt = select(m.Theme).where(_live()).order_by(m.Theme.ordinal, m.Theme.id)
    themes = list(session.scalars(stmt))
    links = session.execute(
        select(m.ThemeCode.theme_id, m.Code.id, m.Code.name)
        .join(m.Code, m.Code.id == m.ThemeCode.code_id)
        .where(m.Code.deleted_at.is_(None), m.Code.status == "active")
        .order_by(m.ThemeCode.ordinal, m.Code.name)
    ).all()
    by_theme: dict[int, list[tuple[int, str]]] = {}
    for theme_id, code_id, name in links:
        by_theme.setdefault(theme_id, []).append((code_id, name))
    nodes = {
        t.id: ThemeNode(t.id, t.name, t.label, t.status, t.definition, t.central_concept, t.is_holding, by_theme.get(t.id, []))
        for t in themes
        if include_discarded or t.status != "discarded"
    }
    roots: list[ThemeNode] = []
    for t in themes:
        if t.id not in nodes:
            continue
        if t.parent_id is None:
            roots.append(nodes[t.id])
        elif t.parent_id in nodes:
            nodes[t.parent_id].subthemes.append(nodes[t.id])
    return roots


def placed_code_ids():
    """A subquery: the codes placed in any live, non-discarded, non-holding theme."""
    return (
        select(m.ThemeCode.code_id)
        .join(m.Theme, m.Theme.id == m.ThemeCode.theme_id)
        .where(_live(), m.Theme.status != "discarded", m.Theme.is_holding.is_(False))
    )


def _unplaced(what):
    return select(what).where(m.Code.deleted_at.is_(None), m.Code.status == "active", m.Code.id.not_in(placed_code_ids()))


def unplaced_codes(session: Session) -> list[m.Code]:
    """Active codes in no live, non-discarded, non-holding theme."""
    return sorted(session.scalars(_unplaced(m.Code)), key=lambda c: nb_sort_key(c.name))


def unplaced_code_stats(session: Session) -> list[CodeStat]:
    """The unplaced codes with their extract and participant counts, in Norwegian order:
    the unplaced codes' entries of ``code_stats`` (2 statements, counting their codings only)."""
    return stats_of(session, unplaced_codes(session), _unplaced(m.Code.id))


def themes_of_code(session: Session, code: m.Code | refs.Ref) -> list[m.Theme]:
    code = refs.code(session, code)
    stmt = (
        select(m.Theme)
        .join(m.ThemeCode, m.ThemeCode.theme_id == m.Theme.id)
        .where(m.ThemeCode.code_id == code.id, _live(), m.Theme.status != "discarded")
        .order_by(m.Theme.ordinal)
    )
    return list(session.scalars(stmt))


def theme_code_ids(session: Session, t: m.Theme | refs.Ref, *, with_subthemes: bool = True) -> list[int]:
    t = refs.theme(session, t)
    ids = [t.id]
    if with_subthemes:
        ids += list(session.scalars(select(m.Theme.id).where(m.Theme.parent_id == t.id, _live(), m.Theme.status != "discarded")))
    return list(dict.fromkeys(session.scalars(select(m.ThemeCode.code_id).where(m.ThemeCode.theme_id.in_(ids)))))
