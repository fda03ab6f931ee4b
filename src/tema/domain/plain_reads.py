"""Reads in plain SQL: what `tema info` and `tema extracts` ask of a project.

A command that reads a few rows and exits spent most of its run importing the ORM models
(``tema.store.models``) and configuring their mappers — more than the reads themselves.
These functions read with plain SQL on the session and import no model, so the two
commands start without them (``tests/test_startup.py`` checks it). They are the only
implementation: ``tema.domain.project.info`` and ``tema.domain.coding.extracts`` are
these functions.

Where the answer is not the plain one — no project row, a code not found by its key (or
in the trash, or merged), a document reference that does not name exactly one live
document — the ORM function decides (``get_project``, ``codes.find_code``,
``documents.find_document``), so every result and message stays the one it was.

The reads go through the session, which flushes its pending changes first as for an ORM
query (SQLAlchemy ≥ 2.0.16 autoflushes before Core statements too), so a caller that
added codings in the same session sees them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from sqlalchemy import BindParameter, bindparam, text
from sqlalchemy.orm import Session

from tema.text import name_key, nb_sort_key, nfc

# One statement for every count of `tema info` (its keys, in the order printed).
_COUNTS = {
    "participants": "SELECT count(*) FROM participant",
    "cases": "SELECT count(*) FROM case_",
    "documents": "SELECT count(*) FROM document WHERE deleted_at IS NULL",
    "segments": "SELECT count(*) FROM segment WHERE kind = 'sentence'",
    "turns": "SELECT count(*) FROM segment WHERE kind = 'turn'",
    "codes": "SELECT count(*) FROM code WHERE deleted_at IS NULL AND status = 'active'",
    "codings": "SELECT count(*) FROM coding JOIN document ON document.id = coding.document_id "
               "WHERE document.deleted_at IS NULL",
    "perspectives": "SELECT count(*) FROM perspective",
    "themes": "SELECT count(*) FROM theme WHERE deleted_at IS NULL AND status != 'discarded' AND parent_id IS NULL",
    "subthemes": "SELECT count(*) FROM theme WHERE deleted_at IS NULL AND status != 'discarded' "
                 "AND parent_id IS NOT NULL",
    "snapshots": "SELECT count(*) FROM theme_map_snapshot",
    "memos": "SELECT count(*) FROM memo WHERE deleted_at IS NULL",
    "coders": "SELECT count(*) FROM coder",
    "pseudonym_rules": "SELECT count(*) FROM pseudonym_rule",
    "events": "SELECT count(*) FROM event",
}
_COUNTS_SQL = text("SELECT " + ", ".join(f"({sql})" for sql in _COUNTS.values()))


def _read(session: Session, stmt, params: dict[str, Any] | None = None):
    return session.execute(stmt, params or {})


def info(session: Session) -> dict:
    """The project's title, question and phase, and the counts `tema info` prints."""
    row = _read(session, text("SELECT title, question, phase FROM project")).first()
    if row is None:
        from tema.domain.project import get_project

        row = get_project(session)  # raises: the store holds no project
    counts = _read(session, _COUNTS_SQL).one()
    return {"title": row.title, "question": row.question, "phase": row.phase,
            **{key: int(value or 0) for key, value in zip(_COUNTS, counts, strict=True)}}


@dataclass(frozen=True)
class DocumentSummary:
    id: int
    title: str
    n_words: int | None
    pipeline: str | None
    encoding: str | None


def document_summaries(session: Session) -> list[DocumentSummary]:
    """The live documents (as ``documents.live_documents`` orders them), without their text."""
    rows = _read(session, text("SELECT id, title, n_words, pipeline, encoding FROM document "
                               "WHERE deleted_at IS NULL"))
    return sorted((DocumentSummary(*r) for r in rows), key=lambda d: nb_sort_key(d.title))


