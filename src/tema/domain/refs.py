"""Resolvers: domain functions accept a row or its id.

Edges (the TUI) hold ids, the CLI and other domain code hold rows. A domain function
turns what it was given into the row with one of these: a row passes through unchanged
(its caller already has it), an id is looked up and a missing or trashed row raises
``Vanished`` (a ``NotFound``) naming what is gone — typically another process undid,
trashed or deleted it since the caller read it.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from tema.errors import Vanished
from tema.store import models as m


class Identified(Protocol):
    """Anything carrying a row id (a plain view of a row: ThemeBrief, CodeInfo, …)."""

    @property
    def id(self) -> int: ...


Ref = int | Identified
R = TypeVar("R", bound=m.Base)


def _get(session: Session, model: type[R], kind: str, ref: R | Ref, *, trashed: bool = False) -> R:
    if isinstance(ref, model):
        return ref
    row_id: int = ref if isinstance(ref, int) else ref.id  # type: ignore[union-attr]
    row = session.get(model, row_id)
    if row is None:
        raise Vanished(kind, row_id)
    if not trashed and getattr(row, "deleted_at", None) is not None:
        raise Vanished(kind, row_id, getattr(row, "name", None) or getattr(row, "title", None) or str(row_id))
    return row


def theme(session: Session, ref: m.Theme | Ref, *, trashed: bool = False) -> m.Theme:
    """A theme (discarded ones included; trashed ones only with ``trashed``)."""
    return _get(session, m.Theme, "theme", ref, trashed=trashed)


def code(session: Session, ref: m.Code | Ref, *, trashed: bool = False) -> m.Code:
    return _get(session, m.Code, "code", ref, trashed=trashed)


def coding(session: Session, ref: m.Coding | Ref) -> m.Coding:
    return _get(session, m.Coding, "coding", ref)


def document(session: Session, ref: m.Document | Ref, *, trashed: bool = False) -> m.Document:
    return _get(session, m.Document, "document", ref, trashed=trashed)


def optional_theme(session: Session, ref: m.Theme | Ref | None) -> m.Theme | None:
    return None if ref is None else theme(session, ref)
