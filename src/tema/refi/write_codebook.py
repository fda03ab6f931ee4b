"""The code book as REFI-QDA ``<Code>`` elements: codes, and themes as non-codable
parents (the mapping is described in ``tema.refi.write``). Shared by the
project export (.qdpx) and the code book export (.qdc)."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from tema.domain.themes import ThemeNode, theme_tree
from tema.refi.conventions import CONCEPT, LABEL, LEVEL, SCOPE, STATUS, with_footer, xml_safe
from tema.store import models as m
from tema.text import nb_sort_key

DEFAULT_STATUS = "candidate"  # a theme without a Status line is a candidate; the line is written only otherwise
_RGB = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


class Guids:
    """Stable GUIDs: uuid5 over the project's namespace and an object's kind and id.

    Computed as ``uuid.uuid5`` does (SHA-1 of the namespace and the name, version
    and variant bits set) from a hash state primed with the namespace, so an export
    making 100,000 of them does not build a UUID object each time."""

    def __init__(self, namespace: str) -> None:
        self.ns = uuid.UUID(namespace)
        self._primed = hashlib.sha1(self.ns.bytes, usedforsecurity=False)
        self._kinds: dict[str, Callable[..., str]] = {}  # kind → its GUID maker (``of``)

    def __call__(self, kind: str, *key: object) -> str:
        return self.of(kind)(*key) if key else _guid(self._primed, kind)

    def of(self, kind: str) -> Callable[..., str]:
        """``lambda *key: self(kind, *key)``, with the hash state primed once: the hot
        path of an export (a GUID per coding and per selection)."""
        maker = self._kinds.get(kind)
        if maker is None:
            primed = self._primed.copy()
            primed.update(f"{kind}:".encode())
            copy = primed.copy

            def maker(*key: object) -> str:
                h = copy()
                h.update((str(key[0]) if len(key) == 1 else ":".join(map(str, key))).encode())
                x = h.hexdigest()
                return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"

            self._kinds[kind] = maker
        return maker


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # RFC 4122 variant bits on a hex digit


def _guid(primed: Any, name: str) -> str:
    h = primed.copy()
    h.update(name.encode("utf-8"))
    x = h.hexdigest()
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


@dataclass
class Codebook:
    """Which codes and themes are exported and where each code is nested."""

    codes: dict[int, m.Code]
    themes: list[ThemeNode]
    theme_rows: dict[int, m.Theme]
    home: dict[int, tuple[str, int | None]] = field(default_factory=dict)  # code id → ("code"|"theme"|"top", id)

    @property
    def empty(self) -> bool:
        return not self.codes and not self.themes


def _walk(nodes: list[ThemeNode]):
    for n in nodes:
        yield n
        yield from _walk(n.subthemes)


def load_codebook(session: Session) -> Codebook:
    rows = session.scalars(
        select(m.Code).where(m.Code.deleted_at.is_(None), m.Code.status.in_(("active", "retired")))
    )
    codes = {c.id: c for c in sorted(rows, key=lambda c: nb_sort_key(c.name))}
    themes = [t for t in theme_tree(session) if not t.is_holding]
    theme_rows = {t.id: t for t in session.scalars(select(m.Theme).where(m.Theme.deleted_at.is_(None)))}
    book = Codebook(codes, themes, theme_rows)
    first_theme: dict[int, int] = {}
    for node in _walk(themes):
        for code_id, _ in node.codes:
            first_theme.setdefault(code_id, node.id)
    for cid, code in codes.items():
        if code.parent_id in codes and not _cycles(codes, cid):
            book.home[cid] = ("code", code.parent_id)
        elif cid in first_theme:
            book.home[cid] = ("theme", first_theme[cid])
        else:
            book.home[cid] = ("top", None)
    return book


def _cycles(codes: dict[int, m.Code], cid: int) -> bool:
    seen, p = {cid}, codes[cid].parent_id
    while p in codes:
        if p in seen:
            return True
        seen.add(p)
        p = codes[p].parent_id
    return False


def code_elements(
    parent: etree._Element,
    ns: str,
    book: Codebook,
    guids: Guids,
    pz: Callable[[str | None], str | None],
    note_refs: Callable[[str, int], list[str]] | None = None,
) -> int:
    """Append the code tree under ``parent`` (a <Codes> element); returns elements written."""
    count = 0
    kids: dict[int, list[m.Code]] = {}
    for c in book.codes.values():
        kind, where = book.home[c.id]
        if kind == "code" and where is not None:
            kids.setdefault(where, []).append(c)

    def refs(el, kind: str, obj_id: int) -> None:
        for target in (note_refs(kind, obj_id) if note_refs else []):
            etree.SubElement(el, f"{{{ns}}}NoteRef", targetGUID=target)

    def code_el(holder, code: m.Code) -> None:
        nonlocal count
        attrs = {"guid": guids("code", code.id), "name": xml_safe(pz(code.name)), "isCodable": "true"}
        if code.colour and _RGB.match(code.colour):
            attrs["color"] = code.colour
        el = etree.SubElement(holder, f"{{{ns}}}Code", attrs)
        count += 1
        desc = with_footer(
            pz(code.definition),
            [(LEVEL, "latent" if code.level == "latent" else None),
             (STATUS, "retired" if code.status == "retired" else None)],
        )
        if desc:
            etree.SubElement(el, f"{{{ns}}}Description").text = xml_safe(desc)
        refs(el, "code", code.id)
        for child in kids.get(code.id, []):
            code_el(el, child)

    def theme_el(holder, node: ThemeNode) -> None:
        nonlocal count
        row = book.theme_rows.get(node.id)
        el = etree.SubElement(
            holder, f"{{{ns}}}Code", guid=guids("theme", node.id), name=xml_safe(pz(node.name)), isCodable="false"
        )
        count += 1
        desc = with_footer(
            pz(node.definition),
            [(LABEL, pz(node.label)), (STATUS, node.status if node.status != DEFAULT_STATUS else None),
             (CONCEPT, pz(node.central_concept)), (SCOPE, pz(row.scope) if row else None)],
        )
        if desc:
            etree.SubElement(el, f"{{{ns}}}Description").text = xml_safe(desc)
        refs(el, "theme", node.id)
        for code_id, _ in node.codes:
            if book.home.get(code_id) == ("theme", node.id):
                code_el(el, book.codes[code_id])
        for sub in node.subthemes:
            theme_el(el, sub)

    for node in book.themes:
        theme_el(parent, node)
    for code in book.codes.values():
        if book.home[code.id] == ("top", None):
            code_el(parent, code)
    return count


def theme_sets(parent_factory: Callable[[], etree._Element], ns: str, book: Codebook, guids: Guids,
               pz: Callable[[str | None], str | None], member_attr: str = "targetGUID") -> int:
    """A <Set> per theme holding a code that is nested elsewhere (a code in several
    themes): the Set lists all the theme's codes, named exactly as the theme."""
    n = 0
    for node in _walk(book.themes):
        members = [cid for cid, _ in node.codes if cid in book.codes]
        if all(book.home.get(cid) == ("theme", node.id) for cid in members):
            continue
        s = etree.SubElement(parent_factory(), f"{{{ns}}}Set", guid=guids("theme-set", node.id), name=xml_safe(pz(node.name)))
        etree.SubElement(s, f"{{{ns}}}Description").text = (
            "Codes in this theme (tema nests a code under one theme; this set lists every theme it sits in)."
        )
        for cid in members:
            etree.SubElement(s, f"{{{ns}}}MemberCode", {member_attr: guids("code", cid)})
        n += 1
    return n
