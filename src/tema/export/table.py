"""A table as plain data — title, headers, rows — that every writer can render.

Builders (tables.py, lineage.py, people.py) make ``Table`` objects; writers
(render_*.py) never know which table they draw. Cells are text or numbers; a
text cell may hold several lines ("\\n"), which each writer renders its own way
(a line break in Word, <br> in Markdown/HTML, a wrapped cell in Excel).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

Cell = str | int | float | None


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Leading columns whose repeated values belong together (a theme beside its
    # subthemes): shown once and merged in Markdown, Word and HTML; kept on
    # every row in CSV and Excel so the data sorts and filters.
    group_columns: int = 0
    # Background colours of some cells: (row index, column index) → "#rrggbb".
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    note: str | None = None
    # Layout facts a special writer needs (the heatmap: which columns are counts).
    meta: dict = field(default_factory=dict)

    def text_map(self, fn: Callable[[str], str]) -> Table:
        """A copy with ``fn`` applied to every piece of text (pseudonyms)."""

        def cell(v: Cell) -> Cell:
            return fn(v) if isinstance(v, str) else v

        return replace(
            self,
            title=fn(self.title),
            headers=[fn(h) for h in self.headers],
            rows=[[cell(v) for v in row] for row in self.rows],
            note=fn(self.note) if self.note else self.note,
        )

    def grouped(self) -> list[list[tuple[Cell, int]]]:
        """Rows as (value, rowspan) pairs: rowspan 0 means "covered by the cell above"."""
        return list(self.iter_grouped())

    def iter_grouped(self) -> Iterator[list[tuple[Cell, int]]]:
        """``grouped()`` one row at a time (only the group columns' spans are held)."""
        cols = min(self.group_columns, len(self.headers))
        spans = [[1] * len(self.rows) for _ in range(cols)]
        for col in range(cols):
            top = None
            for i, row in enumerate(self.rows):
                prefix = tuple(row[: col + 1])
                if top is not None and prefix == tuple(self.rows[top][: col + 1]) and row[col] not in (None, ""):
                    spans[col][top] += 1
                    spans[col][i] = 0
                else:
                    top = i
        for i, row in enumerate(self.rows):
            yield [(v, spans[j][i] if j < cols else 1) for j, v in enumerate(row)]


def cell_text(v: Cell) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.1f}".replace(".", ",") if v != int(v) else str(int(v))
    return str(v)


def named(label: str | None, name: str) -> str:
    """A theme as the thesis writes it: "1a Barnekoordinatorrollen …" (label first)."""
    return f"{label} {name}" if label else name


_SLUG = re.compile(r"[^\w]+")


def slug(text: str) -> str:
    """A file-name part from a name (letters incl. æøå kept, lower case)."""
    return _SLUG.sub("-", text.casefold()).strip("-")[:60] or "x"
