"""Checks for phase 5: themes lacking a definition, or with extracts from fewer than
two participants."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tema.domain import coding, themes
from tema.store import models as m


def theme_checks(session: Session) -> list[str]:
    out = []
    for root in themes.theme_tree(session):
        if root.is_holding:
            continue
        for n in [root, *root.subthemes]:
            t = session.get(m.Theme, n.id)
            code_ids = themes.theme_code_ids(session, t)
            people = {e.participant for e in coding.extracts(session, code_ids)} if code_ids else set()
            if not (t.definition or "").strip():
                out.append(f"«{t.name}»: no definition")
            if len(people) < 2:
                out.append(f"«{t.name}»: extracts from {len(people)} participant{'s' if len(people) != 1 else ''} (fewer than 2)")
    return out
