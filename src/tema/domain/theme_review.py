"""What phase 4 shows of one theme: its extracts grouped by subtheme and code, which
participants contribute and which do not, and where else each code sits — outside the
theme and its own subthemes. A fixed number of statements, whatever the theme's size."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import coding, participants, refs
from tema.domain.coding import Extract
from tema.store import models as m
from tema.text import nb_sort_key


@dataclass
class CodeInReview:
    code_id: int
    name: str
    extracts: list[Extract]
    elsewhere: list[str]  # themes outside this theme (and its subthemes) holding the code


@dataclass
class ReviewGroup:
    theme_id: int
    label: str | None
    name: str
    is_subtheme: bool
    codes: list[CodeInReview] = field(default_factory=list)


@dataclass
class ThemeReview:
    theme_id: int
    name: str
    status: str
    groups: list[ReviewGroup]
    contribute: list[str]
    do_not: list[str]

    @property
    def n_codes(self) -> int:
        return len({c.code_id for g in self.groups for c in g.codes})

    @property
    def n_extracts(self) -> int:
        return len({e.coding_id for g in self.groups for c in g.codes for e in c.extracts})


def theme_review(session: Session, theme_id: int) -> ThemeReview:
    t = refs.theme(session, theme_id)
    subs = list(session.scalars(
        select(m.Theme).where(m.Theme.parent_id == t.id, m.Theme.deleted_at.is_(None), m.Theme.status != "discarded")
        .order_by(m.Theme.ordinal, m.Theme.id)))
    family = {t.id, *(s.id for s in subs)}
    placements = session.execute(
        select(m.ThemeCode.theme_id, m.ThemeCode.code_id, m.Code.name, m.Theme.name, m.Theme.is_holding)
        .join(m.Code, m.Code.id == m.ThemeCode.code_id)
        .join(m.Theme, m.Theme.id == m.ThemeCode.theme_id)
        .where(m.Theme.deleted_at.is_(None), m.Theme.status != "discarded",
               m.Code.deleted_at.is_(None), m.Code.status == "active",
               m.ThemeCode.code_id.in_(select(m.ThemeCode.code_id).where(m.ThemeCode.theme_id.in_(family))))
        .order_by(m.ThemeCode.ordinal, m.Code.name)
    ).all()
    in_node: dict[int, list[tuple[int, str]]] = {}
    elsewhere: dict[int, list[str]] = {}
    for tid, cid, code_name, theme_name, holding in placements:
        if tid in family:
            in_node.setdefault(tid, []).append((cid, code_name))
        elif not holding:
            elsewhere.setdefault(cid, []).append(theme_name)
    code_ids = list(dict.fromkeys(cid for rows in in_node.values() for cid, _ in rows))
    by_code: dict[int, list[Extract]] = {}
    names = {cid: name for rows in in_node.values() for cid, name in rows}
    found = coding.extracts(session, code_ids) if code_ids else []
    ids_by_name = {v: k for k, v in names.items()}
    for e in found:
        by_code.setdefault(ids_by_name[e.code], []).append(e)
    groups = []
    for node, is_sub in [(t, False), *[(s, True) for s in subs]]:
        g = ReviewGroup(node.id, node.label, node.name, is_sub)
        g.codes = [CodeInReview(cid, name, by_code.get(cid, []), sorted(set(elsewhere.get(cid, [])), key=nb_sort_key))
                   for cid, name in in_node.get(node.id, [])]
        groups.append(g)
    people = [p.label or p.pseudonym for p in participants.list_participants(session)]
    who = {e.participant_label or e.participant for e in found}
    return ThemeReview(t.id, t.name, t.status, groups, [p for p in people if p in who],
                       [p for p in people if p not in who])
