"""RenderedLines (phase 4's theme detail): lines rendered in a worker for ``text_width``
still fit the box once a long text brings the vertical scrollbar in — no character is
cut at the right edge."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import App, ComposeResult

from tema.tui.widgets.rendered_lines import RenderedLines, render_text


class Box(App):
    def compose(self) -> ComposeResult:
        yield RenderedLines(id="detail")


async def wait_until(pilot, cond, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "condition not reached"
        await pilot.pause()


async def test_lines_fit_the_box_when_the_scrollbar_comes_in():
    app = Box()
    async with app.run_test(size=(40, 6)) as pilot:
        detail = app.query_one(RenderedLines)
        await wait_until(pilot, lambda: detail.size.width > 0)
        width = detail.text_width  # what the screen renders for, before the text is shown
        detail.show(render_text(Text("x" * 600), width))  # fills every line to the width
        await wait_until(pilot, lambda: detail.max_scroll_y > 0)
        await pilot.pause()
        assert detail.show_vertical_scrollbar
        visible = detail.scrollable_content_region.width
        assert max(line.cell_length for line in detail.rendered.lines) <= visible
        assert detail.text_width == width  # the scrollbar took no column the lines were made for
