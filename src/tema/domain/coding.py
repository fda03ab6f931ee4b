"""Codings: a code applied to a span of a transcript, with perspectives and a memo."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from rapidfuzz import fuzz
from sqlalchemy import Integer, Table, bindparam, exists, func, insert, select
from sqlalchemy.orm import Session, make_transient_to_detached

from tema.domain import refs
from tema.domain.documents import document_text
from tema.domain.events import recorded
from tema.domain.perspectives import get_or_create_perspective
from tema.domain.plain_reads import Extract as Extract
from tema.domain.plain_reads import extracts as extracts
from tema.domain.replay import enc
from tema.errors import Conflict, InvalidInput, NotFound, Vanished
from tema.i18n import _
from tema.store import models as m
from tema.text import find_all_tolerant, nfc, snippet


def locate_quote(text: str, quote: str, *, where: str = "document") -> tuple[int, int]:
    """The one span of ``text`` matching ``quote`` (NFC, whitespace-tolerant);
    a clear error with near matches when there is none, or when there are several."""
    quote = nfc(quote)
    hits = find_all_tolerant(text, quote)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        places = "; ".join(_("at {offset}: {snippet!r}").format(offset=s, snippet=snippet(text, s, e, 20))
                           for s, e in hits[:3])
        raise Conflict(_("--quote: occurs {n} times in {where} ({places}); quote more context").format(n=len(hits), where=where, places=places))
    near = near_matches(text, quote)
    if near:
        raise NotFound(_("--quote: not found in {where}. Near matches: {near}").format(
            where=where, near=" | ".join(repr(n) for n in near)))
    raise NotFound(_("--quote: not found in {where}.").format(where=where))


def near_matches(text: str, quote: str, limit: int = 3) -> list[str]:
    """Windows of the text closest to the quote (rapidfuzz), for error messages."""
    quote = " ".join(quote.split())
    n = len(quote)
    if n == 0 or not text:
        return []
    step = max(1, n // 4)
    scored: list[tuple[float, int]] = []
    for i in range(0, max(1, len(text) - n + 1), step):
        window = " ".join(text[i : i + n].split())
        scored.append((fuzz.ratio(quote, window), i))
    scored.sort(reverse=True)
    out: list[str] = []
    for score, i in scored:
        if score < 55 or len(out) >= limit:
            break
        cand = " ".join(text[i : i + n].split())
        if all(fuzz.ratio(cand, o) < 80 for o in out):
            out.append(cand)
    return out


def check_span(text: str, start: int, end: int) -> None:
    if not (0 <= start < end <= len(text)):
        raise InvalidInput(_("span {start}–{end}: outside the document (0–{n}) or empty").format(start=start, end=end, n=len(text)))


@dataclass(frozen=True)
class CodingView:
    id: int
    code: str
    code_id: int
    level: str
    colour: str | None
    start: int
    end: int
    text: str
    coder: str | None
    perspectives: tuple[str, ...]
    memo: str | None


# Built once: a coding runs these on every keypress that applies a code.
_SPAN = select(
    m.Document.n_chars, m.Document.deleted_at,
    func.substr(m.Document.text, bindparam("from_", type_=Integer), bindparam("length", type_=Integer)),
).where(m.Document.id == bindparam("doc"))


def _code_and_twin(with_coder: bool):
    """The code's name and state, and whether the coding exists already (one statement)."""
    same_coder = m.Coding.coder_id == bindparam("coder") if with_coder else m.Coding.coder_id.is_(None)
    twin = exists().where(m.Coding.code_id == bindparam("code"), m.Coding.document_id == bindparam("doc"),
                          m.Coding.start == bindparam("start"), m.Coding.end == bindparam("end"), same_coder)
    return select(m.Code.name, m.Code.status, m.Code.deleted_at, twin).where(m.Code.id == bindparam("code"))


_CODE_AND_TWIN = {True: _code_and_twin(True), False: _code_and_twin(False)}


