"""The codings an export writes, read as plain rows a few documents at a time (a team
project has 100,000 of them; none is held longer than its document's section).

Only codings of live documents with an exported code are written, ordered by
span. Times are read as the database gives them (text in SQLite, which
``xml_datetime`` formats without a ``datetime`` per row); rows are tuples, not
ORM objects (Core queries on the session's connection: the ORM's row handling
costs a third more)."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import String, exists, select, type_coerce
from sqlalchemy.orm import Session

from tema.store import models as m

BATCH = 32  # documents per query

_c = m.Coding
_SPAN = (_c.document_id, _c.start, _c.end, _c.id)
ORDER = attrgetter("document_id", "start", "end", "id")
_DOC = attrgetter("document_id")


class CodingRow(NamedTuple):
    document_id: int
    id: int
    code_id: int
    start: int
    end: int
    coder_id: int | None
    created: datetime | str | None  # as read: ``xml_datetime`` formats it
    updated: datetime | str | None
    memo: str | None
    has_perspectives: bool

    @property
    def noted(self) -> bool:
        """Has a memo or perspectives: written as a "Coding memo" note."""
        return bool(self.memo) or bool(self.has_perspectives)


def codings_by_document(session: Session, doc_ids: Sequence[int], codes: Container[int],
                        batch: int = BATCH) -> Iterator[list[CodingRow]]:
    """Each document's codings (in ``doc_ids`` order) by span, ``batch`` documents per
    query. Sorted here: the index already gives them nearly in order, and SQLite would
    sort them in a temporary B-tree."""
    has_perspectives = exists().where(m.CodingPerspective.coding_id == _c.id)
    for k in range(0, len(doc_ids), batch):
        ids = doc_ids[k : k + batch]
        rows = [r for r in map(CodingRow._make, session.connection().execute(
            select(_c.document_id, _c.id, _c.code_id, _c.start, _c.end, _c.coder_id,
                   type_coerce(_c.created_at, String), type_coerce(_c.updated_at, String), _c.memo,
                   has_perspectives)
            .where(_c.document_id.in_(ids))
        )) if r.code_id in codes]
        rows.sort(key=ORDER)
        found = {doc_id: list(group) for doc_id, group in groupby(rows, key=_DOC)}
        del rows
        for doc_id in ids:
            yield found.pop(doc_id, [])


def perspective_names(session: Session) -> dict[int, list[str]]:
    """Each coding's perspectives (names), for the codings that have any."""
    names: dict[int, list[str]] = {}
    for coding_id, name in session.connection().execute(
        select(m.CodingPerspective.coding_id, m.Perspective.name)
        .join(m.Perspective, m.Perspective.id == m.CodingPerspective.perspective_id)
    ):
        names.setdefault(coding_id, []).append(name)
    return names


def live_codings(session: Session, ids: Iterable[int], codes: Container[int]) -> set[int]:
    """Which of ``ids`` are codings the export writes."""
    wanted = sorted(set(ids))
    rows = session.execute(
        select(_c.id, _c.code_id).join(m.Document, m.Document.id == _c.document_id)
        .where(m.Document.deleted_at.is_(None), _c.id.in_(wanted))
    ) if wanted else []
    return {cid for cid, code in rows if code in codes}
