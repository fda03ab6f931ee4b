"""Aggregated reads for the exports, each a fixed number of SQL statements
whatever the size of the corpus (no query per code, theme or extract)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.extracts import check_measure, merged
from tema.store import models as m
from tema.text import nb_sort_key


def shown_name(label: str | None, pseudonym: str | None) -> str | None:
    """How a participant is shown beside counts: the label (A–E), else the pseudonym."""
    return label or pseudonym


@dataclass
class Usage:
    """How often something is used: extracts (or codings) in total and per participant."""

    extracts: int = 0
    by_participant: dict[str, int] = field(default_factory=dict)

    def add(self, who: str | None, n: int = 1) -> None:
        self.extracts += n
        if who is not None:
            self.by_participant[who] = self.by_participant.get(who, 0) + n

    @property
    def participants(self) -> list[str]:
        return sorted(self.by_participant, key=nb_sort_key)


def _live_doc():
    return m.Document.deleted_at.is_(None)


def active_codes(session: Session) -> dict[int, m.Code]:
    """Active codes by id, in Norwegian order (1 statement)."""
    stmt = select(m.Code).where(m.Code.deleted_at.is_(None), m.Code.status == "active")
    return {c.id: c for c in sorted(session.scalars(stmt), key=lambda c: nb_sort_key(c.name))}


def code_usage(session: Session, code_ids: Collection[int] | None = None, measure: str = "extracts") -> dict[int, Usage]:
    """Distinct extracts (overlapping spans of one document counted once; see
    tema.domain.extracts) — or, with ``measure="codings"``, codings — per code and
    participant over live documents (1 statement)."""
    check_measure(measure)
    stmt = (
        select(m.Coding.code_id, m.Coding.document_id, m.Coding.start, m.Coding.end, m.Participant.label,
               m.Participant.pseudonym)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .outerjoin(m.Participant, m.Participant.id == m.Document.participant_id)
        .where(_live_doc())
    )
    if code_ids is not None:
        stmt = stmt.where(m.Coding.code_id.in_(list(code_ids)))
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    who: dict[int, str | None] = {}
    for code_id, doc_id, start, end, label, pseudonym in session.execute(stmt):
        spans.setdefault((code_id, doc_id), []).append((start, end))
        who[doc_id] = shown_name(label, pseudonym)
    out: dict[int, Usage] = {}
    for (code_id, doc_id), found in spans.items():
        out.setdefault(code_id, Usage()).add(who[doc_id], len(found) if measure == "codings" else len(merged(found)))
    return out


@dataclass
class SpanCoding:
    coding_id: int
    code: str
    perspectives: list[str] = field(default_factory=list)
    code_id: int = 0


@dataclass
class Span:
    """One coded extract (a span of a document) with every code applied to it."""

    document_id: int
    start: int
    end: int
    text: str
    document: str
    participant: str | None
    participant_label: str | None
    codings: list[SpanCoding] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys(c.code for c in self.codings))


def spans(session: Session, code_ids: Collection[int] | None = None, *,
          coding_ids: Collection[int] | None = None) -> list[Span]:
    """Coded extracts grouped by span, in document order; with ``code_ids``, the
    spans carrying any of those codes, with ``coding_ids`` the spans of those codings
    (each with all its codes) — 2 statements."""

    def restrict(stmt):
        stmt = (
            stmt.join(m.Code, m.Code.id == m.Coding.code_id)
            .join(m.Document, m.Document.id == m.Coding.document_id)
            .where(_live_doc(), m.Code.deleted_at.is_(None))
        )
        if code_ids is not None or coding_ids is not None:
            which = (m.Coding.code_id.in_(list(code_ids)) if code_ids is not None
                     else m.Coding.id.in_(list(coding_ids or ())))
            wanted = (
                select(m.Coding.document_id, m.Coding.start, m.Coding.end)
                .where(which)
                .distinct()
                .subquery()
            )
            stmt = stmt.join(
                wanted,
                (wanted.c.document_id == m.Coding.document_id)
                & (wanted.c.start == m.Coding.start)
                & (wanted.c.end == m.Coding.end),
            )
        return stmt

    rows = session.execute(
        restrict(
            select(
                m.Coding.id, m.Coding.document_id, m.Coding.start, m.Coding.end, m.Coding.text, m.Code.name,
                m.Document.title, m.Participant.pseudonym, m.Participant.label, m.Coding.code_id,
            )
        )
        .outerjoin(m.Participant, m.Participant.id == m.Document.participant_id)
        .order_by(m.Document.title, m.Coding.start, m.Coding.end, m.Coding.id)
    ).all()
    persp: dict[int, list[str]] = {}
    stmt = restrict(
        select(m.CodingPerspective.coding_id, m.Perspective.name)
        .join(m.Perspective, m.Perspective.id == m.CodingPerspective.perspective_id)
        .join(m.Coding, m.Coding.id == m.CodingPerspective.coding_id)
    ).order_by(m.CodingPerspective.coding_id, m.Perspective.id)
    for coding_id, name in session.execute(stmt):
        persp.setdefault(coding_id, []).append(name)
    out: list[Span] = []
    index: dict[tuple[int, int, int], Span] = {}
    for cid, doc_id, start, end, text, code, title, pseudonym, label, code_id in rows:
        key = (doc_id, start, end)
        span = index.get(key)
        if span is None:
            span = index[key] = Span(doc_id, start, end, text, title, pseudonym, label)
            out.append(span)
        span.codings.append(SpanCoding(cid, code, persp.get(cid, []), code_id))
    return out
