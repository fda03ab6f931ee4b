"""The project as a REFI-QDA ``<Project>`` plus its source files (the mapping is
described in ``tema.refi.write``). Written as a stream: each section (each source
with its selections) is built, written and dropped, so a team project never sits
in memory as one XML tree. Codings are read as plain rows with their document's text,
a few documents at a time (``tema.refi.coding_rows``), and each document's text is
pseudonymised and offset-mapped once."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tema.domain.documents import live_documents
from tema.domain.project import get_project
from tema.domain.pseudonyms import Pseudonymizer
from tema.refi.coding_rows import CodingRow, live_codings
from tema.refi.conventions import (
    KIND,
    LABEL,
    MEMBERS,
    with_footer,
    xml_datetime,
    xml_safe,
)
from tema.refi.elements import NS, ORIGIN, Lazy, el, text_el, top
from tema.refi.variables import Variables, document_variables
from tema.refi.write_codebook import Codebook, Guids, code_elements, load_codebook, theme_sets
from tema.refi.write_snapshots import snapshot_sets
from tema.refi.write_sources import attrs, write_notes, write_sources
from tema.store import models as m
from tema.text import name_key


class ProjectWriter:
    def __init__(self, session: Session, guids: Guids, pz: Pseudonymizer, report, *, utf16: bool = False) -> None:
        self.s, self.g, self.pz, self.report, self.utf16 = session, guids, pz, report, utf16
        self.book: Codebook = load_codebook(session)
        self.memos = list(session.scalars(select(m.Memo).where(m.Memo.deleted_at.is_(None)).order_by(m.Memo.id)))
        self.coding_ids = live_codings(session, (mm.target_id for mm in self.memos
                                                 if mm.target_kind == "coding" and mm.target_id), self.book.codes)
        self.docs = live_documents(session)
        self.coders = list(session.scalars(select(m.Coder).order_by(m.Coder.id)))
        self.coder_names = {c.id: c.display_name or c.name for c in self.coders}  # the names shown
        self._users = {c.id: self.g("user", c.id) for c in self.coders}
        self.user_attrs = {cid: f' creatingUser="{guid}"' for cid, guid in self._users.items()}
        self.code_refs = {cid: f'<CodeRef targetGUID="{self.g("code", cid)}"/>' for cid in self.book.codes}
        self.coding_guid, self.coding_memo, self.memo_guid = guids.of("coding"), guids.of("coding-memo"), guids.of("memo")
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
        self.coding_notes = {tid: [mm.id for mm in memos] for (kind, tid), memos in self._by_anchor.items()
                             if kind == "coding" and tid is not None}
        self.project_refs: list[str] = []
        self.noted: list[CodingRow] = []  # codings with a memo or perspectives, seen by write_sources

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

    def write(self, out: IO[bytes], add_file: Callable[[str, bytes], None]) -> None:
        """The project's XML into ``out``, section by section, and each source's text
        through ``add_file(name, bytes)``: only one section (one source) is held at a time."""
        project = get_project(self.s)
        self._collisions()

        def sections(holder) -> None:
            for section in holder:
                out.write(etree.tostring(section, encoding="utf-8", pretty_print=True))

        out.write(b"<?xml version='1.0' encoding='UTF-8'?>\n")
        start = attrs(name=self.pz(project.title) or "tema", origin=ORIGIN,
                      creationDateTime=xml_datetime(project.created_at))
        out.write(f'<Project xmlns="{NS}"{start}>\n'.encode())  # then the sections, in the schema's order
        head = top("Head")  # a holder: its children are written one by one
        if self.coders:
            users = el(head, "Users")
            for c in self.coders:
                el(users, "User", guid=self.user(c.id), name=xml_safe(self.pz(c.display_name or c.name)),
                   id=xml_safe(c.initials))
        if not self.book.empty:
            codes = el(el(head, "CodeBook"), "Codes")
            self.report.codes = code_elements(codes, NS, self.book, self.g, self.pz, self.note_refs)
        self.doc_fields = document_variables(self.docs, self.coder_names)
        Variables(self.s, self.g, self.pz).write(head, self._cases, self.doc_fields)
        sections(head)
        write_sources(self, out, add_file)
        write_notes(self, out)
        tail = top("Tail")
        sets = Lazy(tail, "Sets")
        self.report.sets = theme_sets(sets, NS, self.book, self.g, self.pz) + snapshot_sets(
            self.s, sets, self.book, self.g, self.pz)
        text_el(tail, "Description", self.pz(project.question))
        for ref in self.project_refs:
            el(tail, "NoteRef", targetGUID=ref)
        sections(tail)
        out.write(b"</Project>\n")

    def _cases(self, root, variables: Variables) -> None:
        cases = Lazy(root, "Cases")
        people = {p.id: p for p in self.s.scalars(select(m.Participant).options(selectinload(m.Participant.attributes))
                                                   .order_by(m.Participant.id))}
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
        for c in self.s.scalars(select(m.Case).options(selectinload(m.Case.attributes)).order_by(m.Case.id)):
            e = el(cases(), "Case", guid=self.g("case", c.id), name=xml_safe(self.pz(c.name)))
            names = "; ".join(self.pz(n) or "" for n in sorted(members.get(c.id, [])))
            text_el(e, "Description", with_footer(self.pz(c.description), [(KIND, "case group"), (MEMBERS, names)]))
            variables.values(e, [(a.key, a.value, a.value_type) for a in c.attributes])
            for doc_id in by_case.get(c.id, []):
                el(e, "SourceRef", targetGUID=self.g("document", doc_id))
            self.report.cases += 1
