"""REFI-QDA Notes into memos, anchored where the file references them: on a
selection (a note in the transcript), a code, a theme, a coding, or through a
Link from the note to a selection; otherwise a journal entry. The kind and phase
come from tema's note names (``Journal (fase 2)``); a foreign note keeps its name
and description in its text. A selection's Description (an ATLAS.ti quotation
comment) becomes a note anchored there."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tema.domain import journal
from tema.refi.conventions import parse_datetime, parse_note_name
from tema.refi.model import RefiCode, RefiNote
from tema.refi.read_codebook import CodebookResult
from tema.refi.report import ImportReport
from tema.refi.sources import Package

Place = tuple[str, int | None, int | None, int | None]  # (kind, target id, start, end)


class NoteImporter:
    def __init__(self, s: Session, pkg: Package, report: ImportReport, users: dict[str, int]) -> None:
        self.s, self.pkg, self.proj, self.report, self.users = s, pkg, pkg.project, report, users
        self.selections: dict[str, tuple[int, int, int]] = {}  # selection guid → (doc id, start, end)
        self.placed: dict[str, Place] = {}  # note guid → where it hangs
        self.consumed: set[str] = set()  # notes taken in as a coding's memo
        self.anchored: list[tuple[str, int, int, int, int | None]] = []  # selection descriptions
        self._texts: dict[str, str] = {}

    def place(self, guid: str, where: Place) -> None:
        self.placed.setdefault(guid, where)

    def text(self, note: RefiNote) -> str:
        if note.guid in self._texts:
            return self._texts[note.guid]
        text = note.text
        if text is None and note.text_path:
            text, why = self.pkg.text(note.text_path)
            if text is None:
                self.report.warn("skipped", f"note «{note.name or note.guid}»: text missing ({why})")
        self._texts[note.guid] = (text or "").lstrip("\ufeff")
        return self._texts[note.guid]

    def run(self, codes: list[RefiCode], book: CodebookResult) -> None:
        for body, doc_id, start, end, author in self.anchored:
            journal.add_note(self.s, body, target_kind="document", target_id=doc_id, start=start, end=end,
                             coder_id=author)
            self.report.add("notes")
        self._code_refs(codes, book)
        for g in self.proj.note_refs:
            self.place(g, ("project", None, None, None))
        for origin, target in self.proj.links:
            if origin in self.proj.notes and target in self.selections:
                doc_id, s, e = self.selections[target]
                self.place(origin, ("document", doc_id, s, e))
        for g, note in self.proj.notes.items():
            if g not in self.consumed:
                self._memo(note, self.text(note))

    def _code_refs(self, nodes: list[RefiCode], book: CodebookResult) -> None:
        for node in nodes:
            target: Place | None = None
            if node.guid in book.codes:
                target = ("code", book.codes[node.guid], None, None)
            elif node.guid in book.themes:
                target = ("theme", book.themes[node.guid], None, None)
            if target is not None:
                for g in node.note_refs:
                    self.place(g, target)
            self._code_refs(node.children, book)

    def _memo(self, note: RefiNote, body: str) -> None:
        kind, phase = parse_note_name(note.name)
        if kind is None:  # a foreign note: keep its name and description in the text
            parts = [note.name, note.description, body]
            body = "\n\n".join(p.strip() for p in parts if p and p.strip())
        if not body.strip():
            self.report.warn("skipped", f"note «{note.name or note.guid}»: empty; not imported")
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
