"""The theme × participant matrix as a heatmap (PNG or SVG) — the phase-4 check
that a theme is carried by more than one voice."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tema.errors import InvalidInput
from tema.export.mapdraw import FONT
from tema.export.table import Table
from tema.i18n import _


def draw(table: Table, caption: str) -> Figure:
    n_labels = table.meta["label_columns"]
    a, b = table.meta["value_columns"]
    if not table.rows or a == b:
        raise InvalidInput(_("matrix: nothing to draw yet (needs themes or codes, and participants)"))
    labels = []
    for row in table.rows:
        parts = [str(v) for v in row[:n_labels] if v]  # a subtheme row is named by its subtheme
        labels.append(textwrap.shorten(parts[-1], 60, placeholder=" …"))
    values = [[int(v or 0) for v in row[a:b]] for row in table.rows]
    cols = table.headers[a:b]
    fig = Figure(figsize=(2.8 + 0.55 * len(cols) + 0.06 * max(len(s) for s in labels), 1.3 + 0.32 * len(labels)),
                 dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    top = max((v for row in values for v in row), default=0) or 1
    ax.imshow(values, cmap="Blues", vmin=0, vmax=top, aspect="auto")
    ax.set_xticks(range(len(cols)), cols, family=FONT, fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(labels)), labels, family=FONT, fontsize=9)
    for i, label in enumerate(ax.get_yticklabels()):
        if n_labels > 1 and not table.rows[i][1]:
            label.set_fontweight("bold")
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8, family=FONT,
                    color="white" if v > top * 0.55 else "#1f1f1f")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(caption, family=FONT, fontsize=10, loc="left", pad=22)
    return fig


def save(table: Table, path: Path, fmt: str, caption: str) -> None:
    fig = draw(table, caption)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tema"}):
        fig.savefig(str(path), format=fmt, dpi=160 if fmt == "png" else None, bbox_inches="tight",
                    facecolor="white", metadata={"Date": None} if fmt == "svg" else {"Software": "tema"})
