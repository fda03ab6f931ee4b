"""The export's hot path, formatted as text: sources with their selections and
codings, and the notes. A team project has 100,000 codings; building an lxml
element for each and serialising it cost more than the rest of the export, so
these are written directly, every value escaped as lxml would escape it (checked
against the schema and by re-import in the tests). Each source is written and
dropped before the next is read.

A coded span → one ``PlainTextSelection`` (``name`` = its text) holding one
``Coding``/``CodeRef`` per code; a note anchored in the text → a selection with
a ``NoteRef``. Offsets are taken through the pseudonym edits (``EditMap``) and
written as code points or UTF-16 code units.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, cast

from lxml import etree

from tema.domain.documents import document_text
from tema.domain.pseudonyms import replacements
from tema.refi.conventions import CODING_MEMO, PERSPECTIVES, note_name, with_footer, xml_datetime, xml_safe
from tema.refi.edits import EditMap, apply_edits
from tema.refi.elements import top
from tema.refi.offsets import UTF16, UnitMap
from tema.refi.variables import write_document_values
from tema.store import models as m

if TYPE_CHECKING:
    from tema.refi.write_project import CodingRow, ProjectWriter

_ATTR = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\n", "&#10;"), ("\r", "&#13;"),
         ("\t", "&#9;"))
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


_SPECIAL = re.compile("[&<>\"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(value: str, table: tuple[tuple[str, str], ...]) -> str:
    if _SPECIAL.search(value) is None:  # most names: nothing to do
        return value
    value = xml_safe(value) or ""
    for a, b in table:
        if a in value:
            value = value.replace(a, b)
    return value


def attrs(**values: str | None) -> str:
    """`` name="value"`` pairs, escaped; None values left out."""
    return "".join(f' {k}="{_escape(v, _ATTR)}"' for k, v in values.items() if v is not None)


def text(value: str) -> str:
    return _escape(value, _TEXT)


def write_sources(w: ProjectWriter, out: IO[bytes], add_file: Callable[[str, bytes], None]) -> None:
    if not w.docs:
        return
    by_doc: dict[int, list[CodingRow]] = {}
    for c in w.codings:
        by_doc.setdefault(c.document_id, []).append(c)
    out.write(b"<Sources>\n")
    for doc in w.docs:
        raw = document_text(w.s, doc.id)
        out_text, emap = apply_edits(raw, replacements(w.pz, raw))
        gid = w.g("document", doc.id)
        head = attrs(guid=gid, name=w.pz(doc.title), plainTextPath=f"internal://{gid}.txt",
                     creationDateTime=xml_datetime(doc.created_at))
        parts = [f"<TextSource{head}>\n"]
        _selections(w, parts, doc.id, out_text, emap, by_doc.pop(doc.id, []))
        holder = top("TextSource")
        write_document_values(holder, doc, w.doc_fields, w.g, w.pz, w.coder_names)
        parts += [etree.tostring(vv, encoding="unicode") + "\n" for vv in holder]
        parts.append("</TextSource>\n")
        out.write("".join(parts).encode("utf-8"))
        add_file(f"Sources/{gid}.txt", out_text.encode("utf-8"))
        w.report.sources += 1
    out.write(b"</Sources>\n")


def _selections(w: ProjectWriter, parts: list[str], doc_id: int, body: str, emap: EditMap,
                codings: list[CodingRow]) -> None:
    units = UnitMap(body, UTF16).to_units if w.utf16 else None
    spans: dict[tuple[int, int], list[CodingRow]] = {}
    for c in codings:
        spans.setdefault((c.start, c.end), []).append(c)
    items: list[tuple[int, int, int, object]] = []  # (start, end, 0 coding | 1 note, what)
    for (start, end), group in spans.items():
        items.append((emap(start, end=False), emap(end, end=True), 0, ((start, end), group)))
    for memo in w._by_anchor.get(("document", doc_id), []):
        start = memo.start or 0
        end = memo.end if memo.end is not None and memo.end > start else start
        s0 = emap(start, end=False)
        items.append((s0, emap(end, end=True) if end > start else s0, 1, memo))
    items.sort(key=lambda t: (t[0], t[1], t[2]))
    g = w.g
    for s, e, kind, obj in items:
        where = f' startPosition="{units(s) if units else s}" endPosition="{units(e) if units else e}"'
        if kind == 0:
            (start, end), group = cast(tuple[tuple[int, int], list["CodingRow"]], obj)
            first = min((c.created_at for c in group if c.created_at), default=None)
            user = w.user(group[0].coder_id)
            who = (f' creatingUser="{user}"' if user else "") + (
                f' creationDateTime="{xml_datetime(first)}"' if first else "")
            parts.append(f'<PlainTextSelection guid="{g("selection", doc_id, start, end)}" '
                         f'name="{_escape(body[s:e], _ATTR)}"{where}{who}>\n')
            for c in group:
                _coding(w, parts, c)
        else:
            memo = cast(m.Memo, obj)
            named = attrs(guid=g("note-selection", memo.id), name=body[s:e])
            who = attrs(creatingUser=w.user(memo.coder_id), creationDateTime=xml_datetime(memo.created_at))
            parts.append(f'<PlainTextSelection{named}{where}{who}>\n<NoteRef targetGUID="{g("memo", memo.id)}"/>\n')
        parts.append("</PlainTextSelection>\n")


def _coding(w: ProjectWriter, parts: list[str], c: CodingRow) -> None:
    code = w._code_guids.get(c.code_id)
    if code is None:
        code = w._code_guids[c.code_id] = w.g("code", c.code_id)
    user = w._users.get(c.coder_id) if c.coder_id else None
    head = f'<Coding guid="{w.g("coding", c.id)}"'
    if user:
        head += f' creatingUser="{user}"'
    if c.created_at:
        head += f' creationDateTime="{xml_datetime(c.created_at)}"'
    parts.append(f'{head}><CodeRef targetGUID="{code}"/>')
    if c.memo or c.perspectives:
        parts.append(f'<NoteRef targetGUID="{w.g("coding-memo", c.id)}"/>')
    for note in w._by_anchor.get(("coding", c.id), ()):
        parts.append(f'<NoteRef targetGUID="{w.g("memo", note.id)}"/>')
    parts.append("</Coding>\n")
    w.report.codings += 1


def write_notes(w: ProjectWriter, out: IO[bytes]) -> None:
    """Coding memos (with their perspectives) and every memo, in one <Notes> when any."""
    opened = False

    def note(guid: str, name: str, user: int | None, when, body: str | None) -> None:
        nonlocal opened
        if not opened:
            out.write(b"<Notes>\n")
            opened = True
        content = f"<PlainTextContent>{text(body)}</PlainTextContent>" if body else ""
        head = attrs(guid=guid, name=name, creatingUser=w._users.get(user) if user else None,
                     creationDateTime=xml_datetime(when))
        out.write(f"<Note{head}>{content}</Note>\n".encode())
        w.report.notes += 1

    for c in w.codings:
        if c.memo or c.perspectives:
            persp = "; ".join(sorted(w.pz(p) or "" for p in c.perspectives))
            note(w.g("coding-memo", c.id), CODING_MEMO, c.coder_id, c.updated_at,
                 with_footer(w.pz(c.memo), [(PERSPECTIVES, persp)]))
    for memo in w.memos:
        note(w.g("memo", memo.id), note_name(memo.kind, memo.phase), memo.coder_id, memo.created_at, w.pz(memo.body))
        if w._anchor(memo)[0] == "project":
            w.project_refs.append(w.g("memo", memo.id))
    if opened:
        out.write(b"</Notes>\n")
