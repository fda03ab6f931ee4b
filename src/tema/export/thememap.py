"""The theme map as a networkx graph: the research question (or project) at the
centre, themes, subthemes and (optionally) codes, with typed edges. Built from a
snapshot's frozen structure or from the current map (the same shape)."""

from __future__ import annotations

import networkx as nx
from sqlalchemy.orm import Session

from tema.domain.project import get_project
from tema.domain.snapshots import current_structure, find_snapshot
from tema.export.labels import Words
from tema.export.table import named

# Colour-blind-friendly, distinct on white and in grey print (Tableau 10, reordered).
PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"]
UNPLACED_COLOUR = "#8c8c8c"
ROOT_COLOUR = "#2f3e4e"


def map_structure(session: Session, snapshot: str | None) -> tuple[dict, str | None]:
    """The structure to draw and the snapshot's name (None for the current map)."""
    if snapshot:
        snap = find_snapshot(session, snapshot)
        return snap.structure, snap.name
    return current_structure(session), None


def centre_label(session: Session) -> str:
    project = get_project(session)
    return project.question or project.title


def map_graph(structure: dict, centre: str, w: Words, *, codes: bool = False) -> nx.DiGraph:
    """Nodes carry kind (root|theme|subtheme|code), label, colour and branch (theme
    index); edges carry kind (theme|subtheme|code). Children keep the researcher's order."""
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
        tid, colour = f"t{i}", PALETTE[i % len(PALETTE)]
        add("root", tid, "theme", named(t.get("label"), t["name"]), colour, i)
        add_codes(tid, t.get("codes", []), colour, i)
        for j, s in enumerate(t.get("subthemes", [])):
            sid = f"{tid}.s{j}"
            add(tid, sid, "subtheme", named(s.get("label"), s["name"]), colour, i)
            add_codes(sid, s.get("codes", []), colour, i)
    if codes and structure.get("unplaced"):
        add("root", "unplaced", "theme", w["unplaced_title"], UNPLACED_COLOUR, len(themes))
        add_codes("unplaced", structure["unplaced"], UNPLACED_COLOUR, len(themes))
    return g


def relabel(g: nx.DiGraph, fn) -> nx.DiGraph:
    """A copy with ``fn`` applied to every label (pseudonyms)."""
    out = g.copy()
    for _, data in out.nodes(data=True):
        data["label"] = fn(data["label"])
    out.graph["title"] = fn(out.graph.get("title", ""))
    return out
