"""Export a tema project as REFI-QDA 1.5: a ``.qdpx`` project or a ``.qdc`` code book.

How tema maps onto REFI-QDA (and back, see ``tema.refi.read``):

- **Coders → Users** (``id`` = initials).
- **Codes → codable ``<Code>``s**: definition → Description; a latent level or a
  retired status as ``Level:``/``Status:`` lines after it; colour kept.
- **Themes and subthemes → non-codable ``<Code>``s** (``isCodable="false"``)
  holding their subthemes and their codes, so NVivo, ATLAS.ti, MAXQDA and
  QualCoder users see the theme map as a code tree. Definition → Description,
  with ``Label:``, ``Status:``, ``Central organising concept:`` and ``Scope:``
  lines. The holding pile and discarded themes are not exported; their codes
  count as unplaced and sit at the top level.
- **A code in several themes**: REFI nests each code once (a GUID is unique), so
  the code sits under its *first* theme in the map's order (or under its parent
  code when it has one), and every theme that also holds codes nested elsewhere
  gets a **Set named exactly as the theme** listing all its codes. Other
  programs show those Sets as code sets; the importer puts the codes back into
  the theme of that name, so the many-to-many placement round-trips. A non-codable
  copy of the code was rejected: it would show up as a second, uncodable code.
- **Documents → TextSources** with ``Sources/<GUID>.txt`` (UTF-8, no BOM); each
  coded span → one ``PlainTextSelection`` (``name`` = its text) holding one
  ``Coding``/``CodeRef`` per code; offsets are code points, end exclusive.
- **Memos → Notes**: journal entries and other project memos referenced from the
  project's ``NoteRef``s; notes anchored in a transcript through a
  ``PlainTextSelection`` holding a ``NoteRef``; memos on a code, theme or coding
  through a ``NoteRef`` inside that element. Note names carry the kind and
  phase (``Journal (fase 2)``). A coding's own memo and perspectives → a
  ``Coding memo`` note (``Perspectives: a; b``) referenced from the Coding.
- **Participants → Cases** (``Label:`` line, attributes as ``VariableValue``s,
  ``SourceRef`` to their documents); **cases → Cases** marked ``Kind: case group``
  with a ``Participants:`` line; attributes → typed ``Variables`` (number →
  Integer/Float, boolean → true/false, date → Date; mixed types → Text).
- **Snapshots → Sets** of the codes they name; the frozen structure rides in the
  Description (a readable outline plus a ``tema-snapshot:`` JSON line).
- **Stable GUIDs**: uuid5 over a per-project namespace kept in
  ``Project.settings["refi_namespace"]`` (created on the first export) and the
  object's kind and id, so re-exports keep every GUID.
- **Pseudonyms**: the project's rules are applied to everything written (texts,
  titles, names, notes, snapshots); selection offsets are recomputed on the
  pseudonymised text (an offset inside a replaced name moves to its edge).
  ``pseudonymise=False`` (CLI ``--no-pseudonymise``) writes the real text.
- Not carried: perspectives as objects of their own (only as coding-memo lines),
  a document's interviewer, wave and date, guide sections, rename history,
  extract selections, the project's phase, events. Boolean attributes are
  written true/false and numbers with a decimal point (``ja`` → ``true``).
- Names the pseudonym rules merge (two codes that both become «Per») are
  reported; an import renames one of them.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tema import __version__
from tema.domain.documents import document_text, live_documents
from tema.domain.project import ensure_setting, get_project
from tema.domain.pseudonyms import Pseudonymizer, replacements
from tema.errors import InvalidInput
from tema.refi.write_codebook import Codebook, Guids, code_elements, load_codebook, theme_sets
from tema.refi.conventions import (
    CODING_MEMO,
    KIND,
    LABEL,
    MEMBERS,
    PERSPECTIVES,
    SNAPSHOT,
    note_name,
    with_footer,
    xml_datetime,
    xml_safe,
)
from tema.refi.variables import Variables
from tema.refi.offsets import EditMap, apply_edits
from tema.store import models as m
from tema.store.db import Store
from tema.text import name_key

NS = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"tema {__version__}"
NAMESPACE_KEY = "refi_namespace"


@dataclass
class ExportReport:
    path: Path
    sources: int = 0
    codings: int = 0
    codes: int = 0
    notes: int = 0
    cases: int = 0
    sets: int = 0
    pseudonymised: bool = True
    warnings: list[str] = field(default_factory=list)


def project_guids(store: Store) -> Guids:
    """The project's GUID namespace, created (once, for good) on the first export."""
    with store.transaction() as s:
        return Guids(str(ensure_setting(s, NAMESPACE_KEY, lambda: str(uuid.uuid4()))))


