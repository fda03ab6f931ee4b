"""REFI-QDA XML (project .qde or codebook .qdc) → plain dataclasses.

Tolerant of what QDA programs really write: namespaces ``urn:QDA-XML:project:*``
(1.0 and older versions that differ only in the version), GUIDs in either case
with or without braces, attributes in any order. Nothing here touches a project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from tema.errors import InvalidInput

PROJECT_NS = "urn:QDA-XML:project:"
CODEBOOK_NS = "urn:QDA-XML:codebook:"


def guid(value: str | None) -> str | None:
    """A GUID in one spelling: lower case, no braces."""
    if value is None:
        return None
    value = value.strip().strip("{}").strip().lower()
    return value or None


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el, name: str) -> list:
    return [c for c in el if local(c) == name]


def child(el, name: str):
    for c in el:
        if local(c) == name:
            return c
    return None


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


@dataclass
class RefiCode:
    guid: str
    name: str
    codable: bool
    colour: str | None
    description: str | None
    note_refs: list[str] = field(default_factory=list)
    children: list[RefiCode] = field(default_factory=list)


@dataclass
class RefiCoding:
    guid: str | None
    code: str | None
    user: str | None
    created: str | None
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiSelection:
    guid: str | None
    name: str | None
    start: int | None
    end: int | None
    user: str | None
    created: str | None
    description: str | None
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiSource:
    guid: str | None
    name: str
    kind: str  # TextSource, PDFSource (its text Representation), Transcript
    text_path: str | None
    inline_text: str | None
    description: str | None
    user: str | None
    created: str | None
    selections: list[RefiSelection] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass
class RefiVariable:
    guid: str
    name: str
    type: str


@dataclass
class RefiCase:
    guid: str | None
    name: str | None
    description: str | None
    values: list[tuple[str | None, str, str | None]] = field(default_factory=list)  # (variable guid, element, text)
    sources: list[str] = field(default_factory=list)


@dataclass
class RefiNote:
    guid: str
    name: str | None
    text: str | None
    text_path: str | None
    description: str | None
    user: str | None
    created: str | None
    selections: list[RefiSelection] = field(default_factory=list)


@dataclass
class RefiSet:
    guid: str | None
    name: str
    description: str | None
    codes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class RefiProject:
    name: str
    origin: str
    created: str | None = None
    description: str | None = None
    users: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # guid → (name, id/initials)
    codes: list[RefiCode] = field(default_factory=list)
    variables: dict[str, RefiVariable] = field(default_factory=dict)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    skipped_media: list[str] = field(default_factory=list)
    notes: dict[str, RefiNote] = field(default_factory=dict)
    links: list[tuple[str | None, str | None]] = field(default_factory=list)  # (origin, target)
    sets: list[RefiSet] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)  # project-level notes

    @property
    def is_nvivo(self) -> bool:
        return self.origin.strip().lower().startswith("nvivo")


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


def _selection(el) -> RefiSelection:
    codings = []
    for c in children(el, "Coding"):
        ref = child(c, "CodeRef")
        codings.append(
            RefiCoding(
                guid=guid(c.get("guid")),
                code=guid(ref.get("targetGUID")) if ref is not None else None,
                user=guid(c.get("creatingUser")) or guid(el.get("creatingUser")),
                created=c.get("creationDateTime") or el.get("creationDateTime"),
                note_refs=_refs(c, "NoteRef"),
            )
        )
    return RefiSelection(
        guid=guid(el.get("guid")),
        name=el.get("name"),
        start=_int(el, "startPosition"),
        end=_int(el, "endPosition"),
        user=guid(el.get("creatingUser")) or guid(el.get("modifyingUser")),
        created=el.get("creationDateTime") or el.get("modifiedDateTime"),
        description=text_of(el, "Description"),
        codings=codings,
        note_refs=_refs(el, "NoteRef"),
    )


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
    )


_MEDIA_SELECTIONS = ("PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection", "TranscriptSelection")


def _path_key(path: str | None) -> str | None:
    return path.strip().lower().replace("\\", "/").rstrip("/") if path else None


def _sources(el, project: RefiProject) -> None:
    """Text sources first; then the texts of PDFs and media (a transcript that is
    also listed as a TextSource, as ATLAS.ti writes it, is taken once)."""
    seen: set[str] = set()
    for src in el:
        if local(src) == "TextSource":
            source = _text_source(src, "TextSource")
            project.sources.append(source)
            if source.text_path:
                seen.add(_path_key(source.text_path))
    for src in el:
        kind = local(src)
        if kind == "TextSource":
            continue
        name = (src.get("name") or "").strip()
        media = sum(len(children(src, s)) for s in _MEDIA_SELECTIONS)
        texts = []
        if kind == "PDFSource":
            texts = [(r, "PDFSource") for r in children(src, "Representation")]
        elif kind in ("AudioSource", "VideoSource"):
            texts = [(t, "Transcript") for t in children(src, "Transcript")]
            media += sum(len(children(t, "TranscriptSelection")) for t in children(src, "Transcript"))
        kept = False
        for rep, rep_kind in texts:
            key = _path_key(rep.get("plainTextPath"))
            if key in seen:
                kept = True
                continue
            if key or child(rep, "PlainTextContent") is not None:
                project.sources.append(_text_source(rep, rep_kind, rep.get("name") or name))
                kept = True
                if key:
                    seen.add(key)
        if media or not kept:
            what = f"{kind.removesuffix('Source')} «{name}»"
            if media:
                what += f" ({media} coded regions)"
            project.skipped_media.append(what)


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
    values = []
    for vv in children(el, "VariableValue"):
        ref = child(vv, "VariableRef")
        value = next((c for c in vv if local(c).endswith("Value")), None)
        values.append(
            (guid(ref.get("targetGUID")) if ref is not None else None,
             local(value) if value is not None else "TextValue",
             value.text if value is not None else None)
        )
    return RefiCase(
        guid=guid(el.get("guid")),
        name=el.get("name"),
        description=text_of(el, "Description"),
        values=values,
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


def _check_root(root, ns_prefix: str, element: str, where: str) -> None:
    q = etree.QName(root)
    if q.localname != element or (q.namespace and not q.namespace.startswith(ns_prefix)):
        raise InvalidInput(f"{where}: not a REFI-QDA {element} (root element is <{q.localname}> in {q.namespace or 'no namespace'})")


def parse_project(root, where: str) -> RefiProject:
    _check_root(root, PROJECT_NS, "Project", where)
    project = RefiProject(name=(root.get("name") or "").strip(), origin=root.get("origin") or "",
                          created=root.get("creationDateTime"))
    for el in root:
        name = local(el)
        if name == "Users":
            for u in children(el, "User"):
                g = guid(u.get("guid"))
                if g:
                    project.users[g] = ((u.get("name") or u.get("id") or g).strip(), u.get("id"))
        elif name == "CodeBook":
            project.codes = parse_codes(child(el, "Codes"))
        elif name == "Variables":
            for v in children(el, "Variable"):
                g = guid(v.get("guid"))
                if g:
                    project.variables[g] = RefiVariable(g, (v.get("name") or "").strip(), v.get("typeOfVariable") or "Text")
        elif name == "Cases":
            project.cases = [_case(c) for c in children(el, "Case")]
        elif name == "Sources":
            _sources(el, project)
        elif name == "Notes":
            for n in children(el, "Note"):
                note = _note(n)
                if note.guid:
                    project.notes[note.guid] = note
        elif name == "Links":
            project.links = [(guid(k.get("originGUID")), guid(k.get("targetGUID"))) for k in children(el, "Link")]
        elif name == "Sets":
            project.sets = [_set(s) for s in children(el, "Set")]
        elif name == "Description":
            project.description = el.text
        elif name == "NoteRef":
            g = guid(el.get("targetGUID"))
            if g:
                project.note_refs.append(g)
    return project


def parse_codebook(root, where: str) -> tuple[list[RefiCode], list[RefiSet]]:
    _check_root(root, CODEBOOK_NS, "CodeBook", where)
    sets_el = child(root, "Sets")
    return parse_codes(child(root, "Codes")), [_set(s) for s in children(sets_el, "Set")] if sets_el is not None else []