def _span_code_and_twin(with_coder: bool):
    """The span's text (as ``_SPAN``) with the code's name and state and whether the coding
    exists already, in one statement: the document's row, the code's joined to it (no
    row: the document is gone; no code columns: the code is)."""
    same_coder = m.Coding.coder_id == bindparam("coder") if with_coder else m.Coding.coder_id.is_(None)
    twin = exists().where(m.Coding.code_id == bindparam("code"), m.Coding.document_id == bindparam("doc"),
                          m.Coding.start == bindparam("start"), m.Coding.end == bindparam("end"), same_coder)
    return (
        select(m.Document.n_chars, m.Document.deleted_at,
               func.substr(m.Document.text, bindparam("from_", type_=Integer), bindparam("length", type_=Integer)),
               m.Code.id, m.Code.name, m.Code.status, m.Code.deleted_at, twin)
        .select_from(m.Document)
        .outerjoin(m.Code, m.Code.id == bindparam("code"))
        .where(m.Document.id == bindparam("doc"))
    )


_SPAN_CODE_AND_TWIN = {True: _span_code_and_twin(True), False: _span_code_and_twin(False)}


def span_text(session: Session, doc_id: int, start: int, end: int) -> str:
    """The text of [start, end) of a live document, read alone (``substr`` counts code
    points, as Python does): a coding never loads the whole transcript. ``Vanished`` when
    the document is gone or in the trash, ``InvalidInput`` when the span is outside it."""
    row = session.connection().execute(
        _SPAN, {"from_": max(start, 0) + 1, "length": max(end - start, 0), "doc": doc_id}
    ).first()
    return _checked_span(row, doc_id, start, end)


def _checked_span(row, doc_id: int, start: int, end: int) -> str:
    """The span's text from a row (n_chars, deleted_at, the substr), or why it is not there."""
    if row is None or row[1] is not None:
        raise Vanished("document", doc_id)
    n_chars, _deleted, extract = row[:3]
    if not (0 <= start < end) or len(extract or "") != end - start:
        raise InvalidInput(_("span {start}–{end}: outside the document (0–{n}) or empty").format(
            start=start, end=end, n=n_chars))
    return extract


def _ref_id(ref: m.Base | refs.Ref) -> int:
    return ref if isinstance(ref, int) else ref.id  # type: ignore[union-attr]


def apply_coding(
    session: Session,
    doc: m.Document | refs.Ref,
    start: int,
    end: int,
    code: m.Code | refs.Ref,
    *,
    coder_id: int | None = None,
    perspectives: list[str] | tuple[str, ...] = (),
    memo: str | None = None,
    text: str | None = None,
    extract: str | None = None,
) -> m.Coding:
    """Code a span. The same code on the same span by the same coder is refused.

    ``text`` (the whole document, when the caller has it) or ``extract`` (the span's
    text, already read and checked by the caller) spare the read of the span. Besides
    the insert and its event this is one statement: the span's text with the code and
    whether the coding exists already (the code alone when the span is given)."""
    doc_id, code_id = _ref_id(doc), _ref_id(code)
    if extract is None and text is not None:
        check_span(text, start, end)
        extract = text[start:end]
    session.flush()  # a code made or changed in this action is visible to the statements below
    params = {"code": code_id, "doc": doc_id, "start": start, "end": end, "coder": coder_id}
    if extract is None:  # the span read with the code (one statement): what the TUI's picker sends
        both = session.connection().execute(
            _SPAN_CODE_AND_TWIN[coder_id is not None],
            {**params, "from_": max(start, 0) + 1, "length": max(end - start, 0)},
        ).first()
        extract = _checked_span(both, doc_id, start, end)
        row = None if both is None or both[3] is None else both[4:]
    else:
        row = session.connection().execute(_CODE_AND_TWIN[coder_id is not None], params).first()
    if row is None:
        raise Vanished("code", code_id)
    name, status, deleted_at, is_dup = row
    if status != "active" or deleted_at is not None:
        if deleted_at is not None:
            problem = _("code «{name}»: is in the trash")
        elif status == "retired":
            problem = _("code «{name}»: is retired")
        else:  # merged
            problem = _("code «{name}»: is merged into another code")
        raise Conflict(problem.format(name=name))
    if is_dup:
        raise Conflict(_("«{name}» is already applied to this span ({start}–{end})").format(name=name, start=start, end=end))
    with recorded(session, "coding.apply", f"«{name}» on «{snippet(extract, 0, 0, 30)}»", coder_id) as uow:
        coding = _insert_coding(session, uow, {
            "code_id": code_id, "document_id": doc_id, "start": start, "end": end, "text": extract,
            "coder_id": coder_id, "memo": memo,
        })
        for pname in perspectives:
            p = get_or_create_perspective(session, pname, coder_id)
            session.add(m.CodingPerspective(coding_id=coding.id, perspective_id=p.id))
    return coding


