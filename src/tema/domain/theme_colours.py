"""A theme's colour on the theme map follows the theme, not its position.

A theme gets its colour when it is created (:func:`new_theme_colour`: the first palette
colour no live theme has, so themes side by side differ) and keeps it: deleting,
discarding, moving or reordering other themes never recolours it, and a snapshot drawn
later shows each theme in the colour it has today (snapshots record theme ids). A theme
without a stored colour (made before colours were stored, or outside tema) gets one
derived from its id, which is just as stable.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.store import models as m

# Colour-blind-friendly, distinct on white and in grey print (Tableau 10, reordered).
PALETTE = ("#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
           "#bab0ac")


def colour_for_id(theme_id: int) -> str:
    """The colour of a theme that has none stored: fixed by its id."""
    return PALETTE[(theme_id - 1) % len(PALETTE)]


def colours_in_use(session: Session) -> dict[str, int]:
    """How many live, non-discarded top-level themes have each colour (1 statement)."""
    used: dict[str, int] = {}
    for (colour,) in session.execute(
        select(m.Theme.colour).where(m.Theme.deleted_at.is_(None), m.Theme.status != "discarded",
                                     m.Theme.is_holding.is_(False), m.Theme.parent_id.is_(None),
                                     m.Theme.colour.is_not(None))
    ):
        if colour:
            used[colour] = used.get(colour, 0) + 1
    return used


def new_theme_colour(session: Session) -> str:
    """The colour for a (top-level) theme being created: the first palette colour no live,
    non-discarded theme has (1 statement); when all are taken, the least used. Subthemes
    are drawn in their theme's colour and get none of their own."""
    used = colours_in_use(session)
    return min(PALETTE, key=lambda c: (used.get(c, 0), PALETTE.index(c)))


def theme_colours(session: Session) -> dict[int, str]:
    """Every theme's colour (deleted and discarded themes too, for older snapshots) by id
    (1 statement)."""
    return {tid: colour or colour_for_id(tid) for tid, colour in session.execute(select(m.Theme.id, m.Theme.colour))}
