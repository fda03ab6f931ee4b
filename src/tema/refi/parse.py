"""REFI-QDA XML (project .qde or codebook .qdc) → the dataclasses of ``tema.refi.model``.

Tolerant of what QDA programs really write: namespaces ``urn:QDA-XML:project:*``
(1.0 and older versions that differ only in the version), GUIDs in either case
with or without braces, attributes in any order. Nothing here touches a project.

A project file is read as a stream (``parse_project_bytes``): each source, note,
case and set is turned into its dataclass when its end tag is read and its
elements are then dropped, so a large NVivo project never sits in memory as a
whole XML tree. ``parse_project`` does the same from a parsed tree.
"""

from __future__ import annotations

import io
from functools import lru_cache

from lxml import etree

from tema.errors import InvalidInput
from tema.refi.archive import RefusedArchive, check_no_dtd, parser_options
from tema.refi.model import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiVariable,
)

__all__ = ["RefiCase", "RefiCode", "RefiCoding", "RefiNote", "RefiProject", "RefiSelection", "RefiSet",
           "RefiSource", "RefiVariable", "guid", "parse_codebook", "parse_project", "parse_project_bytes",
           "parse_project_stream"]

PROJECT_NS = "urn:QDA-XML:project:"
CODEBOOK_NS = "urn:QDA-XML:codebook:"
# Sections whose children are read one by one while streaming (the big ones).
_ITEMS = {"Sources", "Notes", "Cases", "Sets"}


def _spelling(value: str) -> str | None:
    return value.strip().strip("{}").strip().lower() or None


_ref_spelling = lru_cache(maxsize=4096)(_spelling)


def guid(value: str | None) -> str | None:
    """A GUID in one spelling: lower case, no braces."""
    return None if value is None else _spelling(value)


def ref(value: str | None) -> str | None:
    """``guid`` for references that repeat on every coding (users, codes): cached, so
    they share one string."""
    return None if value is None else _ref_spelling(value)


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el, name: str) -> list:
    return list(el.iterchildren(f"{{*}}{name}"))


def child(el, name: str):
    return next(el.iterchildren(f"{{*}}{name}"), None)


def text_of(el, name: str) -> str | None:
    c = child(el, name)
    if c is None or c.text is None:
        return None
    return c.text


def _int(el, attr: str) -> int | None:
    v = el.get(attr)
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def _refs(el, name: str) -> list[str]:
    """Target GUIDs of reference children (a code book's MemberCode uses ``guid``)."""
    return [g for g in (guid(c.get("targetGUID") or c.get("guid")) for c in children(el, name)) if g]