_INSERT_CODING = insert(cast(Table, m.Coding.__table__))


def _insert_coding(session: Session, uow, values: dict) -> m.Coding:
    """Insert one coding with a Core statement (a flush of a new ORM object costs more than
    the rest of a coding together) and record its row image as the flush would have (the
    same shape, tema.domain.events: undo deletes it, redo inserts it again); the row comes
    back as an ORM object in the session, without a read."""
    now = m.utcnow()
    values = {**values, "created_at": now, "updated_at": now}
    key = session.connection().execute(_INSERT_CODING, values).inserted_primary_key
    assert key is not None  # an INSERT of one row
    new_id = key[0]
    row = {"id": new_id, **values}
    uow.changes.append({"op": "insert", "table": "coding", "pk": {"id": new_id},
                        "row": {key: enc(value) for key, value in row.items()}})
    coding = m.Coding(**row)
    make_transient_to_detached(coding)
    session.add(coding)
    return coding


def drop_link(session: Session, coding: m.Coding, link: m.CodingPerspective) -> None:
    """Delete a perspective link explicitly (so the event log sees it; orphan
    deletion at flush time would not be recorded) and take it out of the collection."""
    coding.perspective_links.remove(link)
    session.delete(link)


def set_perspectives(session: Session, coding: m.Coding | refs.Ref, names: list[str],
                     coder_id: int | None = None) -> m.Coding:
    coding = refs.coding(session, coding)
    wanted = {get_or_create_perspective(session, n, coder_id).id for n in names}
    with recorded(session, "coding.perspectives", f"perspectives on coding {coding.id}", coder_id):
        for link in list(coding.perspective_links):
            if link.perspective_id not in wanted:
                drop_link(session, coding, link)
        have = {link.perspective_id for link in coding.perspective_links}
        for pid in sorted(wanted - have):
            coding.perspective_links.append(m.CodingPerspective(perspective_id=pid))
    return coding


def set_memo(session: Session, coding: m.Coding | refs.Ref, memo: str | None, coder_id: int | None = None) -> m.Coding:
    coding = refs.coding(session, coding)
    with recorded(session, "coding.memo", f"memo on coding {coding.id}", coder_id):
        coding.memo = memo or None
    return coding


def remove_coding(session: Session, coding: m.Coding | refs.Ref, coder_id: int | None = None) -> None:
    coding = refs.coding(session, coding)
    with recorded(session, "coding.remove", f"«{coding.code.name}» removed from «{snippet(coding.text, 0, 0, 30)}»", coder_id):
        for link in list(coding.perspective_links):
            drop_link(session, coding, link)
        for ex in session.scalars(select(m.ThemeExtract).where(m.ThemeExtract.coding_id == coding.id)):
            session.delete(ex)
        session.flush()
        session.delete(coding)


def remove_codings(session: Session, coding_ids: list[int], coder_id: int | None = None) -> None:
    with recorded(session, "coding.remove", f"{len(coding_ids)} coding(s) removed", coder_id):
        for cid in coding_ids:
            remove_coding(session, get_coding(session, cid), coder_id)


def get_coding(session: Session, coding_id: int) -> m.Coding:
    """A coding by id; ``Vanished`` when it is gone."""
    return refs.coding(session, coding_id)


def _views(session: Session, doc_id: int, *where) -> list[CodingView]:
    """Codings of one document (live codes; ``where`` narrows), by position, as plain
    values in two column queries (no ORM objects: fast on 1,000+ codings)."""
    wanted = (m.Coding.document_id == doc_id, *where)
    rows = session.execute(
        select(
            m.Coding.id, m.Code.name, m.Coding.code_id, m.Code.level, m.Code.colour, m.Coding.start, m.Coding.end,
            m.Coding.text, m.Coder.name, m.Coding.memo,
        )
        .join(m.Code, m.Code.id == m.Coding.code_id)
        .outerjoin(m.Coder, m.Coder.id == m.Coding.coder_id)
        .where(*wanted, m.Code.deleted_at.is_(None))
        .order_by(m.Coding.start, m.Coding.end, m.Coding.id)
    ).all()
    if not rows:
        return []
    persp: dict[int, list[str]] = {}
    for coding_id, name in session.execute(
        select(m.CodingPerspective.coding_id, m.Perspective.name)
        .join(m.Perspective, m.Perspective.id == m.CodingPerspective.perspective_id)
        .join(m.Coding, m.Coding.id == m.CodingPerspective.coding_id)
        .where(*wanted)
    ):
        persp.setdefault(coding_id, []).append(name)
    return [CodingView(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], tuple(sorted(persp.get(r[0], ()))), r[9])
            for r in rows]


