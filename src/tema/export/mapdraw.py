"""Draw the theme map with matplotlib (Agg, no system binaries) as SVG or PNG.

Label sizes are measured with matplotlib's own renderer before the layout, so the
boxes the layout keeps apart are the boxes that get drawn."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MPath

from tema.export.maplayout import Box, edge_points, layout

FONT = ["DejaVu Sans", "sans-serif"]  # DejaVu ships with matplotlib: æøå and typographic quotes everywhere
PAD = 0.45  # box padding, in units of the font size
MARGIN = 24.0
STYLE = {  # kind: (font size, weight, wrap width in characters, edge width into it)
    "root": (13.0, "bold", 24, 0.0),
    "theme": (11.0, "bold", 30, 2.4),
    "subtheme": (9.0, "normal", 44, 1.3),
    "code": (8.0, "normal", 44, 0.9),
}


def wrap(label: str, kind: str) -> str:
    return textwrap.fill(label, STYLE[kind][2], break_long_words=False, break_on_hyphens=False) or " "


def _tint(colour: str, amount: float) -> tuple[float, float, float]:
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _ink(fill) -> str:
    r, g, b = to_rgb(fill)
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 0.6 else "#1f1f1f"


def _text_kwargs(kind: str, colour: str) -> dict:
    size, weight, _, _ = STYLE[kind]
    if kind in ("root", "theme"):
        fill, edge, ls = colour, colour, "-"
    elif kind == "subtheme":
        fill, edge, ls = _tint(colour, 0.82), colour, "-"
    else:
        fill, edge, ls = "#ffffff", colour, "--"
    return dict(
        fontsize=size, fontweight=weight, family=FONT, color=_ink(fill), ha="center", va="center",
        multialignment="center" if kind in ("root", "theme") else "left", zorder=3,
        bbox=dict(boxstyle=f"round,pad={PAD}", fc=fill, ec=edge, lw=1.0, ls=ls),
    )


def measure(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Box size of every node in points (text extent + padding), from the Agg renderer."""
    fig = Figure(dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    sizes = {}
    for node, d in g.nodes(data=True):
        size = STYLE[d["kind"]][0]
        t = fig.text(0, 0, wrap(d["label"], d["kind"]), fontsize=size, fontweight=STYLE[d["kind"]][1], family=FONT)
        bb = t.get_window_extent(renderer)
        pad = 2 * PAD * size
        sizes[node] = (bb.width + pad + 2, bb.height + pad + 2)
        t.remove()
    return sizes


def _edge(ax, a: Box, b: Box, colour: str, width: float) -> None:
    points, kind = edge_points(a, b)
    verts = [(x, -y) for x, y in points]
    if kind == "curve":
        codes = [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4]
    else:
        codes = [MPath.MOVETO] + [MPath.LINETO] * (len(verts) - 1)
    ax.add_patch(PathPatch(MPath(verts, codes), fc="none", ec=colour, lw=width, zorder=1,
                           capstyle="round", joinstyle="round"))


def draw(g: nx.DiGraph, caption: str | None = None) -> Figure:
    """The map as a matplotlib Figure (1 data unit = 1 point). Each label is a Text
    artist with gid ``node-<id>``; its box is the Text's bbox patch."""
    boxes = layout(g, measure(g))
    x0 = min(b.left for b in boxes.values()) - MARGIN
    x1 = max(b.right for b in boxes.values()) + MARGIN
    y0 = min(b.top for b in boxes.values()) - MARGIN - (18 if caption else 0)
    y1 = max(b.bottom for b in boxes.values()) + MARGIN
    fig = Figure(figsize=((x1 - x0) / 72, (y1 - y0) / 72), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(-y1, -y0)
    ax.set_axis_off()
    for a, b in g.edges:
        _edge(ax, boxes[a], boxes[b], g.nodes[b]["colour"], STYLE[g.nodes[b]["kind"]][3])
    for node, d in g.nodes(data=True):
        box, kwargs = boxes[node], _text_kwargs(d["kind"], d["colour"])
        x = box.x
        if box.side:  # anchor on the edge facing the centre, so edges meet the box exactly
            x = box.inner + box.side * (PAD * STYLE[d["kind"]][0] + 1)
            kwargs["ha"] = "left" if box.side > 0 else "right"
        t = ax.text(x, -box.y, wrap(d["label"], d["kind"]), **kwargs)
        t.set_gid(f"node-{node}")
    if caption:
        ax.text(x0 + MARGIN / 2, -(y0 + 6), caption, fontsize=8, color="#666666", family=FONT, ha="left", va="top",
                gid="caption")
    return fig


def save(g: nx.DiGraph, path: Path, fmt: str, caption: str | None = None) -> None:
    fig = draw(g, caption)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tema"}):
        if fmt == "svg":
            fig.savefig(str(path), format="svg", metadata={"Date": None})
        else:
            fig.savefig(str(path), format="png", dpi=160, facecolor="white", metadata={"Software": "tema"})