def _pz(session: Session, on: bool) -> Callable[[str | None], str | None]:
    return Pseudonymizer.for_session(session) if on else (lambda s: s)


def _el(parent, tag: str, ns: str = NS, **attrs) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v is not None})


def _text_el(parent, tag: str, text: str | None) -> None:
    if text:
        etree.SubElement(parent, f"{{{NS}}}{tag}").text = xml_safe(text)


class _Lazy:
    """A wrapper element created on first use, so no empty wrappers are written."""

    def __init__(self, parent, tag: str, ns: str = NS) -> None:
        self.parent, self.tag, self.ns, self.el = parent, tag, ns, None

    def __call__(self) -> etree._Element:
        if self.el is None:
            self.el = _el(self.parent, self.tag, self.ns)
        return self.el


def _write_zip(out: Path, files: list[tuple[str, bytes]]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files:
                zf.writestr(name, data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=out.suffix, dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


class _ProjectWriter:
    def __init__(self, session: Session, guids: Guids, pseudonymise: bool, report: ExportReport) -> None:
        self.s = session
        self.g = guids
        self.pz = _pz(session, pseudonymise)
        self.report = report
        self.book: Codebook = load_codebook(session)
        self.memos = list(session.scalars(select(m.Memo).where(m.Memo.deleted_at.is_(None)).order_by(m.Memo.id)))
        self.codings = list(
            session.scalars(
                select(m.Coding)
                .join(m.Document, m.Document.id == m.Coding.document_id)
                .where(m.Document.deleted_at.is_(None), m.Coding.code_id.in_(list(self.book.codes) or [-1]))
                .options(selectinload(m.Coding.perspective_links).selectinload(m.CodingPerspective.perspective))
                .order_by(m.Coding.document_id, m.Coding.start, m.Coding.end, m.Coding.id)
            )
        )
        self.coding_ids = {c.id for c in self.codings}
        self.docs = live_documents(session)
        self.coders = list(session.scalars(select(m.Coder).order_by(m.Coder.id)))
        self._doc_ids = {d.id for d in self.docs}
        self._themes = set()
        stack = list(self.book.themes)
        while stack:
            node = stack.pop()
            self._themes.add(node.id)
            stack.extend(node.subthemes)
        self._by_anchor: dict[tuple[str, int | None], list[m.Memo]] = {}
        for memo in self.memos:
            self._by_anchor.setdefault(self._anchor(memo), []).append(memo)
        self.files: list[tuple[str, bytes]] = []
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
        return self.g("user", coder_id) if coder_id else None

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

    def build(self) -> etree._Element:
        project = get_project(self.s)
        self._collisions()
        attrs = {"name": xml_safe(self.pz(project.title)) or "tema", "origin": ORIGIN,
                 "creationDateTime": xml_datetime(project.created_at)}
        root = etree.Element(f"{{{NS}}}Project", {k: v for k, v in attrs.items() if v}, nsmap={None: NS})
        if self.coders:
            users = _el(root, "Users")
            for c in self.coders:
                _el(users, "User", guid=self.user(c.id), name=xml_safe(self.pz(c.name)), id=xml_safe(c.initials))
        if not self.book.empty:
            codes = _el(_el(root, "CodeBook"), "Codes")
            self.report.codes = code_elements(codes, NS, self.book, self.g, self.pz, self.note_refs)
        Variables(self.s, self.g, self.pz).write(root, self._cases)
        self._sources(root)
        self._notes(root)
        sets = _Lazy(root, "Sets")
        self.report.sets = theme_sets(sets, NS, self.book, self.g, self.pz) + self._snapshots(sets)
        _text_el(root, "Description", self.pz(project.question))
        for ref in self.project_refs:
            _el(root, "NoteRef", targetGUID=ref)
        return root

    def _cases(self, root, variables: Variables) -> None:
        cases = _Lazy(root, "Cases")
        members: dict[int, list[str]] = {}
        for cm in self.s.scalars(select(m.CaseMember)):
            p = self.s.get(m.Participant, cm.participant_id)
            members.setdefault(cm.case_id, []).append(p.pseudonym)
        for p in self.s.scalars(select(m.Participant).order_by(m.Participant.id)):
            el = _el(cases(), "Case", guid=self.g("participant", p.id), name=xml_safe(self.pz(p.pseudonym)))
            _text_el(el, "Description", with_footer(None, [(LABEL, self.pz(p.label))]))
            variables.values(el, [(a.key, a.value, a.value_type) for a in p.attributes])
            for d in self.docs:
                if d.participant_id == p.id:
                    _el(el, "SourceRef", targetGUID=self.g("document", d.id))
            self.report.cases += 1
        for c in self.s.scalars(select(m.Case).order_by(m.Case.id)):
            el = _el(cases(), "Case", guid=self.g("case", c.id), name=xml_safe(self.pz(c.name)))
            names = "; ".join(self.pz(n) for n in sorted(members.get(c.id, [])))
            _text_el(el, "Description", with_footer(self.pz(c.description), [(KIND, "case group"), (MEMBERS, names)]))
            variables.values(el, [(a.key, a.value, a.value_type) for a in c.attributes])
            for d in self.docs:
                if d.case_id == c.id:
                    _el(el, "SourceRef", targetGUID=self.g("document", d.id))
            self.report.cases += 1

    def _sources(self, root) -> None:
        if not self.docs:
            return
        sources = _el(root, "Sources")
        by_doc: dict[int, list[m.Coding]] = {}
        for c in self.codings:
            by_doc.setdefault(c.document_id, []).append(c)
        for doc in self.docs:
            text = document_text(self.s, doc.id)
            edits = replacements(self.pz, text) if isinstance(self.pz, Pseudonymizer) else []
            out_text, emap = apply_edits(text, edits)
            gid = self.g("document", doc.id)
            el = _el(sources, "TextSource", guid=gid, name=xml_safe(self.pz(doc.title)),
                     plainTextPath=f"internal://{gid}.txt", creationDateTime=xml_datetime(doc.created_at))
            self._selections(el, doc, out_text, emap, by_doc.get(doc.id, []))
            self.files.append((f"Sources/{gid}.txt", out_text.encode("utf-8")))
            self.report.sources += 1

    def _selections(self, el, doc: m.Document, text: str, emap: EditMap, codings: list[m.Coding]) -> None:
        spans: dict[tuple[int, int], list[m.Coding]] = {}
        for c in codings:
            spans.setdefault((c.start, c.end), []).append(c)
        items: list[tuple[int, int, str, object]] = []
        for (start, end), group in spans.items():
            items.append((emap(start, end=False), emap(end, end=True), "coding", ((start, end), group)))
        for memo in self._by_anchor.get(("document", doc.id), []):
            start = memo.start
            end = memo.end if memo.end is not None and memo.end > start else start
            s0 = emap(start, end=False)
            items.append((s0, emap(end, end=True) if end > start else s0, "note", memo))
        for s, e, kind, obj in sorted(items, key=lambda t: (t[0], t[1], t[2])):
            if kind == "coding":
                (start, end), group = obj
                sel = _el(el, "PlainTextSelection", guid=self.g("selection", doc.id, start, end),
                          name=xml_safe(text[s:e]), startPosition=str(s), endPosition=str(e),
                          creatingUser=self.user(group[0].coder_id),
                          creationDateTime=xml_datetime(min(c.created_at for c in group)))
                for c in group:
                    self._coding(sel, c)
            else:
                sel = _el(el, "PlainTextSelection", guid=self.g("note-selection", obj.id), name=xml_safe(text[s:e]),
                          startPosition=str(s), endPosition=str(e), creatingUser=self.user(obj.coder_id),
                          creationDateTime=xml_datetime(obj.created_at))
                _el(sel, "NoteRef", targetGUID=self.g("memo", obj.id))

    def _coding(self, sel, c: m.Coding) -> None:
        el = _el(sel, "Coding", guid=self.g("coding", c.id), creatingUser=self.user(c.coder_id),
                 creationDateTime=xml_datetime(c.created_at))
        _el(el, "CodeRef", targetGUID=self.g("code", c.code_id))
        if c.memo or c.perspective_links:
            _el(el, "NoteRef", targetGUID=self.g("coding-memo", c.id))
        self.report.codings += 1
        for ref in self.note_refs("coding", c.id):
            _el(el, "NoteRef", targetGUID=ref)

    def _notes(self, root) -> None:
        notes = _Lazy(root, "Notes")
        for c in self.codings:
            if c.memo or c.perspective_links:
                persp = "; ".join(sorted(self.pz(link.perspective.name) for link in c.perspective_links))
                note = _el(notes(), "Note", guid=self.g("coding-memo", c.id), name=CODING_MEMO,
                           creatingUser=self.user(c.coder_id), creationDateTime=xml_datetime(c.updated_at))
                _text_el(note, "PlainTextContent", with_footer(self.pz(c.memo), [(PERSPECTIVES, persp)]))
                self.report.notes += 1
        for memo in self.memos:
            note = _el(notes(), "Note", guid=self.g("memo", memo.id), name=note_name(memo.kind, memo.phase),
                       creatingUser=self.user(memo.coder_id), creationDateTime=xml_datetime(memo.created_at))
            _text_el(note, "PlainTextContent", self.pz(memo.body))
            if self._anchor(memo)[0] == "project":
                self.project_refs.append(self.g("memo", memo.id))
            self.report.notes += 1

    def _snapshots(self, sets: _Lazy) -> int:
        from tema.domain.snapshots import list_snapshots

        by_name = {c.name: cid for cid, c in self.book.codes.items()}
        n = 0
        for snap in list_snapshots(self.s):
            structure = _snapshot_structure(snap.structure or {}, self.g, self.pz)
            outline = _outline(structure)
            payload = json.dumps({"phase": snap.phase, "structure": structure}, ensure_ascii=False)
            el = _el(sets(), "Set", guid=self.g("snapshot", snap.id), name=xml_safe(self.pz(snap.name)))
            _text_el(el, "Description", with_footer(outline, [(SNAPSHOT, payload)]))
            for name in dict.fromkeys(_snapshot_codes(snap.structure or {})):
                if name in by_name:
                    _el(el, "MemberCode", targetGUID=self.g("code", by_name[name]))
            n += 1
        return n


def _snapshot_structure(structure: dict, g: Guids, pz) -> dict:
    def node(n: dict) -> dict:
        out = {
            "id": g("theme", n["id"]) if isinstance(n.get("id"), int) else n.get("id"),
            "name": pz(n.get("name")), "label": pz(n.get("label")), "status": n.get("status"),
            "definition": pz(n.get("definition")),
            "codes": [pz(c) for c in n.get("codes", [])],
            "subthemes": [node(s) for s in n.get("subthemes", [])],
        }
        return out

    return {"themes": [node(t) for t in structure.get("themes", [])],
            "unplaced": [pz(c) for c in structure.get("unplaced", [])]}


def _snapshot_codes(structure: dict):
    def walk(n):
        yield from n.get("codes", [])
        for s in n.get("subthemes", []):
            yield from walk(s)

    for t in structure.get("themes", []):
        yield from walk(t)
    yield from structure.get("unplaced", [])


def _outline(structure: dict) -> str:
    lines = []

    def walk(n: dict, depth: int) -> None:
        label = f"{n['label']} " if n.get("label") else ""
        codes = "; ".join(n.get("codes", []))
        lines.append("  " * depth + f"{label}{n.get('name')}" + (f": {codes}" if codes else ""))
        for s in n.get("subthemes", []):
            walk(s, depth + 1)

    for t in structure.get("themes", []):
        walk(t, 0)
    if structure.get("unplaced"):
        lines.append("Not placed: " + "; ".join(structure["unplaced"]))
    return "\n".join(lines)


def export_qdpx(store: Store, out: Path, *, pseudonymise: bool = True) -> ExportReport:
    """Write the project to ``out`` (.qdpx): project.qde plus Sources/<GUID>.txt."""
    out = Path(out)
    guids = project_guids(store)
    report = ExportReport(out, pseudonymised=pseudonymise)
    with store.session() as s:
        writer = _ProjectWriter(s, guids, pseudonymise, report)
        root = writer.build()
        files = [("project.qde", _xml(root)), *writer.files]
    _write_zip(out, files)
    return report


def export_qdc(store: Store, out: Path, *, pseudonymise: bool = True) -> ExportReport:
    """Write the code book to ``out`` (.qdc): codes, themes as non-codable parents, theme Sets."""
    out = Path(out)
    guids = project_guids(store)
    report = ExportReport(out, pseudonymised=pseudonymise)
    with store.session() as s:
        book = load_codebook(s)
        if book.empty:
            raise InvalidInput(f"{store.name}: no codes or themes to export")
        pz = _pz(s, pseudonymise)
        root = etree.Element(f"{{{NS_CODEBOOK}}}CodeBook", {"origin": ORIGIN}, nsmap={None: NS_CODEBOOK})
        report.codes = code_elements(_el(root, "Codes", NS_CODEBOOK), NS_CODEBOOK, book, guids, pz)
        sets = _Lazy(root, "Sets", NS_CODEBOOK)
        report.sets = theme_sets(sets, NS_CODEBOOK, book, guids, pz, member_attr="guid")
    _atomic_write(out, _xml(root))
    return report
