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
from collections.abc import Callable

from lxml import etree

from tema.errors import InvalidInput
from tema.i18n import _
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
from tema.refi.xml_items import (
    case_item,
    child,
    children,
    guid,
    local,
    note_item,
    other_source,
    parse_codes,
    path_key,
    set_item,
    text_source,
)

__all__ = ["RefiCase", "RefiCode", "RefiCoding", "RefiNote", "RefiProject", "RefiSelection", "RefiSet",
           "RefiSource", "RefiVariable", "guid", "parse_codebook", "parse_project", "parse_project_bytes",
           "parse_project_stream"]

PROJECT_NS = "urn:QDA-XML:project:"
CODEBOOK_NS = "urn:QDA-XML:codebook:"
# Sections whose children are read one by one while streaming (the big ones).
_ITEMS = {"Sources", "Notes", "Cases", "Sets"}


class _Builder:
    """Fills a RefiProject from the Project element's parts, in document order."""

    def __init__(self, root, where: str, on_source: Callable[[RefiProject, RefiSource], None] | None = None) -> None:
        q = etree.QName(root)
        if q.localname != "Project" or (q.namespace and not q.namespace.startswith(PROJECT_NS)):
            raise InvalidInput(_("{where}: not a REFI-QDA Project (root element is <{element}> in {namespace})").format(where=where, element=q.localname, namespace=q.namespace or 'no namespace'))
        self.project = RefiProject(name=(root.get("name") or "").strip(), origin=root.get("origin") or "",
                                   created=root.get("creationDateTime"))
        self._others: list = []
        self.on_source = on_source

    def item(self, section: str, el) -> None:
        """One child of Sources, Notes, Cases or Sets."""
        p, name = self.project, local(el)
        if section == "Sources":
            if name == "TextSource":
                p.sources.append(text_source(el, "TextSource"))
                if self.on_source is not None:
                    self.on_source(p, p.sources[-1])
            elif name:
                self._others.append(other_source(el))
        elif section == "Notes" and name == "Note":
            note = note_item(el)
            if note.guid:
                p.notes[note.guid] = note
        elif section == "Cases" and name == "Case":
            p.cases.append(case_item(el))
        elif section == "Sets" and name == "Set":
            p.sets.append(set_item(el))

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
        seen = {path_key(s.text_path) for s in p.sources if s.text_path}
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


def parse_project_stream(fh, where: str,
                         on_source: Callable[[RefiProject, RefiSource], None] | None = None) -> RefiProject:
    """A .qde read from ``fh`` (anything with ``read(n)``; ``tema.refi.archive.CheckedStream``
    refuses DTDs as it reads) → RefiProject, streaming (see the module docstring).
    ``on_source(project, source)`` is called as each TextSource is read (the import
    prepares it then, and drops what only the checks needed)."""
    events = etree.iterparse(fh, events=("start", "end"), **parser_options())
    b: _Builder | None = None
    depth = 0
    section = ""
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    b = _Builder(el, where, on_source)
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
        raise InvalidInput(_("{where}: not well-formed XML ({problem})").format(where=where, problem=exc.msg)) from None
    if b is None:
        raise InvalidInput(_("{where}: not well-formed XML (no root element)").format(where=where))
    tree = events.root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise RefusedArchive(_("{where}: XML declares a DOCTYPE or entities; refused, nothing was imported").format(where=where))
    return b.finish()


def parse_codebook(root, where: str) -> tuple[list[RefiCode], list[RefiSet]]:
    q = etree.QName(root)
    if q.localname != "CodeBook" or (q.namespace and not q.namespace.startswith(CODEBOOK_NS)):
        raise InvalidInput(_("{where}: not a REFI-QDA CodeBook (root element is <{element}> in {namespace})").format(where=where, element=q.localname, namespace=q.namespace or 'no namespace'))
    sets_el = child(root, "Sets")
    return parse_codes(child(root, "Codes")), [set_item(s) for s in children(sets_el, "Set")] if sets_el is not None else []
