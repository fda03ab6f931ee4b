"""The columns phase 4's review matrix can switch between, and the matrix by them.

``column_choices``: the kinds of column this project has something for — participants
always, then cases (when there is a case), waves (when a document has a wave) and each
participant attribute with a value (``attr:KEY``, Norwegian order). ``next_columns``:
the one after ``current`` (round to participants). ``review_matrix``: the theme matrix
(``tema.domain.theme_matrix.theme_matrix``, the same counting of distinct extracts as
the export's ``--columns``) by those columns, or by participant when an attribute chosen
earlier has no value any more.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tema.domain.columns import check_columns
from tema.domain.theme_matrix import Matrix, theme_matrix
from tema.errors import InvalidInput
from tema.store import models as m
from tema.text import name_key, nb_sort_key


def column_choices(session: Session) -> list[str]:
    """participant, case, wave, attr:KEY … — those the project has values for (3 statements)."""
    out = ["participant"]
    if session.scalar(select(func.count()).select_from(m.Case)):
        out.append("case")
    has_wave = session.scalar(select(func.count()).select_from(m.Document).where(
        m.Document.deleted_at.is_(None), m.Document.wave.is_not(None), func.trim(m.Document.wave) != ""))
    if has_wave:
        out.append("wave")
    keys: dict[str, str] = {}
    for key, value in session.execute(select(m.ParticipantAttribute.key, m.ParticipantAttribute.value)):
        if value and value.strip():
            keys.setdefault(name_key(key), key)
    out.extend(f"attr:{k}" for k in sorted(keys.values(), key=nb_sort_key))
    return out


def next_columns(session: Session, current: str) -> str:
    """The column kind after ``current`` in ``column_choices`` (participant after the last,
    or when ``current`` is not offered any more)."""
    choices = column_choices(session)
    keys = [name_key(c) for c in choices]
    if name_key(current) not in keys:
        return "participant"
    return choices[(keys.index(name_key(current)) + 1) % len(choices)]


def review_matrix(session: Session, columns: str = "participant") -> Matrix:
    """Theme × ``columns`` in distinct extracts; by participant when ``columns`` is an
    attribute no participant has a value for any more."""
    check_columns(columns)
    try:
        return theme_matrix(session, columns)
    except InvalidInput:
        if not columns.startswith("attr:"):
            raise
        return theme_matrix(session, "participant")


__all__ = ["column_choices", "next_columns", "review_matrix"]
