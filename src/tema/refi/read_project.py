"""A parsed REFI-QDA project into a new tema project (one transaction, see ``tema.refi.read``).

- Users → coders (the person importing is not made a coder: the import is in the journal).
- Cases → participants and case groups (``tema.refi.read_cases``); codes and themes
  through ``tema.refi.read_codebook``.
- Sources → documents, with wave, interview date and interviewer from the source's
  Variables (``tema.refi.variables``); each document's codings go in with their
  memos and perspectives in a fixed number of statements (``insert_codings``).
- Notes → memos, anchored where they are referenced (``tema.refi.read_notes``).
- Sets → snapshots, theme placements or candidate themes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import journal, snapshots
from tema.domain.coders import get_or_create_coder
from tema.domain.coding_import import NewCoding, insert_codings
from tema.domain.documents import add_document
from tema.domain.project import init_project
from tema.errors import Conflict, InvalidInput
from tema.refi.conventions import CODING_MEMO, PERSPECTIVES, SNAPSHOT, parse_datetime, split_footer
from tema.refi.read_cases import CaseImporter
from tema.refi.read_codebook import CodebookImporter
from tema.refi.read_notes import NoteImporter
from tema.refi.report import ImportReport
from tema.refi.sources import Package, PreparedSource
from tema.refi.variables import document_fields
from tema.store import models as m
from tema.text import clean_name


class ProjectImporter:
    def __init__(self, s: Session, pkg: Package, prepared: list[PreparedSource],
                 spans: tuple[str, Iterator] | None, report: ImportReport) -> None:
        self.s, self.pkg, self.proj = s, pkg, pkg.project
        self.prepared, self.seg, self.report = prepared, spans, report
        self.users: dict[str, int] = {}
        self.notes = NoteImporter(s, pkg, report, self.users)

    def run(self) -> m.Project:
        title = clean_name(self.proj.name) or self.pkg.path.stem
        project = init_project(self.s, title, question=(self.proj.description or "").strip() or None)
        created = parse_datetime(self.proj.created)
        if created:
            project.created_at = created
        self._users()
        self.book = CodebookImporter(self.s, None, reuse_existing=False)
        code_sets = [st for st in self.proj.sets if SNAPSHOT not in split_footer(st.description)[1]]
        for action in self.book.run(self.proj.codes, code_sets).set_actions:
            self.report.add(action)
        self.cases = CaseImporter(self.s, self.proj, self.report)
        self.cases.run()
        self._titles = set(self.s.scalars(select(m.Document.title)))
        for prep in self.prepared:
            self._document(prep, next(self.seg[1]) if self.seg else None)
        self.notes.run(self.proj.codes, self.book.result)
        self._sets()
        self.book.finish()
        r = self.book.result
        for kind, text in r.warnings:
            self.report.warn(kind, text)
        self.report.add("codes", r.created_codes)
        self.report.add("themes", r.created_themes)
        return project

    def _users(self) -> None:
        for g, (name, initials) in self.proj.users.items():
            self.users[g] = get_or_create_coder(self.s, name, initials=clean_name(initials or "")[:16] or None).id
        self.report.add("coders", len(set(self.users.values())))

    # -- documents and codings ----------------------------------------------------
    def _title(self, title: str) -> str:
        candidate, i = title, 2
        while candidate in self._titles:
            candidate, i = f"{title} ({i})", i + 1
        self._titles.add(candidate)
        return candidate

    def _coding_memo(self, note_refs: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
        """A coding's own memo and perspectives, from its ``Coding memo`` note."""
        for g in note_refs:
            note = self.proj.notes.get(g)
            if note is not None and (note.name or "").strip() == CODING_MEMO:
                self.notes.consumed.add(g)
                memo, footer = split_footer(self.notes.text(note))
                names = tuple(n for n in (clean_name(p) for p in footer.get(PERSPECTIVES, "").split(";")) if n)
                return memo, names
        return None, ()

    def _document(self, prep: PreparedSource, spans) -> None:
        src, text = prep.source, prep.text
        fields = document_fields(self.proj, src.values, self.report, f"source «{prep.title}»")
        interviewer = get_or_create_coder(self.s, fields["interviewer"]) if fields.get("interviewer") else None
        try:
            doc = add_document(
                self.s, title=self._title(prep.title), text=text, source_name=src.name or None,
                source_format="refi", participant=self.cases.participants.get(src.guid or ""),
                case=self.cases.cases.get(src.guid or ""), interviewer=interviewer,
                wave=fields.get("wave"), interview_date=fields.get("interview_date"),
            )
        except (Conflict, InvalidInput) as exc:
            self.report.warn("skipped", f"source «{prep.title}»: {exc}; skipped with its {len(src.selections)} selections")
            return
        created = parse_datetime(src.created)
        if created:
            doc.created_at = created
        self.s.flush()
        if spans is not None:
            from tema.domain.segments import write_segments

            doc.pipeline = self.seg[0] if self.seg else None
            write_segments(self.s, doc.id, text, spans)
        self.report.add("documents")
        if prep.units != "code points":
            self.report.units[doc.title] = prep.units
        rows: list[NewCoding] = []
        refs: list[Sequence[str]] = []
        for sel, span in zip(src.selections, prep.spans):
            if span is None:
                continue
            start, end = span
            if sel.guid:
                self.notes.selections[sel.guid] = (doc.id, start, end)
            for c in sel.codings:
                code_id = self.book.result.codes.get(c.code or "")
                if code_id is None:
                    where = "a non-codable group" if (c.code or "") in self.book.result.themes else "an unknown code"
                    self.report.warn("skipped", f"«{doc.title}» {start}–{end}: coded with {where}; skipped")
                    continue
                memo, perspectives = self._coding_memo(c.note_refs)
                rows.append(NewCoding(start, end, code_id, self.users.get(c.user or ""), parse_datetime(c.created),
                                      memo, perspectives))
                refs.append(c.note_refs)
            for g in sel.note_refs:
                self.notes.place(g, ("document", doc.id, start, end))
            if sel.description and sel.description.strip():
                self.notes.anchored.append((sel.description.strip(), doc.id, start, end, self.users.get(sel.user or "")))
        made = insert_codings(self.s, doc.id, text, rows)
        for coding_id, note_refs in zip(made, refs):
            if coding_id is None:
                self.report.add("duplicate codings skipped")
                continue
            self.report.add("codings")
            for g in note_refs:
                if g not in self.notes.consumed:
                    self.notes.place(g, ("coding", coding_id, None, None))
        for g in src.note_refs:
            note = self.proj.notes.get(g)
            first = note.selections[0] if note and note.selections else None
            anchor = prep.span(first.start, first.end, point=True) if first else None
            self.notes.place(g, ("document", doc.id, *(anchor or (0, None))))

    # -- sets -----------------------------------------------------------------------
    def _sets(self) -> None:
        """Snapshots (code Sets went in with the code book); Sets of documents are reported."""
        documents = 0
        for st in self.proj.sets:
            _, footer = split_footer(st.description)
            if SNAPSHOT in footer:
                self._snapshot(st.name, footer[SNAPSHOT])
            elif st.sources:
                documents += 1
        if documents:
            self.report.warn("not carried",
                             f"{documents} sets of documents not imported (tema groups documents by participant and case)")

    def _snapshot(self, name: str, payload: str) -> None:
        ids = self.book.result.themes

        def fix(node) -> None:
            if not isinstance(node, dict) or not isinstance(node.get("name"), str):
                raise TypeError("theme without a name")
            if not all(isinstance(c, str) for c in node.setdefault("codes", [])):
                raise TypeError("code names must be text")
            if isinstance(node.get("id"), str):
                node["id"] = ids.get(node["id"].lower(), node["id"].lower())
            for sub in node.setdefault("subthemes", []):
                fix(sub)

        try:
            data = json.loads(payload)
            structure = data["structure"]
            for t in structure["themes"]:
                fix(t)
            structure.setdefault("unplaced", [])
        except (ValueError, KeyError, TypeError, AttributeError):
            self.report.warn("not carried", f"snapshot «{name}»: its frozen structure is unreadable; not imported")
            return
        base, i = clean_name(name) or "Snapshot", 2
        candidate = base
        while snapshots.find_snapshot_or_none(self.s, candidate) is not None:
            candidate, i = f"{base} ({i})", i + 1
        phase = data.get("phase") if data.get("phase") in range(1, 7) else None
        snapshots.store_structure(self.s, candidate, structure, phase=phase, coder_id=None)
        self.report.add("snapshots")


def record_import(s: Session, report: ImportReport, who: str, report_file: str | None) -> None:
    """The import in the project's journal: who brought what in, and every warning."""
    from tema.refi.report import full_text

    lines = [f"Imported from {report.source} by {who}."]
    if report_file:
        lines.append(f"Full report: {report_file}")
    journal.add_journal(s, full_text(report) + "\n" + "\n".join(lines),
                        context={"refi_import": report.source, "by": who, "report_file": report_file})