def _code(el) -> RefiCode:
    return RefiCode(
        guid=guid(el.get("guid")) or "",
        name=(el.get("name") or "").strip(),
        codable=(el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
        colour=el.get("color"),
        description=text_of(el, "Description"),
        note_refs=_refs(el, "NoteRef"),
        children=[_code(c) for c in children(el, "Code")],
    )


def parse_codes(codes_el) -> list[RefiCode]:
    return [_code(c) for c in children(codes_el, "Code")] if codes_el is not None else []


def _name(c) -> str:
    tag = c.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _coding(c, sel_user: str | None, sel_created: str | None) -> RefiCoding:
    code = None
    notes: list[str] | None = None
    for k in c:
        name = _name(k)
        if name == "CodeRef" and code is None:
            code = ref(k.get("targetGUID"))
        elif name == "NoteRef":
            g = guid(k.get("targetGUID"))
            if g:
                notes = [*(notes or []), g]
    return RefiCoding(code=code, user=ref(c.get("creatingUser")) or sel_user,
                      created=c.get("creationDateTime") or sel_created, note_refs=notes or ())


def _selection(el) -> RefiSelection:
    """One pass over the selection's children (the hot path of a large project)."""
    user, created = ref(el.get("creatingUser")), el.get("creationDateTime")
    codings: list[RefiCoding] = []
    notes: list[str] = []
    description = None
    for c in el:
        name = _name(c)
        if name == "Coding":
            codings.append(_coding(c, user, created))
        elif name == "NoteRef":
            g = guid(c.get("targetGUID"))
            if g:
                notes.append(g)
        elif name == "Description" and description is None:
            description = c.text
    return RefiSelection(
        guid=guid(el.get("guid")),
        name=el.get("name"),
        start=_int(el, "startPosition"),
        end=_int(el, "endPosition"),
        user=user or guid(el.get("modifyingUser")),
        created=created or el.get("modifiedDateTime"),
        description=description,
        codings=codings,
        note_refs=notes,
    )


def _values(el) -> list[tuple[str | None, str, str | None]]:
    """(variable guid, value element, text) of an element's VariableValues."""
    values = []
    for vv in children(el, "VariableValue"):
        ref = child(vv, "VariableRef")
        value = next((c for c in vv if local(c).endswith("Value")), None)
        values.append(
            (guid(ref.get("targetGUID")) if ref is not None else None,
             local(value) if value is not None else "TextValue",
             value.text if value is not None else None)
        )
    return values


def _text_source(el, kind: str, name: str | None = None) -> RefiSource:
    return RefiSource(
        guid=guid(el.get("guid")),
        name=(name or el.get("name") or "").strip(),
        kind=kind,
        text_path=el.get("plainTextPath"),
        inline_text=text_of(el, "PlainTextContent"),
        description=text_of(el, "Description"),
        user=guid(el.get("creatingUser")) or guid(el.get("modifyingUser")),
        created=el.get("creationDateTime") or el.get("modifiedDateTime"),
        selections=[_selection(s) for s in children(el, "PlainTextSelection")],
        note_refs=_refs(el, "NoteRef"),
        values=_values(el),
    )


_MEDIA_SELECTIONS = ("PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection", "TranscriptSelection")


def _path_key(path: str | None) -> str | None:
    return path.strip().lower().replace("\\", "/").rstrip("/") if path else None


def _other_source(src) -> tuple[str, str, int, list[tuple[str | None, bool, RefiSource]]]:
    """A PDF, picture or media source: (kind, name, coded regions, its texts as
    (path key, has inline text, the source it would become))."""
    kind = local(src)
    name = (src.get("name") or "").strip()
    media = sum(len(children(src, s)) for s in _MEDIA_SELECTIONS)
    reps = []
    if kind == "PDFSource":
        reps = [(r, "PDFSource") for r in children(src, "Representation")]
    elif kind in ("AudioSource", "VideoSource"):
        reps = [(t, "Transcript") for t in children(src, "Transcript")]
        media += sum(len(children(t, "TranscriptSelection")) for t in children(src, "Transcript"))
    texts = [(_path_key(rep.get("plainTextPath")), child(rep, "PlainTextContent") is not None,
              _text_source(rep, rep_kind, rep.get("name") or name)) for rep, rep_kind in reps]
    return kind, name, media, texts


class _Builder:
    """Fills a RefiProject from the Project element's parts, in document order."""

    def __init__(self, root, where: str) -> None:
        q = etree.QName(root)
        if q.localname != "Project" or (q.namespace and not q.namespace.startswith(PROJECT_NS)):
            raise InvalidInput(f"{where}: not a REFI-QDA Project (root element is <{q.localname}> in "
                               f"{q.namespace or 'no namespace'})")
        self.project = RefiProject(name=(root.get("name") or "").strip(), origin=root.get("origin") or "",
                                   created=root.get("creationDateTime"))
        self._others: list = []

    def item(self, section: str, el) -> None:
        """One child of Sources, Notes, Cases or Sets."""
        p, name = self.project, local(el)
        if section == "Sources":
            if name == "TextSource":
                p.sources.append(_text_source(el, "TextSource"))
            elif name:
                self._others.append(_other_source(el))
        elif section == "Notes" and name == "Note":
            note = _note(el)
            if note.guid:
                p.notes[note.guid] = note
        elif section == "Cases" and name == "Case":
            p.cases.append(_case(el))
        elif section == "Sets" and name == "Set":
            p.sets.append(_set(el))

    def section(self, el) -> None:
        """A child of Project other than the four read item by item."""
        p, name = self.project, local(el)
        if name == "Users":
            for u in children(el, "User"):
                g = guid(u.get("guid"))
                if g:
                    p.users[g] = ((u.get("name") or u.get("id") or g).strip(), u.get("id"))
        elif name == "CodeBook":
            p.codes = parse_codes(child(el, "Codes"))
        elif name == "Variables":
            for v in children(el, "Variable"):
                g = guid(v.get("guid"))
                if g:
                    p.variables[g] = RefiVariable(g, (v.get("name") or "").strip(), v.get("typeOfVariable") or "Text")
        elif name == "Links":
            p.links = [(guid(k.get("originGUID")), guid(k.get("targetGUID"))) for k in children(el, "Link")]
        elif name == "Description":
            p.description = el.text
        elif name == "NoteRef":
            g = guid(el.get("targetGUID"))
            if g:
                p.note_refs.append(g)

    def finish(self) -> RefiProject:
        """Texts of PDFs and media after the text sources (a transcript that is also
        listed as a TextSource, as ATLAS.ti writes it, is taken once)."""
        p = self.project
        seen = {_path_key(s.text_path) for s in p.sources if s.text_path}
        for kind, name, media, texts in self._others:
            kept = False
            for key, inline, source in texts:
                if key in seen:
                    kept = True
                    continue
                if key or inline:
                    p.sources.append(source)
                    kept = True
                    if key:
                        seen.add(key)
            if media or not kept:
                what = f"{kind.removesuffix('Source')} «{name}»"
                if media:
                    what += f" ({media} coded regions)"
                p.skipped_media.append(what)
        return p


def _note(el) -> RefiNote:
    return RefiNote(
        guid=guid(el.get("guid")) or "",
        name=el.get("name"),
        text=text_of(el, "PlainTextContent"),
        text_path=el.get("plainTextPath"),
        description=text_of(el, "Description"),
        user=guid(el.get("creatingUser")) or guid(el.get("modifyingUser")),
        created=el.get("creationDateTime") or el.get("modifiedDateTime"),
        selections=[_selection(s) for s in children(el, "PlainTextSelection")],
    )


def _case(el) -> RefiCase:
    return RefiCase(
        guid=guid(el.get("guid")),
        name=el.get("name"),
        description=text_of(el, "Description"),
        values=_values(el),
        sources=_refs(el, "SourceRef"),
    )


def _set(el) -> RefiSet:
    return RefiSet(
        guid=guid(el.get("guid")),
        name=(el.get("name") or "").strip(),
        description=text_of(el, "Description"),
        codes=_refs(el, "MemberCode"),
        sources=_refs(el, "MemberSource"),
        notes=_refs(el, "MemberNote"),
    )


def parse_project(root, where: str) -> RefiProject:
    """A parsed ``<Project>`` tree → RefiProject."""
    b = _Builder(root, where)
    for el in root:
        name = local(el)
        if name in _ITEMS:
            for item in el:
                b.item(name, item)
        else:
            b.section(el)
    return b.finish()


def parse_project_bytes(data: bytes, where: str) -> RefiProject:
    """A .qde's bytes → RefiProject; refuses DTDs and entities as ``parse_xml`` does."""
    check_no_dtd(data, where)
    return parse_project_stream(io.BytesIO(data), where)


def parse_project_stream(fh, where: str) -> RefiProject:
    """A .qde read from ``fh`` (anything with ``read(n)``; ``tema.refi.archive.CheckedStream``
    refuses DTDs as it reads) → RefiProject, streaming (see the module docstring)."""
    events = etree.iterparse(fh, events=("start", "end"), **parser_options())
    b: _Builder | None = None
    depth = 0
    section = ""
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    b = _Builder(el, where)
                elif depth == 2:
                    section = local(el)
                continue
            depth -= 1
            assert b is not None
            if depth == 2 and section in _ITEMS:
                b.item(section, el)
                el.clear()
                parent = el.getparent()
                if parent is not None:
                    parent.remove(el)
            elif depth == 1:
                if section not in _ITEMS:
                    b.section(el)
                el.clear()
                el.getparent().remove(el)
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(f"{where}: not well-formed XML ({exc.msg})") from None
    if b is None:
        raise InvalidInput(f"{where}: not well-formed XML (no root element)")
    tree = events.root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise RefusedArchive(f"{where}: XML declares a DOCTYPE or entities; refused, nothing was imported")
    return b.finish()


def parse_codebook(root, where: str) -> tuple[list[RefiCode], list[RefiSet]]:
    q = etree.QName(root)
    if q.localname != "CodeBook" or (q.namespace and not q.namespace.startswith(CODEBOOK_NS)):
        raise InvalidInput(f"{where}: not a REFI-QDA CodeBook (root element is <{q.localname}> in "
                           f"{q.namespace or 'no namespace'})")
    sets_el = child(root, "Sets")
    return parse_codes(child(root, "Codes")), [_set(s) for s in children(sets_el, "Set")] if sets_el is not None else []
