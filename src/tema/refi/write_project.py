"""The project as a REFI-QDA ``<Project>`` plus its source files (the mapping is
described in ``tema.refi.write``). Written as a stream: each section (each source
with its selections) is built, written and dropped, so a team project never sits
in memory as one XML tree. Codings are read as plain rows in two queries, and each
document's text is pseudonymised and offset-mapped once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from lxml.etree import SubElement
from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.documents import document_text, live_documents
from tema.domain.project import get_project
from tema.domain.pseudonyms import Pseudonymizer, replacements
from tema.refi.conventions import (
    CODING_MEMO,
    KIND,
    LABEL,
    MEMBERS,
    PERSPECTIVES,
    note_name,
    with_footer,
    xml_datetime,
    xml_safe,
)
from tema.refi.edits import EditMap, apply_edits
from tema.refi.elements import NS, ORIGIN, Lazy, LazySection, el, text_el, top
from tema.refi.offsets import UTF16, UnitMap
from tema.refi.variables import Variables, document_variables, write_document_values
from tema.refi.write_codebook import Codebook, Guids, code_elements, load_codebook, theme_sets
from tema.refi.write_snapshots import snapshot_sets
from tema.store import models as m
from tema.text import name_key

Pz = Callable[[str | None], str | None]
_CODING, _CODE_REF, _NOTE_REF = f"{{{NS}}}Coding", f"{{{NS}}}CodeRef", f"{{{NS}}}NoteRef"


@dataclass(frozen=True)
class CodingRow:
    id: int
    document_id: int
    code_id: int
    start: int
    end: int
    coder_id: int | None
    created_at: datetime | None
    updated_at: datetime | None
    memo: str | None
    perspectives: tuple[str, ...]


def _codings(session: Session, code_ids: list[int]) -> list[CodingRow]:
    c = m.Coding
    rows = session.execute(
        select(c.id, c.document_id, c.code_id, c.start, c.end, c.coder_id, c.created_at, c.updated_at, c.memo)
        .join(m.Document, m.Document.id == c.document_id)
        .where(m.Document.deleted_at.is_(None), c.code_id.in_(code_ids or [-1]))
        .order_by(c.document_id, c.start, c.end, c.id)
    ).all()
    persp: dict[int, list[str]] = {}
    for coding_id, name in session.execute(
        select(m.CodingPerspective.coding_id, m.Perspective.name)
        .join(m.Perspective, m.Perspective.id == m.CodingPerspective.perspective_id)
    ):
        persp.setdefault(coding_id, []).append(name)
    return [CodingRow(*r, tuple(persp.get(r[0], ()))) for r in rows]


class ProjectWriter:
    def __init__(self, session: Session, guids: Guids, pz: Pz, report, *, utf16: bool = False) -> None:
        self.s, self.g, self.pz, self.report, self.utf16 = session, guids, pz, report, utf16
        self.book: Codebook = load_codebook(session)
        self.memos = list(session.scalars(select(m.Memo).where(m.Memo.deleted_at.is_(None)).order_by(m.Memo.id)))
        self.codings = _codings(session, list(self.book.codes))
        self.coding_ids = {c.id for c in self.codings}
        self.docs = live_documents(session)
        self.coders = list(session.scalars(select(m.Coder).order_by(m.Coder.id)))
        self.coder_names = {c.id: c.name for c in self.coders}
        self._users = {c.id: self.g("user", c.id) for c in self.coders}
        self._code_guids: dict[int, str] = {}
        self._doc_ids = {d.id for d in self.docs}
        self._themes: set[int] = set()
        stack = list(self.book.themes)
        while stack:
            node = stack.pop()
            self._themes.add(node.id)
            stack.extend(node.subthemes)
        self._by_anchor: dict[tuple[str, int | None], list[m.Memo]] = {}
        for memo in self.memos:
            self._by_anchor.setdefault(self._anchor(memo), []).append(memo)
        self.project_refs: list[str] = []

    # -- who and what a note hangs on ------------------------------------------------
    def _anchor(self, memo: m.Memo) -> tuple[str, int | None]:
        kind, tid = memo.target_kind, memo.target_id
        if (
            (kind == "code" and tid in self.book.codes)
            or (kind == "theme" and tid in self._themes)
            or (kind == "coding" and tid in self.coding_ids)
            or (kind == "document" and tid in self._doc_ids and memo.start is not None)
        ):
            return kind, tid
        return "project", None

    def note_refs(self, kind: str, obj_id: int) -> list[str]:
        return [self.g("memo", mm.id) for mm in self._by_anchor.get((kind, obj_id), [])]

    def user(self, coder_id: int | None) -> str | None:
        return self._users.get(coder_id) if coder_id else None

    # -- the document -------------------------------------------------------------
    def _collisions(self) -> None:
        """Names the pseudonym rules merge (two codes both called «Per» afterwards)."""
        groups = {
            "code": [c.name for c in self.book.codes.values()],
            "theme": list(self.book.theme_rows[t].name for t in self._themes if t in self.book.theme_rows),
            "participant": [p.pseudonym for p in self.s.scalars(select(m.Participant))],
            "document": [d.title for d in self.docs],
        }
        for kind, names in groups.items():
            seen: dict[str, str] = {}
            for name in names:
                key = name_key(self.pz(name) or "")
                if key in seen and seen[key] != name:
                    self.report.warnings.append(
                        f"{kind}s «{seen[key]}» and «{name}» are both «{self.pz(name)}» after pseudonymisation; "
                        "an import will rename one"
                    )
                seen.setdefault(key, name)

    def write(self, xf, add_file: Callable[[str, bytes], None]) -> None:
        """The project into ``xf`` (an ``etree.xmlfile``), section by section, and each
        source's text through ``add_file(name, bytes)``: only one section (one source)
        is held as a tree at a time."""
        project = get_project(self.s)
        self._collisions()
        attrs = {"name": xml_safe(self.pz(project.title)) or "tema", "origin": ORIGIN,
                 "creationDateTime": xml_datetime(project.created_at)}
        with xf.element(f"{{{NS}}}Project", {k: v for k, v in attrs.items() if v}, nsmap={None: NS}):
            head = top("Head")  # a holder: its children are written one by one
            if self.coders:
                users = el(head, "Users")
                for c in self.coders:
                    el(users, "User", guid=self.user(c.id), name=xml_safe(self.pz(c.name)), id=xml_safe(c.initials))
            if not self.book.empty:
                codes = el(el(head, "CodeBook"), "Codes")
                self.report.codes = code_elements(codes, NS, self.book, self.g, self.pz, self.note_refs)
            self.doc_fields = document_variables(self.docs, self.coder_names)
            Variables(self.s, self.g, self.pz).write(head, self._cases, self.doc_fields)
            for section in head:
                xf.write(section, pretty_print=True)
            self._sources(xf, add_file)
            self._notes(xf)
            tail = top("Tail")
            sets = Lazy(tail, "Sets")
            self.report.sets = theme_sets(sets, NS, self.book, self.g, self.pz) + snapshot_sets(
                self.s, sets, self.book, self.g, self.pz)
            text_el(tail, "Description", self.pz(project.question))
            for ref in self.project_refs:
                el(tail, "NoteRef", targetGUID=ref)
            for section in tail:
                xf.write(section, pretty_print=True)

    def _cases(self, root, variables: Variables) -> None:
        cases = Lazy(root, "Cases")
        people = {p.id: p for p in self.s.scalars(select(m.Participant).order_by(m.Participant.id))}
        members: dict[int, list[str]] = {}
        for cm in self.s.scalars(select(m.CaseMember)):
            members.setdefault(cm.case_id, []).append(people[cm.participant_id].pseudonym)
        by_participant: dict[int, list[int]] = {}
        by_case: dict[int, list[int]] = {}
        for d in self.docs:
            if d.participant_id:
                by_participant.setdefault(d.participant_id, []).append(d.id)
            if d.case_id:
                by_case.setdefault(d.case_id, []).append(d.id)
        for p in people.values():
            e = el(cases(), "Case", guid=self.g("participant", p.id), name=xml_safe(self.pz(p.pseudonym)))
            text_el(e, "Description", with_footer(None, [(LABEL, self.pz(p.label))]))
            variables.values(e, [(a.key, a.value, a.value_type) for a in p.attributes])
            for doc_id in by_participant.get(p.id, []):
                el(e, "SourceRef", targetGUID=self.g("document", doc_id))
            self.report.cases += 1
        for c in self.s.scalars(select(m.Case).order_by(m.Case.id)):
            e = el(cases(), "Case", guid=self.g("case", c.id), name=xml_safe(self.pz(c.name)))
            names = "; ".join(self.pz(n) or "" for n in sorted(members.get(c.id, [])))
            text_el(e, "Description", with_footer(self.pz(c.description), [(KIND, "case group"), (MEMBERS, names)]))
            variables.values(e, [(a.key, a.value, a.value_type) for a in c.attributes])
            for doc_id in by_case.get(c.id, []):
                el(e, "SourceRef", targetGUID=self.g("document", doc_id))
            self.report.cases += 1

    def _sources(self, xf, add_file: Callable[[str, bytes], None]) -> None:
        if not self.docs:
            return
        by_doc: dict[int, list[CodingRow]] = {}
        for c in self.codings:
            by_doc.setdefault(c.document_id, []).append(c)
        with xf.element(f"{{{NS}}}Sources"):
            for doc in self.docs:
                text = document_text(self.s, doc.id)
                edits = replacements(self.pz, text) if isinstance(self.pz, Pseudonymizer) else []
                out_text, emap = apply_edits(text, edits)
                gid = self.g("document", doc.id)
                e = top("TextSource", guid=gid, name=xml_safe(self.pz(doc.title)),
                        plainTextPath=f"internal://{gid}.txt", creationDateTime=xml_datetime(doc.created_at))
                self._selections(e, doc, out_text, emap, by_doc.pop(doc.id, []))
                write_document_values(e, doc, self.doc_fields, self.g, self.pz, self.coder_names)
                xf.write(e, pretty_print=True)
                add_file(f"Sources/{gid}.txt", out_text.encode("utf-8"))
                self.report.sources += 1

    def _selections(self, src, doc: m.Document, text: str, emap: EditMap, codings: list[CodingRow]) -> None:
        """One PlainTextSelection per coded span (every code on it a Coding) and per
        anchored note; offsets in the written text, as code points or UTF-16 units."""
        units = UnitMap(text, UTF16).to_units if self.utf16 else (lambda cp: cp)
        spans: dict[tuple[int, int], list[CodingRow]] = {}
        for c in codings:
            spans.setdefault((c.start, c.end), []).append(c)
        items: list[tuple[int, int, str, object]] = []
        for (start, end), group in spans.items():
            items.append((emap(start, end=False), emap(end, end=True), "coding", ((start, end), group)))
        for memo in self._by_anchor.get(("document", doc.id), []):
            start = memo.start or 0
            end = memo.end if memo.end is not None and memo.end > start else start
            s0 = emap(start, end=False)
            items.append((s0, emap(end, end=True) if end > start else s0, "note", memo))
        for s, e, kind, obj in sorted(items, key=lambda t: (t[0], t[1], t[2])):
            where = {"startPosition": str(units(s)), "endPosition": str(units(e))}
            if kind == "coding":
                (start, end), group = cast(tuple[tuple[int, int], list[CodingRow]], obj)
                first = min((c.created_at for c in group if c.created_at), default=None)
                sel = el(src, "PlainTextSelection", guid=self.g("selection", doc.id, start, end),
                         name=xml_safe(text[s:e]), **where, creatingUser=self.user(group[0].coder_id),
                         creationDateTime=xml_datetime(first))
                for c in group:
                    self._coding(sel, c)
            else:
                memo = cast(m.Memo, obj)
                sel = el(src, "PlainTextSelection", guid=self.g("note-selection", memo.id), name=xml_safe(text[s:e]),
                         **where, creatingUser=self.user(memo.coder_id), creationDateTime=xml_datetime(memo.created_at))
                el(sel, "NoteRef", targetGUID=self.g("memo", memo.id))

    def _coding(self, sel, c: CodingRow) -> None:
        """The hot path of a team export (one per coding): elements made directly."""
        attrs = {"guid": self.g("coding", c.id)}
        user = self._users.get(c.coder_id) if c.coder_id else None
        if user:
            attrs["creatingUser"] = user
        if c.created_at:
            attrs["creationDateTime"] = xml_datetime(c.created_at)  # type: ignore[assignment]
        e = SubElement(sel, _CODING, attrs)
        ref = self._code_guids.get(c.code_id)
        if ref is None:
            ref = self._code_guids[c.code_id] = self.g("code", c.code_id)
        SubElement(e, _CODE_REF, {"targetGUID": ref})
        if c.memo or c.perspectives:
            SubElement(e, _NOTE_REF, {"targetGUID": self.g("coding-memo", c.id)})
        self.report.codings += 1
        for note in self._by_anchor.get(("coding", c.id), ()):
            SubElement(e, _NOTE_REF, {"targetGUID": self.g("memo", note.id)})

    def _notes(self, xf) -> None:
        with ExitStack() as stack:
            notes = LazySection(xf, stack, "Notes")
            for c in self.codings:
                if c.memo or c.perspectives:
                    persp = "; ".join(sorted(self.pz(p) or "" for p in c.perspectives))
                    note = top("Note", guid=self.g("coding-memo", c.id), name=CODING_MEMO,
                               creatingUser=self.user(c.coder_id), creationDateTime=xml_datetime(c.updated_at))
                    text_el(note, "PlainTextContent", with_footer(self.pz(c.memo), [(PERSPECTIVES, persp)]))
                    notes.write(note)
                    self.report.notes += 1
            for memo in self.memos:
                note = top("Note", guid=self.g("memo", memo.id), name=note_name(memo.kind, memo.phase),
                           creatingUser=self.user(memo.coder_id), creationDateTime=xml_datetime(memo.created_at))
                text_el(note, "PlainTextContent", self.pz(memo.body))
                if self._anchor(memo)[0] == "project":
                    self.project_refs.append(self.g("memo", memo.id))
                notes.write(note)
                self.report.notes += 1
