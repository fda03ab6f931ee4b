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
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import IO, TYPE_CHECKING, cast

from lxml import etree

from tema.domain.documents import document_texts
from tema.domain.pseudonyms import replacements
from tema.refi.coding_rows import ORDER, CodingRow, codings_by_document, perspective_names
from tema.refi.conventions import CODING_MEMO, PERSPECTIVES, note_name, with_footer, xml_datetime, xml_safe
from tema.refi.edits import EditMap, apply_edits
from tema.refi.elements import top
from tema.refi.offsets import UTF16, UnitMap
from tema.refi.variables import write_document_values
from tema.store import models as m

if TYPE_CHECKING:
    from tema.refi.write_project import ProjectWriter

_ATTR = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\n", "&#10;"), ("\r", "&#13;"),
         ("\t", "&#9;"))
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


_SPAN = attrgetter("start", "end")
_ORDER = itemgetter(0, 1, 2)  # a selection's start and end, codings before notes
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
    ids = [d.id for d in w.docs]
    texts, codings = document_texts(w.s, ids), codings_by_document(w.s, ids, w.book.codes)
    out.write(b"<Sources>\n")
    for doc, raw, rows in zip(w.docs, texts, codings, strict=True):
        edits = replacements(w.pz, raw)
        body, emap = apply_edits(raw, edits)
        del raw
        gid = w.g("document", doc.id)
        head = attrs(guid=gid, name=w.pz(doc.title), plainTextPath=f"internal://{gid}.txt",
                     creationDateTime=xml_datetime(doc.created_at))
        parts = [f"<TextSource{head}>\n"]
        _selections(w, parts, doc.id, body, emap if edits else None, rows)
        holder = top("TextSource")
        write_document_values(holder, doc, w.doc_fields, w.g, w.pz, w.coder_names)
        parts += [etree.tostring(vv, encoding="unicode") + "\n" for vv in holder]
        parts.append("</TextSource>\n")
        out.write("".join(parts).encode("utf-8"))
        add_file(f"Sources/{gid}.txt", body.encode("utf-8"))
        w.report.sources += 1
        w.report.codings += len(rows)
    out.write(b"</Sources>\n")


def _selections(w: ProjectWriter, parts: list[str], doc_id: int, body: str, emap: EditMap | None,
                codings: list[CodingRow]) -> None:
    """The document's selections in text order: one per coded span (its codings are
    consecutive, ordered by span) and one per anchored note. ``emap``: the offsets'
    map into the pseudonymised text (None: unchanged)."""
    units = UnitMap(body, UTF16).to_units if w.utf16 else None
    selection, coding_guid, memo_guid, coding_memo = (w.g.of("selection"), w.coding_guid, w.memo_guid,
                                                      w.coding_memo)
    user_attr, code_ref, notes = w.user_attrs, w.code_refs, w.coding_notes
    add = parts.append
    for s, e, _, start, end, group, memo in _items(w, doc_id, codings, emap):
        where = f' startPosition="{units(s) if units else s}" endPosition="{units(e) if units else e}"'
        if group is None:
            memo = cast(m.Memo, memo)
            named = attrs(guid=w.g("note-selection", memo.id), name=body[s:e])
            who = attrs(creatingUser=w.user(memo.coder_id), creationDateTime=xml_datetime(memo.created_at))
            add(f'<PlainTextSelection{named}{where}{who}>\n<NoteRef targetGUID="{memo_guid(memo.id)}"/>\n'
                "</PlainTextSelection>\n")
            continue
        stamps = [xml_datetime(c.created) for c in group]
        first = min(filter(None, stamps), default=None)
        when = f' creationDateTime="{first}"' if first else ""
        guid = selection(f"{doc_id}:{start}:{end}")  # = g("selection", doc_id, start, end)
        add(f'<PlainTextSelection guid="{guid}" name="{_escape(body[s:e], _ATTR)}"{where}'
            f'{user_attr.get(group[0].coder_id, "")}{when}>\n')
        for c, made in zip(group, stamps, strict=True):
            when = f' creationDateTime="{made}"' if made else ""
            refs = ""
            if c.memo or c.has_perspectives:
                refs = f'<NoteRef targetGUID="{coding_memo(c.id)}"/>'
                w.noted.append(c)  # its note is written by write_notes
            if c.id in notes:
                refs += "".join(f'<NoteRef targetGUID="{memo_guid(n)}"/>' for n in notes[c.id])
            add(f'<Coding guid="{coding_guid(c.id)}"{user_attr.get(c.coder_id, "")}{when}>{code_ref[c.code_id]}'
                f'{refs}</Coding>\n')
        add("</PlainTextSelection>\n")


def _items(w: ProjectWriter, doc_id: int, codings: list[CodingRow], emap: EditMap | None) -> list[tuple]:
    """(start, end in the written text, 0 for codings or 1 for a note, start, end in the stored
    text, codings or None, note or None) per selection, in text order: by start and end, a
    coded span before a note."""
    items: list[tuple] = []
    for (start, end), group in groupby(codings, key=_SPAN):  # spans in order: (start, end) ascending
        s, e = (emap(start, end=False), emap(end, end=True)) if emap else (start, end)
        items.append((s, e, 0, start, end, list(group), None))
    for memo in w._by_anchor.get(("document", doc_id), []):
        start = memo.start or 0
        end = memo.end if memo.end is not None and memo.end > start else start
        s = emap(start, end=False) if emap else start
        e = (emap(end, end=True) if emap else end) if end > start else s
        items.append((s, e, 1, start, end, None, memo))
    if emap or len(items) and items[-1][2]:  # a mapped offset or a note may come out of order
        items.sort(key=_ORDER)
    return items


def write_notes(w: ProjectWriter, out: IO[bytes]) -> None:
    """Coding memos (with their perspectives) and every memo, in one <Notes> when any."""
    opened = False

    def note(head: str, body: str | None) -> None:
        nonlocal opened
        if not opened:
            out.write(b"<Notes>\n")
            opened = True
        content = f"<PlainTextContent>{text(body)}</PlainTextContent>" if body else ""
        out.write(f"<Note{head}>{content}</Note>\n".encode())
        w.report.notes += 1

    users = w._users
    names = perspective_names(w.s) if w.noted else {}
    w.noted.sort(key=ORDER)  # as the codings' ids and spans: the order of earlier exports
    for c in w.noted:
        persp = "; ".join(sorted(w.pz(p) or "" for p in names.get(c.id, ())))
        user, when = users.get(c.coder_id) if c.coder_id else None, xml_datetime(c.updated)
        head = (f' guid="{w.coding_memo(c.id)}" name="{CODING_MEMO}"' + (f' creatingUser="{user}"' if user else "")
                + (f' creationDateTime="{when}"' if when else ""))  # nothing here needs escaping
        note(head, with_footer(w.pz(c.memo), [(PERSPECTIVES, persp)]))
    for memo in w.memos:
        guid = w.memo_guid(memo.id)
        note(attrs(guid=guid, name=note_name(memo.kind, memo.phase), creatingUser=w.user(memo.coder_id),
                   creationDateTime=xml_datetime(memo.created_at)), w.pz(memo.body))
        if w._anchor(memo)[0] == "project":
            w.project_refs.append(guid)
    if opened:
        out.write(b"</Notes>\n")
