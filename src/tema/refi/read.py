"""Import REFI-QDA: a .qdpx (or bare .qde) into a NEW project, a .qdc code book
into an existing one. The mapping is the reverse of ``tema.refi.write``:

- Users → coders; codes and themes as in ``tema.refi.read_codebook``.
- Cases → participants (label, typed attributes, the documents they
  ``SourceRef``); a Case marked ``Kind: case group`` → a tema case grouping the
  participants on its ``Participants:`` line. Unnamed cases (MAXQDA's file
  variables) are reported, not imported.
- TextSources (and a PDF's text Representation, an audio/video Transcript) →
  documents, text NFC, BOM dropped, line ends kept; pictures, PDFs without text
  and media are reported. Offsets: see ``tema.refi.offsets`` (UTF-16 for
  NVivo, checked against each selection's ``name``); a selection outside its
  text is reported and skipped, never fatal.
- Codings keep their coder (``creatingUser``); a coding's ``Coding memo`` note
  → its memo and perspectives; a selection's Description (an ATLAS.ti quotation
  comment) → a note anchored there.
- Notes → memos: anchored where they are referenced (selection, code, theme,
  coding, or a Link from the note to a selection), else journal entries. The
  kind and phase come from tema's note names (``Journal (fase 2)``).
- Sets: a ``tema-snapshot`` Set → a snapshot; a Set of codes → theme placements
  or a candidate theme (``tema.refi.read_codebook``); Sets of documents are reported.

Everything happens in one transaction after the whole file has been read and
checked; on any error the half-created project file is removed.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain import coding as coding_
from tema.domain import journal, participants, snapshots
from tema.domain.coders import get_or_create_coder, resolve_coder_name
from tema.domain.documents import add_document
from tema.domain.events import recorded
from tema.domain.project import init_project
from tema.errors import Conflict, InvalidInput
from tema.refi.conventions import (
    CODING_MEMO,
    KIND,
    LABEL,
    MEMBERS,
    PERSPECTIVES,
    SNAPSHOT,
    parse_datetime,
    parse_note_name,
    split_footer,
)
from tema.refi.archive import LIMITS, Limits, parse_xml
from tema.refi.read_codebook import CodebookImporter
from tema.refi.parse import RefiCase, RefiNote, parse_codebook
from tema.refi.sources import Package, PreparedSource, prepare
from tema.store import models as m
from tema.store.db import Store, create_store, is_url
from tema.text import clean_name

VALUE_TYPES = {"IntegerValue": "number", "FloatValue": "number", "BooleanValue": "boolean", "DateValue": "date"}


@dataclass
class RefiImportReport:
    source: str
    origin: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # document title → how offsets were read
    warnings: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _cleanup(target: str) -> None:
    if is_url(target):
        return
    path = Path(target)
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)


def import_qdpx(path: Path, target: str, *, coder: str | None = None, segment: bool = True, nlp=None,
                limits: Limits = LIMITS) -> RefiImportReport:
    """Create the project ``target`` from a .qdpx (or .qde). Nothing is written on error."""
    path = Path(path)
    target = str(target)
    if not is_url(target) and Path(target).exists():
        raise Conflict(f"{target}: already exists (import creates a new project; choose another path)")
    pkg = Package(path, limits)
    try:
        proj = pkg.project
        if not proj.sources and not proj.codes and not proj.notes and not proj.cases:
            raise InvalidInput(
                f"{path}: no sources, codes, cases or notes to import (it lists {len(proj.users)} users only); "
                "nothing was written"
            )
        report = RefiImportReport(str(path), proj.origin)
        prepared: list[PreparedSource] = []
        for source in proj.sources:
            result = prepare(pkg, source)
            if isinstance(result, str):
                report.warnings.append(result)
            else:
                prepared.append(result)
                report.warnings.extend(result.warnings)
        if not proj.sources:
            report.warnings.append(f"{path.name}: the file holds no sources (code book, cases and notes only)")
        report.warnings.extend(f"{what}: pictures, PDF regions and media are not imported" for what in proj.skipped_media)
        spans = _segment([p.text for p in prepared], nlp) if segment and prepared else None
        store = create_store(target)
        try:
            with store.transaction() as s:
                _ProjectImporter(s, pkg, prepared, spans, report, coder).run()
        except BaseException:
            store.close()
            _cleanup(target)
            raise
        store.close()
        return report
    finally:
        pkg.close()


def _segment(texts: list[str], nlp):
    from tema.nlp import load_pipeline, pipeline_name, segment_many

    nlp = nlp or load_pipeline()
    return pipeline_name(nlp), list(segment_many(texts, nlp))


class _ProjectImporter:
    def __init__(self, s: Session, pkg: Package, prepared: list[PreparedSource], spans, report: RefiImportReport,
                 coder: str | None) -> None:
        self.s, self.pkg, self.proj = s, pkg, pkg.project
        self.prepared, self.seg, self.report = prepared, spans, report
        self.coder_name = coder
        self.users: dict[str, int] = {}
        self.participants: dict[str, m.Participant] = {}  # source guid → participant
        self.cases: dict[str, m.Case] = {}  # source guid → case
        self.selections: dict[str, tuple[int, int, int]] = {}  # selection guid → (doc id, start, end)
        self.placed: dict[str, tuple] = {}  # note guid → (kind, target id, start, end)
        self.coding_memos: dict[str, m.Coding] = {}

    def run(self) -> None:
        title = clean_name(self.proj.name) or self.pkg.path.stem
        project = init_project(self.s, title, question=(self.proj.description or "").strip() or None)
        created = parse_datetime(self.proj.created)
        if created:
            project.created_at = created
        self.coder_id = get_or_create_coder(self.s, resolve_coder_name(self.coder_name)).id
        with recorded(self.s, "refi.import", f"imported {self.pkg.path.name}", self.coder_id, undoable=False):
            self._users()
            self.book = CodebookImporter(self.s, self.coder_id, reuse_existing=False)
            self.book.run(self.proj.codes)
            self._cases()
            for i, prep in enumerate(self.prepared):
                self._document(prep, self.seg[1][i] if self.seg else None)
            self._notes()
            self._sets()
            self.book.finish()
        r = self.book.result
        self.report.warnings.extend(r.warnings)
        self.report.add("codes", r.created_codes)
        self.report.add("themes", r.created_themes)

    def _users(self) -> None:
        for g, (name, initials) in self.proj.users.items():
            self.users[g] = get_or_create_coder(self.s, name, initials=clean_name(initials or "")[:16] or None).id
        self.report.add("coders", len(set(self.users.values())))

    # -- cases and participants ---------------------------------------------------
    def _attributes(self, case: RefiCase) -> list[tuple[str, str, str]]:
        out = []
        for var_guid, element, value in case.values:
            var = self.proj.variables.get(var_guid or "")
            if var is None or value is None or not value.strip() or not clean_name(var.name):
                continue
            vtype = VALUE_TYPES.get(element, "text")
            out.append((clean_name(var.name), value.strip(), vtype))
        return out

    def _cases(self) -> None:
        groups: list[tuple[m.Case, str]] = []
        unnamed = 0
        for case in self.proj.cases:
            desc, footer = split_footer(case.description)
            if not clean_name(case.name or ""):
                unnamed += 1
                continue
            attrs = self._attributes(case)
            if footer.get(KIND) == "case group":
                name = self._unique_case(case.name)
                c = participants.upsert_case(self.s, name, attrs)
                c.description = desc
                groups.append((c, footer.get(MEMBERS, "")))
                for g in case.sources:
                    self.cases.setdefault(g, c)
                self.report.add("cases")
                continue
            name = self._unique_participant(case.name)
            label = footer.get(LABEL)
            if label and self.s.scalars(select(m.Participant.id).where(m.Participant.label == clean_name(label))).first():
                self.report.warnings.append(f"case «{case.name}»: label {label} is taken; left without a label")
                label = None
            p = participants.upsert_participant(self.s, name, label=label, attributes=attrs, coder_id=self.coder_id)
            for g in case.sources:
                if g in self.participants and self.participants[g] is not p:
                    self.report.warnings.append(
                        f"case «{case.name}»: its source also belongs to «{self.participants[g].pseudonym}»; kept there"
                    )
                    continue
                self.participants[g] = p
            self.report.add("participants")
        for c, members in groups:
            for name in filter(None, (clean_name(n) for n in members.split(";"))):
                p = participants.lookup_participant(self.s, name)
                if p is None:
                    self.report.warnings.append(f"case «{c.name}»: member «{name}» is not among the participants")
                else:
                    participants.add_to_case(self.s, p, c.name)
        if unnamed:
            self.report.warnings.append(f"{unnamed} unnamed cases (variables of single documents) not imported")

    def _unique_participant(self, name: str) -> str:
        name = clean_name(name)
        candidate, i = name, 2
        while participants.lookup_participant(self.s, candidate) is not None:
            candidate, i = f"{name} ({i})", i + 1
        if candidate != name:
            self.report.warnings.append(f"case «{name}»: name taken; imported as participant «{candidate}»")
        return candidate

    def _unique_case(self, name: str) -> str:
        name = clean_name(name)
        candidate, i = name, 2
        while self.s.scalars(select(m.Case.id).where(m.Case.name == candidate)).first() is not None:
            candidate, i = f"{name} ({i})", i + 1
        return candidate

    # -- documents and codings ----------------------------------------------------
    def _title(self, title: str) -> str:
        candidate, i = title, 2
        while self.s.scalars(select(m.Document.id).where(m.Document.title == candidate)).first() is not None:
            candidate, i = f"{title} ({i})", i + 1
        return candidate

    def _document(self, prep: PreparedSource, spans) -> None:
        src = prep.source
        try:
            doc = add_document(
                self.s, title=self._title(prep.title), text=prep.text, source_name=src.name or None,
                source_format="refi", participant=self.participants.get(src.guid or ""),
                case=self.cases.get(src.guid or ""), coder_id=self.coder_id,
            )
        except (Conflict, InvalidInput) as exc:
            self.report.warnings.append(f"source «{src.name}»: {exc}; skipped with its {len(src.selections)} selections")
            return
        created = parse_datetime(src.created)
        if created:
            doc.created_at = created
        if spans is not None:
            from tema.domain.segments import write_segments

            doc.pipeline = self.seg[0]
            write_segments(self.s, doc.id, prep.text, spans)
        self.report.add("documents")
        if prep.units != "code points":
            self.report.units[doc.title] = prep.units
        pending = []
        for sel, span in zip(src.selections, prep.spans):
            if span is None:
                continue
            start, end = span
            if sel.guid:
                self.selections[sel.guid] = (doc.id, start, end)
            for c in sel.codings:
                code = self.book.result.codes.get(c.code or "")
                if code is None:
                    where = "a non-codable group" if (c.code or "") in self.book.result.themes else "an unknown code"
                    self.report.warnings.append(f"«{doc.title}» {start}–{end}: coded with {where}; skipped")
                else:
                    pending.append(((start, end, code, self.users.get(c.user or "")), c))
            for g in sel.note_refs:
                self.placed.setdefault(g, ("document", doc.id, start, end))
            if sel.description and sel.description.strip():
                journal.add_note(self.s, sel.description.strip(), target_kind="document", target_id=doc.id,
                                 start=start, end=end, coder_id=self.users.get(sel.user or ""))
                self.report.add("notes")
        made = coding_.add_codings(self.s, doc, [row for row, _ in pending], text=prep.text,
                                   created_at=[parse_datetime(c.created) for _, c in pending])
        for coding, (_, c) in zip(made, pending):
            if coding is None:
                self.report.add("duplicate codings skipped")
                continue
            self.report.add("codings")
            for g in c.note_refs:
                note = self.proj.notes.get(g)
                if note is not None and (note.name or "").strip() == CODING_MEMO:
                    self.coding_memos[g] = coding
                else:
                    self.placed.setdefault(g, ("coding", coding.id, None, None))
        for g in src.note_refs:
            note = self.proj.notes.get(g)
            first = note.selections[0] if note and note.selections else None
            anchor = prep.span(first.start, first.end, point=True) if first else None
            self.placed.setdefault(g, ("document", doc.id, *(anchor or (0, None))))

    # -- notes ----------------------------------------------------------------------
    def _notes(self) -> None:
        self._code_refs(self.proj.codes)
        for g in self.proj.note_refs:
            self.placed.setdefault(g, ("project", None, None, None))
        for origin, target in self.proj.links:
            if origin in self.proj.notes and target in self.selections:
                doc_id, s, e = self.selections[target]
                self.placed.setdefault(origin, ("document", doc_id, s, e))
        for g, note in self.proj.notes.items():
            body = self._note_text(note)
            if g in self.coding_memos:
                self._coding_memo(self.coding_memos[g], body)
                continue
            self._memo(note, body)

    def _code_refs(self, nodes) -> None:
        for node in nodes:
            if node.guid in self.book.result.codes:
                target = ("code", self.book.result.codes[node.guid].id, None, None)
            elif node.guid in self.book.result.themes:
                target = ("theme", self.book.result.themes[node.guid].id, None, None)
            else:
                target = None
            for g in node.note_refs if target else []:
                self.placed.setdefault(g, target)
            self._code_refs(node.children)

    def _note_text(self, note: RefiNote) -> str:
        text = note.text
        if text is None and note.text_path:
            text, why = self.pkg.text(note.text_path)
            if text is None:
                self.report.warnings.append(f"note «{note.name or note.guid}»: text missing ({why})")
        return (text or "").lstrip("\ufeff")

    def _coding_memo(self, coding: m.Coding, body: str) -> None:
        memo, footer = split_footer(body)
        if memo:
            coding_.set_memo(self.s, coding, memo, self.coder_id)
        names = [n for n in (clean_name(p) for p in footer.get(PERSPECTIVES, "").split(";")) if n]
        if names:
            coding_.set_perspectives(self.s, coding, names, self.coder_id)

    def _memo(self, note: RefiNote, body: str) -> None:
        kind, phase = parse_note_name(note.name)
        if kind is None:  # a foreign note: keep its name and description in the text
            parts = [note.name, note.description, body]
            body = "\n\n".join(p.strip() for p in parts if p and p.strip())
        if not body.strip():
            self.report.warnings.append(f"note «{note.name or note.guid}»: empty; not imported")
            return
        where, target, start, end = self.placed.get(note.guid, ("project", None, None, None))
        author = self.users.get(note.user or "")
        if where == "project":
            memo = journal.add_journal(self.s, body, phase=phase, coder_id=author)
        else:
            memo = journal.add_note(self.s, body, target_kind=where, target_id=target, start=start,
                                    end=end if end is not None and end != start else None, coder_id=author)
        if kind is not None and memo.kind != kind:
            memo.kind = kind
        if phase:
            memo.phase = phase
        created = parse_datetime(note.created)
        if created:
            memo.created_at = created
        self.report.add("notes")

    # -- sets -----------------------------------------------------------------------
    def _sets(self) -> None:
        documents = 0
        for st in self.proj.sets:
            _, footer = split_footer(st.description)
            if SNAPSHOT in footer:
                self._snapshot(st.name, footer[SNAPSHOT])
                continue
            action = self.book.code_set(st)
            if action:
                self.report.add(action)
            if st.sources:
                documents += 1
        if documents:
            self.report.warnings.append(
                f"{documents} sets of documents not imported (tema groups documents by participant and case)"
            )

    def _snapshot(self, name: str, payload: str) -> None:
        ids = {g: t.id for g, t in self.book.result.themes.items()}

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
            self.report.warnings.append(f"snapshot «{name}»: its frozen structure is unreadable; not imported")
            return
        base, i = clean_name(name) or "Snapshot", 2
        candidate = base
        while snapshots.find_snapshot_or_none(self.s, candidate) is not None:
            candidate, i = f"{base} ({i})", i + 1
        phase = data.get("phase") if data.get("phase") in range(1, 7) else None
        snapshots.store_structure(self.s, candidate, structure, phase=phase, coder_id=self.coder_id)
        self.report.add("snapshots")


def import_qdc(path: Path, store: Store, *, coder: str | None = None, limits: Limits = LIMITS) -> RefiImportReport:
    """Add a .qdc code book's codes (and non-codable groups as themes) to a project."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if path.stat().st_size > limits.entry:
        raise InvalidInput(f"{path}: larger than {limits.entry:,} bytes; refused, nothing was imported")
    if zipfile.is_zipfile(path):
        raise InvalidInput(f"{path}: is a zip archive (a .qdpx project?); import it with `tema qdpx import`")
    codes, sets = parse_codebook(parse_xml(path.read_bytes(), str(path)), str(path))
    if not codes:
        raise InvalidInput(f"{path}: the code book holds no codes")
    report = RefiImportReport(str(path))
    with store.transaction() as s:
        coder_id = get_or_create_coder(s, resolve_coder_name(coder)).id
        with recorded(s, "refi.codebook", f"code book {path.name} imported", coder_id):
            book = CodebookImporter(s, coder_id, reuse_existing=True)
            book.run(codes)
            for st in sets:
                action = book.code_set(st)
                if action:
                    report.add(action)
            book.finish()
    r = book.result
    report.counts.update({"codes": r.created_codes, "existing codes": r.reused_codes, "themes": r.created_themes})
    report.warnings.extend(r.warnings)
    return report

