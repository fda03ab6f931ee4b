"""A long text shown from lines rendered in a worker: only the rows on screen are painted.

A Static holding a theme's 6,000 extracts wraps and styles every one of them on the UI
thread each time it is shown (seconds at team scale). Here a worker renders the text to
lines once for a width (``render_text``: a private Rich console, nothing of Textual's),
and the widget draws the rows in view — a line-API scroll view, like the transcript.
``render()`` still returns the text (what it shows, for whoever asks).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True)
class Rendered:
    """A text and its lines for one width."""

    text: Text
    width: int
    lines: list[Strip]


def render_text(text: Text, width: int) -> Rendered:
    """Wrap and style ``text`` for ``width`` cells (thread-safe: its own console)."""
    width = max(10, width)
    console = Console(width=width, force_terminal=True, color_system="truecolor", highlight=False,
                      markup=False, emoji=False, legacy_windows=False)
    options = console.options.update(width=width)
    return Rendered(text, width, [Strip(line) for line in console.render_lines(text, options, pad=False)])


class RenderedLines(ScrollView, can_focus=True):
    # The scrollbar's column is always kept (stable gutter): lines rendered for the width
    # without it still fit when a long text brings the scrollbar in.
    DEFAULT_CSS = """
    RenderedLines { height: 1fr; overflow-x: hidden; overflow-y: auto;
                    scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rendered = Rendered(Text(), 0, [])

    @property
    def text_width(self) -> int:
        """The width lines are rendered for: the content region less the scrollbar's column
        (kept whether or not the scrollbar shows)."""
        return max(10, self.scrollable_content_region.width)

    def show(self, rendered: Rendered, *, keep_position: bool = False) -> None:
        if rendered.lines == self.rendered.lines and rendered.text == self.rendered.text:
            return
        self.rendered = rendered
        self.virtual_size = Size(rendered.width, len(rendered.lines))
        if not keep_position:
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def render(self) -> Text:
        return self.rendered.text

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_offset.y) + y
        width = self.size.width
        lines = self.rendered.lines
        if 0 <= row < len(lines):
            return lines[row].apply_style(self.rich_style).crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)
