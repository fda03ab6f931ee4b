"""Text formats of the theme map: Graphviz DOT, GraphML and a Mermaid mindmap."""

from __future__ import annotations

import textwrap
from pathlib import Path

import networkx as nx


def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: nx.DiGraph) -> str:
    lines = [
        "digraph temakart {",
        "  graph [rankdir=LR, splines=true, nodesep=0.25, ranksep=0.6, fontname=\"DejaVu Sans\"];",
        "  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", fontsize=10];",
        "  edge [arrowhead=none];",
    ]
    for node, d in g.nodes(data=True):
        label = textwrap.fill(d["label"], 30, break_long_words=False, break_on_hyphens=False)
        fill = d["colour"] if d["kind"] in ("root", "theme") else "#ffffff"
        font = "#ffffff" if d["kind"] in ("root", "theme") else "#222222"
        lines.append(f"  {_dot_str(node)} [label={_dot_str(label)}, kind={_dot_str(d['kind'])}, "
                     f"fillcolor={_dot_str(fill)}, color={_dot_str(d['colour'])}, fontcolor={_dot_str(font)}];")
    for a, b, d in g.edges(data=True):
        lines.append(f"  {_dot_str(a)} -> {_dot_str(b)} [kind={_dot_str(d['kind'])}, color={_dot_str(g.nodes[b]['colour'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_graphml(g: nx.DiGraph, path: Path) -> None:
    clean = nx.DiGraph()
    clean.graph["title"] = g.graph.get("title", "")
    for node, d in g.nodes(data=True):
        clean.add_node(node, kind=d["kind"], label=d["label"], colour=d["colour"], branch=int(d["branch"]))
    for a, b, d in g.edges(data=True):
        clean.add_edge(a, b, kind=d["kind"])
    nx.write_graphml(clean, str(path), encoding="utf-8")


def _mermaid_text(s: str) -> str:
    # Mermaid reads a quoted label literally; quotes and backticks become entities.
    return s.replace('"', "#quot;").replace("`", "#96;").replace("\n", " ")


def to_mermaid(g: nx.DiGraph) -> str:
    lines = ["mindmap"]

    def walk(node: str, depth: int) -> None:
        label = _mermaid_text(g.nodes[node]["label"])
        ident = "n" + "".join(ch if ch.isalnum() else "_" for ch in node)
        shape = f'(("{label}"))' if node == "root" else (f'("{label}")' if g.nodes[node]["kind"] == "theme" else f'["{label}"]')
        lines.append("  " * depth + ident + shape)
        for child in g.successors(node):
            walk(child, depth + 1)

    walk("root", 1)
    return "\n".join(lines) + "\n"
