"""A table of counts drawn a row at a time, only the cells in view.

Textual's DataTable renders every cell of a row to draw it, and redraws them whenever a
style changes: a team project's theme × participant matrix (60 themes × 500 participants,
30,000 cells) took seconds on the UI thread each time phase 4 was shown. This grid is a
line-API scroll view: the first column (the row names) stays put, the header row stays on
top, and a line is built from the columns that fall in the view (found by bisection), so
drawing costs the cells on screen whatever the table's size.

``header`` and ``rows`` hold what is shown (plain strings), for whoever asks — the tests.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tema.i18n import N_

GAP = 1  # cells between columns
NAME_MAX = 48  # the names' column is never wider than this, nor than half the view (longer names end in …)


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: cut with … or padded (left- or right-aligned)."""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width else ""
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


class MatrixGrid(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"matrix-grid--header", "matrix-grid--cursor", "matrix-grid--names"}
    DEFAULT_CSS = """
    MatrixGrid { height: auto; overflow-x: auto; overflow-y: auto; padding: 0 1; }
    MatrixGrid > .matrix-grid--header { text-style: bold; color: $text-accent; }
    MatrixGrid > .matrix-grid--names { }
    MatrixGrid > .matrix-grid--cursor { background: $block-cursor-blurred-background; }
    MatrixGrid:focus > .matrix-grid--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", N_("Previous row"), show=False, id="matrix.up"),
        Binding("down", "cursor(1)", N_("Next row"), show=False, id="matrix.down"),
        Binding("pageup", "cursor(-10)", N_("Ten rows up"), show=False, id="matrix.page-up"),
        Binding("pagedown", "cursor(10)", N_("Ten rows down"), show=False, id="matrix.page-down"),
        Binding("left", "scroll_left", N_("Previous column"), show=False, id="matrix.left"),
        Binding("right", "scroll_right", N_("Next column"), show=False, id="matrix.right"),
        Binding("home", "first", N_("First row"), show=False, id="matrix.first"),
        Binding("end", "last", N_("Last row"), show=False, id="matrix.last"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.header: list[str] = []
        self.rows: list[tuple[str, list[str]]] = []
        self.keys: list[str] = []
        self._name_width = 0
        self._widths: list[int] = []
        self._starts: list[int] = []  # each column's first cell, counted from the names' right edge

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_table(self, header: list[str], rows: list[tuple[str, str, list[str]]]) -> None:
        """Show ``header`` (the names' column heading, then one per column) and ``rows``
        (key, name, one string per column). Widths are measured once, here."""
        self.header = list(header)
        self.keys = [key for key, _, _ in rows]
        self.rows = [(name, cells) for _, name, cells in rows]
        names = [self.header[0] if self.header else "", *(name for name, _ in self.rows)]
        self._name_width = min(NAME_MAX, max(map(cell_len, names), default=0))
        columns = self.header[1:]
        widths = [cell_len(h) for h in columns]
        for _, cells in self.rows:
            widths = [max(w, cell_len(c)) for w, c in zip(widths, cells)]
        self._widths = widths
        self._starts = [GAP + s for s in accumulate([0, *(w + GAP for w in widths[:-1])])] if widths else []
        self._size_to_view()
        self.cursor_row = min(self.cursor_row, max(0, len(self.rows) - 1))
        self.refresh()

    def _names_width(self, width: int) -> int:
        """The names' column in a view ``width`` cells wide: the counts keep half a narrow view."""
        return min(self._name_width, max(12, width // 2))

    def _size_to_view(self) -> None:
        width = self.scrollable_content_region.width or self.size.width
        columns = self._starts[-1] + self._widths[-1] if self._widths else 0
        self.virtual_size = Size(self._names_width(width) + columns, len(self.rows) + 1)

    def on_resize(self) -> None:
        self._size_to_view()

    def _line(self, name: str, cells: list[str], left: int, width: int, style: Style, names: Style) -> Strip:
        """One line: the name, then the cells of the columns visible from ``left``."""
        name_width = self._names_width(width)
        segments = [Segment(fit(name, name_width), names + style)]
        room = width - name_width
        if room > 0 and self._widths:
            first = max(0, bisect_right(self._starts, left) - 1)
            x = self._starts[first] - left  # where that column starts in the view (may be < 0)
            parts = []
            for i in range(first, len(self._widths)):
                if x >= room:
                    break
                parts.append((x, " " * GAP + fit(cells[i] if i < len(cells) else "", self._widths[i], right=True)))
                x += self._widths[i] + GAP
            line = "".join(text for _, text in parts)
            skip = -(parts[0][0] - GAP) if parts and parts[0][0] - GAP < 0 else 0
            segments.append(Segment(set_cell_size(line[skip:], room) if line else " " * room, style))
        return Strip(segments).crop_extend(0, width, style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        left = round(self.scroll_offset.x)
        if y == 0:
            if not self.header:
                return Strip.blank(width, base)
            style = base + self.get_component_rich_style("matrix-grid--header")
            return self._line(self.header[0], self.header[1:], left, width, style, Style())
        row = round(self.scroll_offset.y) + y - 1
        if not 0 <= row < len(self.rows):
            return Strip.blank(width, base)
        name, cells = self.rows[row]
        style = base + self.get_component_rich_style("matrix-grid--cursor") if row == self.cursor_row else base
        return self._line(name, cells, left, width, style, self.get_component_rich_style("matrix-grid--names"))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh()
        self.call_after_refresh(self._cursor_into_view)  # after a new table's size is laid out

    def _cursor_into_view(self) -> None:
        row, top = self.cursor_row, round(self.scroll_offset.y)
        visible = max(1, self.scrollable_content_region.height - 1)  # less the header
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(len(self.rows) - 1, self.cursor_row + step))

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = max(0, len(self.rows) - 1)

    def action_scroll_right(self) -> None:
        self.scroll_to(x=self._next_column(1), animate=False)

    def action_scroll_left(self) -> None:
        self.scroll_to(x=self._next_column(-1), animate=False)

    def _next_column(self, step: int) -> int:
        """The scroll position that puts the next (or previous) column at the names' edge."""
        if not self._starts:
            return 0
        edges = [start - GAP for start in self._starts]  # where each column's text begins
        i = max(0, bisect_right(edges, round(self.scroll_offset.x)) - 1)
        return edges[max(0, min(len(edges) - 1, i + step))]
