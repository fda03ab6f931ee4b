"""Snapshots as REFI-QDA Sets: a Set of the codes a snapshot names, its frozen
structure in the Description (a readable outline plus a ``tema-snapshot:`` JSON
line that ``tema.refi.read_project`` reads back). Theme ids become GUIDs and
every name goes through the pseudonym rules."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy.orm import Session

from tema.refi.conventions import SNAPSHOT, with_footer, xml_safe
from tema.refi.elements import el, text_el
from tema.refi.write_codebook import Codebook, Guids

Pz = Callable[[str | None], str | None]


def snapshot_sets(session: Session, sets: Callable, book: Codebook, g: Guids, pz: Pz) -> int:
    """Append one <Set> per snapshot under ``sets()``; returns how many."""
    from tema.domain.snapshots import list_snapshots

    by_name = {c.name: cid for cid, c in book.codes.items()}
    n = 0
    for snap in list_snapshots(session):
        structure = _structure(snap.structure or {}, g, pz)
        payload = json.dumps({"phase": snap.phase, "structure": structure}, ensure_ascii=False)
        e = el(sets(), "Set", guid=g("snapshot", snap.id), name=xml_safe(pz(snap.name)))
        text_el(e, "Description", with_footer(_outline(structure), [(SNAPSHOT, payload)]))
        for name in dict.fromkeys(_codes(snap.structure or {})):
            if name in by_name:
                el(e, "MemberCode", targetGUID=g("code", by_name[name]))
        n += 1
    return n


def _structure(structure: dict, g: Guids, pz: Pz) -> dict:
    def node(n: dict) -> dict:
        return {
            "id": g("theme", n["id"]) if isinstance(n.get("id"), int) else n.get("id"),
            "name": pz(n.get("name")), "label": pz(n.get("label")), "status": n.get("status"),
            "definition": pz(n.get("definition")),
            "codes": [pz(c) for c in n.get("codes", [])],
            "subthemes": [node(s) for s in n.get("subthemes", [])],
        }

    return {"themes": [node(t) for t in structure.get("themes", [])],
            "unplaced": [pz(c) for c in structure.get("unplaced", [])]}


def _codes(structure: dict):
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
