"""One REFI-QDA element → its dataclass (``tema.refi.model``), for ``tema.refi.parse``.

Tolerant of what QDA programs write: GUIDs in either case with or without braces,
elements in any namespace version, attributes in any order. The selections of a
large project are the hot path: each is read in one pass over its children."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from tema.refi.model import RefiCase, RefiCode, RefiCoding, RefiNote, RefiSelection, RefiSet, RefiSource


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


def code_item(el) -> RefiCode:
    return RefiCode(
        guid=guid(el.get("guid")) or "",
        name=(el.get("name") or "").strip(),
        codable=(el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
        colour=el.get("color"),
        description=text_of(el, "Description"),
        note_refs=_refs(el, "NoteRef"),
        children=[code_item(c) for c in children(el, "Code")],
    )


def parse_codes(codes_el) -> list[RefiCode]:
    return [code_item(c) for c in children(codes_el, "Code")] if codes_el is not None else []


def _name(c) -> str:
    tag = c.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def coding_item(c, sel_user: str | None, sel_created: str | None) -> RefiCoding:
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


def selection_item(el) -> RefiSelection:
    """One pass over the selection's children (the hot path of a large project)."""
    user, created = ref(el.get("creatingUser")), el.get("creationDateTime")
    codings: list[RefiCoding] = []
    notes: list[str] = []
    description = None
    for c in el:
        name = _name(c)
        if name == "Coding":
            codings.append(coding_item(c, user, created))
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


def text_source(el, kind: str, name: str | None = None) -> RefiSource:
    return RefiSource(
        guid=guid(el.get("guid")),
        name=(name or el.get("name") or "").strip(),
        kind=kind,
        text_path=el.get("plainTextPath"),
        inline_text=text_of(el, "PlainTextContent"),
        description=text_of(el, "Description"),
        user=guid(el.get("creatingUser")) or guid(el.get("modifyingUser")),
        created=el.get("creationDateTime") or el.get("modifiedDateTime"),
        selections=[selection_item(s) for s in children(el, "PlainTextSelection")],
        note_refs=_refs(el, "NoteRef"),
        values=_values(el),
    )


_MEDIA_SELECTIONS = ("PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection", "TranscriptSelection")


def path_key(path: str | None) -> str | None:
    return path.strip().lower().replace("\\", "/").rstrip("/") if path else None


def other_source(src) -> tuple[str, str, int, list[tuple[str | None, bool, RefiSource]]]:
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
    texts = [(path_key(rep.get("plainTextPath")), child(rep, "PlainTextContent") is not None,
              text_source(rep, rep_kind, rep.get("name") or name)) for rep, rep_kind in reps]
    return kind, name, media, texts


def note_item(el) -> RefiNote:
    return RefiNote(
        guid=guid(el.get("guid")) or "",
        name=el.get("name"),
        text=text_of(el, "PlainTextContent"),
        text_path=el.get("plainTextPath"),
        description=text_of(el, "Description"),
        user=guid(el.get("creatingUser")) or guid(el.get("modifyingUser")),
        created=el.get("creationDateTime") or el.get("modifiedDateTime"),
        selections=[selection_item(s) for s in children(el, "PlainTextSelection")],
    )


def case_item(el) -> RefiCase:
    return RefiCase(
        guid=guid(el.get("guid")),
        name=el.get("name"),
        description=text_of(el, "Description"),
        values=_values(el),
        sources=_refs(el, "SourceRef"),
    )


def set_item(el) -> RefiSet:
    return RefiSet(
        guid=guid(el.get("guid")),
        name=(el.get("name") or "").strip(),
        description=text_of(el, "Description"),
        codes=_refs(el, "MemberCode"),
        sources=_refs(el, "MemberSource"),
        notes=_refs(el, "MemberNote"),
    )
