"""Documents (transcripts): add, find by title/file/stem, soft delete and restore."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from tema.domain import refs
from tema.domain.events import recorded
from tema.errors import Conflict, InvalidInput, NotFound, Vanished
from tema.i18n import _
from tema.store import models as m
from tema.text import name_key, nb_sort_key, nfc, word_count


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def by_hash(session: Session, sha: str) -> m.Document | None:
    return session.scalars(select(m.Document).where(m.Document.sha256 == sha)).first()


def add_document(
    session: Session,
    *,
    title: str,
    text: str,
    source_name: str | None = None,
    encoding: str | None = None,
    source_format: str | None = None,
    participant: m.Participant | None = None,
    interviewer: m.Coder | None = None,
    case: m.Case | None = None,
    wave: str | None = None,
    interview_date: str | None = None,
    coder_id: int | None = None,
) -> m.Document:
    """Store a normalised transcript. Duplicate content or title is refused."""
    text = nfc(text).lstrip("\ufeff")
    if not text.strip():
        raise InvalidInput(_("{file}: no text to import (empty document)").format(file=source_name or title))
    sha = content_hash(text)
    same = by_hash(session, sha)
    if same is not None:
        same_as = (_("{file}: same content as document «{title}» (in the trash); not imported again")
                   if same.deleted_at else _("{file}: same content as document «{title}»; not imported again"))
        raise Conflict(same_as.format(file=source_name or title, title=same.title))
    title = nfc(title).strip()
    if session.scalars(select(m.Document.id).where(m.Document.title == title)).first() is not None:
        raise Conflict(_("{file}: a document titled «{title}» already exists (use --title)").format(file=source_name or title, title=title))
    doc = m.Document(
        title=title,
        text=text,
        sha256=sha,
        n_chars=len(text),
        n_words=word_count(text),
        source_name=source_name,
        encoding=encoding,
        source_format=source_format,
        participant_id=participant.id if participant else None,
        interviewer_id=interviewer.id if interviewer else None,
        case_id=case.id if case else None,
        wave=wave,
        interview_date=interview_date,
    )
    # The document row itself is not replayed by undo (its text is large);
    # removing a document goes through delete_document → trash.
    with recorded(session, "document.import", f"imported «{title}»", coder_id, undoable=False):
        session.add(doc)
    return doc


def live_documents(session: Session) -> list[m.Document]:
    docs = session.scalars(select(m.Document).where(m.Document.deleted_at.is_(None)))
    return sorted(docs, key=lambda d: nb_sort_key(d.title))


def find_document(session: Session, ref: str, *, include_deleted: bool = False) -> m.Document:
    """A document by id, title, source file name or file stem (case-insensitive)."""
    ref = nfc(ref).strip()
    stmt = select(m.Document)
    if not include_deleted:
        stmt = stmt.where(m.Document.deleted_at.is_(None))
    docs = list(session.scalars(stmt))
    if ref.isdigit():
        hit = [d for d in docs if d.id == int(ref)]
        if hit:
            return hit[0]
    key = name_key(ref)
    for attr in ("title", "source_name", "stem"):
        hits = []
        for d in docs:
            if attr == "stem":
                value = PurePath(d.source_name).stem if d.source_name else None
            else:
                value = getattr(d, attr)
            if value is not None and name_key(value) == key:
                hits.append(d)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise Conflict(_("--doc {ref!r}: matches {n} documents; use the title").format(ref=ref, n=len(hits)))
    titles = ", ".join(f"«{d.title}»" for d in docs[:8]) or _("none")
    raise NotFound(_("--doc {ref!r}: no such document (documents: {titles})").format(ref=ref, titles=titles))


def reference_keys(session: Session) -> set[str]:
    """Every name a document (live or trashed) answers to in --doc: title, file name, stem."""
    keys: set[str] = set()
    for title, source in session.execute(select(m.Document.title, m.Document.source_name)):
        keys.add(name_key(title))
        if source:
            keys.update((name_key(source), name_key(PurePath(source).stem)))
    return keys


def document_text(session: Session, doc_id: int) -> str:
    doc = session.scalars(select(m.Document).options(undefer(m.Document.text)).where(m.Document.id == doc_id)).first()
    if doc is None:
        raise Vanished("document", doc_id)
    return doc.text


def document_texts(session: Session, doc_ids: Sequence[int], batch: int = 32) -> Iterator[str]:
    """The texts of ``doc_ids``, in that order, read ``batch`` at a time (one query per
    batch, not per document; only a batch of texts is held at once)."""
    for i in range(0, len(doc_ids), batch):
        ids = doc_ids[i : i + batch]
        query = select(m.Document.id, m.Document.text).where(m.Document.id.in_(ids))
        texts: dict[int, str] = {doc_id: text for doc_id, text in session.connection().execute(query)}
        for doc_id in ids:
            if doc_id not in texts:
                raise Vanished("document", doc_id)
            yield texts[doc_id]


def delete_document(session: Session, doc: m.Document | refs.Ref, coder_id: int | None = None) -> None:
    """Move a document (with its codings) to the trash; recoverable."""
    doc = refs.document(session, doc, trashed=True)
    if doc.deleted_at is not None:
        raise Conflict(_("document «{title}»: already in the trash").format(title=doc.title))
    with recorded(session, "document.delete", f"document «{doc.title}» moved to trash", coder_id):
        doc.deleted_at = m.utcnow()


def restore_document(session: Session, doc: m.Document | refs.Ref, coder_id: int | None = None) -> None:
    doc = refs.document(session, doc, trashed=True)
    if doc.deleted_at is None:
        raise Conflict(_("document «{title}»: not in the trash").format(title=doc.title))
    with recorded(session, "document.restore", f"document «{doc.title}» restored", coder_id):
        doc.deleted_at = None


def mark_opened(session: Session, doc_id: int) -> None:
    session.execute(update(m.Document).where(m.Document.id == doc_id).values(last_opened_at=m.utcnow()))


# --- TUI support: the document list of phase 1 -----------------------------------




@dataclass(frozen=True)
class DocumentRow:
    id: int
    title: str
    participant: str | None
    participant_label: str | None
    n_words: int
    n_chars: int
    coded_chars: int
    codings: int
    last_opened_at: datetime | None

    @property
    def coded_share(self) -> float:
        return self.coded_chars / self.n_chars if self.n_chars else 0.0


def _covered(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def document_overview(session: Session) -> list[DocumentRow]:
    """Live documents with participant, words, share of characters coded (union of
    spans of live codes) and when each was last opened, in Norwegian title order."""
    from sqlalchemy.orm import joinedload  # one statement however many documents (selectin batches by 500)

    docs = sorted(session.scalars(
        select(m.Document).where(m.Document.deleted_at.is_(None)).options(joinedload(m.Document.participant))
    ), key=lambda d: nb_sort_key(d.title))
    spans: dict[int, list[tuple[int, int]]] = {d.id: [] for d in docs}
    stmt = (
        select(m.Coding.document_id, m.Coding.start, m.Coding.end)
        .join(m.Code, m.Code.id == m.Coding.code_id)
        .join(m.Document, m.Document.id == m.Coding.document_id)
        .where(m.Code.deleted_at.is_(None), m.Document.deleted_at.is_(None))
    )
    for doc_id, start, end in session.execute(stmt):
        spans[doc_id].append((start, end))
    out = []
    for d in docs:
        p = d.participant
        out.append(
            DocumentRow(
                d.id, d.title, p.pseudonym if p else None, p.label if p else None, d.n_words, d.n_chars,
                _covered(spans[d.id]), len(spans[d.id]), d.last_opened_at,
            )
        )
    return out


def get_document(session: Session, doc_id: int) -> m.Document:
    """A live document by id; ``Vanished`` when it is gone or in the trash."""
    return refs.document(session, doc_id)
