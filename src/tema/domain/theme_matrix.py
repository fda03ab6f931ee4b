"""Theme × participant: how many codings of each theme's codes (subthemes included) each
participant contributes — an empty cell is a participant who does not.

Read with a fixed number of statements whatever the number of themes, codes or codings:
the participants, the live themes, their code links, and one GROUP BY of codings per
code × participant. The theme tree is then walked in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain import participants
from tema.domain.themes import placed_code_ids
from tema.store import models as m


@dataclass
class Matrix:
    participants: list[str]
    rows: list[tuple[int, str, list[int]]]  # (theme id, shown name, count per participant)


@dataclass(frozen=True)
class ThemeFamily:
    """A live, non-discarded, non-holding theme or subtheme, in board order.

    ``own_codes`` are the codes placed in it; ``codes`` adds those of its live,
    non-discarded subthemes, each code once (what the theme's extracts are drawn from)."""

    id: int
    name: str
    label: str | None
    parent_id: int | None
    definition: str | None
    central_concept: str | None
    own_codes: tuple[int, ...]
    codes: tuple[int, ...]

    @property
    def shown(self) -> str:
        return (f"{self.label} " if self.label else "") + self.name


def _shown_themes():
    """Live, non-discarded, non-holding themes."""
    return (m.Theme.deleted_at.is_(None), m.Theme.status != "discarded", m.Theme.is_holding.is_(False))


def theme_families(session: Session) -> list[ThemeFamily]:
    """Themes then their subthemes, in the researcher's order (2 statements).

    A subtheme whose parent is discarded, deleted or the holding pile is left out, as on the board."""
    rows = session.execute(
        select(m.Theme.id, m.Theme.name, m.Theme.label, m.Theme.parent_id, m.Theme.definition,
               m.Theme.central_concept)
        .where(*_shown_themes())
        .order_by(m.Theme.ordinal, m.Theme.id)
    ).all()
    links: dict[int, list[int]] = {}
    for theme_id, code_id in session.execute(
        select(m.ThemeCode.theme_id, m.ThemeCode.code_id)
        .join(m.Theme, m.Theme.id == m.ThemeCode.theme_id)
        .where(*_shown_themes())
        .order_by(m.ThemeCode.ordinal, m.ThemeCode.code_id)
    ):
        links.setdefault(theme_id, []).append(code_id)
    roots = [r for r in rows if r.parent_id is None]
    root_ids = {r.id for r in roots}
    children: dict[int, list] = {}
    for r in rows:
        if r.parent_id in root_ids:
            children.setdefault(r.parent_id, []).append(r)

    def family(r, subs) -> ThemeFamily:
        own = links.get(r.id, [])
        every = list(dict.fromkeys([*own, *(c for s in subs for c in links.get(s.id, []))]))
        return ThemeFamily(r.id, r.name, r.label, r.parent_id, r.definition, r.central_concept, tuple(own), tuple(every))

    out: list[ThemeFamily] = []
    for r in roots:
        subs = children.get(r.id, [])
        out.append(family(r, subs))
        out.extend(family(s, []) for s in subs)
    return out


def codings_per_code_and_participant(session: Session) -> dict[int, dict[int, int]]:
    """{code id: {participant id: codings}} for placed codes, in live documents that
    belong to a participant (one GROUP BY statement)."""
    # Grouped per code × document first (along the coding table's (code_id, document_id, …)
    # index), then per participant: SQLite would otherwise probe every code in every document.
    per_doc = (
        select(m.Coding.code_id, m.Coding.document_id, func.count().label("n"))
        .where(m.Coding.code_id.in_(placed_code_ids()))
        .group_by(m.Coding.code_id, m.Coding.document_id)
        .subquery()
    )
    stmt = (
        select(per_doc.c.code_id, m.Document.participant_id, func.sum(per_doc.c.n))
        .join(m.Document, m.Document.id == per_doc.c.document_id)
        .where(m.Document.deleted_at.is_(None), m.Document.participant_id.is_not(None))
        .group_by(per_doc.c.code_id, m.Document.participant_id)
    )
    out: dict[int, dict[int, int]] = {}
    for code_id, participant_id, n in session.execute(stmt):
        out.setdefault(code_id, {})[participant_id] = int(n)  # PostgreSQL sums are Decimal
    return out


def theme_matrix(session: Session) -> Matrix:
    """Per live theme and subtheme in board order, the codings of its codes per participant
    (label, else pseudonym, in list_participants order). 4 statements, whatever the size."""
    people = participants.list_participants(session)
    ids = [p.id for p in people]
    counts = codings_per_code_and_participant(session)
    rows = []
    for fam in theme_families(session):
        per: dict[int, int] = {}
        for c in fam.codes:
            for pid, n in counts.get(c, {}).items():
                per[pid] = per.get(pid, 0) + n
        rows.append((fam.id, ("  └ " if fam.parent_id is not None else "") + fam.shown, [per.get(i, 0) for i in ids]))
    return Matrix([p.label or p.pseudonym for p in people], rows)