def document_codings(session: Session, doc_id: int) -> list[CodingView]:
    """All codings of one document, by position (two statements, whatever their number):
    what the transcript view reloads after every action."""
    return _views(session, doc_id)


def codings_at(session: Session, doc_id: int, start: int, end: int | None = None) -> list[CodingView]:
    """Codings overlapping [start, end) (or containing ``start`` when end is None)."""
    end = start + 1 if end is None else end
    return _views(session, doc_id, m.Coding.start < end, m.Coding.end > start)


def code_span(
    session: Session,
    doc: m.Document | refs.Ref,
    start: int,
    end: int,
    code_names: list[str],
    *,
    coder_id: int | None = None,
    level: str | None = None,
    perspectives: list[str] | tuple[str, ...] = (),
    memo: str | None = None,
    text: str | None = None,
) -> list[m.Coding]:
    """One user action: apply codes (creating new ones) to a span, as a single undoable event.
    Only the span's text is read (``text``, the whole document, spares even that)."""
    from tema.domain.codes import get_or_create_code

    if not code_names:
        raise InvalidInput(_("--code: name at least one code"))
    doc_id = _ref_id(doc)
    if text is not None:
        check_span(text, start, end)
        extract = text[start:end]
    else:
        extract = span_text(session, doc_id, start, end)
    names = ", ".join(code_names)
    with recorded(session, "coding.apply", f"«{names}» on «{snippet(extract, 0, 0, 30)}»", coder_id):
        out = []
        for name in code_names:
            c = get_or_create_code(session, name, level=level, coder_id=coder_id)
            out.append(apply_coding(session, doc_id, start, end, c, coder_id=coder_id, perspectives=perspectives,
                                    memo=memo, extract=extract))
    return out


# --- TUI support: the code picker's "recent codes first" ---------------------------


def recent_code_ids(session: Session, coder_id: int | None = None, limit: int = 8) -> list[int]:
    """Ids of the active codes most recently applied (by this coder when given), newest first."""
    stmt = (
        select(m.Coding.code_id, func.max(m.Coding.id).label("last"))
        .join(m.Code, m.Code.id == m.Coding.code_id)
        .where(m.Code.deleted_at.is_(None), m.Code.status == "active")
        .group_by(m.Coding.code_id)
        .order_by(func.max(m.Coding.id).desc())
        .limit(limit)
    )
    if coder_id is not None:
        stmt = stmt.where(m.Coding.coder_id == coder_id)
    return [r[0] for r in session.execute(stmt)]


def add_codings(
    session: Session,
    doc: m.Document,
    rows: list[tuple[int, int, m.Code, int | None]],
    *,
    text: str | None = None,
    created_at: list | None = None,
) -> list[m.Coding | None]:
    """Many codings on one document at once (an import): rows of (start, end, code, coder_id),
    with their original creation times in ``created_at`` when known.
    Spans are checked; a code that is not active, or a coding already there (same code,
    span and coder), gives None in its place. One flush, one recorded action (or part of
    the caller's)."""
    text = text if text is not None else document_text(session, doc.id)
    have: set[tuple[int, int, int, int | None]] = set(
        session.execute(
            select(m.Coding.code_id, m.Coding.start, m.Coding.end, m.Coding.coder_id).where(m.Coding.document_id == doc.id)
        ).tuples()
    )
    out: list[m.Coding | None] = []
    with recorded(session, "coding.import", f"codings added to «{doc.title}»"):
        for i, (start, end, code, coder_id) in enumerate(rows):
            check_span(text, start, end)
            key = (code.id, start, end, coder_id)
            if key in have or code.status != "active" or code.deleted_at is not None:
                out.append(None)
                continue
            have.add(key)
            coding = m.Coding(code_id=code.id, document_id=doc.id, start=start, end=end, text=text[start:end],
                              coder_id=coder_id)
            when = created_at[i] if created_at else None
            if when is not None:
                coding.created_at = coding.updated_at = when
            session.add(coding)
            out.append(coding)
        session.flush()
    return out
