"""Plain views of themes for the edges (the TUI's board, review, defining and writing
screens): by id in, dataclasses out; an id that no longer names a live theme raises
``Vanished`` (a NotFound) naming what is gone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import refs
from tema.domain.codes import CodeStat
from tema.domain.themes import ThemeNode, rename_history, theme_code_ids, theme_tree, unplaced_code_stats
from tema.store import models as m


@dataclass(frozen=True)
class ThemeBrief:
    id: int
    name: str
    label: str | None
    parent_id: int | None
    status: str
    is_holding: bool

    @property
    def title(self) -> str:
        """Label and name, as lists show it ("1a Name")."""
        return f"{self.label} {self.name}" if self.label else self.name


def theme_brief(session: Session, theme_id: int) -> ThemeBrief:
    t = refs.theme(session, theme_id)
    return ThemeBrief(t.id, t.name, t.label, t.parent_id, t.status, t.is_holding)


def theme_scope(session: Session, theme_id: int) -> tuple[ThemeBrief, list[int]]:
    """The theme and the ids of the codes in it and its subthemes (its extracts' codes)."""
    return theme_brief(session, theme_id), theme_code_ids(session, theme_id)


def own_code_names(session: Session, theme_id: int) -> list[str]:
    """Names of the live, active codes placed in the theme itself, in the researcher's order."""
    t = refs.theme(session, theme_id)
    return list(session.scalars(
        select(m.Code.name).join(m.ThemeCode, m.ThemeCode.code_id == m.Code.id)
        .where(m.ThemeCode.theme_id == t.id, m.Code.deleted_at.is_(None), m.Code.status == "active")
        .order_by(m.ThemeCode.ordinal, m.Code.name)))


@dataclass
class Board:
    """Phase 3: the map (themes → subthemes → codes), the unplaced codes with their
    counts, and for each placed code the names of the themes holding it."""

    roots: list[ThemeNode]
    unplaced: list[CodeStat]
    where: dict[int, list[str]] = field(default_factory=dict)


def board(session: Session) -> Board:
    """Four statements whatever the project's size."""
    roots = theme_tree(session)
    where: dict[int, list[str]] = {}

    def walk(n: ThemeNode) -> None:
        for cid, _ in n.codes:
            where.setdefault(cid, []).append(n.name)
        for sub in n.subthemes:
            walk(sub)

    for n in roots:
        walk(n)
    return Board(roots, unplaced_code_stats(session), where)


@dataclass(frozen=True)
class ThemeForm:
    """Phase 5: what the editor of one theme shows, and its rename history."""

    id: int
    name: str
    label: str
    definition: str
    central_concept: str
    scope: str
    history: tuple[tuple[datetime, str, str], ...]


def theme_form(session: Session, theme_id: int) -> ThemeForm:
    t = refs.theme(session, theme_id)
    history = tuple((r.at, r.old_name, r.new_name) for r in rename_history(session, t))
    return ThemeForm(t.id, t.name, t.label or "", t.definition or "", t.central_concept or "", t.scope or "", history)