def code_id(session: Session, name: str) -> int:
    """The id ``codes.find_code(session, name)`` gives (it decides whenever the code is not
    a live, unmerged one found by its key — and raises its errors)."""
    row = _read(session, text('SELECT id, status, deleted_at FROM code WHERE "key" = :key'),
                {"key": name_key(name)}).first()
    if row is not None and row.deleted_at is None and row.status != "merged":
        return row.id
    from tema.domain.codes import find_code

    return find_code(session, name).id


def document_id(session: Session, ref: str) -> int:
    """The id of the live document ``documents.find_document(session, ref)`` gives: by id,
    title, source file name or file stem (it decides, and raises, unless exactly one matches)."""
    key_ref = nfc(ref).strip()
    docs = _read(session, text("SELECT id, title, source_name FROM document WHERE deleted_at IS NULL")).all()
    if key_ref.isdigit() and any(d.id == int(key_ref) for d in docs):
        return int(key_ref)
    key = name_key(key_ref)
    values = {
        "title": lambda d: d.title,
        "source_name": lambda d: d.source_name,
        "stem": lambda d: PurePath(d.source_name).stem if d.source_name else None,
    }
    for value_of in values.values():
        hits = [d.id for d in docs if (v := value_of(d)) is not None and name_key(v) == key]
        if len(hits) == 1:
            return hits[0]
        if hits:
            break
    from tema.domain.documents import find_document

    return find_document(session, ref).id


@dataclass(frozen=True)
class Extract:
    coding_id: int
    code: str
    document: str
    document_id: int
    participant: str | None
    participant_label: str | None
    start: int
    end: int
    text: str
    coder: str | None
    perspectives: tuple[str, ...]


_EXTRACTS = """
SELECT coding.id, code.name, document.title, coding.document_id, participant.pseudonym, participant.label,
       coding."start", coding."end", coding."text", coder.name
FROM coding
JOIN code ON code.id = coding.code_id
JOIN document ON document.id = coding.document_id
LEFT OUTER JOIN participant ON participant.id = document.participant_id
LEFT OUTER JOIN coder ON coder.id = coding.coder_id
WHERE document.deleted_at IS NULL{wanted}
ORDER BY document.title, coding."start", coding.id
"""
_PERSPECTIVES = """
SELECT coding_perspective.coding_id, perspective.name
FROM coding_perspective JOIN perspective ON perspective.id = coding_perspective.perspective_id
WHERE coding_perspective.coding_id IN (SELECT coding.id FROM coding{wanted})
"""


def extracts(session: Session, code_ids: list[int] | None = None, *, doc_id: int | None = None,
             coding_ids: Collection[int] | None = None) -> list[Extract]:
    """Coded extracts (of some codes, or the given codings), with document and participant,
    in two statements (plain rows, no ORM objects: a code with 1,000 extracts stays well
    under 20 ms)."""
    wanted: list[str] = []
    params: dict[str, Any] = {}
    expanding: list[BindParameter[Any]] = []
    for column, values in (("code_id", code_ids), ("id", coding_ids)):
        if values is None:
            continue
        values = list(values)
        if not values:
            return []  # IN () matches nothing
        wanted.append(f"coding.{column} IN :{column}s")
        params[f"{column}s"] = values
        expanding.append(bindparam(f"{column}s", expanding=True))
    if doc_id is not None:
        wanted.append("coding.document_id = :doc_id")
        params["doc_id"] = doc_id
    where = " AND ".join(wanted)
    stmt = text(_EXTRACTS.format(wanted=f" AND {where}" if where else "")).bindparams(*expanding)
    rows = _read(session, stmt, params).all()
    perspectives: dict[int, list[str]] = {}
    if rows:
        links = text(_PERSPECTIVES.format(wanted=f" WHERE {where}" if where else "")).bindparams(*expanding)
        for coding_id, name in _read(session, links, params):
            perspectives.setdefault(coding_id, []).append(name)
    return [Extract(coding_id, code, document, document_id_, participant, label, start, end, text_, coder,
                    tuple(sorted(perspectives.get(coding_id, ()))))
            for coding_id, code, document, document_id_, participant, label, start, end, text_, coder in rows]
