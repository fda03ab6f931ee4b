"""A mind-map layout that cannot overlap labels.

The centre (research question) sits in the middle; the themes are split between
a right and a left side (clockwise, balanced by height). On each side every
theme is followed by its subthemes (and their codes) stacked below it, indented
outward per level — a "logic chart". Every node has its own row, rows never
share a y-interval, so no two boxes can meet; the edges from the centre run in
the gap between the centre and the theme column, and the elbow edges to
subthemes run inside the indent, left of every box they pass.

Units are points; y grows downward.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

H_GAP = 46.0  # between the centre box and the theme column (room for the curves)
INDENT = 24.0  # per level below a theme
V_GAP = 5.0  # between rows
BRANCH_GAP = 18.0  # between two themes' blocks


@dataclass
class Box:
    x: float  # centre
    y: float  # centre (downward)
    w: float
    h: float
    side: int  # +1 right of the centre, -1 left, 0 the centre
    depth: int = 0

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2

    @property
    def inner(self) -> float:
        """The edge that faces the centre."""
        return self.left if self.side >= 0 else self.right


def _split(heights: list[float]) -> int:
    """How many of the themes (in order) go on the right so the two sides balance."""
    if len(heights) <= 1:
        return len(heights)
    total, best, best_k = sum(heights), None, 1
    for k in range(1, len(heights)):
        diff = abs(2 * sum(heights[:k]) - total)
        if best is None or diff < best:
            best, best_k = diff, k
    return best_k


def _rows(g: nx.DiGraph, node: str, depth: int) -> list[tuple[str, int]]:
    out = [(node, depth)]
    for child in g.successors(node):
        out += _rows(g, child, depth + 1)
    return out


def layout(g: nx.DiGraph, sizes: dict[str, tuple[float, float]], root: str = "root") -> dict[str, Box]:
    themes = list(g.successors(root))
    blocks = {t: _rows(g, t, 1) for t in themes}
    height = {t: sum(sizes[n][1] for n, _ in rows) + V_GAP * (len(rows) - 1) for t, rows in blocks.items()}
    k = _split([height[t] for t in themes])
    right, left = themes[:k], list(reversed(themes[k:]))  # clockwise: the left side reads bottom-up
    boxes = {root: Box(0.0, 0.0, *sizes[root], side=0)}
    column = sizes[root][0] / 2 + H_GAP
    for side, group in ((1, right), (-1, left)):
        top = -(sum(height[t] for t in group) + BRANCH_GAP * (len(group) - 1)) / 2
        for t in group:
            for n, depth in blocks[t]:
                w, h = sizes[n]
                inner = column + (depth - 1) * INDENT
                boxes[n] = Box(side * (inner + w / 2), top + h / 2, w, h, side, depth)
                top += h + V_GAP
            top += BRANCH_GAP - V_GAP
    return boxes


def edge_points(a: Box, b: Box) -> tuple[list[tuple[float, float]], str]:
    """Points of the edge a → b and its kind: "curve" (a cubic Bézier from the
    centre to a theme) or "elbow" (down the indent, then across to the child)."""
    side = b.side or 1
    if a.side == 0:
        x0 = a.right if side > 0 else a.left
        x1 = b.inner
        mid = (x0 + x1) / 2
        return [(x0, a.y), (mid, a.y), (mid, b.y), (x1, b.y)], "curve"
    x = a.inner + side * INDENT / 2
    return [(x, a.bottom), (x, b.y), (b.inner, b.y)], "elbow"
