"""Theme × participant: how many extracts of each theme's codes (subthemes included)
each participant contributes; an empty cell is a participant who does not."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from textual.widgets import DataTable

from tema.domain import coding, participants, themes
from tema.store import models as m


@dataclass
class Matrix:
    participants: list[str]
    rows: list[tuple[int, str, list[int]]]  # (theme id, shown name, count per participant)


def theme_matrix(session: Session) -> Matrix:
    people = [p.label or p.pseudonym for p in participants.list_participants(session)]
    by_code: dict[int, dict[str, int]] = {}
    ids_by_name = {c.name: c.id for c in session.query(m.Code.id, m.Code.name)}
    for e in coding.extracts(session):
        who = e.participant_label or e.participant
        if who is not None:
            per = by_code.setdefault(ids_by_name[e.code], {})
            per[who] = per.get(who, 0) + 1
    rows = []

    def row(node, indent: str) -> None:
        code_ids = themes.theme_code_ids(session, session.get(m.Theme, node.id))
        counts = [sum(by_code.get(c, {}).get(p, 0) for c in code_ids) for p in people]
        rows.append((node.id, indent + (f"{node.label} " if node.label else "") + node.name, counts))

    for n in themes.theme_tree(session):
        if n.is_holding:
            continue
        row(n, "")
        for sub in n.subthemes:
            row(sub, "  └ ")
    return Matrix(people, rows)


class ThemeMatrix(DataTable):
    def show(self, matrix: Matrix) -> None:
        self.clear(columns=True)
        self.add_column("Theme", key="theme")
        for p in matrix.participants:
            self.add_column(p, key=p)
        for tid, name, counts in matrix.rows:
            self.add_row(name, *[str(c) if c else "·" for c in counts], key=str(tid))
        self.border_title = "Theme × participant (extracts)"
