"""What a transcript view shows of one document, as plain values: title and participant,
text, sentence and turn spans, codings and anchored notes — optionally pseudonymised
(the project's pseudonyms in place of real names, same offsets). A document that is gone
or in the trash raises ``Vanished``."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import pseudonyms, refs, segments
from tema.domain.coding import CodingView, document_codings
from tema.domain.documents import document_text
from tema.store import models as m


@dataclass(frozen=True, slots=True)
class NoteMark:
    id: int
    start: int
    end: int | None
    body: str


@dataclass(frozen=True)
class TranscriptData:
    doc_id: int
    title: str
    participant: str | None
    text: str
    sentences: list[tuple[int, int]]
    turns: list[tuple[int, int, str | None]]
    codings: list[CodingView]
    notes: list[NoteMark]


def note_marks(session: Session, doc_id: int) -> list[NoteMark]:
    """The live notes anchored in a document, by position."""
    rows = session.execute(
        select(m.Memo.id, m.Memo.start, m.Memo.end, m.Memo.body)
        .where(m.Memo.target_kind == "document", m.Memo.target_id == doc_id, m.Memo.deleted_at.is_(None))
        .order_by(m.Memo.start, m.Memo.created_at)
    )
    return [NoteMark(i, start or 0, end, body) for i, start, end, body in rows]


def transcript_marks(session: Session, doc_id: int, *, pseudonymised: bool = False,
                     ) -> tuple[list[CodingView], list[NoteMark]]:
    """The codings and notes of a live document (what is re-read after every action)."""
    refs.document(session, doc_id)
    codings, notes = document_codings(session, doc_id), note_marks(session, doc_id)
    if pseudonymised:
        pz = pseudonyms.Pseudonymizer.for_session(session)
        if pz.active:  # a project without rules shows what it holds (no copy of every coding)
            codings = [_masked_coding(pz, c) for c in codings]
            notes = [replace(n, body=pz(n.body) or "") for n in notes]
    return codings, notes


def _masked_coding(pz: pseudonyms.Pseudonymizer, c: CodingView) -> CodingView:
    text, memo = pseudonyms.masked(pz, c.text), pz(c.memo)
    return c if text == c.text and memo == c.memo else replace(c, text=text, memo=memo)


def transcript(session: Session, doc_id: int, *, pseudonymised: bool = False) -> TranscriptData:
    """Everything the transcript view needs of one document (this document only)."""
    doc = refs.document(session, doc_id)
    p = doc.participant
    who = (f"{p.pseudonym} ({p.label})" if p.label else p.pseudonym) if p else None
    title, text = doc.title, document_text(session, doc_id)
    if pseudonymised:
        pz = pseudonyms.Pseudonymizer.for_session(session)
        text, title, who = pseudonyms.masked(pz, text), pz(title) or title, pz(who)
    sentences = [(s, e) for s, e, _ in segments.segment_spans(session, doc_id)]
    turns = segments.segment_spans(session, doc_id, kind="turn")
    codings, notes = transcript_marks(session, doc_id, pseudonymised=pseudonymised)
    return TranscriptData(doc_id, title, who, text, sentences, turns, codings, notes)
