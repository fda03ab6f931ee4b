"""A code book brought in from another program (REFI-QDA), written at once.

The caller (``tema.refi.read_codebook``) decides names, nesting and placements;
``add_codebook`` writes the new codes, themes, code parents and theme placements
in a fixed number of flushes however large the code book is (top themes,
subthemes, codes, then parents and placements), through ORM objects so the
caller's recorded action sees every row. ``existing_names`` gives what the
decisions need in two queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.codes import PALETTE
from tema.domain.theme_colours import PALETTE as THEME_PALETTE
from tema.domain.theme_colours import colours_in_use
from tema.errors import InvalidInput
from tema.i18n import _
from tema.store import models as m
from tema.text import clean_name, name_key

Ref = str | int  # a new item's reference, or an existing row's id


@dataclass(frozen=True)
class NewCode:
    ref: str
    name: str
    level: str | None = None
    definition: str | None = None
    colour: str | None = None
    parent: Ref | None = None  # a codable parent code


@dataclass(frozen=True)
class NewTheme:
    ref: str
    name: str
    parent: Ref | None = None  # a top theme (subthemes: two levels only)
    label: str | None = None
    definition: str | None = None
    central_concept: str | None = None
    scope: str | None = None
    status: str | None = None


@dataclass
class ExistingNames:
    codes: dict[str, tuple[int, str, bool]]  # name key → (id, name, usable: live and active)
    themes: dict[str, int]  # name key, and casefolded label, → id (as ``themes.lookup_theme`` matches)


def existing_names(session: Session) -> ExistingNames:
    codes = {key: (cid, name, deleted is None and status == "active") for cid, key, name, deleted, status in
             session.execute(select(m.Code.id, m.Code.key, m.Code.name, m.Code.deleted_at, m.Code.status))}
    themes: dict[str, int] = {}
    rows = session.execute(select(m.Theme.id, m.Theme.name, m.Theme.label).where(m.Theme.deleted_at.is_(None))).all()
    for tid, name, _label in rows:
        themes.setdefault(name_key(name), tid)
    for tid, _name, label in rows:
        if label:
            themes.setdefault(label.casefold(), tid)
    return ExistingNames(codes, themes)


def _ordinals(session: Session, parents: Iterable[int | None]) -> dict[int | None, int]:
    """The next theme ordinal under each parent (None: the top)."""
    wanted = set(parents)
    out: dict[int | None, int] = {p: 0 for p in wanted}
    rows = session.execute(select(m.Theme.parent_id, func.max(m.Theme.ordinal)).group_by(m.Theme.parent_id)).all()
    for parent, top in rows:
        if parent in wanted:
            out[parent] = int(top if top is not None else -1) + 1
    return out


def add_codebook(session: Session, codes: list[NewCode], themes: list[NewTheme],
                 placements: list[tuple[Ref, Ref]], *, coder_id: int | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """Write ``themes`` (top themes before their subthemes), ``codes`` and
    ``placements`` (theme, code); returns the new ids: (code ref → id, theme ref → id)."""
    theme_ids: dict[str, int] = {}
    top = [t for t in themes if t.parent is None]
    subs = [t for t in themes if t.parent is not None]

    def tid(ref: Ref) -> int:
        return ref if isinstance(ref, int) else theme_ids[ref]

    colours = colours_in_use(session) if top else None
    for group in (top, subs):
        if not group:
            continue
        ordinals = _ordinals(session, {tid(t.parent) if t.parent is not None else None for t in group})
        rows = []
        for t in group:
            parent = tid(t.parent) if t.parent is not None else None
            colour = None
            if parent is None and colours is not None:  # as new_theme_colour: the least used, in palette order
                colour = min(THEME_PALETTE, key=lambda c: (colours.get(c, 0), THEME_PALETTE.index(c)))
                colours[colour] = colours.get(colour, 0) + 1
            if t.status is not None and t.status not in m.THEME_STATUSES:
                raise InvalidInput(_("status {status!r}: must be one of {choices}").format(status=t.status, choices=', '.join(m.THEME_STATUSES)))
            rows.append(m.Theme(name=clean_name(t.name), parent_id=parent, label=clean_name(t.label or "") or None,
                                definition=t.definition, central_concept=t.central_concept, scope=t.scope,
                                ordinal=ordinals[parent], status=t.status or "candidate", is_holding=False,
                                colour=colour))
            ordinals[parent] += 1
        session.add_all(rows)
        session.flush()
        theme_ids.update({t.ref: row.id for t, row in zip(group, rows)})

    n = session.scalar(select(func.count()).select_from(m.Code)) or 0
    code_rows = [m.Code(name=clean_name(c.name), key=name_key(c.name), level=c.level or "semantic",
                        definition=c.definition, colour=c.colour or PALETTE[(n + i) % len(PALETTE)],
                        created_by_id=coder_id, status="active") for i, c in enumerate(codes)]
    session.add_all(code_rows)
    session.flush()
    code_ids = {c.ref: row.id for c, row in zip(codes, code_rows)}

    def cid(ref: Ref) -> int:
        return ref if isinstance(ref, int) else code_ids[ref]

    for spec, row in zip(codes, code_rows):
        if spec.parent is not None:
            row.parent_id = cid(spec.parent)
    if placements:
        pairs = list(dict.fromkeys((tid(t), cid(c)) for t, c in placements))
        theme_set = {t for t, _ in pairs}
        have: set[tuple[int, int]] = {(t, c) for t, c in session.execute(
            select(m.ThemeCode.theme_id, m.ThemeCode.code_id).where(m.ThemeCode.theme_id.in_(theme_set)))}
        counts: dict[int, int] = {t: n for t, n in session.execute(
            select(m.ThemeCode.theme_id, func.count()).where(m.ThemeCode.theme_id.in_(theme_set))
            .group_by(m.ThemeCode.theme_id))}
        links = []
        for theme_id, code_id in pairs:
            if (theme_id, code_id) in have:
                continue
            links.append(m.ThemeCode(theme_id=theme_id, code_id=code_id, ordinal=counts.get(theme_id, 0)))
            counts[theme_id] = counts.get(theme_id, 0) + 1
        session.add_all(links)
    session.flush()
    return code_ids, theme_ids
