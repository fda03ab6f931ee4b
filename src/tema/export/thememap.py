"""The theme map as a networkx graph: the research question (or project) at the
centre, themes, subthemes and (optionally) codes, with typed edges. Built from a
snapshot's frozen structure or from the current map (the same shape)."""

from __future__ import annotations

import networkx as nx
from sqlalchemy.orm import Session

from tema.domain.project import get_project
from tema.domain.snapshots import current_structure, find_snapshot
from tema.domain.theme_colours import PALETTE, theme_colours
from tema.export.labels import Words
from tema.export.table import named

UNPLACED_COLOUR = "#8c8c8c"
ROOT_COLOUR = "#2f3e4e"


def map_structure(session: Session, snapshot: str | None) -> tuple[dict, str | None]:
    """The structure to draw (each theme with its ``colour``) and the snapshot's name
    (None for the current map). Themes recorded with their id are drawn in the theme's
    own colour, in a snapshot too; a typed-in map's themes (no ids) take the palette in
    order, skipping colours the others have."""
    if snapshot:
        snap = find_snapshot(session, snapshot)
        structure, name = snap.structure, snap.name
    else:
        structure, name = current_structure(session), None
    return with_colours(structure, theme_colours(session)), name


def with_colours(structure: dict, colours: dict[int, str]) -> dict:
    """A copy of ``structure`` whose themes carry ``colour`` (the stored one by id, else the
    first palette colour not taken in this map)."""
    themes = [dict(t) for t in structure.get("themes", [])]
    for t in themes:
        if t.get("colour") is None and isinstance(t.get("id"), int) and t["id"] in colours:
            t["colour"] = colours[t["id"]]
    taken = [t["colour"] for t in themes if t.get("colour")]
    spare = [c for c in PALETTE if c not in taken] or list(PALETTE)
    k = 0
    for t in themes:
        if not t.get("colour"):
            t["colour"] = spare[k % len(spare)]
            k += 1
    return {**structure, "themes": themes}


def centre_label(session: Session) -> str:
    project = get_project(session)
    return project.question or project.title


def map_graph(structure: dict, centre: str, w: Words, *, codes: bool = False, unplaced: bool = False) -> nx.DiGraph:
    """Nodes carry kind (root|theme|subtheme|code), label, colour and branch (theme
    index); edges carry kind (theme|subtheme|code). Children keep the researcher's order.
    Each theme is drawn in its ``colour`` (see :func:`map_structure`; the palette by
    position when the structure has none). Codes not placed in any theme are a branch of
    their own only with ``unplaced`` — a thesis figure shows the themes."""
    g = nx.DiGraph(title=w["title.map"])
    g.add_node("root", kind="root", label=centre, colour=ROOT_COLOUR, branch=-1)

    def add(parent: str, node_id: str, kind: str, label: str, colour: str, branch: int) -> None:
        g.add_node(node_id, kind=kind, label=label, colour=colour, branch=branch)
        g.add_edge(parent, node_id, kind=kind)

    def add_codes(parent: str, names: list[str], colour: str, branch: int) -> None:
        if codes:
            for k, name in enumerate(names):
                add(parent, f"{parent}.c{k}", "code", name, colour, branch)

    themes = structure.get("themes", [])
    for i, t in enumerate(themes):
        tid, colour = f"t{i}", t.get("colour") or PALETTE[i % len(PALETTE)]
        add("root", tid, "theme", named(t.get("label"), t["name"]), colour, i)
        add_codes(tid, t.get("codes", []), colour, i)
        for j, s in enumerate(t.get("subthemes", [])):
            sid = f"{tid}.s{j}"
            add(tid, sid, "subtheme", named(s.get("label"), s["name"]), colour, i)
            add_codes(sid, s.get("codes", []), colour, i)
    if unplaced and structure.get("unplaced"):
        add("root", "unplaced", "theme", w["unplaced_title"], UNPLACED_COLOUR, len(themes))
        for k, name in enumerate(structure["unplaced"]):
            add("unplaced", f"unplaced.c{k}", "code", name, UNPLACED_COLOUR, len(themes))
    return g


def relabel(g: nx.DiGraph, fn) -> nx.DiGraph:
    """A copy with ``fn`` applied to every label (pseudonyms)."""
    out = g.copy()
    for _, data in out.nodes(data=True):
        data["label"] = fn(data["label"])
    out.graph["title"] = fn(out.graph.get("title", ""))
    return out
